"""The leaders' dashboard (领导驾驶舱): one scope's figures for one period, assembled and cached.

Every figure comes from ``rates.py`` over the projects the user may see
(``Project.objects.restrict(user, "view")``), optionally narrowed to a county or zone, so a county
officer's dashboard is their county's without any branch on roles here. The ranking is the
exception: rankings are published to everyone, so it covers every county whoever looks at it.
"""

import hashlib
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from zhaoshang.indicators.models import Indicator
from zhaoshang.indicators.progress import COMPUTED, progress
from zhaoshang.projects.choices import Stage, Status
from zhaoshang.projects.models import Project
from zhaoshang.regions.choices import RegionLevel
from zhaoshang.regions.models import DevelopmentZone, Region

from . import periods, ranking, rates
from .choices import ScopeKind
from .models import PublishedRanking

# Invalidation is by time only: a stage change or funds entry reaches the dashboard at most this
# many seconds later. Leaders read monthly and quarterly figures, so five minutes of staleness
# costs nothing, whereas hooking every write (services, Excel import, admin) would be fragile.
CACHE_SECONDS = 300
# Part of every cache key: bump it when the payload changes shape so old entries are not served.
CACHE_VERSION = 1
INDICATOR_LIMIT = 10
LARGEST_LIMIT = 10

FORMULA_NAMES = {f["key"]: f["name"] for f in rates.FORMULAS}

# (Figures attribute, card label, unit, FORMULAS key, drill-down key)
TOTALS = [
    ("signed_count", "签约项目", "个", "signed", "signed"),
    ("signed_investment", "签约金额", "万元", "signed", "signed"),
    ("major_signed_count", "10亿元以上签约项目", "个", "major_signed", "major_signed"),
    ("started_count", "开工项目", "个", "three_batches", "started"),
    ("production_count", "投产项目", "个", "three_batches", "production"),
    ("funds_arrived", "到位资金", "万元", "funds", "funds"),
    ("out_of_province_funds", "省外资金", "万元", "funds", "out_of_province_funds"),
    ("foreign_funds_usd", "实际利用外资", "万美元", "funds", "foreign_funds"),
]
# (Figures attribute, label, unit of numerator and denominator); the key doubles as the
# FORMULAS key and the drill-down key.
RATES = [
    ("fulfilment_rate", "合同履约率", "个"),
    ("start_rate", "项目开工率", "个"),
    ("funds_in_place_rate", "资金到位率", "万元"),
    ("production_rate", "投产率", "个"),
]


@dataclass(frozen=True)
class Drill:
    """What a drill-down lists: the projects behind a figure and, for a rate, its numerator."""

    title: str
    ids: str
    hit: str | None = None
    hit_label: str = ""


# Keys are the drill-down's ``figure`` parameter; ``ids`` and ``hit`` name Figures.projects lists.
DRILLS = {
    "signed": Drill("签约项目", "signed"),
    "major_signed": Drill("10亿元以上签约项目", "major_signed"),
    "started": Drill("开工项目", "started"),
    "production": Drill("投产项目", "production"),
    "funds": Drill("有资金到位的项目", "funds"),
    "out_of_province_funds": Drill("有省外资金到位的项目", "out_of_province_funds"),
    "foreign_funds": Drill("有外资到位的项目", "foreign_funds"),
    "fulfilment_rate": Drill(
        "合同履约率：合同约定本期开工的项目", "fulfilment_due", "fulfilment_on_time", "按期开工"
    ),
    "start_rate": Drill("项目开工率：本年签约且未终止的项目", "cohort", "cohort_started", "已开工"),
    "funds_in_place_rate": Drill("资金到位率：本年签约且未终止的项目", "cohort"),
    "production_rate": Drill(
        "投产率：本年签约且已开工的项目", "cohort_started", "cohort_producing", "已投产"
    ),
}


def _int_or_none(text):
    # At most nine ASCII digits: anything longer would overflow PostgreSQL's integer keys.
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


