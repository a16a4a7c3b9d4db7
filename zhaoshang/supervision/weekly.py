"""周动态: each county and zone reports its week once; the city reads them side by side.

An officer writes a few lines about the week. What the platform already knows of that week
(stage changes and funds arrivals dated Monday to Sunday in the officer's scope) is filled in
beside the text and frozen into ``WeeklyUpdate.activity`` when the update is saved, so the
update keeps what was on record when the county reported, even if records are edited later.
The city's digest puts every county and zone of a week side by side, including those that did
not report, with live counts of the week's records.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.http import Http404
from django.utils import timezone

from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import FundsArrival, Project, StageChange
from zhaoshang.regions.models import DevelopmentZone, Region

from . import periods, rates
from .models import WeeklyUpdate


def monday_of(day):
    """The Monday of the ISO week that contains ``day``."""
    return day - datetime.timedelta(days=day.weekday())


def week_end(monday):
    return monday + datetime.timedelta(days=6)


def week_label(monday):
    """第N周 label used on every page, e.g. 2025年第23周（6月2日—6月8日）."""
    year, number, _ = monday.isocalendar()
    end = week_end(monday)
    return f"{year}年第{number}周（{monday.month}月{monday.day}日—{end.month}月{end.day}日）"


def parse_week(text, default=None):
    """Read a ``YYYY-MM-DD`` from a query string and return its Monday (``default`` if blank)."""
    if not text:
        return monday_of(default or timezone.localdate())
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise Http404("日期格式应为 2025-06-02") from exc
    return monday_of(day)


# --- Scoping ---------------------------------------------------------------------------------


def visible_updates(user):
    """The weekly updates ``user`` may read: officers their own scope's, city roles all.

    This is the one scoping entry point for weekly updates (the model has no scoped manager).
    """
    qs = WeeklyUpdate.objects.select_related("region", "zone", "submitted_by")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_officer:
        if user.region_id:
            return qs.filter(region_id=user.region_id)
        return qs.filter(zone_id=user.zone_id)
    return qs


def access_update(user, pk):
    """One update for ``user``; another county's answers 404 so it does not reveal itself."""
    try:
        return visible_updates(user).get(pk=pk)
    except (WeeklyUpdate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("记录不存在或无权访问") from exc


def require_digest_reader(user):
    """Only city roles read all counties side by side; officers see their own updates only."""
    if user.is_officer:
        raise PermissionDenied("县区/开发区专员只能查看本单位的周动态")


# --- What happened in a week -------------------------------------------------------------------


def week_activity(user, monday):
    """Stage changes and funds arrivals dated in the week of ``monday`` that ``user`` may see.

    Returns a JSON-ready dict (dates as ISO text, amounts as text in 万元) so that it can be
    stored as is in ``WeeklyUpdate.activity``.
    """
    end = week_end(monday)
    projects = Project.objects.restrict(user, "view")
    changes = (
        StageChange.objects.filter(project__in=projects, date__range=(monday, end))
        .select_related("project")
        .order_by("date", "id")
    )
    funds = (
        FundsArrival.objects.filter(project__in=projects, date__range=(monday, end))
        .select_related("project")
        .order_by("date", "id")
    )
    stage_rows = [
        {
            "project_id": c.project_id,
            "project": c.project.name,
            "date": c.date.isoformat(),
            "from_stage": c.get_from_stage_display() if c.from_stage else "",
            "to_stage": c.get_to_stage_display(),
            "note": c.note,
        }
        for c in changes
    ]
    funds_rows = [
        {
            "project_id": f.project_id,
            "project": f.project.name,
            "date": f.date.isoformat(),
            "amount": str(f.amount),
            "note": f.note,
        }
        for f in funds
    ]
    total = sum((Decimal(r["amount"]) for r in funds_rows), Decimal(0))
    return {
        "week_start": monday.isoformat(),
        "stage_changes": stage_rows,
        "funds": funds_rows,
        "funds_total": str(total),
    }


# --- Writes -----------------------------------------------------------------------------------


@transaction.atomic
def submit_weekly_update(*, acting_user, text, week_start=None):
    """Save the acting officer's 周动态 for the week containing ``week_start`` (this week if None).

    The scope is always the officer's own region or zone, never a value from the request. A
    second submission for the same week edits the first one, so each unit has one per week.
    The week's activity is recomputed and frozen at every submission.
    Returns (update, created).
    """
    if acting_user is None or not acting_user.is_officer:
        raise ValidationError("周动态由县(市、区)或开发区专员报送")
    today = timezone.localdate()
    monday = monday_of(week_start or today)
    if monday > today:
        raise ValidationError("不能报送尚未开始的一周")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写本周工作动态"})
    if acting_user.region_id:
        scope = {"region_id": acting_user.region_id, "zone": None}
        unit = Region.objects.select_for_update().filter(pk=acting_user.region_id)
    else:
        scope = {"region": None, "zone_id": acting_user.zone_id}
        unit = DevelopmentZone.objects.select_for_update().filter(pk=acting_user.zone_id)
    # The unique constraint cannot stop a second row here: its other scope column is NULL and
    # NULLs never collide. Locking the unit's own row serialises two first submissions of the
    # same week (two tabs, a double click) so the second finds the first and edits it.
    unit.order_by().first()
    update = WeeklyUpdate.objects.filter(week_start=monday, **scope).order_by().first()
    created = update is None
    if created:
        update = WeeklyUpdate(week_start=monday, **scope)
    update.text = text
    update.activity = week_activity(acting_user, monday)
    update.submitted_by = acting_user
    update.full_clean()
    update.save()
    return update, created


# --- The city's digest -------------------------------------------------------------------------


@dataclass
class DigestRow:
    """One county or zone in the digest: its update (None if it did not report) and counts."""

    kind: str  # "region" or "zone"
    scope: object
    update: WeeklyUpdate | None
    stage_changes: int = 0
    funds: Decimal = Decimal(0)

    @property
    def submitted(self):
        return self.update is not None


@dataclass
class Digest:
    monday: datetime.date
    regions: list
    zones: list
    totals: dict

    @property
    def label(self):
        return week_label(self.monday)

    @property
    def missing(self):
        return [r for r in self.regions + self.zones if not r.submitted]

    @property
    def submitted_count(self):
        return sum(1 for r in self.regions + self.zones if r.submitted)


def _per_scope(model, key, aggregate, monday):
    """{scope id: aggregate} of ``model`` records dated in the week, grouped by ``key`` (the
    project's region or zone)."""
    rows = (
        model.objects.filter(date__range=(monday, week_end(monday)))
        .values(key)
        .annotate(x=aggregate)
        .order_by()
    )
    return {row[key]: row["x"] for row in rows if row[key] is not None}


def weekly_digest(monday):
    """Every county and every zone for the week: who reported, who did not, and the totals.

    Counts are read live from the dated records (not from the stored activity) so that a unit
    that did not report still shows what was recorded for it.
    """
    end = week_end(monday)
    updates = WeeklyUpdate.objects.filter(week_start=monday).select_related("submitted_by")
    by_region = {u.region_id: u for u in updates if u.region_id}
    by_zone = {u.zone_id: u for u in updates if u.zone_id}
    region_changes = _per_scope(StageChange, "project__region_id", Count("id"), monday)
    zone_changes = _per_scope(StageChange, "project__zone_id", Count("id"), monday)
    region_funds = _per_scope(FundsArrival, "project__region_id", Sum("amount"), monday)
    zone_funds = _per_scope(FundsArrival, "project__zone_id", Sum("amount"), monday)
    regions = [
        DigestRow(
            "region",
            r,
            by_region.get(r.pk),
            region_changes.get(r.pk, 0),
            region_funds.get(r.pk) or Decimal(0),
        )
        for r in Region.objects.filter(level="county").order_by("code")
    ]
    zones = [
        DigestRow(
            "zone",
            z,
            by_zone.get(z.pk),
            zone_changes.get(z.pk, 0),
            zone_funds.get(z.pk) or Decimal(0),
        )
        for z in DevelopmentZone.objects.order_by("id")
    ]
    # The week's 三个一批 and funds come from ``rates`` so that they are counted exactly as in
    # the monthly bulletin (first arrival at a stage or beyond; a re-signing is not new).
    week = rates.figures(periods.Period("week", monday, end, f"{monday.isoformat()}W"))
    totals = {
        "stage_changes": StageChange.objects.filter(date__range=(monday, end)).count(),
        "reached": [
            (Stage.SIGNED.label, week.signed_count),
            (Stage.UNDER_CONSTRUCTION.label, week.started_count),
            (Stage.IN_PRODUCTION.label, week.production_count),
        ],
        "funds": week.funds_arrived,
    }
    return Digest(monday=monday, regions=regions, zones=zones, totals=totals)
