"""How far a plan indicator has come: its latest value, progress toward the target, and whether
that is ahead of or behind a straight line from the baseline to the target.

Rules, in the words shown to users (``Progress.method``):

- 一般指标: 进度 = (最新值 − 基期值) ÷ (目标值 − 基期值) × 100%. A target below the baseline
  (下降类指标, e.g. 能耗 from 10 to 8) works with the same formula: 9 is 50%.
- 控制类指标 (目标带“以内/以下/不超过”等且不低于基期值, e.g. 失业率 5.5%以内): within the
  limit is 100%, above it 0%; it should be within the limit at every moment, so expected is 100%.
- 五年累计指标 (``cumulative``): 进度 = 规划期内各年监测值之和 ÷ 目标值 × 100%.
- 应达进度: the straight line from 31 December of the baseline year (0%) to 31 December of
  the target year (100%), read at ``as_of``. 进度正常 when progress ≥ expected, else 进度滞后.

Indicators with ``computed_by`` are not typed in: their values come from ``COMPUTED``, one per
year of the plan period (the current year to ``as_of``).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.utils import timezone

from zhaoshang.enterprises.choices import TagKind
from zhaoshang.projects.models import Project
from zhaoshang.supervision import periods, rates

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")

# Qualifiers that make a target a ceiling (the value must stay at or below it).
CEILING_QUALIFIERS = frozenset({"以内", "以下", "<", "<=", "≤", "不高于", "不超过", "小于", "低于"})

# When periods of several lengths end on the same day, the longer one is the better summary.
_KIND_RANK = {"month": 0, "quarter": 1, "half": 2, "ytd": 3, "year": 4}


# --- Computed indicators -----------------------------------------------------------------------


class Computed(NamedTuple):
    """A formula that gives an indicator's value for a period from the platform's own data."""

    name: str
    formula: str
    compute: object  # function(indicator, period) -> Decimal


def _scale(indicator, amount_wan):
    """An amount in 万元 (or 万美元) in the indicator's unit: 亿 units divide by 10,000."""
    if "亿" in (indicator.unit or ""):
        return Decimal(amount_wan) / Decimal(10000)
    return Decimal(amount_wan)


def _investors_with_signed_projects(period, kinds):
    """Distinct investors tagged with one of ``kinds`` having a project signed by the period's
    end that was not withdrawn at that date (status read from the project's history)."""
    live = Project.objects.filter(rates.signed_by(period.end), investor__tags__kind__in=kinds)
    return Decimal(live.order_by().values("investor_id").distinct().count())


def fortune500_investors(indicator, period):
    return _investors_with_signed_projects(period, [TagKind.FORTUNE_GLOBAL_500])


def leading_investors(indicator, period):
    return _investors_with_signed_projects(
        period, [TagKind.FORTUNE_GLOBAL_500, TagKind.CHINA_500, TagKind.INDUSTRY_LEADER]
    )


def out_of_province_funds(indicator, period):
    return _scale(indicator, rates.figures(period).out_of_province_funds)


def signed_investment(indicator, period):
    return _scale(indicator, rates.figures(period).signed_investment)


def foreign_funds(indicator, period):
    return _scale(indicator, rates.figures(period).foreign_funds_usd)


COMPUTED = {
    "fortune500_investors": Computed(
        "在新投资世界500强企业数量",
        "截至期末，投资方带有“世界500强”标签、且至少有一个项目已签约（首次进入签约或更后阶段）"
        "并在期末未终止的企业数；同一企业多个项目只计1家。只统计平台已录入的项目。",
        fortune500_investors,
    ),
    "leading_investors": Computed(
        "在新投资世界500强、中国500强或行业龙头企业数量",
        "同上口径，投资方带有“世界500强”“中国500强”或“行业龙头”任一标签的企业数。",
        leading_investors,
    ),
    "out_of_province_funds": Computed(
        "实际利用省外资金",
        "当年登记的到位资金中来源地在省外（京津冀、长三角、粤港澳大湾区、其他省份）的项目"
        "之和（与月通报口径相同）；指标单位为亿元时按 1亿元 = 10,000万元 换算。",
        out_of_province_funds,
    ),
    "signed_investment": Computed(
        "签约项目投资额",
        "当年首次签约项目的合同投资额（无合同额时用总投资）之和；增资、扩产项目只计新增部分；"
        "指标单位为亿元时换算为亿元。",
        signed_investment,
    ),
    "foreign_funds": Computed(
        "实际使用外资",
        "当年登记的到位资金中的外资部分；指标单位为亿美元时按 1亿美元 = 10,000万美元 换算。",
        foreign_funds,
    ),
}

# Computed values that are a stock at a date (a count so far), not a flow over the year:
# their latest value is the one at ``as_of`` even in an unfinished year.
STOCK_KEYS = frozenset({"fortune500_investors", "leading_investors"})


def computed_choices():
    return [("", "手工填报"), *((key, c.name) for key, c in COMPUTED.items())]


# --- Progress ---------------------------------------------------------------------------------


@dataclass
class Point:
    """One value of the indicator: a stored observation or a computed year."""

    period_code: str
    label: str
    period_end: datetime.date
    kind: str
    value: Decimal
    complete: bool = True  # False for a computed year that has not ended yet
    note: str = ""
    observation: object = None


