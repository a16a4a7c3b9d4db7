"""Every rate and total of 督导问效, defined once and computed from dated records.

Figures are derived from stage changes (dated), funds arrivals (dated) and the change history of
each project's status, never from today's state, so recomputing a past period gives the same
result unless the dated records themselves were edited (which ``restatement`` then reports).
Every figure is an SQL aggregate over a filter written once here (``memberships``); the same
filter lists the projects behind the figure for drill-down.

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
import functools
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, F, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhaoshang.projects.choices import Status
from zhaoshang.projects.models import FundsArrival, Project

from . import periods

ZERO = Decimal(0)
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def amount(prefix=""):
    """A project's own amount: its contracted investment, else its total investment (万元).

    For a 增资/扩产 project both are its increment, so the increment is all that counts.
    """
    return Coalesce(
        f"{prefix}contracted_investment",
        f"{prefix}total_investment",
        Value(ZERO),
        output_field=_MONEY,
    )


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
    # How many projects are behind each figure (keys of MEMBERSHIPS) ...
    counts: dict = field(default_factory=dict)
    # ... and which, when asked for (``ids=True``), for drill-down and frozen inputs.
    projects: dict = field(default_factory=dict)


def end_of_day(end):
    """The first moment after day ``end`` in Beijing time (history is read before it)."""
    return timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time())
    )


def withdrawn(end, prefix=""):
    """Projects whose status at the end of day ``end`` (Beijing time) was 终止.

    For a period not yet over that is today's status; for a past one it is read from the
    history, and only for projects that were ever 终止 by then, which are few.
    """
    if end >= timezone.localdate():
        return Q(**{f"{prefix}status": Status.WITHDRAWN})
    before = Project.history.filter(history_date__lt=end_of_day(end))
    ever = before.filter(status=Status.WITHDRAWN).values("id")
    latest = (
        before.filter(id__in=ever).order_by().values("id").annotate(last=Max("history_id"))
    ).values("last")
    ids = Project.history.filter(history_id__in=latest, status=Status.WITHDRAWN).values("id")
    return Q(**{f"{prefix}pk__in": ids})


def signed_in(period, prefix=""):
    """Projects first signed (reaching 签约 or a later stage) within ``period``."""
    return Q(**{f"{prefix}signed_on__range": (period.start, period.end)})


def signed_by(end, prefix=""):
    """Projects signed by ``end`` and not withdrawn at that date."""
    return Q(**{f"{prefix}signed_on__lte": end}) & ~withdrawn(end, prefix)


def _funds_in(period):
    return Q(date__range=(period.start, period.end))


def _parts(period, prefix=""):
    """The figures of ``period`` as ({set: filter}, {figure: (set, condition or None)}).

    A figure's projects are those of its set that meet its condition. Each set is queried once
    with its filter in the WHERE clause, so the costly part (whether a project was withdrawn at
    the period's end) is evaluated once per set rather than once per figure.
    """
    start, end = period.start, period.end

    def q(**lookups):
        return Q(**{prefix + name: value for name, value in lookups.items()})

    live = ~withdrawn(end, prefix)
    signed = signed_in(period, prefix)
    started = q(started_on__range=(start, end))
    producing = q(producing_on__range=(start, end))
    sets = {
        "period": signed | started | producing,
        "cohort": q(signed_on__range=(period.year_start, end)) & live,
        "due": q(signed_on__lte=end, planned_start_date__range=(start, end)) & live,
    }
    figures = {
        "signed": ("period", signed),
        "major_signed": ("period", signed & q(is_major=True)),
        "started": ("period", started),
        "production": ("period", producing),
        "fulfilment_due": ("due", None),
        "fulfilment_on_time": ("due", q(started_on__lte=F(prefix + "planned_start_date"))),
        "cohort": ("cohort", None),
        "cohort_started": ("cohort", q(started_on__lte=end)),
        "cohort_producing": ("cohort", q(started_on__lte=end, producing_on__lte=end)),
    }
    return sets, figures


def memberships(period, prefix=""):
    """{figure: filter on projects} for ``period``: the one definition of who counts in what.

    ``prefix`` reaches the project from another model (``"project__"`` from a funds arrival).
    """
    sets, figures = _parts(period, prefix)
    return {
        name: sets[within] & extra if extra is not None else sets[within]
        for name, (within, extra) in figures.items()
    }


def fund_memberships(period):
    """{figure: filter on funds arrivals} for the figures read from funds arrived."""
    within = _funds_in(period)
    return {
        "funds": within,
        "out_of_province_funds": within & Q(project__is_out_of_province=True),
        "foreign_funds": within & Q(amount_usd__gt=0),
    }


def _scoped_funds(projects):
    funds = FundsArrival.objects.all()
    if projects is not None and projects.query.has_filters():
        funds = funds.filter(project__in=projects.values("pk"))
    return funds


def _queries(period, projects):
    """[(queryset, aggregates, path to the project)]: every figure of ``period``, five queries."""
    base = projects if projects is not None else Project.objects.all()
    sets, figures = _parts(period)
    per_set = {name: {} for name in sets}
    for name, (within, extra) in figures.items():
        per_set[within][f"n_{name}"] = Count("pk", filter=extra)
    per_set["period"]["signed_investment"] = Sum(amount(), filter=figures["signed"][1])
    per_set["cohort"]["cohort_amount"] = Sum(amount())
    queries = [(base.filter(sets[name]), aggs, "") for name, aggs in per_set.items()]
    funds = _scoped_funds(projects)
    on_funds = fund_memberships(period)
    fund_aggs = {f"n_{k}": Count("project", distinct=True, filter=q) for k, q in on_funds.items()}
    fund_aggs["funds_arrived"] = Sum("amount")
    fund_aggs["out_of_province_funds"] = Sum("amount", filter=on_funds["out_of_province_funds"])
    fund_aggs["foreign_funds_usd"] = Sum("amount_usd", filter=on_funds["foreign_funds"])
    queries.append((funds.filter(_funds_in(period)), fund_aggs, "project__"))
    cohort = _parts(period, "project__")[0]["cohort"]
    cohort_funds = funds.filter(cohort, date__lte=period.end)
    queries.append((cohort_funds, {"cohort_funds": Sum("amount")}, "project__"))
    return queries


MEMBERSHIPS = [
    "signed",
    "major_signed",
    "started",
    "production",
    "funds",
    "out_of_province_funds",
    "foreign_funds",
    "fulfilment_due",
    "fulfilment_on_time",
    "cohort",
    "cohort_started",
    "cohort_producing",
]


def _figures(row):
    def n(key):
        return row.get(f"n_{key}") or 0

    def money(value):
        return value if value is not None else ZERO

    f = Figures(
        signed_count=n("signed"),
        signed_investment=money(row.get("signed_investment")),
        major_signed_count=n("major_signed"),
        started_count=n("started"),
        production_count=n("production"),
        funds_arrived=money(row.get("funds_arrived")),
        out_of_province_funds=money(row.get("out_of_province_funds")),
        foreign_funds_usd=money(row.get("foreign_funds_usd")),
        fulfilment_rate=Rate(Decimal(n("fulfilment_on_time")), Decimal(n("fulfilment_due"))),
        start_rate=Rate(Decimal(n("cohort_started")), Decimal(n("cohort"))),
        funds_in_place_rate=Rate(money(row.get("cohort_funds")), money(row.get("cohort_amount"))),
        production_rate=Rate(Decimal(n("cohort_producing")), Decimal(n("cohort_started"))),
    )
    f.counts = {key: n(key) for key in MEMBERSHIPS}
    return f


def _member_ids(period, projects, key=None):
    """{figure: ids} (``key`` None) or {figure: {scope: ids}} of every figure of ``period``."""
    base = projects if projects is not None else Project.objects.all()
    funds = _scoped_funds(projects).filter(date__lte=period.end)
    pairs = {}
    for name, q in memberships(period).items():
        fields = ["pk"] if key is None else [key, "pk"]
        pairs[name] = base.filter(q).order_by().values_list(*fields)
    for name, q in fund_memberships(period).items():
        fields = ["project_id"] if key is None else [f"project__{key}", "project_id"]
        pairs[name] = funds.filter(q).order_by().values_list(*fields).distinct()
    if key is None:
        return {name: sorted(pk for (pk,) in rows) for name, rows in pairs.items()}
    grouped = {}
    for name, rows in pairs.items():
        for scope, pk in rows:
            grouped.setdefault(scope, {}).setdefault(name, []).append(pk)
    return grouped


_reuse = threading.local()


@contextmanager
def reuse_loads():
    """Within this block, figures for the same period, scope and grouping are computed once.

    A bulletin asks for the same year-to-date figures several times (its tables, the ranking
    of counties, the ranking of zones); they are read-only, so they can be shared.
    """
    outer = getattr(_reuse, "cache", None)
    _reuse.cache = {} if outer is None else outer
    try:
        yield
    finally:
        _reuse.cache = outer


def _memo(function):
    def token(value):
        # A queryset is known by its SQL: two equal scopes share their figures.
        return str(value.query) if hasattr(value, "query") else value

    @functools.wraps(function)
    def wrapper(period, *args, **kwargs):
        cache = getattr(_reuse, "cache", None)
        if cache is None:
            return function(period, *args, **kwargs)
        key = (
            function.__name__,
            period.start,
            period.end,
            period.year_start,
            *map(token, args),
            *sorted((name, token(value)) for name, value in kwargs.items()),
        )
        if key not in cache:
            cache[key] = function(period, *args, **kwargs)
        return cache[key]

    return wrapper


@_memo
def figures(period, projects=None, ids=False):
    """Figures for ``period`` over ``projects`` (a scoped Project queryset; all when None).

    With ``ids``, ``Figures.projects`` lists the projects behind each figure.
    """
    row = {}
    for queryset, aggregates, _ in _queries(period, projects):
        row.update(queryset.order_by().aggregate(**aggregates))
    f = _figures(row)
    if ids:
        f.projects = _member_ids(period, projects)
    return f


@_memo
def figures_by(period, key, projects=None, ids=False):
    """Figures per region (``key="region_id"``) or per zone (``key="zone_id"``).

    Scopes with no project behind any figure are left out; callers default them to zeros.
    """
    rows = {}
    for queryset, aggregates, path in _queries(period, projects):
        for row in queryset.order_by().values(path + key).annotate(**aggregates):
            rows.setdefault(row.pop(path + key), {}).update(row)
    members = _member_ids(period, projects, key) if ids else {}
    result = {}
    for scope, row in rows.items():
        if scope is None:
            continue
        f = _figures(row)
        if ids:
            f.projects = members.get(scope, {})
        if any(f.counts.values()):
            result[scope] = f
    return result


def members(period, figure, projects=None):
    """The projects behind ``figure`` (a key of MEMBERSHIPS) in ``period``, for drill-down.

    Each carries ``amount``, ``funds_in_period`` and ``funds_to_end`` (funds arrived in the
    period and up to its end), largest amount first.
    """
    base = projects if projects is not None else Project.objects.all()
    on_projects = memberships(period)
    if figure in on_projects:
        chosen = base.filter(on_projects[figure])
    else:
        funds = _scoped_funds(projects).filter(fund_memberships(period)[figure])
        chosen = base.filter(pk__in=funds.values("project_id"))

    def funds_sum(where):
        return Coalesce(
            Subquery(
                FundsArrival.objects.filter(where, project=OuterRef("pk"))
                .order_by()
                .values("project")
                .annotate(s=Sum("amount"))
                .values("s")
            ),
            Value(ZERO),
            output_field=_MONEY,
        )

    return chosen.annotate(
        amount=amount(),
        funds_in_period=funds_sum(_funds_in(period)),
        funds_to_end=funds_sum(Q(date__lte=period.end)),
    ).order_by("-amount", "pk")


def monthly(period, projects=None):
    """[(month period, signed count, signed investment, funds arrived)] from January of the
    period's year to the month of its end, in one query on projects and one on funds."""
    # The last month stops at the period's end: a year to date ending mid-month has half a month.
    months = [
        replace(month, end=min(month.end, period.end))
        for month in (periods.month(period.start.year, m) for m in range(1, period.end.month + 1))
    ]
    base = projects if projects is not None else Project.objects.all()
    year = replace(period, start=months[0].start)
    signed = (
        base.filter(signed_in(year))
        .order_by()
        .aggregate(
            **{f"n{m.start.month}": Count("pk", filter=signed_in(m)) for m in months},
            **{f"s{m.start.month}": Sum(amount(), filter=signed_in(m)) for m in months},
        )
    )
    funds = (
        _scoped_funds(projects)
        .filter(date__range=(months[0].start, period.end))
        .aggregate(**{f"f{m.start.month}": Sum("amount", filter=_funds_in(m)) for m in months})
    )
    return [
        (
            m,
            signed[f"n{m.start.month}"],
            signed[f"s{m.start.month}"] or ZERO,
            funds[f"f{m.start.month}"] or ZERO,
        )
        for m in months
    ]


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
