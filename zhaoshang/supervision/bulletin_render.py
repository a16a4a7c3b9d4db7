"""The bulletin as a Word document and a PDF, laid out like an official 通报 (简报式公文).

Both formats are rendered from the same list of blocks (``content``), built from the snapshot
alone, so the Word file and the PDF always say the same thing. Charts are matplotlib PNGs drawn
once and placed in both.

Fonts: the Word file names the fonts of GB/T 9704 (仿宋 for the body, 黑体 and 楷体 for
headings, 宋体 standing in for 方正小标宋 in titles) by their Windows names, which Word and WPS
resolve on any Chinese PC; the PDF asks for the same names and falls back to Noto Serif/Sans CJK
SC, which the server has (``fonts-noto-cjk``).
"""

import base64
import datetime
import functools
import io
import logging
import shutil
import subprocess
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string

from zhaoshang.utils import money

log = logging.getLogger(__name__)

RED = "C00000"
FONT_BODY = "FangSong"  # 仿宋
FONT_HEADING = "SimHei"  # 黑体
FONT_SUBHEADING = "KaiTi"  # 楷体
FONT_TITLE = "SimSun"  # 宋体, bold: the usual stand-in for 方正小标宋
FONT_LATIN = "Times New Roman"
BODY_PT = 16  # 三号
TABLE_PT = 10.5  # 五号
SMALL_PT = 9  # 小五: the wide ranking table
CHART_FONT = "Noto Sans CJK SC"
CHART_DPI = 200

# GB/T 9704 page: A4 with 37/35 mm top/bottom and 28/26 mm left/right margins.
PAGE_MM = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}
BODY_WIDTH_MM = PAGE_MM["width"] - PAGE_MM["left"] - PAGE_MM["right"]

# Ranking components as column headers: short enough for a 156 mm wide table.
KEEP_TOGETHER_ROWS = 16  # tables up to this many rows are never split across pages
# Header lines are broken by hand so that no header is wider than its figures need.
SHORT_LABELS = {
    "signed_investment": "签约\n金额",
    "major_signed_count": "10亿元\n以上项目",
    "funds_arrived": "到位\n资金",
    "fulfilment_rate": "合同\n履约率",
    "start_rate": "项目\n开工率",
    "funds_in_place_rate": "资金\n到位率",
    "production_rate": "投产率",
}


# --- The content, shared by both formats ------------------------------------------------------


@dataclass
class Table:
    """A table of the bulletin: relative column widths, alignment per column (l/c/r)."""

    caption: str
    headers: list
    rows: list
    widths: list
    align: list
    font_pt: float = TABLE_PT
    total_rows: int = 0  # the last rows that are totals (printed bold)
    note: str = ""


MM_PER_PT = 25.4 / 72
# Cell padding and borders: 1 mm a side in both formats (Word's default of 1.9 mm is narrowed
# in ``_cell_margins``), plus slack for the borders and rounding.
CELL_PAD_MM = 3.0
MIN_TEXT_MM = 14


def _em(text):
    """Rough width of ``text`` in ems: CJK and full-width characters 1, the rest (digits,
    separators, Latin) 0.55 (Noto Serif's digits are a little over half an em)."""
    return sum(1 if ord(ch) > 0x2E80 else 0.55 for ch in text)


def header_pt(table):
    """Headers are set a size smaller than the figures, as in printed statistical tables, so
    that long column names do not widen the columns."""
    return max(table.font_pt - 1.5, 7.5)


def column_widths(table):
    """Column widths in mm that fill the text width: figure columns (aligned right or centre)
    as wide as their longest value or header line, so amounts never overflow whatever their
    size; text columns share the rest by their relative ``widths`` and wrap if they must."""
    cell_mm, header_mm = table.font_pt * MM_PER_PT, header_pt(table) * MM_PER_PT
    first_total = len(table.rows) - table.total_rows

    def natural(i):
        header = max(_em(line) for line in table.headers[i].split("\n")) * header_mm
        # Totals are bold, a tenth wider.
        cells = [
            _em(row[i]) * (1.1 if r >= first_total else 1) * cell_mm
            for r, row in enumerate(table.rows)
        ]
        return max([header, *cells]) + CELL_PAD_MM

    flexible = [i for i, a in enumerate(table.align) if a == "l"]
    widths = [0 if i in flexible else natural(i) for i in range(len(table.headers))]
    room = BODY_WIDTH_MM - sum(widths)
    weight = sum(table.widths[i] for i in flexible) or 1
    for i in flexible:
        widths[i] = max(room * table.widths[i] / weight, MIN_TEXT_MM)
    # A text column wider than its longest text gives up the surplus; the scaling below hands
    # it to every column (and, should figures alone overflow the page, narrows all alike).
    for i in flexible:
        widths[i] = min(widths[i], natural(i))
    total = sum(widths)
    return [w * BODY_WIDTH_MM / total for w in widths]


