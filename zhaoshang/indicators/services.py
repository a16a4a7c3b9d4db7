"""Writes to plan indicators: observations typed in by the city, and the computing formula."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.supervision import periods

from .models import Indicator, IndicatorObservation
from .progress import COMPUTED


def _require_admin(acting_user):
    if acting_user is not None and not acting_user.is_city_admin:
        raise ValidationError("只有市级管理员可以维护规划指标的监测值")


@transaction.atomic
def record_observation(indicator, *, acting_user, period_code, value, note=""):
    """Create or update the value of ``indicator`` for a period (2025, 2025H1, 2025Q2, 2025-06…).

    One value per indicator and period: entering a period again replaces its value. Indicators
    computed by the platform are refused, so a typed number can never shadow the formula.
    Returns (observation, created).
    """
    _require_admin(acting_user)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if indicator.computed_by:
        raise ValidationError("该指标由平台自动计算，不需手工填报")
    try:
        period = periods.parse(period_code)
    except ValueError as exc:
        raise ValidationError({"period_code": str(exc)}) from exc
    if period.end > timezone.localdate():
        raise ValidationError({"period_code": f"{period.label}尚未结束，不能填报该期监测值"})
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationError({"value": "请填写数值"}) from exc
    if not value.is_finite():
        raise ValidationError({"value": "请填写数值"})
    # Stored under the canonical code (2025q2 → 2025Q2) so that the unique rule sees repeats.
    observation = IndicatorObservation.objects.filter(
        indicator=indicator, period_code=period.code
    ).first()
    created = observation is None
    if created:
        observation = IndicatorObservation(indicator=indicator, period_code=period.code)
    observation.period_end = period.end
    observation.value = value
    observation.note = note or ""
    observation.recorded_by = acting_user if acting_user and acting_user.pk else None
    observation.full_clean()
    observation.save()
    return observation, created


@transaction.atomic
def delete_observation(observation, *, acting_user):
    """Remove a typed value entered by mistake."""
    _require_admin(acting_user)
    observation.delete()


@transaction.atomic
def set_computed_by(indicator, *, acting_user, key):
    """Have the platform compute ``indicator`` with formula ``key`` ("" to type it by hand)."""
    _require_admin(acting_user)
    if key and key not in COMPUTED:
        raise ValidationError({"computed_by": "未知的计算口径"})
    indicator.computed_by = key or ""
    indicator.full_clean()
    indicator.save(update_fields=["computed_by", "updated_at"])
    return indicator