@dataclass(frozen=True)
class Place:
    """The dashboard's optional filter: a county, a zone, or both (projects in both)."""

    region_id: int | None = None
    zone_id: int | None = None

    @classmethod
    def from_params(cls, params):
        return cls(_int_or_none(params.get("region")), _int_or_none(params.get("zone")))

    def params(self):
        return {
            key: value
            for key, value in (("region", self.region_id), ("zone", self.zone_id))
            if value is not None
        }


def default_period():
    """Year to date, today (Beijing time)."""
    return periods.ytd(timezone.localdate())


def period_choices(today=None, years=3):
    """The periods a user may pick, grouped by year, newest year first: (year label, options)."""
    today = today or timezone.localdate()
    groups = []
    for y in range(today.year, today.year - years, -1):
        options = [periods.ytd(today)] if y == today.year else []
        options += [periods.year(y), periods.half(y, 1), periods.half(y, 2)]
        options += [periods.quarter(y, q) for q in range(1, 5)]
        options += [periods.month(y, m) for m in range(1, 13)]
        options = [p for p in options if p.start <= today]
        labels = [(p.code, "年初至今" if p.kind == "ytd" else p.label) for p in options]
        groups.append((f"{y}年", labels))
    return groups


def place_choices(user):
    """Counties and zones to offer as filters: those holding projects ``user`` may see."""
    visible = Project.objects.restrict(user, "view")
    counties = Region.objects.filter(level=RegionLevel.COUNTY)
    zones = DevelopmentZone.objects.order_by("id")
    if visible.query.has_filters():
        counties = counties.filter(pk__in=visible.values("region_id"))
        zones = zones.filter(pk__in=visible.values("zone_id"))
    return counties, zones


def scoped_projects(user, place):
    """The projects behind the dashboard: those ``user`` may see, narrowed to ``place``."""
    projects = Project.objects.restrict(user, "view")
    if place.region_id is not None:
        projects = projects.filter(region_id=place.region_id)
    if place.zone_id is not None:
        projects = projects.filter(zone_id=place.zone_id)
    return projects


def cache_key(user, period, place):
    """One key per (scope, period, filter): users who see the same projects share an entry."""
    try:
        # The SQL of the scoped queryset names the user's scope and the filter exactly, and
        # follows any change to the scoping rules without this module knowing them.
        scope = str(scoped_projects(user, place).values("pk").query)
    except EmptyResultSet:
        scope = "nothing"
    digest = hashlib.sha256(scope.encode()).hexdigest()[:32]
    return f"dashboard:v{CACHE_VERSION}:{period.code}:{digest}"


def dashboard_data(user, period, place):
    """The dashboard's JSON payload for ``user``, from the cache when fresh (see CACHE_SECONDS)."""
    key = cache_key(user, period, place)
    data = cache.get(key)
    if data is None:
        data = build_payload(user, period, place)
        cache.set(key, data, CACHE_SECONDS)
    return data


def _number(value):
    """A count as it is; a Decimal amount or percentage as a JSON number with two decimals."""
    if value is None or isinstance(value, int):
        return value
    return round(float(value), 2)


def _url(name, **params):
    clean = {k: v for k, v in params.items() if v is not None}
    return f"{reverse(name)}?{urlencode(clean)}" if clean else reverse(name)