@dataclass
class Block:
    """One piece of the document: heading (h1/h2), paragraph, table or figure."""

    kind: str
    text: str = ""
    table: Table | None = None
    chart: str = ""  # key in the charts dictionary
    extra: dict = field(default_factory=dict)


def _wan(value):
    return money.wan(value)


def _yi(value):
    return money.yi(value)


def _rate(rate):
    value = rate.get("value") if isinstance(rate, dict) else rate
    return "—" if value is None else f"{Decimal(value):.1f}%"


def _amount_phrase(value):
    """An amount for prose: 亿元 from 1亿 up (the way bulletins read), else 万元."""
    value = Decimal(value or 0)
    if value >= 10000:
        return f"{_yi(value)}亿元"
    return f"{_wan(value)}万元"


def _score(value):
    return "—" if value is None else f"{Decimal(str(value)):.2f}"


def _change(value):
    if value is None:
        return "—"
    if value > 0:
        return f"↑{value}"
    if value < 0:
        return f"↓{-value}"
    return "持平"


def _date_label(iso):
    day = datetime.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def header(snapshot):
    """The 报头 fields: title, number, issuer and date of issue."""
    issue = snapshot.get("issue") or {}
    issued_on = issue.get("issued_on") or snapshot["generated_at"][:10]
    return {
        "masthead": "招商引资工作通报",
        "number": issue.get("number"),
        "number_label": f"第 {issue.get('number') or '　'} 期",
        "issuer": snapshot["issuer"],
        "issued_on": _date_label(issued_on),
        "title": snapshot["title"],
    }


def _overview(snapshot):
    """一、总体情况: the city's month and year-to-date figures in two paragraphs."""
    period = snapshot["period"]
    names = snapshot["formulas"]
    m, y = snapshot["city"]["month"], snapshot["city"]["ytd"]
    month_text = (
        f"{period['label']}，全市新签约项目{m['signed_count']}个，签约金额"
        f"{_amount_phrase(m['signed_investment'])}，其中10亿元以上项目{m['major_signed_count']}个；"
        f"新开工项目{m['started_count']}个，新投产项目{m['production_count']}个；到位资金"
        f"{_amount_phrase(m['funds_arrived'])}，其中省外资金{_amount_phrase(m['out_of_province_funds'])}，"
        f"实际利用外资{_wan(m['foreign_funds_usd'])}万美元。"
    )
    ytd_text = (
        f"{period['ytd_label']}，全市累计签约项目{y['signed_count']}个，签约金额"
        f"{_amount_phrase(y['signed_investment'])}，其中10亿元以上项目{y['major_signed_count']}个；"
        f"“三个一批”累计签约{y['signed_count']}个、开工{y['started_count']}个、投产"
        f"{y['production_count']}个；累计到位资金{_amount_phrase(y['funds_arrived'])}，其中省外资金"
        f"{_amount_phrase(y['out_of_province_funds'])}，实际利用外资{_wan(y['foreign_funds_usd'])}万美元。"
        f"{names['fulfilment_rate']}{_rate(y['fulfilment_rate'])}，{names['start_rate']}"
        f"{_rate(y['start_rate'])}，{names['funds_in_place_rate']}{_rate(y['funds_in_place_rate'])}，"
        f"{names['production_rate']}{_rate(y['production_rate'])}。"
    )
    return [Block("p", month_text), Block("p", ytd_text)]


