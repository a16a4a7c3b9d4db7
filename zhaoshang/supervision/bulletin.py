"""月通报: the month's figures of the city, every county and every zone, frozen and published.

``build_snapshot`` gathers everything the bulletin says into one JSON-ready dictionary; the
renderers (``bulletin_render``) read only that dictionary, so a published bulletin can be
rendered again from its stored snapshot and says exactly what it said on the day.

In the snapshot, amounts (万元, 万美元), rates (%) and scores are decimal *strings* (exact, as
printed); counts are integers; undefined rates are ``None``. Every figure carries the ids of the
projects behind it (``projects``) for drill-down.
"""

import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from zhaoshang.projects.choices import Stage, Status
from zhaoshang.projects.models import Project
from zhaoshang.regions.choices import RegionLevel
from zhaoshang.regions.models import DevelopmentZone, Region

from . import periods, rates
from .choices import ScopeKind
from .models import Bulletin, PublishedRanking

log = logging.getLogger(__name__)

SNAPSHOT_VERSION = 1
ISSUER = "新乡市招商引资工作领导小组办公室"
PROBLEM_LIMIT = 20
HONOUR_COUNT = 3
PROBLEM_STATUSES = (Status.DELAYED, Status.STALLED)

# The rates of rates.Figures, in the order the bulletin prints them.
RATE_KEYS = ["fulfilment_rate", "start_rate", "funds_in_place_rate", "production_rate"]
AMOUNT_KEYS = [
    "signed_investment",
    "funds_arrived",
    "out_of_province_funds",
    "foreign_funds_usd",
]
COUNT_KEYS = ["signed_count", "major_signed_count", "started_count", "production_count"]
# Full-width brackets, as printed in official documents (ScopeKind's labels are for forms).
SCOPE_LABELS = {ScopeKind.REGION: "县（市、区）", ScopeKind.ZONE: "开发区"}


# --- Names and periods ------------------------------------------------------------------------


def formula_names():
    """``{key: name}`` of every figure as rates.FORMULAS names it (the help page's wording)."""
    return {item["key"]: item["name"] for item in rates.FORMULAS}


def bulletin_title(period):
    return f"新乡市招商引资工作月通报（{period.label}）"


def month_of(code):
    """The month named by ``code`` (``2025-06``) or a ``ValidationError`` in Chinese."""
    try:
        period = periods.parse(code)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    if period.kind != "month":
        raise ValidationError(f"月通报须选择月份（如 2025-06），而不是“{code}”")
    return period


def last_month(today=None):
    """The month before ``today``'s (Beijing date)."""
    today = today or timezone.localdate()
    return periods.month(today.year, today.month).previous()


def year_to_date_label(period):
    """``2025年1—6月`` (or ``2025年1月`` in January): how bulletins name the cumulative span."""
    y, m = period.start.year, period.end.month
    return f"{y}年1月" if m == 1 else f"{y}年1—{m}月"


def next_number(year):
    """期号 of the next bulletin of ``year``: the year's bulletins so far plus one."""
    return Bulletin.objects.filter(period_code__startswith=f"{year}-").count() + 1


# --- Serialising figures ----------------------------------------------------------------------


def _amount(value):
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def _rate(rate):
    value = rate.value
    return {
        "value": None if value is None else str(value),
        "numerator": str(rate.numerator),
        "denominator": str(rate.denominator),
    }


def figures_dict(f):
    """``rates.Figures`` as JSON: counts as ints, amounts and rates as strings, project ids."""
    data = {key: getattr(f, key) for key in COUNT_KEYS}
    data.update({key: _amount(getattr(f, key)) for key in AMOUNT_KEYS})
    data.update({key: _rate(getattr(f, key)) for key in RATE_KEYS})
    data["projects"] = {key: sorted(ids) for key, ids in f.projects.items() if ids}
    return data


