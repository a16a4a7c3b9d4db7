"""Every rate and total of 督导问效, defined once and computed from dated records.

Figures are derived from stage changes (dated), funds arrivals (dated) and the change history of
each project's status, never from today's state, so recomputing a past period gives the same
result unless the dated records themselves were edited (which ``restatement`` then reports).

Terms used below, for a period P = [start, end]:
- *signed on*: the date a project first reached 签约 or a later stage (a re-signing later adds
  nothing: the first date counts);
- *started on* / *in production on*: first date it reached 开工 / 投产 or later;
- *the year's cohort*: projects signed from 1 January of the period's year up to the period's
  end, leaving out those whose status at the end of the period was 终止 (a withdrawn project
  stays in the signed totals, which are history, but leaves the forward-looking rates);
- amounts are the project's own: for a 增资/扩产 project that is its increment only.
"""

import datetime
import threading
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Max, Min, Q, Sum
from django.utils import timezone

from zhaoshang.projects import stages
from zhaoshang.projects.choices import Stage, Status
from zhaoshang.projects.models import FundsArrival, Project, StageChange

ZERO = Decimal(0)


@dataclass
class Rate:
    """A ratio with the counts behind it; ``value`` is a percentage, None when undefined."""

    numerator: Decimal
    denominator: Decimal

    @property
    def value(self):
        if not self.denominator:
            return None
        pct = Decimal(self.numerator) * 100 / Decimal(self.denominator)
        return pct.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """The totals and rates of one scope (city, county or zone) for one period."""

    signed_count: int = 0
    signed_investment: Decimal = ZERO
    major_signed_count: int = 0
    started_count: int = 0
    production_count: int = 0
    funds_arrived: Decimal = ZERO
    out_of_province_funds: Decimal = ZERO
    foreign_funds_usd: Decimal = ZERO
    fulfilment_rate: Rate = field(default_factory=lambda: Rate(ZERO, ZERO))
    start_rate: Rate = field(default_factory=lambda: Rate(ZERO, ZERO))
    funds_in_place_rate: Rate = field(default_factory=lambda: Rate(ZERO, ZERO))
    production_rate: Rate = field(default_factory=lambda: Rate(ZERO, ZERO))
    # Project ids behind each figure, for drill-down.
    projects: dict = field(default_factory=lambda: defaultdict(list))


@dataclass
class Fact:
    """What the formulas need to know of one project, as of a period's end."""

    id: int
    region_id: int
    zone_id: int | None
    amount: Decimal  # contracted investment, or the total where no contract amount is known
    is_major: bool
    is_out_of_province: bool
    planned_start: datetime.date | None
    signed_on: datetime.date | None = None
    started_on: datetime.date | None = None
    producing_on: datetime.date | None = None
    withdrawn: bool = False
    funds_in_period: Decimal = ZERO
    funds_to_end: Decimal = ZERO
    foreign_usd_in_period: Decimal = ZERO


def _first_reached(end, ids=None):
    """{stage: {project id: first date it reached that stage or a later one}} in one query."""

    def from_(stage):
        return stages.ORDER[stages.ORDER.index(stage) :]

    # One row per project with the three dates (conditional MIN), and only changes to 签约 or
    # later are read at all: far fewer rows to convert than one per (project, stage).
    qs = StageChange.objects.filter(date__lte=end, to_stage__in=from_(Stage.SIGNED))
    if ids is not None:
        qs = qs.filter(project_id__in=ids)
    rows = qs.values("project_id").annotate(
        signed=Min("date"),
        started=Min("date", filter=Q(to_stage__in=from_(Stage.UNDER_CONSTRUCTION))),
        producing=Min("date", filter=Q(to_stage__in=from_(Stage.IN_PRODUCTION))),
    )
    first = {Stage.SIGNED: {}, Stage.UNDER_CONSTRUCTION: {}, Stage.IN_PRODUCTION: {}}
    for pid, signed, started, producing in rows.values_list(
        "project_id", "signed", "started", "producing"
    ):
        first[Stage.SIGNED][pid] = signed
        if started:
            first[Stage.UNDER_CONSTRUCTION][pid] = started
        if producing:
            first[Stage.IN_PRODUCTION][pid] = producing
    return first


def _withdrawn_as_of(end, ids):
    """Ids of projects whose status at the end of ``end`` (Beijing time) was 终止."""
    moment = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time())
    )
    history = Project.history.filter(history_date__lt=moment)
    if ids is not None:
        history = history.filter(id__in=ids)
    latest = history.values("id").annotate(last=Max("history_id")).values("last")
    return set(
        Project.history.filter(history_id__in=latest, status=Status.WITHDRAWN).values_list(
            "id", flat=True
        )
    )


