"""半年观摩: the projects the half-year site review visits, and the route sheet to print.

By default the review visits projects of 1亿元 (10,000 万元) or more that first reached 开工 in
the half-year; the page lets the organisers change the minimum, the stage and the county. The
list is grouped by county and ordered along a route: counties by 区划代码 (the order every
official list of 新乡 uses), and inside a county by development zone, so that the bus goes zone
by zone, then by the date the stage was reached.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.db.models import Min

from zhaoshang.core.excel import Column, write_workbook
from zhaoshang.projects import stages
from zhaoshang.projects.choices import Stage, Status
from zhaoshang.projects.models import Project, StageChange

from . import periods

DEFAULT_MIN_INVESTMENT = Decimal(10000)  # 万元, i.e. 亿元以上
DEFAULT_STAGE = Stage.UNDER_CONSTRUCTION


@dataclass(frozen=True)
class Criteria:
    """What makes a project worth visiting in a half-year."""

    period: periods.Period
    min_investment: Decimal = DEFAULT_MIN_INVESTMENT
    stage: str = DEFAULT_STAGE
    region: object = None  # a Region, or None for the whole city

    def describe(self):
        where = f"{self.region}" if self.region else "全市"
        return (
            f"{self.period.label}{where}首次进入“{Stage(self.stage).label}”阶段、"
            f"总投资 {self.min_investment:,.0f} 万元及以上的项目"
        )


@dataclass
class Stop:
    """One project on the route, with the dates the sheet shows."""

    number: int
    project: Project
    reached_on: datetime.date
    started_on: datetime.date | None


def default_half(today):
    """The half-year a review is usually organised for: the current one."""
    return periods.half(today.year, 1 if today.month <= 6 else 2)


def _first_dates(stage, ids, end=None):
    """{project id: first date it reached ``stage`` or a later one}, up to ``end`` if given."""
    later = stages.ORDER[stages.ORDER.index(stage) :]
    changes = StageChange.objects.filter(project_id__in=ids, to_stage__in=later)
    if end is not None:
        changes = changes.filter(date__lte=end)
    return dict(
        changes.values("project_id").annotate(first=Min("date")).values_list("project_id", "first")
    )


def select_projects(criteria, user):
    """The route for ``criteria`` among the projects ``user`` may see, numbered in order.

    A project counts when its first arrival at the chosen stage (or beyond it: a project that
    went straight past 开工 into 投产 within the half-year has started too) falls inside the
    half-year. Withdrawn projects are left out, since there is nothing to visit.
    """
    period = criteria.period
    later = stages.ORDER[stages.ORDER.index(criteria.stage) :]
    base = (
        Project.objects.restrict(user, "view")
        .filter(total_investment__gte=criteria.min_investment)
        .exclude(status=Status.WITHDRAWN)
    )
    if criteria.region is not None:
        base = base.filter(region=criteria.region)
    # Narrow in the database to projects with any qualifying change in the half-year, then
    # check in Python that it was the *first* such change (an earlier one disqualifies).
    touched = base.filter(
        stage_changes__to_stage__in=later,
        stage_changes__date__range=(period.start, period.end),
    ).distinct()
    projects = list(touched.select_related("region", "zone", "investor"))
    ids = [p.pk for p in projects]
    reached = _first_dates(criteria.stage, ids, period.end)
    # The start date shown is the real one even when it came after the half-year (a project
    # chosen for its signing may have started since), so the sheet matches the project page.
    started = _first_dates(Stage.UNDER_CONSTRUCTION, ids)
    chosen = [p for p in projects if period.start <= reached[p.pk] <= period.end]
    chosen.sort(
        key=lambda p: (
            p.region.code,
            p.zone_id is None,  # projects in a zone first, loose ones at the end of the county
            p.zone_id or 0,
            reached[p.pk],
            p.pk,
        )
    )
    return [
        Stop(number=i, project=p, reached_on=reached[p.pk], started_on=started.get(p.pk))
        for i, p in enumerate(chosen, start=1)
    ]


def grouped(stops):
    """[(region, [stops])] in route order, for the page."""
    return [
        (region, list(items)) for region, items in groupby(stops, key=lambda s: s.project.region)
    ]


ROUTE_COLUMNS = [
    Column("序号", "number", lambda s: s.number, width=6),
    Column("县(市、区)", "region", lambda s: s.project.region.name, width=12),
    Column("项目名称", "name", lambda s: s.project.name, width=36),
    Column(
        "投资方",
        "investor",
        lambda s: s.project.investor.name if s.project.investor else None,
        width=30,
    ),
    Column("总投资（万元）", "total", lambda s: s.project.total_investment, money=True),
    Column("阶段", "stage", lambda s: s.project.get_stage_display(), width=8),
    Column("开工日期", "started_on", lambda s: s.started_on, width=12),
    Column(
        "开发区/地点", "zone", lambda s: s.project.zone.name if s.project.zone else None, width=28
    ),
    Column("服务官", "officer", lambda s: s.project.service_officer or None, width=10),
    # Left blank on purpose: the organisers write in the on-site contact by hand.
    Column("联系人", "contact", lambda s: None, width=16),
]


def route_sheet(stops):
    """The route sheet as .xlsx bytes: one row per stop, in route order."""
    return write_workbook(ROUTE_COLUMNS, stops, "观摩路线")


def route_filename(criteria):
    where = criteria.region.name if criteria.region else "全市"
    return f"{criteria.period.label}{where}观摩项目路线单.xlsx"