def _scope_rows(scopes, month_by, ytd_by):
    """One row per scope with its month and year-to-date figures (zeros when it has none)."""
    empty = rates.Figures()
    return [
        {
            "id": sid,
            "name": name,
            "month": figures_dict(month_by.get(sid, empty)),
            "ytd": figures_dict(ytd_by.get(sid, empty)),
        }
        for sid, name in scopes
    ]


# --- Sections ---------------------------------------------------------------------------------


def _monthly_series(period):
    """Signed investment and funds arrived per month from January to ``period``'s month."""
    return [
        {
            "month": month.start.month,
            "signed_investment": _amount(signed_investment),
            "funds_arrived": _amount(funds),
        }
        for month, _, signed_investment, funds in rates.monthly(period)
    ]


def _problems(period, region_names, zone_names):
    """Projects 滞后 or 停滞 at the end of ``period``, read from their status history."""
    moment = rates.end_of_day(period.end)
    latest = (
        Project.history.filter(history_date__lt=moment)
        .values("id")
        .annotate(last=Max("history_id"))
        .values("last")
    )
    records = (
        Project.history.filter(history_id__in=latest, status__in=PROBLEM_STATUSES)
        .exclude(history_type="-")
        .values_list(
            "id",
            "name",
            "region_id",
            "zone_id",
            "stage",
            "status",
            "status_reason",
            "contracted_investment",
            "total_investment",
        )
    )
    rows = []
    for pid, name, region_id, zone_id, stage, status, reason, contracted, total in records:
        amount = contracted if contracted is not None else (total or Decimal(0))
        rows.append(
            {
                "id": pid,
                "name": name,
                "region": region_names.get(region_id, ""),
                "zone": zone_names.get(zone_id, ""),
                "stage": Stage(stage).label if stage in Stage.values else stage,
                "status": status,
                "status_label": Status(status).label,
                "reason": reason,
                "amount": Decimal(amount),
            }
        )
    rows.sort(key=lambda r: (-r["amount"], r["id"]))
    total_amount = sum((r["amount"] for r in rows), Decimal(0))
    counts = {s.label: sum(1 for r in rows if r["status"] == s) for s in PROBLEM_STATUSES}
    for row in rows:
        row["amount"] = _amount(row["amount"])
    return {
        "as_of": period.end.isoformat(),
        "count": len(rows),
        "counts": counts,
        "amount": _amount(total_amount),
        "rows": rows[:PROBLEM_LIMIT],
        "ids": [r["id"] for r in rows],
    }


def _text_number(value):
    """A ranking number as the snapshot stores numbers: ints stay, the rest become strings."""
    if value is None or isinstance(value, (int, str)):
        return value
    return str(Decimal(str(value)))


def _clean_ranking(result):
    """A ``compute_ranking`` result without its input lists (the scope tables already carry
    the project ids) and with amounts, rates and scores as strings like the rest."""
    rows = []
    for row in result["rows"]:
        components = {
            key: {name: _text_number(v) for name, v in parts.items()}
            for key, parts in row["components"].items()
        }
        rows.append(
            {
                "rank": row["rank"],
                "scope_id": row["scope_id"],
                "name": row["name"],
                "score": _text_number(row["score"]),
                "components": components,
                "change": row.get("change"),
            }
        )
    return rows


def _fallback_ranking(rows_by_kind):
    """Rank by year-to-date signed investment when the ranking module cannot be used."""
    scopes = []
    for kind, rows in rows_by_kind:
        ordered = sorted(rows, key=lambda r: (-Decimal(r["ytd"]["signed_investment"]), r["name"]))
        ranked = []
        for i, row in enumerate(ordered, start=1):
            value = row["ytd"]["signed_investment"]
            ranked.append(
                {
                    "rank": i,
                    "scope_id": row["id"],
                    "name": row["name"],
                    "score": None,
                    "components": {
                        "signed_investment": {"value": value, "score": None, "weight": None}
                    },
                    "change": None,
                }
            )
        scopes.append({"kind": str(kind), "label": SCOPE_LABELS[kind], "rows": ranked})
    return scopes