def _scope_tables(snapshot, rows, unit_label, first_number, total=None):
    """The three tables of one kind of scope: signings, 三个一批 and funds, rates."""
    ytd = snapshot["period"]["ytd_label"]
    month = snapshot["period"]["label"]
    names = snapshot["formulas"]
    all_rows = [*rows, total] if total else rows
    # Zone names run to 13 characters; give them room so each row stays one line.
    name_width = 30 if total else 44
    extra_note = (
        "“全市”含未落在各县（市、区）的市本级项目。"
        if total
        else "开发区项目同时计入所在县（市、区）。"
    )
    signing = Table(
        caption=f"表{first_number}　各{unit_label}签约情况",
        headers=[
            unit_label,
            "本月签约\n项目（个）",
            "本月签约金额\n（万元）",
            "累计签约\n项目（个）",
            "累计签约金额\n（万元）",
            "其中10亿元\n以上项目\n（个）",
        ],
        rows=[
            [
                r["name"],
                str(r["month"]["signed_count"]),
                _wan(r["month"]["signed_investment"]),
                str(r["ytd"]["signed_count"]),
                _wan(r["ytd"]["signed_investment"]),
                str(r["ytd"]["major_signed_count"]),
            ]
            for r in all_rows
        ],
        widths=[name_width, 16, 24, 16, 24, 18],
        align=["l", "r", "r", "r", "r", "r"],
        total_rows=1 if total else 0,
        note=f"本月为{month}，累计为{ytd}；金额为合同投资额（无合同额时为总投资）。" + extra_note,
    )
    progress = Table(
        caption=f"表{first_number + 1}　各{unit_label}“三个一批”和资金到位情况（{ytd}累计）",
        headers=[
            unit_label,
            "签约\n（个）",
            "开工\n（个）",
            "投产\n（个）",
            "到位资金\n（万元）",
            "省外资金\n（万元）",
            "实际利用外资\n（万美元）",
        ],
        rows=[
            [
                r["name"],
                str(r["ytd"]["signed_count"]),
                str(r["ytd"]["started_count"]),
                str(r["ytd"]["production_count"]),
                _wan(r["ytd"]["funds_arrived"]),
                _wan(r["ytd"]["out_of_province_funds"]),
                _wan(r["ytd"]["foreign_funds_usd"]),
            ]
            for r in all_rows
        ],
        # Six number columns: the name gives up a little room (zone names wrap to two lines).
        widths=[min(name_width, 40), 13, 13, 13, 21, 21, 24],
        align=["l", "r", "r", "r", "r", "r", "r"],
        total_rows=1 if total else 0,
    )
    rate_keys = ["fulfilment_rate", "start_rate", "funds_in_place_rate", "production_rate"]
    quality = Table(
        caption=f"表{first_number + 2}　各{unit_label}{'、'.join(names[k] for k in rate_keys)}（{ytd}）",
        headers=[unit_label, *(names[k] for k in rate_keys)],
        rows=[[r["name"], *(_rate(r["ytd"][k]) for k in rate_keys)] for r in all_rows],
        widths=[name_width, 18, 18, 18, 18],
        align=["l", "r", "r", "r", "r"],
        total_rows=1 if total else 0,
        note="“—”表示本期没有符合统计口径的项目（如没有合同约定本期开工的项目）。",
    )
    return [signing, progress, quality]


def _ranking_blocks(snapshot):
    section = snapshot["ranking"]
    blocks = [Block("p", section["note"])]
    components = section["components"]
    weighted = any(c.get("weight") is not None for c in components)
    for i, scope in enumerate(section["scopes"], start=1):
        if weighted:
            headers = [
                "名次",
                scope["label"],
                "综合\n得分",
                *(f"{SHORT_LABELS.get(c['key'], c['label'])}\n{c['weight']}%" for c in components),
                "名次\n变化",
            ]
            rows = [
                [
                    str(r["rank"]),
                    r["name"],
                    _score(r["score"]),
                    *(_score(r["components"].get(c["key"], {}).get("score")) for c in components),
                    _change(r.get("change")),
                ]
                for r in scope["rows"]
            ]
            widths = [8, 30, 11, *([11] * len(components)), 10]
            align = ["c", "l", "r", *(["r"] * len(components)), "c"]
            font = SMALL_PT
        else:
            headers = ["名次", scope["label"], "累计签约金额（万元）"]
            rows = [
                [
                    str(r["rank"]),
                    r["name"],
                    _wan(r["components"]["signed_investment"]["value"]),
                ]
                for r in scope["rows"]
            ]
            widths, align, font = [12, 50, 38], ["c", "l", "r"], TABLE_PT
        caption_basis = section.get("period_label") or section["basis"]
        blocks.append(
            Block(
                "table",
                table=Table(
                    caption=f"排名表{i}　{scope['label']}综合排名（{caption_basis}）",
                    headers=headers,
                    rows=rows,
                    widths=widths,
                    align=align,
                    font_pt=font,
                ),
            )
        )
    if weighted:
        weights = "、".join(f"{c['label']}{c['weight']}%" for c in components)
        method = section.get("normalization_label") or ""
        blocks.append(
            Block(
                "p",
                f"各项指标权重：{weights}。表中各项为该项指标的标准化得分（0—100分）"
                + (f"，标准化方法为{method}。" if method else "。"),
            )
        )
    return blocks