_reuse = threading.local()


@contextmanager
def reuse_loads():
    """Within this block, facts for the same period and projects are loaded only once.

    A bulletin or a dashboard asks for the same year-to-date facts several times (totals, the
    ranking of counties, the ranking of zones); the facts are read-only, so they can be shared.
    """
    outer = getattr(_reuse, "cache", None)
    _reuse.cache = {} if outer is None else outer
    try:
        yield
    finally:
        _reuse.cache = outer


def load_facts(period, projects=None):
    """One ``Fact`` per project of ``projects`` (a Project queryset; all when None)."""
    cache = getattr(_reuse, "cache", None)
    if cache is None:
        return _load_facts(period, projects)
    key = (period.start, period.end, None if projects is None else str(projects.query))
    if key not in cache:
        cache[key] = _load_facts(period, projects)
    return cache[key]


def _load_facts(period, projects):
    base = projects if projects is not None else Project.objects.all()
    rows = list(
        base.values_list(
            "id",
            "region_id",
            "zone_id",
            "total_investment",
            "contracted_investment",
            "is_major",
            "is_out_of_province",
            "planned_start_date",
        )
    )
    ids = None if projects is None else [r[0] for r in rows]
    end = period.end
    reached = _first_reached(end, ids)
    signed = reached[Stage.SIGNED]
    started = reached[Stage.UNDER_CONSTRUCTION]
    producing = reached[Stage.IN_PRODUCTION]
    withdrawn = _withdrawn_as_of(end, ids)
    funds = FundsArrival.objects.filter(date__lte=end)
    if ids is not None:
        funds = funds.filter(project_id__in=ids)
    to_end = dict(
        funds.values("project_id").annotate(s=Sum("amount")).values_list("project_id", "s")
    )
    in_period = {
        pid: (amount or ZERO, usd or ZERO)
        for pid, amount, usd in funds.filter(date__gte=period.start)
        .values("project_id")
        .annotate(s=Sum("amount"), u=Sum("amount_usd"))
        .values_list("project_id", "s", "u")
    }
    facts = []
    for pid, region_id, zone_id, total, contracted, major, out_of_province, planned in rows:
        amount = contracted if contracted is not None else (total or ZERO)
        period_funds = in_period.get(pid, (ZERO, ZERO))
        facts.append(
            Fact(
                id=pid,
                region_id=region_id,
                zone_id=zone_id,
                amount=amount,
                is_major=major,
                is_out_of_province=out_of_province,
                planned_start=planned,
                signed_on=signed.get(pid),
                started_on=started.get(pid),
                producing_on=producing.get(pid),
                withdrawn=pid in withdrawn,
                funds_in_period=period_funds[0],
                funds_to_end=to_end.get(pid) or ZERO,
                foreign_usd_in_period=period_funds[1],
            )
        )
    return facts


def _within(day, start, end):
    return day is not None and start <= day <= end


def compute(facts, period):
    """Apply every formula to ``facts`` for ``period``; the one place the formulas live."""
    f = Figures()
    start, end, year_start = period.start, period.end, period.year_start
    cohort = [x for x in facts if _within(x.signed_on, year_start, end) and not x.withdrawn]
    started_in_cohort = [x for x in cohort if x.started_on and x.started_on <= end]
    due = [
        x
        for x in facts
        if x.signed_on
        and x.signed_on <= end
        and not x.withdrawn
        and _within(x.planned_start, start, end)
    ]
    for x in facts:
        if _within(x.signed_on, start, end):
            f.signed_count += 1
            f.signed_investment += x.amount
            f.projects["signed"].append(x.id)
            if x.is_major:
                f.major_signed_count += 1
                f.projects["major_signed"].append(x.id)
        if _within(x.started_on, start, end):
            f.started_count += 1
            f.projects["started"].append(x.id)
        if _within(x.producing_on, start, end):
            f.production_count += 1
            f.projects["production"].append(x.id)
        if x.funds_in_period:
            f.funds_arrived += x.funds_in_period
            f.projects["funds"].append(x.id)
            if x.is_out_of_province:
                f.out_of_province_funds += x.funds_in_period
                f.projects["out_of_province_funds"].append(x.id)
        if x.foreign_usd_in_period:
            f.foreign_funds_usd += x.foreign_usd_in_period
            f.projects["foreign_funds"].append(x.id)
    on_time = [x for x in due if x.started_on and x.started_on <= x.planned_start]
    f.fulfilment_rate = Rate(Decimal(len(on_time)), Decimal(len(due)))
    f.start_rate = Rate(Decimal(len(started_in_cohort)), Decimal(len(cohort)))
    f.funds_in_place_rate = Rate(
        sum((x.funds_to_end for x in cohort), ZERO), sum((x.amount for x in cohort), ZERO)
    )
    producing = [x for x in started_in_cohort if x.producing_on and x.producing_on <= end]
    f.production_rate = Rate(Decimal(len(producing)), Decimal(len(started_in_cohort)))
    f.projects["fulfilment_due"] = [x.id for x in due]
    f.projects["fulfilment_on_time"] = [x.id for x in on_time]
    f.projects["cohort"] = [x.id for x in cohort]
    f.projects["cohort_started"] = [x.id for x in started_in_cohort]
    f.projects["cohort_producing"] = [x.id for x in producing]
    return f