@dataclass
class Progress:
    indicator: object
    as_of: datetime.date
    points: list = field(default_factory=list)
    latest: Point | None = None
    current: Decimal | None = None  # the value compared with the target
    percent: Decimal | None = None
    expected: Decimal | None = None
    method: str = ""

    @property
    def on_track(self):
        if self.percent is None or self.expected is None:
            return None
        return self.percent >= self.expected

    @property
    def at_risk(self):
        return None if self.on_track is None else not self.on_track

    @property
    def bar(self):
        """The progress bar's width in percent (0–100)."""
        if self.percent is None:
            return 0
        return float(min(max(self.percent, Decimal(0)), HUNDRED))

    @property
    def status(self):
        return {True: "进度正常", False: "进度滞后", None: "无法判断"}[self.on_track]


def _pct(value):
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


def is_ceiling(indicator):
    return (indicator.target_qualifier or "").strip() in CEILING_QUALIFIERS


def plan_years(indicator):
    """(first, last) calendar years the plan measures; (None, None) when the plan is silent."""
    last = indicator.target_year
    if indicator.baseline_year:
        return indicator.baseline_year + 1, last or indicator.baseline_year + 5
    if last:
        return last - 4, last
    return None, None


def _stored_points(indicator, as_of):
    points = []
    # ``.all()`` so that a list page's prefetch of observations is used instead of a query.
    for obs in indicator.observations.all():
        if obs.period_end > as_of:
            continue
        try:
            period = periods.parse(obs.period_code)
            label, kind = period.label, period.kind
        except ValueError:
            label, kind = obs.period_code, "year"
        points.append(
            Point(
                obs.period_code,
                label,
                obs.period_end,
                kind,
                obs.value,
                note=obs.note,
                observation=obs,
            )
        )
    points.sort(key=lambda p: (p.period_end, _KIND_RANK.get(p.kind, 0)))
    return points


def _computed_points(indicator, as_of):
    entry = COMPUTED[indicator.computed_by]
    first, last = plan_years(indicator)
    if first is None:
        first = last = as_of.year
    points = []
    for y in range(first, min(last, as_of.year) + 1):
        whole = periods.year(y)
        period = whole if whole.end <= as_of else periods.ytd(as_of)
        points.append(
            Point(
                period.code,
                period.label,
                period.end,
                period.kind,
                entry.compute(indicator, period),
                complete=period is whole,
                note="平台计算",
            )
        )
    return points


def _year_totals(points, first, last):
    """The sum over plan years of one value per year: the year's own figure where there is one,
    else the latest year-to-date figure, else the sum of its halves, quarters or months (the
    longest kind present), so that no stretch of time is counted twice."""
    total, counted = Decimal(0), False
    for y in range(first, last + 1):
        in_year = [p for p in points if p.period_end.year == y]
        for kind in ("year", "ytd", "half", "quarter", "month"):
            same = [p for p in in_year if p.kind == kind]
            if not same:
                continue
            total += same[-1].value if kind in ("year", "ytd") else sum(p.value for p in same)
            counted = True
            break
    return total if counted else None


def expected_percent(indicator, as_of):
    """Where a straight line from the baseline year-end to the target year-end is at ``as_of``."""
    first, _ = plan_years(indicator)
    if first is None or not indicator.target_year:
        return None
    start = datetime.date(first - 1, 12, 31)
    end = datetime.date(indicator.target_year, 12, 31)
    if as_of <= start:
        return Decimal(0)
    if as_of >= end:
        return HUNDRED
    return _pct(Decimal((as_of - start).days) * HUNDRED / Decimal((end - start).days))


def progress(indicator, as_of=None):
    """The state of ``indicator`` at ``as_of`` (today when None) as a ``Progress``."""
    as_of = as_of or timezone.localdate()
    computed = indicator.computed_by in COMPUTED
    points = _computed_points(indicator, as_of) if computed else _stored_points(indicator, as_of)
    result = Progress(indicator=indicator, as_of=as_of, points=points)
    if computed and indicator.computed_by not in STOCK_KEYS:
        # A flow over an unfinished year is not comparable with a yearly target.
        complete = [p for p in points if p.complete]
        result.latest = complete[-1] if complete else None
    else:
        result.latest = points[-1] if points else None
    target, baseline = indicator.target_value, indicator.baseline_value
    result.expected = expected_percent(indicator, as_of)
    if target is None:
        result.method = "未设定数值目标，无法计算进度"
        return result

    if indicator.cumulative:
        first, last = plan_years(indicator)
        result.current = _year_totals(points, first, last) if first else None
        result.method = "五年累计：进度 = 规划期内各年监测值之和 ÷ 目标值 × 100%"
        if result.current is not None and target > 0:
            result.percent = _pct(result.current * HUNDRED / target)
        return result

    if result.latest is None:
        result.method = "尚无监测值"
        return result
    result.current = result.latest.value
    if is_ceiling(indicator) and (baseline is None or baseline <= target):
        result.method = "控制类指标：不超过目标值即为100%，超过为0%；应达进度始终为100%"
        result.percent = HUNDRED if result.current <= target else Decimal(0)
        result.expected = HUNDRED
    elif baseline is not None and baseline != target:
        result.method = "进度 = (最新值 − 基期值) ÷ (目标值 − 基期值) × 100%"
        result.percent = _pct((result.current - baseline) * HUNDRED / (target - baseline))
    elif baseline is None and target > 0:
        result.method = "未给基期值：进度 = 最新值 ÷ 目标值 × 100%"
        result.percent = _pct(result.current * HUNDRED / target)
    else:
        result.method = "基期值与目标值相同，无法计算进度"
    return result