def _problem_blocks(snapshot):
    problems = snapshot["problems"]
    as_of = _date_label(problems["as_of"])
    if not problems["count"]:
        return [Block("p", f"截至{as_of}，全市没有处于滞后、停滞状态的项目。")]
    counts = "、".join(f"{label}{n}个" for label, n in problems["counts"].items())
    shown = len(problems["rows"])
    lead = (
        f"截至{as_of}，全市处于滞后、停滞状态的项目共{problems['count']}个（{counts}），"
        f"涉及投资{_amount_phrase(problems['amount'])}。"
        + (
            f"按投资额排列，前{shown}个项目如下："
            if shown < problems["count"]
            else "具体项目如下："
        )
    )
    table = Table(
        caption="表　滞后、停滞项目",
        headers=["序号", "项目名称", "责任单位", "阶段", "状态", "投资额\n（万元）", "原因"],
        rows=[
            [
                str(i),
                r["name"],
                r["region"],
                r["stage"],
                r["status_label"],
                _wan(r["amount"]),
                r["reason"] or "—",
            ]
            for i, r in enumerate(problems["rows"], start=1)
        ],
        widths=[7, 44, 14, 9, 9, 19, 34],
        align=["c", "l", "l", "c", "c", "r", "l"],
        font_pt=SMALL_PT,
    )
    closing = "请各责任单位逐个分析原因，明确责任人和时间节点，限期解决存在的问题，推动项目尽快恢复正常推进。"
    return [Block("p", lead), Block("table", table=table), Block("p", closing)]


def _names(rows, with_amount=True):
    if with_amount:
        return "、".join(f"{r['name']}（{_amount_phrase(r['signed_investment'])}）" for r in rows)
    return "、".join(r["name"] for r in rows)


def _by_kind(groups, with_amount=True):
    """``县（市、区）为甲（1.00亿元）、乙；开发区为丙`` from the non-empty groups."""
    return "；".join(f"{g['label']}为{_names(g['rows'], with_amount)}" for g in groups if g["rows"])


def _honour_blocks(snapshot):
    honours = snapshot["honours"]
    basis = honours["basis"]
    month = snapshot["period"]["label"]
    blocks = [Block("h2", "（一）通报表扬")]
    if any(g["rows"] for g in honours["commended"]):
        blocks.append(
            Block(
                "p",
                f"{basis}居前三位的单位：{_by_kind(honours['commended'])}。对以上单位予以通报表扬，"
                "并按规定在建设用地指标等方面给予激励支持。",
            )
        )
    else:
        blocks.append(Block("p", f"{basis}均为零，本期无通报表扬单位。"))
    blocks.append(Block("h2", "（二）工作预警"))
    if any(g["rows"] for g in honours["warned_bottom"]):
        blocks.append(Block("p", f"{basis}居后三位的单位：{_by_kind(honours['warned_bottom'])}。"))
    if any(g["rows"] for g in honours["warned_no_signing"]):
        idle = _by_kind(honours["warned_no_signing"], with_amount=False)
        blocks.append(Block("p", f"{month}没有新签约项目的单位：{idle}。"))
    else:
        blocks.append(Block("p", f"{month}各单位均有新签约项目。"))
    blocks.append(
        Block(
            "p",
            "请以上预警单位认真查找原因，拿出切实可行的改进措施，加快项目签约落地；"
            "对连续预警、工作不力的单位，市招商引资工作领导小组办公室将按规定进行约谈。",
        )
    )
    return blocks