def _ranking_module():
    """The ranking module, or ``None`` when it cannot be imported (the bulletin then ranks by
    signed investment and says so rather than failing the whole month)."""
    try:
        from . import ranking
    except ImportError:
        log.exception("排名模块不可用，月通报按签约金额排序")
        return None
    return ranking if hasattr(ranking, "compute_ranking") else None


def _ranking_section(period, rows_by_kind):
    """三、排名情况: the quarter's ranking when ``period`` closes a quarter (as published, if it
    was), otherwise the ranking on January-to-month figures with the change since last month."""
    ytd_label = year_to_date_label(period)
    ranking = _ranking_module()
    if ranking is None:
        return {
            "source": "fallback",
            "basis": f"{ytd_label}累计签约金额",
            "note": f"综合排名规则暂不可用，本期按{ytd_label}累计签约金额排序。",
            "components": [
                {"key": "signed_investment", "label": "签约金额", "unit": "万元", "weight": None}
            ],
            "normalization_label": "",
            "scopes": _fallback_ranking(rows_by_kind),
        }
    closes_quarter = period.end.month % 3 == 0
    ranked_period = (
        periods.quarter(period.start.year, period.end.month // 3) if closes_quarter else period
    )
    scopes = []
    sources = set()
    config = None
    for kind, _rows in rows_by_kind:
        published = None
        if closes_quarter:
            published = PublishedRanking.objects.filter(
                period_code=ranked_period.code, scope_kind=kind
            ).first()
        result = published.snapshot if published else ranking.compute_ranking(ranked_period, kind)
        sources.add("published" if published else "computed")
        config = config or result.get("config", {})
        scopes.append(
            {"kind": str(kind), "label": SCOPE_LABELS[kind], "rows": _clean_ranking(result)}
        )
    weights = (config or {}).get("weights", {})
    components = [
        {
            "key": c.key,
            "label": c.label,
            "unit": ranking.UNITS.get(c.key, ""),
            "weight": weights.get(c.key),
        }
        for c in ranking.COMPONENTS
    ]
    change_basis = "上季度" if closes_quarter else "上月"
    note = (
        f"按{ytd_label}累计数据计算，各项指标标准化为0—100分后按权重加权求和（满分100分）；"
        f"名次变化与{change_basis}相比。"
    )
    if sources == {"published"}:
        note = f"以已发布的{ranked_period.label}排名为准。" + note
    return {
        "source": "published" if sources == {"published"} else "computed",
        "period_code": ranked_period.code,
        "period_label": ranked_period.label,
        "basis": f"{ytd_label}累计数据",
        "note": note,
        "components": components,
        "normalization_label": (config or {}).get("normalization_label", ""),
        "scopes": scopes,
    }


def _honour_entry(row):
    return {
        "id": row["id"],
        "name": row["name"],
        "signed_investment": row["ytd"]["signed_investment"],
        "signed_count": row["ytd"]["signed_count"],
    }


def _honours(period, rows_by_kind):
    """五、表扬与预警: the three highest and lowest by year-to-date signed investment, and every
    scope that signed nothing this month (the plan: commend the best, call in the weakest)."""
    commended, bottom, idle = [], [], []
    for kind, rows in rows_by_kind:
        label = SCOPE_LABELS[kind]
        entry = _honour_entry
        ordered = sorted(rows, key=lambda r: (-Decimal(r["ytd"]["signed_investment"]), r["name"]))
        # Only a scope that signed something can be commended, whatever its place.
        best = [entry(r) for r in ordered[:HONOUR_COUNT] if Decimal(r["ytd"]["signed_investment"])]
        best_ids = {r["id"] for r in best}
        worst = [entry(r) for r in ordered[::-1] if r["id"] not in best_ids][:HONOUR_COUNT]
        none = [entry(r) for r in rows if r["month"]["signed_count"] == 0]
        commended.append({"kind": str(kind), "label": label, "rows": best})
        bottom.append({"kind": str(kind), "label": label, "rows": worst})
        idle.append({"kind": str(kind), "label": label, "rows": none})
    return {
        "basis": f"{year_to_date_label(period)}累计签约金额",
        "commended": commended,
        "warned_bottom": bottom,
        "warned_no_signing": idle,
    }


# --- The snapshot -----------------------------------------------------------------------------


def build_snapshot(period):
    """Everything the month's bulletin says, as a JSON-ready dictionary.

    Figures are computed once per distinct period and grouping (the month and 1 January to
    the month's end, for the city, per county and per zone; the ranking reuses them), so the
    cost does not grow with the number of scopes.
    """
    with rates.reuse_loads():
        return _build_snapshot(period)


def _build_snapshot(period):
    if isinstance(period, str):
        period = month_of(period)
    ytd = periods.ytd(period.end)
    counties = list(
        Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").values_list("id", "name")
    )
    zones = list(DevelopmentZone.objects.order_by("id").values_list("id", "name"))

    def by(span, key):
        return rates.figures_by(span, key, ids=True)

    regions = _scope_rows(counties, by(period, "region_id"), by(ytd, "region_id"))
    zone_rows = _scope_rows(zones, by(period, "zone_id"), by(ytd, "zone_id"))
    rows_by_kind = [(ScopeKind.REGION, regions), (ScopeKind.ZONE, zone_rows)]
    region_names = dict(Region.objects.values_list("id", "name"))
    return {
        "version": SNAPSHOT_VERSION,
        "title": bulletin_title(period),
        "issuer": ISSUER,
        "period": {
            "code": period.code,
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "ytd_label": year_to_date_label(period),
        },
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "formulas": formula_names(),
        "city": {
            "month": figures_dict(rates.figures(period, ids=True)),
            "ytd": figures_dict(rates.figures(ytd, ids=True)),
        },
        "regions": regions,
        "zones": zone_rows,
        "monthly": _monthly_series(period),
        "ranking": _ranking_section(period, rows_by_kind),
        "problems": _problems(period, region_names, dict(zones)),
        "honours": _honours(period, rows_by_kind),
    }


def project_ids(snapshot, scope, span, key):
    """The project ids behind one figure of a snapshot, for drill-down.

    ``scope`` is ``"city"``, ``"region:<id>"`` or ``"zone:<id>"``; ``span`` is ``"month"`` or
    ``"ytd"``; ``key`` a list of ``rates.Figures.projects`` (``signed``, ``funds``, ``cohort``…)
    or ``"problems"``. Unknown names give ``None`` (the view answers 404).
    """
    if key == "problems":
        return snapshot["problems"].get("ids", []) if scope == "city" else None
    if span not in ("month", "ytd"):
        return None
    if scope == "city":
        figures = snapshot["city"][span]
    else:
        kind, _, sid = scope.partition(":")
        rows = {"region": snapshot["regions"], "zone": snapshot["zones"]}.get(kind)
        row = next((r for r in rows or [] if str(r["id"]) == sid), None)
        if row is None:
            return None
        figures = row[span]
    return figures["projects"].get(key, [])


# --- Publishing -------------------------------------------------------------------------------


def can_publish(user):
    """Only the city administrator publishes or regenerates bulletins (and the scheduler)."""
    return bool(user and user.is_authenticated and user.is_city_admin)


def _file_names(period):
    # Stored under ASCII names; users download them under the Chinese title.
    return f"bulletin-{period.code}.docx", f"bulletin-{period.code}.pdf"


def publish_bulletin(period, *, acting_user=None, force=False):
    """Compute, render and store the bulletin of ``period`` (a month or its code).

    ``acting_user`` is the city administrator, or ``None`` for the scheduler and the command
    line. A month is published once: a second publish is refused with a Chinese message unless
    ``force`` is set, which recomputes the snapshot and replaces both files under the same
    number (for correcting data after publication). A month that has not ended is refused.
    """
    from . import bulletin_render

    if isinstance(period, str):
        period = month_of(period)
    if acting_user is not None and not can_publish(acting_user):
        raise PermissionDenied("只有市级管理员可以发布月通报")
    if period.end >= timezone.localdate():
        raise ValidationError(f"{period.label}尚未结束，不能发布月通报")
    existing = Bulletin.objects.filter(period_code=period.code).first()
    if existing and not force:
        raise ValidationError(
            f"{period.label}的月通报已于{timezone.localtime(existing.published_at):%Y年%m月%d日}"
            f"发布（{period.start.year}年第{existing.number}期），不能重复发布。"
            "如数据更正后需要重新生成，市级管理员可勾选“重新生成并替换原文件”后再提交。"
        )
    # The slow part (figures, charts, PDF) runs before the transaction, so that the database
    # is not held while it runs.
    snapshot = build_snapshot(period)
    number = existing.number if existing else next_number(period.start.year)
    snapshot["issue"] = {"number": number, "issued_on": timezone.localdate().isoformat()}
    docx_bytes, pdf_bytes = bulletin_render.render_files(snapshot)
    docx_name, pdf_name = _file_names(period)
    with transaction.atomic():
        bulletin = (
            Bulletin.objects.select_for_update().filter(period_code=period.code).first()
            if force
            else None
        )
        if bulletin is None:
            bulletin = Bulletin(period_code=period.code, number=number)
        # On a regeneration the new files are stored beside the old ones (the storage gives
        # them fresh names) and the old ones go only once the new row is committed, so a
        # failure leaves the published bulletin as it was.
        old_files = [f.name for f in (bulletin.docx, bulletin.pdf) if f]
        bulletin.title = snapshot["title"]
        bulletin.snapshot = snapshot
        bulletin.published_by = acting_user
        try:
            bulletin.docx.save(docx_name, ContentFile(docx_bytes), save=False)
            bulletin.pdf.save(pdf_name, ContentFile(pdf_bytes), save=False)
            bulletin.full_clean(validate_constraints=False)
            with transaction.atomic():
                bulletin.save()
        except Exception as exc:
            for new_file in (bulletin.docx, bulletin.pdf):
                if new_file and new_file.name not in old_files:
                    new_file.storage.delete(new_file.name)
            if isinstance(exc, IntegrityError):
                # Lost a race with a concurrent publish of the same month.
                raise ValidationError(f"{period.label}的月通报已发布，不能重复发布") from exc
            raise
        storage = bulletin.docx.storage
        stale = [n for n in old_files if n not in (bulletin.docx.name, bulletin.pdf.name)]
        transaction.on_commit(lambda: [storage.delete(name) for name in stale])
    log.info("月通报已发布：%s（第%s期）", bulletin.title, bulletin.number)
    return bulletin


def publish_last_month(today=None):
    """What the monthly job does: publish last month's bulletin unless it already exists.

    Returns the new bulletin, or ``None`` when the month was already published.
    """
    period = last_month(today)
    if Bulletin.objects.filter(period_code=period.code).exists():
        log.info("%s的月通报已发布，跳过", period.label)
        return None
    return publish_bulletin(period)


def bulletin_files(period, *, number=None, issued_on=None):
    """``(title, docx_bytes, pdf_bytes)`` of ``period`` without publishing (command line
    preview). The number is the published one, else the one the next bulletin would get."""
    from . import bulletin_render

    if isinstance(period, str):
        period = month_of(period)
    snapshot = build_snapshot(period)
    existing = Bulletin.objects.filter(period_code=period.code).first()
    if number is None:
        number = existing.number if existing else next_number(period.start.year)
    issued_on = issued_on or timezone.localdate()
    snapshot["issue"] = {"number": number, "issued_on": issued_on.isoformat()}
    docx_bytes, pdf_bytes = bulletin_render.render_files(snapshot)
    return snapshot["title"], docx_bytes, pdf_bytes
