"""年终总结: one year on one page and in one workbook.

Three parts, each built from the modules that own the numbers so that the summary never has a
formula of its own: the year's figures (``rates``, named as in ``rates.FORMULAS``), the four
quarterly rankings of the counties (``ranking``: the published snapshot where a quarter was
published, else computed from history), and the plan indicators' progress at the year's end
(``indicators.progress``).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from zhaoshang.core.excel import Column, write_sheets
from zhaoshang.indicators.models import Indicator
from zhaoshang.indicators.progress import COMPUTED, plan_years, progress

from . import periods, rates
from .choices import ScopeKind
from .models import PublishedRanking

FORMULA_BY_KEY = {f["key"]: f for f in rates.FORMULAS}
QUARTER_NAMES = ["第一季度", "第二季度", "第三季度", "第四季度"]


@dataclass
class FigureLine:
    """One number of the year: under which FORMULAS entry, what it is, its value and unit."""

    group: str
    name: str
    value: object
    unit: str
    basis: str = ""  # numerator ÷ denominator, for rates

    @property
    def formula(self):
        return FORMULA_BY_KEY[self.group]["formula"]

    @property
    def group_name(self):
        return FORMULA_BY_KEY[self.group]["name"]


@dataclass
class RankingRow:
    scope_id: int
    name: str
    cells: list = field(default_factory=lambda: [None] * 4)  # (rank, score) or None per quarter


@dataclass
class Summary:
    year: int
    as_of: datetime.date
    figures: list
    quarters: list  # per quarter: {"label", "source"} or None when it has not begun
    ranking_rows: list
    ranking_note: str
    indicators: list

    @property
    def label(self):
        return f"{self.year}年"

    @property
    def complete(self):
        return self.as_of >= datetime.date(self.year, 12, 31)


def _plain(number):
    """12 or 106,643.53: counts without decimals, amounts to the fen."""
    number = Decimal(number)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def _rate_line(group, name, rate):
    basis = f"{_plain(rate.numerator)} ÷ {_plain(rate.denominator)}"
    return FigureLine(group, name, rate.value, "%", basis)


def figure_lines(f):
    """The year's figures as lines, in the order of ``rates.FORMULAS``."""
    return [
        FigureLine("signed", "签约项目数", f.signed_count, "个"),
        FigureLine("signed", "签约金额", f.signed_investment, "万元"),
        FigureLine("major_signed", "10亿元以上签约项目数", f.major_signed_count, "个"),
        FigureLine("three_batches", "签约项目", f.signed_count, "个"),
        FigureLine("three_batches", "开工项目", f.started_count, "个"),
        FigureLine("three_batches", "投产项目", f.production_count, "个"),
        FigureLine("funds", "到位资金", f.funds_arrived, "万元"),
        FigureLine("funds", "省外资金", f.out_of_province_funds, "万元"),
        FigureLine("funds", "实际利用外资", f.foreign_funds_usd, "万美元"),
        _rate_line("fulfilment_rate", "合同履约率", f.fulfilment_rate),
        _rate_line("start_rate", "项目开工率", f.start_rate),
        _rate_line("funds_in_place_rate", "资金到位率", f.funds_in_place_rate),
        _rate_line("production_rate", "投产率", f.production_rate),
    ]


def _ranking_module():
    """``ranking`` is built alongside this module; the summary works (without its ranking
    table) where it is not installed yet."""
    try:
        from . import ranking
    except ImportError:
        return None
    return ranking


def quarterly_ranking(year, today):
    """County × quarter ranks of ``year``: (quarters, rows, note)."""
    module = _ranking_module()
    if module is None:
        return [None] * 4, [], "季排名模块尚未启用，暂无季度排名。"
    quarters, rows = [], {}
    for q in range(1, 5):
        period = periods.quarter(year, q)
        if period.start > today:
            quarters.append(None)
            continue
        published = PublishedRanking.objects.filter(
            period_code=period.code, scope_kind=ScopeKind.REGION
        ).first()
        if published is not None:
            # The published ranking is the one made public; it is never recomputed.
            data, source = published.snapshot, "已发布"
        else:
            data = module.compute_ranking(period, ScopeKind.REGION)
            source = "按现有数据计算" if period.end < today else "截至目前"
        quarters.append({"label": QUARTER_NAMES[q - 1], "source": source})
        for row in data["rows"]:
            entry = rows.setdefault(row["scope_id"], RankingRow(row["scope_id"], row["name"]))
            entry.cells[q - 1] = (row["rank"], row["score"])
    ordered = sorted(rows.values(), key=_ranking_order)
    return quarters, ordered, ""


