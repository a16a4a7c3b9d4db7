"""招商云督导问效性能基准 / supervision benchmark.

Builds 50,000 demo projects (and 20,000 enterprises) in a throw-away database and prints the
median server time of: the quarterly ranking of counties (with the change against the last
quarter), generating a monthly bulletin (Word and PDF), and the dashboard data endpoint
uncached and cached. Goals on a 2-core machine: ranking < 2 s, bulletin < 15 s, dashboard data
< 200 ms (< 20 ms cached).

    .venv/bin/python benchmarks/supervision.py [--projects 50000] [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhaoshang_bench .venv/bin/python benchmarks/supervision.py
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_ms(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description="招商云督导问效性能基准")
    parser.add_argument("--projects", type=int, default=50000)
    parser.add_argument("--enterprises", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="zhaoshang_supervision_"))
    os.environ["ZHAOSHANG_VAR_DIR"] = str(tmp)
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhaoshang.settings"
    pg_url = os.environ.get("DATABASE_URL")
    if pg_url:
        import psycopg

        name = pg_url.rsplit("/", 1)[1]
        if "bench" not in name:
            sys.exit("DATABASE_URL must name a database containing 'bench'")
        admin_url = pg_url.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
        if pg_url:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def run(args):
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.utils import timezone

    from zhaoshang.accounts.choices import Role
    from zhaoshang.accounts.models import User
    from zhaoshang.core.db import refresh_statistics
    from zhaoshang.projects.seed import generate_demo
    from zhaoshang.supervision import bulletin, dashboard, periods, ranking
    from zhaoshang.supervision.bulletin_render import render_files

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate_demo(projects=args.projects, enterprises=args.enterprises)
    refresh_statistics()
    print(f"built {args.projects} projects in {time.perf_counter() - started:.1f} s")
    admin = User.objects.create(username="bench", role=Role.CITY_ADMIN)

    quarter = periods.quarter(2026, 2)
    month = periods.month(2026, 6)
    ytd = periods.ytd(periods.month(2026, 6).end)
    place = dashboard.Place.from_params({})

    today = periods.ytd(timezone.localdate())
    # The dashboard shows the latest published quarterly ranking, as after a real quarter.
    ranking.publish_ranking(quarter, "region", acting_user=admin)

    def dashboard_uncached(period):
        def run():
            cache.clear()
            dashboard.dashboard_data(admin, period, place)

        return run

    def dashboard_cached():
        dashboard.dashboard_data(admin, ytd, place)

    def bulletin_files():
        render_files(bulletin.build_snapshot(month))

    dashboard_cached()
    rows = [
        (
            "ranking of counties 2026Q2 (with last quarter)",
            lambda: ranking.compute_ranking(quarter, "region"),
            2000,
        ),
        ("monthly bulletin 2026-06 (snapshot + Word + PDF)", bulletin_files, 15000),
        ("dashboard data, uncached, 1-6月 (past: history)", dashboard_uncached(ytd), 200),
        ("dashboard data, uncached, year to date today", dashboard_uncached(today), 200),
        ("dashboard data, cached", dashboard_cached, 20),
    ]
    print(f"\n{'step':<52}{'median ms':>12}{'goal ms':>10}  result")
    missed = 0
    for label, function, goal in rows:
        repeat = 3 if goal >= 2000 else args.repeat
        value = median_ms(function, repeat)
        ok = value < goal
        missed += not ok
        print(
            f"{label:<52}{value:>12,.1f}{'< ' + format(goal, ','):>10}  {'PASS' if ok else 'FAIL'}"
        )
    print(f"\nload average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("all goals met" if not missed else f"missed goals: {missed}")


if __name__ == "__main__":
    main()