def content(snapshot):
    """The blocks of the bulletin, in order, from the snapshot alone."""
    period = snapshot["period"]
    blocks = [Block("h1", "一、总体情况"), *_overview(snapshot)]
    blocks.append(
        Block(
            "figure", text=f"图1　{period['ytd_label']}全市每月签约金额和到位资金", chart="monthly"
        )
    )
    blocks.append(Block("h1", "二、各县（市、区）和开发区情况"))
    city_total = {"name": "全市", **snapshot["city"]}
    blocks.append(Block("h2", "（一）各县（市、区）"))
    county_tables = _scope_tables(snapshot, snapshot["regions"], "县（市、区）", 1, city_total)
    blocks.append(Block("table", table=county_tables[0]))
    blocks.append(
        Block(
            "figure", text=f"图2　各县（市、区）{period['ytd_label']}累计签约金额", chart="counties"
        )
    )
    blocks.extend(Block("table", table=t) for t in county_tables[1:])
    blocks.append(Block("h2", "（二）各开发区"))
    blocks.extend(
        Block("table", table=t) for t in _scope_tables(snapshot, snapshot["zones"], "开发区", 4)
    )
    blocks.append(Block("h1", "三、排名情况"))
    blocks.extend(_ranking_blocks(snapshot))
    blocks.append(Block("h1", "四、存在问题"))
    blocks.extend(_problem_blocks(snapshot))
    blocks.append(Block("h1", "五、表扬与预警"))
    blocks.extend(_honour_blocks(snapshot))
    return blocks


# --- Charts -----------------------------------------------------------------------------------