def figures(period, projects=None):
    """Figures for ``period`` over ``projects`` (a scoped Project queryset; all when None)."""
    return compute(load_facts(period, projects), period)


def figures_by(period, key, projects=None):
    """Figures per region (``key="region_id"``) or per zone (``key="zone_id"``), one load."""
    groups = defaultdict(list)
    for fact in load_facts(period, projects):
        groups[getattr(fact, key)].append(fact)
    return {scope: compute(facts, period) for scope, facts in groups.items() if scope is not None}


MAJOR_WAN = settings.MAJOR_PROJECT_THRESHOLD_WAN

# The user-facing help: each figure's formula and a worked example (shown on the help page).
FORMULAS = [
    {
        "key": "signed",
        "name": "签约项目数 / 签约金额",
        "formula": "期内首次进入“签约”（或更后阶段）的项目数及其合同投资额（无合同额时用总投资）之和；"
        "同一项目再次签约不重复计算；增资、扩产项目只计新增部分。",
        "example": "6月：A 于6月3日签约（合同额 5,000 万元），B 于3月签约、6月在推介会上再次签约。"
        "6月签约项目数 = 1，签约金额 = 5,000 万元。",
    },
    {
        "key": "major_signed",
        "name": "10亿元以上签约项目数",
        "formula": f"期内签约且总投资 ≥ {MAJOR_WAN:,} 万元的项目数。",
        "example": "总投资 12 亿元的项目于期内签约，计 1 个；9.8 亿元的不计。",
    },
    {
        "key": "three_batches",
        "name": "三个一批（签约、开工、投产）",
        "formula": "期内首次进入签约、开工、投产阶段的项目数。",
        "example": "第二季度 5 个项目签约、3 个开工、1 个投产，记为 5/3/1。",
    },
    {
        "key": "funds",
        "name": "到位资金 / 省外资金 / 实际利用外资",
        "formula": "期内登记的到位资金之和；省外资金为来源地在省外的项目的到位资金；"
        "实际利用外资为到位资金中的外资部分（万美元）。",
        "example": "6月登记两笔：京津冀项目 800 万元、本市项目 200 万元；到位资金 1,000 万元，省外资金 800 万元。",
    },
    {
        "key": "fulfilment_rate",
        "name": "合同履约率",
        "formula": "合同约定开工日期落在本期内、截至期末已签约且未终止的项目中，在约定日期当天或之前"
        "开工的项目所占比例。",
        "example": "本季度合同约定开工 4 个项目（均已签约、未终止），其中 3 个按期开工：履约率 = 3 ÷ 4 = 75.0%。",
    },
    {
        "key": "start_rate",
        "name": "项目开工率",
        "formula": "本年 1 月 1 日至期末签约、期末未终止的项目中，截至期末已开工的项目所占比例。",
        "example": "1—6 月签约 10 个项目，其中 1 个已终止，余下 9 个中 6 个已开工：开工率 = 6 ÷ 9 = 66.7%。",
    },
    {
        "key": "funds_in_place_rate",
        "name": "资金到位率",
        "formula": "同上口径项目截至期末的累计到位资金 ÷ 其合同投资额之和。",
        "example": "上述 9 个项目合同投资额合计 50,000 万元，累计到位 20,000 万元：资金到位率 = 40.0%。",
    },
    {
        "key": "production_rate",
        "name": "投产率",
        "formula": "同上口径已开工项目中，截至期末已投产的项目所占比例。",
        "example": "6 个已开工项目中 2 个已投产：投产率 = 2 ÷ 6 = 33.3%。",
    },
]