def _ranking_order(row):
    """Latest available rank first, then name: the table reads like the last ranking."""
    latest = next((cell for cell in reversed(row.cells) if cell), None)
    return (latest[0] if latest and latest[0] is not None else 999, row.name)


def _in_year(indicator, year):
    first, last = plan_years(indicator)
    return first is None or first <= year <= last


def indicator_progress(year, as_of):
    """Progress at ``as_of`` of every indicator whose plan period includes ``year``."""
    indicators = (
        Indicator.objects.select_related("plan")
        .prefetch_related("observations")
        .order_by("plan", "category", "id")
    )
    return [progress(i, as_of) for i in indicators if _in_year(i, year)]


def build(year, today=None):
    """The summary of ``year`` as of the year's end (or today, while the year is running)."""
    today = today or timezone.localdate()
    as_of = min(datetime.date(year, 12, 31), today)
    quarters, ranking_rows, note = quarterly_ranking(year, today)
    return Summary(
        year=year,
        as_of=as_of,
        figures=figure_lines(rates.figures(periods.year(year))),
        quarters=quarters,
        ranking_rows=ranking_rows,
        ranking_note=note,
        indicators=indicator_progress(year, as_of),
    )


# --- Workbook -------------------------------------------------------------------------------

FIGURE_COLUMNS = [
    Column("指标", "group", lambda line: line.group_name, width=26),
    Column("项目", "name", lambda line: line.name, width=16),
    Column("数值", "value", lambda line: line.value, width=16),
    Column("单位", "unit", lambda line: line.unit, width=8),
    Column("计算依据", "basis", lambda line: line.basis or None, width=16),
    Column("计算口径", "formula", lambda line: line.formula, width=60),
]


def _ranking_columns(quarters):
    columns = [Column("县(市、区)", "name", lambda row: row.name, width=12)]
    for q, quarter in enumerate(quarters):
        if quarter is None:
            continue
        columns += [
            Column(
                f"{quarter['label']}名次",
                f"rank{q}",
                lambda row, q=q: row.cells[q][0] if row.cells[q] else None,
                width=12,
            ),
            Column(
                f"{quarter['label']}得分",
                f"score{q}",
                lambda row, q=q: row.cells[q][1] if row.cells[q] else None,
                width=12,
            ),
        ]
    return columns


INDICATOR_COLUMNS = [
    Column("指标", "name", lambda p: p.indicator.name, width=36),
    Column("单位", "unit", lambda p: p.indicator.unit or None, width=10),
    Column("基期年份", "baseline_year", lambda p: p.indicator.baseline_year, width=9),
    Column("基期值", "baseline", lambda p: p.indicator.baseline_value, width=12),
    Column("目标年份", "target_year", lambda p: p.indicator.target_year, width=9),
    Column(
        "目标值",
        "target",
        lambda p: (
            p.indicator.target_value
            if p.indicator.target_value is not None
            else (p.indicator.target_text or None)
        ),
        width=12,
    ),
    Column("目标限定", "qualifier", lambda p: p.indicator.target_qualifier or None, width=9),
    Column("五年累计", "cumulative", lambda p: "是" if p.indicator.cumulative else "否", width=9),
    Column("当前值", "current", lambda p: p.current, width=12),
    Column("数据期间", "period", lambda p: p.latest.label if p.latest else None, width=18),
    Column("完成进度（%）", "percent", lambda p: p.percent, width=12),
    Column("应达进度（%）", "expected", lambda p: p.expected, width=12),
    Column("状态", "status", lambda p: p.status, width=10),
    Column(
        "数据来源",
        "source",
        lambda p: (
            f"平台计算：{COMPUTED[p.indicator.computed_by].name}"
            if p.indicator.computed_by in COMPUTED
            else "手工填报"
        ),
        width=24,
    ),
]


def workbook(summary):
    """The summary as .xlsx bytes: sheets 总体情况, 季度排名, 指标进展."""
    return write_sheets(
        [
            ("总体情况", FIGURE_COLUMNS, summary.figures),
            ("季度排名", _ranking_columns(summary.quarters), summary.ranking_rows),
            ("指标进展", INDICATOR_COLUMNS, summary.indicators),
        ]
    )


def filename(summary):
    return f"{summary.year}年招商引资年终总结.xlsx"
