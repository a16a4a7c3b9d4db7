#!/usr/bin/env python
"""产业链图谱性能基准 / chain map benchmark.

Builds a throw-away database with 100 chains × 30 nodes (24 top-level nodes and 6 sub-nodes
each), 200,000 enterprises, local firms, targets (some linked to projects), institutions, work
items and visits, then times the chain map data, the chain map page, a node drill-down, the
chain list and the gap report through the real views.

SQLite (default): a new database under a temporary directory.
PostgreSQL: set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/zhaoshang_chains_bench;
that database is dropped, created, used and dropped again (its name must contain "bench").

    .venv/bin/python benchmarks/chains.py [--chains N] [--nodes N] [--enterprises N] [--repeat N]
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import project_library as base  # the shared database set-up and report helpers

MAP_GOAL_MS = 300
PAGE_GOAL_MS = 300


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="招商云产业链图谱性能基准 / chain map benchmark")
    parser.add_argument("--chains", type=int, default=100)
    parser.add_argument("--nodes", type=int, default=30, help="nodes per chain")
    parser.add_argument("--enterprises", type=int, default=200_000)
    parser.add_argument("--projects", type=int, default=5_000, help="demo projects")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per page (median)")
    parser.add_argument("--seed", type=int, default=20250630)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    return parser.parse_args(argv)


def build_chains(args, rng):
    """Bulk-insert the chains and everything on them; returns (chains, rows written)."""
    from zhaoshang.chains.choices import (
        ChainVisitKind,
        InstitutionKind,
        Position,
        TargetAction,
        TargetStatus,
    )
    from zhaoshang.chains.models import (
        ChainNode,
        ChainTarget,
        ChainVisit,
        ChainWorkItem,
        IndustryChain,
        NodeEnterprise,
        NodeInstitution,
    )
    from zhaoshang.enterprises.models import Enterprise
    from zhaoshang.industries.models import IndustryCluster
    from zhaoshang.projects.models import Project
    from zhaoshang.regions.models import Region

    clusters = list(IndustryCluster.objects.all())
    counties = list(Region.objects.filter(level="county"))
    locals_ = list(Enterprise.objects.filter(is_local=True).values_list("id", flat=True))
    outsiders = list(Enterprise.objects.filter(is_local=False).values_list("id", flat=True))
    projects = list(Project.objects.values_list("id", flat=True)[:2000])
    chains = IndustryChain.objects.bulk_create(
        IndustryChain(
            name=f"基准产业链{i + 1:03d}", cluster=clusters[i % len(clusters)], is_demo=True
        )
        for i in range(args.chains)
    )
    children_per_chain = args.nodes // 5
    top = args.nodes - children_per_chain
    positions = list(Position)
    parents = ChainNode.objects.bulk_create(
        ChainNode(
            chain=chain,
            name=f"环节{j + 1:02d}",
            position=positions[j * 3 // top],
            order=j,
            keywords=[f"关键词{j}"],
        )
        for chain in chains
        for j in range(top)
    )
    by_chain = {}
    for node in parents:
        by_chain.setdefault(node.chain_id, []).append(node)
    children = ChainNode.objects.bulk_create(
        ChainNode(
            chain=chain,
            parent=by_chain[chain.pk][k * 3],
            name=f"子环节{k + 1:02d}",
            position=by_chain[chain.pk][k * 3].position,
            order=100 + k,
        )
        for chain in chains
        for k in range(children_per_chain)
    )
    nodes = parents + children
    firms, targets, institutions = [], [], []
    for node in nodes:
        for enterprise in rng.sample(locals_, rng.choice([0, 0, 1, 2, 3, 5, 8, 12])):
            firms.append(
                NodeEnterprise(
                    node=node,
                    enterprise_id=enterprise,
                    region=rng.choice(counties),
                    revenue=Decimal(rng.choice([800, 5000, 30000, 120000])),
                )
            )
        for enterprise in rng.sample(outsiders, rng.choice([0, 2, 4, 6, 8])):
            status = rng.choice(list(TargetStatus))
            targets.append(
                ChainTarget(
                    node=node,
                    enterprise_id=enterprise,
                    action=rng.choice(list(TargetAction)),
                    status=status,
                    region=rng.choice(counties),
                    project_id=rng.choice(projects) if status == TargetStatus.SIGNED else None,
                )
            )
        for enterprise in rng.sample(outsiders, rng.choice([0, 1, 2, 3])):
            institutions.append(
                NodeInstitution(
                    node=node, institution_id=enterprise, kind=rng.choice(list(InstitutionKind))
                )
            )
    NodeEnterprise.objects.bulk_create(firms, batch_size=2000, ignore_conflicts=True)
    ChainTarget.objects.bulk_create(targets, batch_size=2000, ignore_conflicts=True)
    NodeInstitution.objects.bulk_create(institutions, batch_size=2000, ignore_conflicts=True)
    today = datetime.date.today()  # noqa: DTZ011 (dates only spread the demo rows)
    ChainWorkItem.objects.bulk_create(
        ChainWorkItem(
            chain=chain,
            logged_on=today - datetime.timedelta(days=d * 9),
            content="链长工作例会",
            action_item="对接目标企业",
            owner="市工信局",
            due_date=today + datetime.timedelta(days=30 - d * 5),
            is_demo=True,
        )
        for chain in chains
        for d in range(20)
    )
    ChainVisit.objects.bulk_create(
        ChainVisit(
            chain=chain,
            kind=rng.choice(list(ChainVisitKind)),
            date=today - datetime.timedelta(days=d * 17),
            visited="基准走访对象",
            is_demo=True,
        )
        for chain in chains
        for d in range(20)
    )
    rows = len(nodes) + len(firms) + len(targets) + len(institutions)
    return chains, rows, len(firms), len(targets)


def benchmark(args):
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from zhaoshang.accounts.choices import Role
    from zhaoshang.accounts.models import User
    from zhaoshang.chains.models import ChainNode
    from zhaoshang.projects.seed import generate_demo

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    print(f"migrate: {migrated - started:.1f} s")
    enterprises, projects = generate_demo(
        projects=args.projects, enterprises=args.enterprises, seed=args.seed
    )
    built = time.perf_counter()
    print(
        f"generate_demo: {enterprises} enterprises, {projects} projects in {built - migrated:.1f} s"
    )
    chains, rows, firms, targets = build_chains(args, random.Random(args.seed))
    print(
        f"chains: {len(chains)} × {args.nodes} nodes, {firms} local-firm links, {targets} targets "
        f"({rows} rows) in {time.perf_counter() - built:.1f} s"
    )
    from zhaoshang.core.db import refresh_statistics

    refresh_statistics()

    admin = User.objects.create_user(username="bench_staff", role=Role.CITY_STAFF)
    client = Client()
    client.force_login(admin)
    chain = chains[len(chains) // 2]
    node = ChainNode.objects.filter(chain=chain, parent=None).order_by("order")[3]
    county = chain.nodes.first().firms.values_list("region_id", flat=True).first() or ""
    pages = [
        ("chain map data (JSON)", f"/chains/{chain.pk}/map.json", MAP_GOAL_MS),
        (
            "chain map data, county view",
            f"/chains/{chain.pk}/map.json?region={county}",
            MAP_GOAL_MS,
        ),
        ("chain map page", f"/chains/{chain.pk}/", PAGE_GOAL_MS),
        ("node drill-down", f"/chains/nodes/{node.pk}/", PAGE_GOAL_MS),
        (f"chain list ({len(chains)} chains)", "/chains/", None),
        ("gap report (all chains)", "/chains/gaps/", None),
    ]
    print(f"\nPages (median of {args.repeat} after one warm-up), {connection.vendor}:")
    results = []
    for name, url, goal in pages:
        median, times, queries, _ = base.time_page(client, url, args.repeat)
        print(
            f"  {name}: median {median:.1f} ms (min {base.ms(min(times)):.1f}, "
            f"max {base.ms(max(times)):.1f}), {queries} queries"
        )
        results.append((name, median, goal, queries, ""))
    return results


def main(argv=None):
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    sys.path.insert(0, str(base.ROOT))
    tmp, pg, where = base.prepare_environment()
    print(f"Benchmark database: {where}")
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    try:
        import django

        django.setup()
        results = benchmark(args)
        failed = base.report(results, where)
        print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    finally:
        base.cleanup(tmp, pg, args.keep)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
