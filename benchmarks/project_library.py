#!/usr/bin/env python
"""项目库性能基准 / Project library benchmark.

Builds a throw-away database with 50,000 demo projects and 200,000 enterprises, then times the
project list page, the project page, the Excel export of ~10,000 rows and the Excel import of
10,000 new rows (and the same file again, as updates) through the real views and services.

SQLite (default): a new database under a temporary directory.
PostgreSQL: set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/zhaoshang_bench; that
database is dropped, created, used and dropped again (its name must contain "bench").

    .venv/bin/python benchmarks/project_library.py [--projects N] [--enterprises N] [--repeat N]
"""

import argparse
import datetime
import io
import os
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Goals, in milliseconds.
PAGE_GOAL_MS = 150
EXPORT_GOAL_MS = 10_000
IMPORT_GOAL_MS = 30_000

IMPORT_CODE = "2025-410700-28-03-%06d"
IMPORT_NAME = "基准导入项目%06d"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="招商云项目库性能基准 / project library benchmark")
    parser.add_argument("--projects", type=int, default=50_000, help="demo projects to build")
    parser.add_argument("--enterprises", type=int, default=200_000, help="demo enterprises")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per page (median)")
    parser.add_argument("--export-repeat", type=int, default=3, help="timed export runs")
    parser.add_argument("--rows", type=int, default=10_000, help="rows to export and import")
    parser.add_argument("--seed", type=int, default=20250630, help="demo data seed")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary directory / bench database for inspection",
    )
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- database setup


def pg_settings(url):
    import dj_database_url

    cfg = dj_database_url.parse(url)
    if "postgres" not in cfg["ENGINE"]:
        sys.exit(f"DATABASE_URL must be a PostgreSQL URL (or unset for SQLite): {url}")
    if "bench" not in (cfg["NAME"] or ""):
        sys.exit(
            f"Refusing to drop and recreate database {cfg['NAME']!r}: "
            "the benchmark database name must contain 'bench' (e.g. zhaoshang_bench)"
        )
    return cfg


def pg_admin(cfg, statements):
    """Run statements on the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg
    from psycopg import sql

    conn = psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1",
        port=cfg["PORT"] or 5432,
        user=cfg["USER"] or "postgres",
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    try:
        for statement in statements:
            conn.execute(sql.SQL(statement).format(name=sql.Identifier(cfg["NAME"])))
    finally:
        conn.close()


def prepare_environment():
    """Point settings at a fresh database; must run before django.setup()."""
    pg = pg_settings(os.environ["DATABASE_URL"]) if os.environ.get("DATABASE_URL") else None
    tmp = Path(tempfile.mkdtemp(prefix="zhaoshang_bench_"))
    os.environ["ZHAOSHANG_VAR_DIR"] = str(tmp)
    (tmp / "static").mkdir()  # STATIC_ROOT; WhiteNoise warns when it is missing
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    # Measure what production runs: DEBUG off (no per-query logging, no debug templates).
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    if pg:
        try:
            pg_admin(pg, ["DROP DATABASE IF EXISTS {name} WITH (FORCE)", "CREATE DATABASE {name}"])
        except Exception:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        where = f"PostgreSQL database {pg['NAME']} on {pg['HOST']}:{pg['PORT']}"
    else:
        where = f"SQLite {tmp / 'zhaoshang.sqlite3'}"
    return tmp, pg, where


def cleanup(tmp, pg, keep):
    from django.db import connections

    try:
        connections.close_all()
    except Exception as exc:  # settings may not have loaded
        print(f"closing connections: {exc}")
    if keep:
        print(f"\nKept: {tmp}" + (f" and database {pg['NAME']}" if pg else ""))
        return
    if pg:
        pg_admin(pg, ["DROP DATABASE IF EXISTS {name} WITH (FORCE)"])
    shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------- helpers


class QueryCounter:
    """A cheap execute_wrapper: counts queries without keeping them (unlike debug cursors)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ms(seconds):
    return seconds * 1000


