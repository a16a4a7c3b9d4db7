"""季排名: counties and development zones ranked each quarter by weighted rates and totals.

A quarter is ranked on its year-to-date figures (Q2 means 1—6月), the usual practice of Chinese
rankings, so that a quarter without a signing does not erase a good first quarter. Each component
is normalised across the scopes (``RankingConfig.normalization``), weighted by the year's
``RankingConfig.weights`` and summed into a score out of 100.

The dictionary ``compute_ranking`` returns is JSON-ready and is exactly what ``publish_ranking``
freezes into ``PublishedRanking.snapshot``: values are numbers (``int`` counts, ``float``
amounts, rates and scores) or ``None`` for an undefined rate. Once stored, JSON turns the integer
keys of ``inputs`` into strings; ``frozen`` gives a published snapshot back with integer keys.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhaoshang.regions.choices import RegionLevel
from zhaoshang.regions.models import DevelopmentZone, Region

from . import periods, rates
from .choices import Normalization, ScopeKind
from .models import PublishedRanking, RankingConfig

HUNDRED = Decimal(100)
CENTS = Decimal("0.01")


class Component(NamedTuple):
    """One ranked figure: its key, its Chinese label and how it is read from ``rates.Figures``."""

    key: str
    label: str
    read: object  # Figures -> Decimal | int | None


COMPONENTS = [
    Component("signed_investment", "签约金额", lambda f: f.signed_investment),
    Component("major_signed_count", "10亿元以上签约项目数", lambda f: f.major_signed_count),
    Component("funds_arrived", "到位资金", lambda f: f.funds_arrived),
    Component("fulfilment_rate", "合同履约率", lambda f: f.fulfilment_rate.value),
    Component("start_rate", "项目开工率", lambda f: f.start_rate.value),
    Component("funds_in_place_rate", "资金到位率", lambda f: f.funds_in_place_rate.value),
    Component("production_rate", "投产率", lambda f: f.production_rate.value),
]
COMPONENT_KEYS = [c.key for c in COMPONENTS]
LABELS = {c.key: c.label for c in COMPONENTS}
UNITS = {
    "signed_investment": "万元",
    "major_signed_count": "个",
    "funds_arrived": "万元",
    "fulfilment_rate": "%",
    "start_rate": "%",
    "funds_in_place_rate": "%",
    "production_rate": "%",
}
# Which list of ``Figures.projects`` holds the projects behind each component (for a rate, the
# projects of its denominator, the numerator's being among them).
_INPUT_LISTS = {
    "signed_investment": "signed",
    "major_signed_count": "major_signed",
    "funds_arrived": "funds",
    "fulfilment_rate": "fulfilment_due",
    "start_rate": "cohort",
    "funds_in_place_rate": "cohort",
    "production_rate": "cohort_started",
}
_DEFAULT_WEIGHTS = {
    "signed_investment": 20,
    "major_signed_count": 10,
    "funds_arrived": 20,
    "fulfilment_rate": 15,
    "start_rate": 15,
    "funds_in_place_rate": 10,
    "production_rate": 10,
}

HELP_TEXT = (
    "季度排名按年初至季末的累计数据计算（如第二季度为1—6月），这是各地排名的通行口径。"
    "各项指标先在参评单位之间标准化为0—100分，再按权重加权求和（满分100分，保留两位小数）；"
    "比率无法计算（如没有应开工项目）的单位，该项记0分并显示为“—”。"
    "得分相同者名次并列，按名称排序。"
)


def default_weights():
    """The weights used until the city administrator sets a year's own (they sum to 100)."""
    return dict(_DEFAULT_WEIGHTS)


def config_for(year):
    """The stored ``RankingConfig`` of ``year``, or an unsaved one with the default rules."""
    config = RankingConfig.objects.filter(year=year).first()
    if config is None:
        config = RankingConfig(
            year=year, weights=default_weights(), normalization=Normalization.MIN_MAX
        )
    return config


def validate_weights(weights):
    """Raise ``ValidationError`` (Chinese) unless ``weights`` gives every component a
    non-negative integer and the weights sum to 100; return them in component order."""
    unknown = set(weights) - set(COMPONENT_KEYS)
    if unknown:
        raise ValidationError(f"未知的排名指标：{'、'.join(sorted(unknown))}")
    cleaned = {}
    for key in COMPONENT_KEYS:
        value = weights.get(key)
        # bool is an int subclass; a ticked box is not a weight.
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(f"“{LABELS[key]}”的权重须为非负整数")
        cleaned[key] = value
    total = sum(cleaned.values())
    if total != 100:
        raise ValidationError(f"各项权重之和须为100，当前为{total}")
    return cleaned


@transaction.atomic
def set_config(year, *, acting_user, weights, normalization):
    """Store the weights and normalisation of ``year``'s ranking (city administrator only)."""
    if acting_user is None or not acting_user.is_city_admin:
        raise PermissionDenied("只有市级管理员可以设置排名规则")
    weights = validate_weights(weights)
    if normalization not in Normalization.values:
        raise ValidationError("请选择有效的标准化方法")
    config = RankingConfig.objects.select_for_update().filter(year=year).first()
    config = config or RankingConfig(year=year)
    config.weights = weights
    config.normalization = normalization
    config.updated_by = acting_user
    config.full_clean()
    config.save()
    return config