@functools.cache
def chart_font_family():
    """A Chinese font family matplotlib can draw with: Noto Sans CJK SC when fontconfig knows
    it, else the first font fontconfig lists for Simplified Chinese.

    The file is found with fc-list and registered with matplotlib, which reads every face of a
    .ttc collection, so the SC face (not the JP one at index 0) draws the labels.
    """
    from matplotlib import font_manager

    fc_list = shutil.which("fc-list")
    entries = []
    if fc_list:
        out = subprocess.run(  # noqa: S603 - fixed arguments, absolute path from shutil.which
            [fc_list, ":lang=zh-cn", "--format", "%{file}\t%{family}\n"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
        entries = [line.split("\t", 1) for line in out.splitlines() if "\t" in line]
    chosen = next((e for e in entries if CHART_FONT in e[1].split(",")), None)
    if chosen is None and entries:
        chosen = sorted(entries)[0]
    if chosen is None:
        log.warning("找不到中文字体（fc-list :lang=zh-cn 为空），图表中的中文将无法显示")
        return "DejaVu Sans"
    families = chosen[1].split(",")
    known = {f.name for f in font_manager.fontManager.ttflist}
    if not known.intersection(families):
        # matplotlib's cache was built before the font was installed.
        font_manager.fontManager.addfont(chosen[0])
    return CHART_FONT if CHART_FONT in families else families[0]


def _chart_unit(values):
    """亿元 for large amounts, 万元 otherwise: (divisor, unit label)."""
    return (Decimal(10000), "亿元") if max(values, default=0) >= 10000 else (Decimal(1), "万元")


def _png(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=CHART_DPI)
    return buffer.getvalue()


def _county_chart(snapshot):
    from matplotlib.figure import Figure
    from matplotlib.ticker import StrMethodFormatter

    rows = sorted(snapshot["regions"], key=lambda r: -Decimal(r["ytd"]["signed_investment"]))
    values = [Decimal(r["ytd"]["signed_investment"]) for r in rows]
    divisor, unit = _chart_unit(values)
    scaled = [float(v / divisor) for v in values]
    fig = Figure(figsize=(6.3, 3.1), layout="constrained")
    ax = fig.add_subplot()
    bars = ax.bar([r["name"] for r in rows], scaled, color="#2f5597", width=0.6)
    ax.bar_label(bars, labels=[f"{v:,.2f}" for v in scaled], fontsize=7, padding=2)
    ax.set_ylabel(f"签约金额（{unit}）", fontsize=9)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.tick_params(axis="x", labelsize=8, rotation=30)
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(y=0.15)
    return _png(fig)


def _monthly_chart(snapshot):
    from matplotlib.figure import Figure
    from matplotlib.ticker import StrMethodFormatter

    series = snapshot["monthly"]
    signed = [Decimal(p["signed_investment"]) for p in series]
    funds = [Decimal(p["funds_arrived"]) for p in series]
    divisor, unit = _chart_unit(signed + funds)
    months = [f"{p['month']}月" for p in series]
    fig = Figure(figsize=(6.3, 2.9), layout="constrained")
    ax = fig.add_subplot()
    for values, label, color, marker in (
        (signed, "签约金额", "#c00000", "o"),
        (funds, "到位资金", "#2f5597", "s"),
    ):
        scaled = [float(v / divisor) for v in values]
        ax.plot(months, scaled, label=label, color=color, marker=marker, linewidth=1.6)
        for x, y in zip(months, scaled, strict=True):
            ax.annotate(
                f"{y:,.2f}",
                (x, y),
                textcoords="offset points",
                xytext=(0, 5),
                ha="center",
                fontsize=7,
                color=color,
            )
    ax.set_ylabel(f"金额（{unit}）", fontsize=9)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(bottom=0)
    ax.margins(y=0.2)
    return _png(fig)


def charts(snapshot):
    """``{"counties": png, "monthly": png}``, drawn with a Chinese font."""
    import matplotlib

    family = chart_font_family()
    with matplotlib.rc_context(
        {"font.family": [family, "DejaVu Sans"], "axes.unicode_minus": False}
    ):
        return {"counties": _county_chart(snapshot), "monthly": _monthly_chart(snapshot)}


# --- Word -------------------------------------------------------------------------------------


def _set_font(run, *, east_asia=FONT_BODY, size=BODY_PT, bold=False, color=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = FONT_LATIN
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    # python-docx sets only the Latin font; Chinese text uses the eastAsia slot.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def _paragraph(doc_or_cell, text, *, align=None, indent=True, spacing=28, **font):
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    p = doc_or_cell.add_paragraph()
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Pt(font.get("size", BODY_PT) * 2)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if spacing:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(spacing)
    if text:
        _set_font(p.add_run(text), **font)
    return p


def _border(paragraph, side, color, size):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))
    edge.set(qn("w:space"), "1")
    edge.set(qn("w:color"), color)
    borders.append(edge)


def _page_number_footer(section):
    """Centred “— N —” in the footer, N being Word's PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def field_char(kind):
        run = p.add_run()
        _set_font(run, east_asia=FONT_TITLE, size=14)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    _set_font(p.add_run("— "), east_asia=FONT_TITLE, size=14)
    field_char("begin")
    instr_run = p.add_run()
    _set_font(instr_run, east_asia=FONT_TITLE, size=14)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run._r.append(instr)
    field_char("separate")
    _set_font(p.add_run("1"), east_asia=FONT_TITLE, size=14)
    field_char("end")
    _set_font(p.add_run(" —"), east_asia=FONT_TITLE, size=14)


def _cell_shading(cell, fill):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_margins(grid, mm=1):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(mm * 56.7)))  # twentieths of a point
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    grid._tbl.tblPr.append(margins)


def _repeat_header(row):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _docx_table(doc, table):
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    aligns = {
        "l": WD_ALIGN_PARAGRAPH.LEFT,
        "c": WD_ALIGN_PARAGRAPH.CENTER,
        "r": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    caption = _paragraph(
        doc,
        table.caption,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        spacing=None,
        east_asia=FONT_HEADING,
        size=12,
    )
    caption.paragraph_format.space_before = Mm(2)
    caption.paragraph_format.space_after = Mm(1)
    caption.paragraph_format.keep_with_next = True
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _cell_margins(grid)
    widths = [Mm(w) for w in column_widths(table)]
    # Word reads the cell widths, LibreOffice and WPS the grid's: set both.
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    body_rows = len(table.rows)
    keep = body_rows <= KEEP_TOGETHER_ROWS
    for r, values in enumerate([table.headers, *table.rows]):
        row = grid.rows[r]
        is_header = r == 0
        is_total = not is_header and r > body_rows - table.total_rows
        if is_header:
            _repeat_header(row)
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = widths[c]
            p = cell.paragraphs[0]
            p.alignment = aligns["c"] if is_header else aligns[table.align[c]]
            _set_font(
                p.add_run(value),
                east_asia=FONT_HEADING if is_header else FONT_BODY,
                size=header_pt(table) if is_header else table.font_pt,
                bold=is_total,
            )
            if is_header:
                _cell_shading(cell, "E7E6E6")
            # Word keeps a short table on one page when every row but the last keeps with next.
            if keep and r < body_rows:
                p.paragraph_format.keep_with_next = True
    if table.note:
        _paragraph(doc, table.note, indent=False, spacing=None, size=SMALL_PT)
    _paragraph(doc, "", indent=False, spacing=None, size=6)


def render_docx(snapshot, chart_images):
    """The bulletin as .docx bytes."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM["width"]), Mm(PAGE_MM["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE_MM["top"]), Mm(PAGE_MM["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE_MM["left"]), Mm(PAGE_MM["right"])
    section.footer_distance = Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name = FONT_LATIN
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT_BODY
    )
    info = header(snapshot)
    doc.core_properties.title = info["title"]
    doc.core_properties.author = info["issuer"]

    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(
        doc,
        info["masthead"],
        align=center,
        indent=False,
        spacing=None,
        east_asia=FONT_TITLE,
        size=36,
        bold=True,
        color=RED,
    )
    _paragraph(doc, info["number_label"], align=center, indent=False, spacing=30)
    line = _paragraph(doc, "", indent=False, spacing=30)
    line.paragraph_format.tab_stops.add_tab_stop(Mm(BODY_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    _set_font(line.add_run(f"{info['issuer']}\t{info['issued_on']}"), size=14)
    _border(line, "bottom", RED, 24)
    title = _paragraph(
        doc,
        info["title"],
        align=center,
        indent=False,
        spacing=None,
        east_asia=FONT_TITLE,
        size=22,
        bold=True,
    )
    title.paragraph_format.space_before = Pt(24)
    title.paragraph_format.space_after = Pt(18)

    for block in content(snapshot):
        if block.kind == "h1":
            _paragraph(
                doc, block.text, east_asia=FONT_HEADING
            ).paragraph_format.keep_with_next = True
        elif block.kind == "h2":
            _paragraph(
                doc, block.text, east_asia=FONT_SUBHEADING
            ).paragraph_format.keep_with_next = True
        elif block.kind == "p":
            p = _paragraph(doc, block.text)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif block.kind == "table":
            _docx_table(doc, block.table)
        elif block.kind == "figure":
            picture = doc.add_paragraph()
            picture.alignment = center
            picture.paragraph_format.keep_with_next = True
            picture.add_run().add_picture(
                io.BytesIO(chart_images[block.chart]), width=Mm(BODY_WIDTH_MM)
            )
            _paragraph(
                doc,
                block.text,
                align=center,
                indent=False,
                spacing=None,
                east_asia=FONT_HEADING,
                size=12,
            )
    _page_number_footer(section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------


def render_pdf(snapshot, chart_images):
    """The bulletin as PDF bytes: an HTML template printed by WeasyPrint."""
    from weasyprint import HTML

    uris = {
        key: "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        for key, png in chart_images.items()
    }
    blocks = []
    for block in content(snapshot):
        item = {"kind": block.kind, "text": block.text, "uri": uris.get(block.chart, "")}
        if block.table:
            t = block.table
            fitted = column_widths(t)
            first_total = len(t.rows) - t.total_rows
            item["table"] = {
                "caption": t.caption,
                "headers": t.headers,
                "rows": [
                    {"cells": list(zip(row, t.align, strict=True)), "total": i >= first_total}
                    for i, row in enumerate(t.rows)
                ],
                "widths": [f"{w * 100 / BODY_WIDTH_MM:.2f}%" for w in fitted],
                "font_pt": t.font_pt,
                "header_pt": header_pt(t),
                "note": t.note,
                "keep": len(t.rows) <= KEEP_TOGETHER_ROWS,
            }
        blocks.append(item)
    html = render_to_string(
        "supervision/bulletin_pdf.html",
        {"info": header(snapshot), "blocks": blocks, "page": PAGE_MM, "red": RED},
    )
    return HTML(string=html).write_pdf()


def render_files(snapshot):
    """``(docx_bytes, pdf_bytes)`` of a snapshot; the charts are drawn once for both."""
    images = charts(snapshot)
    return render_docx(snapshot, images), render_pdf(snapshot, images)