def build_payload(user, period, place):
    """Assemble every figure of the dashboard from SQL aggregates over the user's projects."""
    projects = scoped_projects(user, place)
    figures = rates.figures(period, projects)
    base = {"period": period.code, **place.params()}
    formulas_url = reverse("supervision:formulas")

    def drill_url(key):
        return _url("supervision:drilldown", figure=key, **base)

    totals = [
        {
            "key": attr,
            "label": label,
            "value": _number(getattr(figures, attr)),
            "unit": unit,
            "count": figures.counts[drill],
            "formula": formula,
            "formula_name": FORMULA_NAMES[formula],
            "formula_url": f"{formulas_url}#{formula}",
            "url": drill_url(drill),
        }
        for attr, label, unit, formula, drill in TOTALS
    ]
    rate_rows = []
    for attr, label, unit in RATES:
        rate = getattr(figures, attr)
        rate_rows.append(
            {
                "key": attr,
                "label": label,
                "value": _number(rate.value),
                "numerator": _number(rate.numerator),
                "denominator": _number(rate.denominator),
                "unit": unit,
                "formula": attr,
                "formula_name": FORMULA_NAMES[attr],
                "formula_url": f"{formulas_url}#{attr}",
                "url": drill_url(attr),
            }
        )
    return {
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "cache_seconds": CACHE_SECONDS,
        "scope": user.scope_label,
        "period": {
            "code": period.code,
            "kind": period.kind,
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "place": describe_place(place),
        "totals": totals,
        "rates": rate_rows,
        "funnel": stage_funnel(projects, base),
        "monthly": monthly_series(period, projects, place),
        "ranking": county_ranking(user, period),
        "indicators": indicator_rows(user, place, period),
        "largest": largest_projects(projects),
        "urls": {"formulas": formulas_url},
    }


def describe_place(place):
    """The filter's county and zone by name, for headings."""
    region = Region.objects.filter(pk=place.region_id).first() if place.region_id else None
    zone = DevelopmentZone.objects.filter(pk=place.zone_id).first() if place.zone_id else None
    names = []
    if place.region_id is not None:
        names.append(region.name if region else "未知县(市、区)")
    if place.zone_id is not None:
        names.append(zone.name if zone else "未知开发区")
    return {
        "region": {"id": region.pk, "name": region.name} if region else None,
        "zone": {"id": zone.pk, "name": zone.name} if zone else None,
        "label": "·".join(names),
    }


def stage_funnel(projects, base):
    """Current number and total investment of projects per stage, withdrawn ones left out."""
    rows = {
        stage: (count, total)
        for stage, count, total in projects.exclude(status=Status.WITHDRAWN)
        .order_by()
        .values("stage")
        .annotate(n=Count("pk"), total=Sum("total_investment"))
        .values_list("stage", "n", "total")
    }
    return [
        {
            "stage": stage.value,
            "label": stage.label,
            "count": rows.get(stage, (0, None))[0],
            "investment": _number(rows.get(stage, (0, None))[1]) or 0,
            "url": _url("supervision:drilldown", figure="stage", stage=stage.value, **base),
        }
        for stage in Stage
    ]


def monthly_series(period, projects, place):
    """Signed investment and funds arrived in each month of the period's year, to its end."""
    months = []
    for month, signed_count, signed_investment, funds in rates.monthly(period, projects):
        params = {"period": month.code, **place.params()}
        months.append(
            {
                "month": month.start.month,
                "label": f"{month.start.month}月",
                "code": month.code,
                "signed_count": signed_count,
                "signed_investment": _number(signed_investment),
                "funds_arrived": _number(funds),
                "signed_url": _url("supervision:drilldown", figure="signed", **params),
                "funds_url": _url("supervision:drilldown", figure="funds", **params),
            }
        )
    for m in range(len(months) + 1, 13):
        month = periods.month(period.start.year, m)
        months.append(
            {
                "month": m,
                "label": f"{m}月",
                "code": month.code,
                "signed_count": None,
                "signed_investment": None,
                "funds_arrived": None,
            }
        )
    return {"year": period.start.year, "months": months}


def latest_published_ranking(period):
    """The newest county ranking published for a quarter that ended by ``period``'s end."""
    published = [
        (periods.parse(p.period_code).end, p)
        for p in PublishedRanking.objects.filter(scope_kind=ScopeKind.REGION).defer("snapshot")
    ]
    eligible = [(end, p.pk) for end, p in published if end <= period.end]
    if not eligible:
        return None
    return PublishedRanking.objects.get(pk=max(eligible)[1])


def _ranking(period):
    """The county ranking the dashboard shows: the latest published one (季排名 are published
    each quarter and frozen; the rankings page computes a quarter not yet published)."""
    published = latest_published_ranking(period)
    if published is None:
        return {"published": False, "period_label": "", "rows": []}
    result = ranking.frozen(published)
    # The snapshot also lists every project id behind every component ("inputs"): the dashboard
    # needs only the rows.
    return {"published": True, "period_label": result["period_label"], "rows": result["rows"]}


def county_ranking(user, period):
    """The latest published county ranking, a link on each county whose projects ``user`` may
    see."""
    data = _ranking(period)
    visible = Project.objects.restrict(user, "view")
    if visible.query.has_filters():
        reachable = set(visible.order_by().values_list("region_id", flat=True).distinct())
    else:
        reachable = None
    rows = [
        {
            **row,
            "url": _url("supervision:dashboard", period=period.code, region=row["scope_id"])
            if reachable is None or row["scope_id"] in reachable
            else None,
        }
        for row in data["rows"]
    ]
    return {**data, "rows": rows}


def _indicator_region(user, place):
    """The region whose indicators the dashboard shows: the county it is about (a zone's
    county for a zone), None when it is about the city."""
    if place.region_id is not None:
        return place.region_id
    # An officer's own dashboard is about their county or zone; anyone else's about the city.
    zone_id = place.zone_id or (user.zone_id if user.is_officer else None)
    if zone_id:
        return (
            DevelopmentZone.objects.filter(pk=zone_id).values_list("region_id", flat=True).first()
        )
    return user.region_id if user.is_officer else None


def indicator_rows(user, place, period):
    """Plan indicators with a numeric target: latest value and progress at the period's end.

    Cached on their own per (region, date), shared by every user and filter that shows the same
    indicators: progress() computes each platform-computed indicator from a load of all the
    city's facts per plan year, the slowest part of the dashboard.
    """
    region_id = _indicator_region(user, place)
    # Progress of a period not yet over is progress so far.
    as_of = min(period.end, timezone.localdate())
    key = f"dashboard:v{CACHE_VERSION}:indicators:{region_id or 'city'}:{as_of.isoformat()}"
    rows = cache.get(key)
    if rows is not None:
        return rows
    if region_id is None:
        where = Q(region=None) | Q(region__level=RegionLevel.CITY)
    else:
        where = Q(region_id=region_id)
    indicators = (
        Indicator.objects.filter(where, target_value__isnull=False)
        .prefetch_related("observations")
        .order_by("-computed_by", "id")[:INDICATOR_LIMIT]
    )
    rows = []
    for indicator in indicators:
        p = progress(indicator, as_of=as_of)
        rows.append(
            {
                "id": indicator.pk,
                "name": indicator.name,
                "unit": indicator.unit,
                "baseline_year": indicator.baseline_year,
                "baseline": _number(indicator.baseline_value),
                "target_year": indicator.target_year,
                "target": _number(indicator.target_value),
                "qualifier": indicator.target_qualifier,
                "latest": _number(p.current),
                "latest_period": p.latest.label if p.latest else None,
                "progress_pct": _number(p.percent),
                "expected_pct": _number(p.expected),
                "on_track": p.on_track,
                "status": p.status,
                "computed": indicator.computed_by in COMPUTED,
                "method": p.method,
            }
        )
    cache.set(key, rows, CACHE_SECONDS)
    return rows


def largest_projects(projects):
    """The largest projects by total investment, withdrawn ones left out."""
    largest = (
        projects.exclude(status=Status.WITHDRAWN)
        .filter(total_investment__isnull=False)
        .select_related("region", "zone")
        .only("name", "stage", "status", "total_investment", "region__name", "zone__name")
        .order_by("-total_investment", "pk")[:LARGEST_LIMIT]
    )
    return [
        {
            "id": p.pk,
            "name": p.name,
            "region": p.region.name,
            "zone": p.zone.name if p.zone else "",
            "stage": p.get_stage_display(),
            "status": p.get_status_display(),
            "total_investment": _number(p.total_investment),
            "url": reverse("projects:detail", args=[p.pk]),
        }
        for p in largest
    ]


def drill_projects(user, period, place, key):
    """The projects behind figure ``key`` (largest amount first) and the ids in its numerator.

    Computed over the user's scoped projects, so the ids are the user's own; the view still
    re-applies ``restrict`` to the rows it shows.
    """
    drill = DRILLS[key]
    projects = scoped_projects(user, place)
    rows = rates.members(period, drill.ids, projects)
    if drill.hit is None:
        return rows, set()
    return rows, set(rates.members(period, drill.hit, projects).values_list("pk", flat=True))