def _to_period(period):
    return periods.parse(period) if isinstance(period, str) else period


def figures_period(period):
    """The period whose figures rank ``period``: 1 January up to the period's end."""
    return periods.ytd(period.end)


def last_complete_quarter(today=None):
    """The latest quarter that has ended by ``today`` (Beijing date)."""
    today = today or timezone.localdate()
    return periods.quarter(today.year, (today.month - 1) // 3 + 1).previous()


def _scopes(scope_kind):
    """(id, name) of every ranked scope: the 12 counties or the 13 development zones."""
    if scope_kind == ScopeKind.REGION:
        qs = Region.objects.filter(level=RegionLevel.COUNTY)
    elif scope_kind == ScopeKind.ZONE:
        qs = DevelopmentZone.objects.all()
    else:
        raise ValueError(f"未知的排名对象：{scope_kind}")
    return list(qs.order_by("id").values_list("id", "name"))


def _normalise(values, method):
    """0—100 per scope from ``{scope_id: Decimal | None}``; ``None`` scores 0 and takes no part
    in the scaling. When every defined value is equal, all of them score 100 (no one is worse)."""
    defined = {k: Decimal(v) for k, v in values.items() if v is not None}
    result = dict.fromkeys(values, Decimal(0))
    if not defined:
        return result
    high, low = max(defined.values()), min(defined.values())
    if method == Normalization.RANK:
        ordered = sorted(defined.values(), reverse=True)
        # Competition ranking (1, 2, 2, 4): tied values share the better place.
        place = {}
        for i, value in enumerate(ordered, start=1):
            place.setdefault(value, i)
        n = len(defined)
        for k, v in defined.items():
            result[k] = HUNDRED if n == 1 else HUNDRED * (n - place[v]) / (n - 1)
        return result
    if high == low:
        return result | dict.fromkeys(defined, HUNDRED)
    for k, v in defined.items():
        if method == Normalization.SHARE_OF_MAX:
            result[k] = v * HUNDRED / high
        else:
            result[k] = (v - low) * HUNDRED / (high - low)
    return result


def _number(value):
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return float(value)


def _cents(value):
    return float(Decimal(value).quantize(CENTS, rounding=ROUND_HALF_UP))


def _assign_ranks(rows):
    rows.sort(key=lambda r: (-r["score"], r["name"]))
    for i, row in enumerate(rows):
        same = i and rows[i - 1]["score"] == row["score"]
        row["rank"] = rows[i - 1]["rank"] if same else i + 1


def config_dict(config):
    """The rules of ``config`` as a ranking shows them (weights in component order, method)."""
    weights = {key: int(config.weights.get(key, 0)) for key in COMPONENT_KEYS}
    return {
        "year": config.year,
        "weights": weights,
        "normalization": config.normalization,
        "normalization_label": Normalization(config.normalization).label,
    }


def _previous_ranks(period, scope_kind):
    """Ranks of the quarter before ``period``: as published, else computed from history."""
    previous = period.previous()
    published = PublishedRanking.objects.filter(
        period_code=previous.code, scope_kind=scope_kind
    ).first()
    rows = published.snapshot["rows"] if published else None
    if rows is None:
        rows = compute_ranking(previous, scope_kind, previous_ranks=False)["rows"]
    return {row["scope_id"]: row["rank"] for row in rows}


def compute_ranking(period, scope_kind, *, config=None, previous_ranks=True):
    """Rank every county (``scope_kind="region"``) or zone (``"zone"``) for ``period``.

    ``period`` is a ``periods.Period`` or its code (``"2025Q2"``); figures are year to date up to
    its end, loaded once for all scopes. ``config`` defaults to ``config_for(period's year)``.
    ``previous_rank`` comes from the previous quarter's published ranking, else from computing
    it (one more load); ``previous_ranks=False`` skips it (used when recomputing for checks).
    """
    period = _to_period(period)
    config = config or config_for(period.start.year)
    settings = config_dict(config)
    scopes = _scopes(scope_kind)
    key = "region_id" if scope_kind == ScopeKind.REGION else "zone_id"
    by_scope = rates.figures_by(figures_period(period), key, ids=True)
    empty = rates.Figures()
    raw = {c.key: {sid: c.read(by_scope.get(sid, empty)) for sid, _ in scopes} for c in COMPONENTS}
    normalised = {k: _normalise(values, settings["normalization"]) for k, values in raw.items()}
    rows = []
    inputs = {}
    for sid, name in scopes:
        components = {}
        total = Decimal(0)
        for k in COMPONENT_KEYS:
            weight = settings["weights"][k]
            points = weight * normalised[k][sid] / HUNDRED
            total += points
            components[k] = {
                "value": _number(raw[k][sid]),
                "score": _cents(normalised[k][sid]),
                "weight": weight,
                "points": _cents(points),
            }
        rows.append(
            {
                "rank": None,
                "scope_id": sid,
                "name": name,
                "score": _cents(total),
                "components": components,
                "previous_rank": None,
                "change": None,
            }
        )
        figures = by_scope.get(sid, empty)
        inputs[sid] = {k: sorted(figures.projects.get(_INPUT_LISTS[k], [])) for k in COMPONENT_KEYS}
    _assign_ranks(rows)
    if previous_ranks:
        before = _previous_ranks(period, scope_kind)
        for row in rows:
            row["previous_rank"] = before.get(row["scope_id"])
            if row["previous_rank"] is not None:
                row["change"] = row["previous_rank"] - row["rank"]
    return {
        "period_code": period.code,
        "period_label": period.label,
        "scope_kind": str(scope_kind),
        "scope_label": ScopeKind(scope_kind).label,
        "config": settings,
        "rows": rows,
        "inputs": inputs,
    }


def frozen(published):
    """A published ranking's snapshot as ``compute_ranking`` shaped it (integer ``inputs`` keys);
    never recomputed."""
    data = dict(published.snapshot)
    data["inputs"] = {int(k): v for k, v in data.get("inputs", {}).items()}
    return data


@transaction.atomic
def publish_ranking(period, scope_kind, *, acting_user):
    """Freeze ``period``'s ranking of counties or zones: rows, rules and inputs as of now.

    Only the city administrator publishes; only a quarter that has ended; each quarter and scope
    once (a second publish is refused, the first snapshot stays as it was).
    """
    if acting_user is None or not acting_user.is_city_admin:
        raise PermissionDenied("只有市级管理员可以发布排名")
    period = _to_period(period)
    if period.kind != "quarter":
        raise ValidationError("季排名只能按季度发布（如 2025Q2）")
    if period.end >= timezone.localdate():
        raise ValidationError(f"{period.label}尚未结束，不能发布排名")
    label = f"{period.label}{ScopeKind(scope_kind).label}排名"
    if PublishedRanking.objects.filter(period_code=period.code, scope_kind=scope_kind).exists():
        raise ValidationError(f"{label}已发布，不能重复发布")
    snapshot = compute_ranking(period, scope_kind)
    published = PublishedRanking(
        period_code=period.code,
        scope_kind=scope_kind,
        snapshot=snapshot,
        published_by=acting_user,
    )
    published.full_clean(validate_constraints=False)
    try:
        # A savepoint, so that losing a race to a concurrent publish leaves the caller's
        # transaction usable for showing the message.
        with transaction.atomic():
            published.save()
    except IntegrityError as exc:
        raise ValidationError(f"{label}已发布，不能重复发布") from exc
    # JSON storage turns the integer keys of ``inputs`` into strings; hand back what was stored.
    published.refresh_from_db()
    return published


def restatements(published):
    """What recomputing a published ranking from today's history changes, component by
    component: ``[{"scope_id", "name", "component", "label", "old", "new", "old_rank",
    "new_rank", "old_score", "new_score"}]``, empty when no dated record behind it changed.

    The recomputation uses the snapshot's own weights and normalisation, so a later change of
    the rules is not mistaken for a change of the data.
    """
    snapshot = published.snapshot
    stored = snapshot["config"]
    config = RankingConfig(
        year=stored.get("year"), weights=stored["weights"], normalization=stored["normalization"]
    )
    now = compute_ranking(
        periods.parse(published.period_code),
        published.scope_kind,
        config=config,
        previous_ranks=False,
    )
    before = {row["scope_id"]: row for row in snapshot["rows"]}
    after = {row["scope_id"]: row for row in now["rows"]}
    changes = []
    for sid in sorted(before.keys() | after.keys(), key=lambda s: (s not in before, s)):
        old, new = before.get(sid), after.get(sid)
        for key in COMPONENT_KEYS:
            old_value = old["components"].get(key, {}).get("value") if old else None
            new_value = new["components"][key]["value"] if new else None
            if old_value == new_value and old and new:
                continue
            changes.append(
                {
                    "scope_id": sid,
                    "name": (old or new)["name"],
                    "component": key,
                    "label": LABELS[key],
                    "old": old_value,
                    "new": new_value,
                    "old_rank": old["rank"] if old else None,
                    "new_rank": new["rank"] if new else None,
                    "old_score": old["score"] if old else None,
                    "new_score": new["score"] if new else None,
                }
            )
    return changes


def published_rankings():
    """Every published ranking, newest quarter first (for the list on the ranking page)."""
    return PublishedRanking.objects.select_related("published_by").defer("snapshot")


def can_manage(user):
    """Whether ``user`` may publish rankings and set their rules."""
    return bool(user and user.is_authenticated and user.is_city_admin)


def period_of(code):
    """The quarter named by ``code`` or a ``ValueError`` with a Chinese message."""
    period = periods.parse(code)
    if period.kind != "quarter":
        raise ValueError(f"季排名须选择季度（如 2025Q2），而不是“{code}”")
    return period