def fetch(client, url, expect=200):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != expect:
        raise RuntimeError(f"GET {url} answered {response.status_code}, expected {expect}")
    return elapsed, response


def time_page(client, url, repeat):
    """Median of ``repeat`` timed GETs after one warm-up, and the query count of one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, response = fetch(client, url)
    times = [fetch(client, url)[0] for _ in range(repeat)]
    with CaptureQueriesContext(connection) as captured:
        fetch(client, url)
    return ms(statistics.median(times)), times, len(captured), response


def listed_count(response):
    match = re.search(r"共 (\d+) 个项目", response.content.decode())
    return int(match.group(1)) if match else None


def pick_export_filter(admin, target):
    """The set of stages whose projects add up closest to ``target`` rows."""
    from itertools import combinations

    from django.db.models import Count

    from zhaoshang.projects.models import Project

    counts = dict(
        Project.objects.restrict(admin)
        .values_list("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    best = None
    for size in range(1, len(counts) + 1):
        for combo in combinations(sorted(counts), size):
            total = sum(counts[s] for s in combo)
            if best is None or abs(total - target) < abs(best[1] - target):
                best = (combo, total)
    return best


def pick_detail_project():
    """A demo project with funds and the most stage changes (the heaviest project page)."""
    from django.db.models import Count

    from zhaoshang.projects.models import Project

    return (
        Project.objects.filter(funds__isnull=False)
        .annotate(
            n_changes=Count("stage_changes", distinct=True), n_funds=Count("funds", distinct=True)
        )
        .order_by("-n_changes", "-n_funds", "id")
        .first()
    )


def import_workbook(rows, seed, bump=0):
    """An .xlsx of ``rows`` new signed projects following the import column contract."""
    from django.utils import timezone
    from openpyxl import Workbook

    from zhaoshang.enterprises.models import Enterprise
    from zhaoshang.industries.models import IndustryCluster, IndustryCode
    from zhaoshang.projects.choices import SourceRegion
    from zhaoshang.projects.excel import COLUMNS
    from zhaoshang.projects.seed import fake_uscc
    from zhaoshang.regions.models import DevelopmentZone, Region

    rng = random.Random(seed)
    headers = [c.header for c in COLUMNS if c.parse is not None]
    counties = list(Region.objects.filter(level="county").order_by("code"))
    zones = {}
    for zone in DevelopmentZone.objects.exclude(region=None).order_by("id"):
        zones.setdefault(zone.region_id, zone.name)
    clusters = list(IndustryCluster.objects.order_by("id").values_list("name", flat=True))
    divisions = list(
        IndustryCode.objects.filter(level="division")
        .order_by("code")
        .values_list("code", flat=True)
    )
    used = set(Enterprise.objects.exclude(uscc=None).values_list("uscc", flat=True))
    today = timezone.localdate()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("项目导入")
    ws.append(headers)
    for i in range(rows):
        uscc = fake_uscc(rng)
        while uscc in used:
            uscc = fake_uscc(rng)
        used.add(uscc)
        region = counties[i % len(counties)]
        total = rng.choice([1500, 3000, 8000, 20000, 60000])
        signed = today - datetime.timedelta(days=30 + i % 600)
        values = {
            "项目名称": IMPORT_NAME % i,
            "投资项目代码": IMPORT_CODE % i,
            "投资方": f"基准导入企业{i:06d}有限公司",
            "投资方统一社会信用代码": uscc,
            "项目类型": "新建",
            "来源地": SourceRegion.labels[i % len(SourceRegion.labels)],
            "产业集群": clusters[i % len(clusters)] if clusters else None,
            "行业代码": divisions[i % len(divisions)] if divisions else None,
            "总投资（万元）": total + bump,
            "合同投资额（万元）": total + bump,
            "签约日期": signed,
            "约定开工日期": signed + datetime.timedelta(days=90),
            "约定投产日期": signed + datetime.timedelta(days=400),
            "责任县(市、区)": region.name,
            "落地开发区": zones.get(region.pk) if i % 2 else None,
            "阶段": "签约",
            "进入阶段日期": signed,
            "服务官": "基准测试",
        }
        ws.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def run_import(content, admin, label):
    """Time plan_import and commit_import of one file; returns (plan_s, commit_s, plan, q)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from zhaoshang.core.excel import XLSX_CONTENT_TYPE
    from zhaoshang.projects.excel import commit_import, plan_import

    upload = SimpleUploadedFile("bench_import.xlsx", content, content_type=XLSX_CONTENT_TYPE)
    plan_q, commit_q = QueryCounter(), QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(plan_q):
        plan = plan_import(upload, acting_user=admin)
    planned = time.perf_counter()
    if plan.errors:
        shown = "; ".join(f"row {e.row} {e.column}: {e.message}" for e in plan.errors[:5])
        raise RuntimeError(f"{label}: the import file has {len(plan.errors)} errors: {shown}")
    with connection.execute_wrapper(commit_q):
        created, updated, unchanged = commit_import(plan, acting_user=admin)
    committed = time.perf_counter()
    print(
        f"  {label}: plan_import {planned - started:.2f} s ({plan_q.count} queries), "
        f"commit_import {committed - planned:.2f} s ({commit_q.count} queries); "
        f"created {created}, updated {updated}, unchanged {unchanged}"
    )
    outcome = (created, updated, unchanged)
    return planned - started, committed - planned, outcome, plan_q.count, commit_q.count


# --------------------------------------------------------------------------- the benchmark


def benchmark(args):
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from openpyxl import load_workbook

    from zhaoshang.accounts.choices import Role
    from zhaoshang.accounts.models import User
    from zhaoshang.enterprises.models import Enterprise
    from zhaoshang.projects.models import Project
    from zhaoshang.projects.seed import generate_demo
    from zhaoshang.regions.models import Region

    results = []  # (name, median ms, goal ms, queries, note)

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    print(f"migrate: {migrated - started:.1f} s")
    enterprises, projects = generate_demo(
        projects=args.projects, enterprises=args.enterprises, seed=args.seed
    )
    built = time.perf_counter()
    print(
        f"generate_demo: {projects} projects, {enterprises} enterprises in "
        f"{built - migrated:.1f} s (peak RSS so far {peak_rss_mb():.0f} MB)"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    admin = User.objects.create_user(username="bench_admin", role=Role.CITY_ADMIN)
    officer = User.objects.create_user(
        username="bench_officer", role=Role.OFFICER, region=Region.objects.get(name="红旗区")
    )
    admin_client, officer_client = Client(), Client()
    admin_client.force_login(admin)
    officer_client.force_login(officer)

    # a. list pages
    print(f"\nPages (median of {args.repeat} after one warm-up):")
    pages = [
        (
            "list: signed+under_construction, ≥5000万, by -total",
            admin_client,
            "/projects/?stage=signed&stage=under_construction&investment_min=5000"
            "&sort=-total_investment",
        ),
        ("list: q=新材料 (admin)", admin_client, "/projects/?q=新材料"),
        ("list: officer 红旗区", officer_client, "/projects/"),
        ("list: page 50, no filter", admin_client, "/projects/?page=50"),
    ]
    # b. project page
    detail = pick_detail_project()
    if detail is not None:
        pages.append(
            (
                f"project page #{detail.pk} ({detail.n_changes} stages, {detail.n_funds} funds)",
                admin_client,
                f"/projects/{detail.pk}/",
            )
        )
    for name, client, url in pages:
        median, times, queries, response = time_page(client, url, args.repeat)
        count = listed_count(response)
        note = f"{count} rows listed" if count is not None else ""
        print(
            f"  {name}: median {median:.1f} ms (min {ms(min(times)):.1f}, "
            f"max {ms(max(times)):.1f}), {queries} queries{'; ' + note if note else ''}"
        )
        results.append((name, median, PAGE_GOAL_MS, queries, note))

    # c. export
    target = min(args.rows, Project.objects.count())
    stages, expected = pick_export_filter(admin, target)
    query = "&".join(f"stage={s}" for s in stages)
    url = f"/projects/export/?{query}"
    print(f"\nExport {url} (expected {expected} rows, median of {args.export_repeat}):")
    times, counter = [], QueryCounter()
    for run in range(args.export_repeat):
        if run == 0:
            with connection.execute_wrapper(counter):
                elapsed, response = fetch(admin_client, url)
        else:
            elapsed, response = fetch(admin_client, url)
        times.append(elapsed)
        print(f"  run {run + 1}: {elapsed:.2f} s, {len(response.content) / 1024:.0f} KB")
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    exported = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True)) - 1
    wb.close()
    print(f"  rows in the exported sheet: {exported} (expected {expected})")
    if exported != expected:
        raise RuntimeError(f"export wrote {exported} rows, expected {expected}")
    results.append(
        (
            f"export {exported} rows",
            ms(statistics.median(times)),
            EXPORT_GOAL_MS,
            counter.count,
            f"stage={'+'.join(stages)}",
        )
    )

    # d. import
    before = Project.objects.count()
    before_enterprises = Enterprise.objects.count()
    started = time.perf_counter()
    content = import_workbook(args.rows, args.seed + 1)
    # The same rows with every amount changed, so that the re-import really updates each one.
    changed = import_workbook(args.rows, args.seed + 1, bump=1)
    print(
        f"\nImport of {args.rows} new signed projects "
        f"(file built in {time.perf_counter() - started:.1f} s, {len(content) / 1024:.0f} KB):"
    )
    for label, workbook, expect in (
        ("first import (creates)", content, (args.rows, 0, 0)),
        ("re-import, every row changed (updates)", changed, (0, args.rows, 0)),
        ("re-import, nothing changed", changed, (0, 0, args.rows)),
    ):
        plan_s, commit_s, outcome, plan_q, commit_q = run_import(workbook, admin, label)
        if outcome != expect:
            raise RuntimeError(f"{label}: created/updated/unchanged {outcome}, expected {expect}")
        results.append((f"{label}: plan_import", ms(plan_s), None, plan_q, ""))
        results.append((f"{label}: commit_import", ms(commit_s), None, commit_q, ""))
        results.append(
            (f"{label}: total", ms(plan_s + commit_s), IMPORT_GOAL_MS, plan_q + commit_q, "")
        )
    after = Project.objects.count()
    imported = Project.objects.filter(project_code__startswith=IMPORT_CODE[:18]).count()
    print(
        f"  projects: {before} → {after} (+{after - before}); rows with the import codes: "
        f"{imported}; enterprises +{Enterprise.objects.count() - before_enterprises}"
    )
    if after - before != args.rows or imported != args.rows:
        raise RuntimeError("the re-import created duplicates or lost rows")
    return results


def display_width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text, width):
    return text + " " * max(width - display_width(text), 0)


def report(results, where):
    print(f"\nResults ({where}):")
    width = max(display_width(r[0]) for r in results) + 2
    print(f"{pad('step', width)}{'median ms':>12}{'goal ms':>10}{'queries':>10}  result")
    failed = []
    for name, value, goal, queries, _note in results:
        if goal is None:
            verdict, goal_text = "", "—"
        else:
            verdict, goal_text = ("PASS" if value < goal else "FAIL"), f"< {goal:,}"
            if verdict == "FAIL":
                failed.append(name)
        print(f"{pad(name, width)}{value:>12,.1f}{goal_text:>10}{queries:>10}  {verdict}")
    print(f"\npeak RSS: {peak_rss_mb():.0f} MB")
    if failed:
        print("missed goals: " + "; ".join(failed))
    else:
        print("all goals met")
    return failed


def main(argv=None):
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    sys.path.insert(0, str(ROOT))
    tmp, pg, where = prepare_environment()
    print(f"Benchmark database: {where}")
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    try:
        import django

        django.setup()
        results = benchmark(args)
        failed = report(results, where)
        print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    finally:
        cleanup(tmp, pg, args.keep)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
