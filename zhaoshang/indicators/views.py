"""Plan indicator pages: the list with progress, one indicator's detail, and value entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhaoshang.ingest.models import PlanDocument
from zhaoshang.ingest.services import provenance_queryset

from . import services
from .forms import ComputedByForm, ObservationForm
from .models import Indicator, IndicatorObservation
from .progress import COMPUTED, progress


def _with_progress(indicators):
    """Attach ``progress`` to each indicator (observations are expected to be prefetched)."""
    for indicator in indicators:
        indicator.progress = progress(indicator)
        indicator.formula = COMPUTED.get(indicator.computed_by)
    return indicators


@login_required
def indicator_list(request):
    """Indicators grouped by plan, each with its progress and the line it was taken from."""
    ordered = Indicator.objects.order_by("category", "id").prefetch_related(
        "observations", Prefetch("sources", queryset=provenance_queryset())
    )
    plans = list(
        PlanDocument.objects.filter(indicators__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("indicators", queryset=ordered))
    )
    for plan in plans:
        _with_progress(plan.indicators.all())
    loose = _with_progress(list(ordered.filter(plan__isnull=True)))
    return render(request, "indicators/list.html", {"plans": plans, "loose": loose})


@login_required
def indicator_detail(request, pk):
    """Baseline → target, every value, the progress against the straight line, the formula."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("plan", "region").prefetch_related(
            Prefetch(
                "observations",
                queryset=IndicatorObservation.objects.select_related("recorded_by"),
            )
        ),
        pk=pk,
    )
    context = {
        "indicator": indicator,
        "progress": progress(indicator),
        "formula": COMPUTED.get(indicator.computed_by),
        "form": ObservationForm(),
        "computed_form": ComputedByForm(initial={"computed_by": indicator.computed_by}),
    }
    return render(request, "indicators/detail.html", context)


def _require_admin(user):
    if not user.is_city_admin:
        raise PermissionDenied("只有市级管理员可以维护规划指标")


def _report(request, exc):
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_POST
def observation_save(request, pk):
    _require_admin(request.user)
    indicator = get_object_or_404(Indicator, pk=pk)
    form = ObservationForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
        return redirect("indicators:detail", pk=pk)
    try:
        observation, created = services.record_observation(
            indicator, acting_user=request.user, **form.cleaned_data
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        verb = "已录入" if created else "已更新"
        messages.success(request, f"{verb}{observation.period_code}的监测值")
    return redirect("indicators:detail", pk=pk)


@login_required
@require_POST
def observation_delete(request, pk, observation_id):
    _require_admin(request.user)
    observation = get_object_or_404(IndicatorObservation, pk=observation_id, indicator_id=pk)
    services.delete_observation(observation, acting_user=request.user)
    messages.success(request, f"已删除{observation.period_code}的监测值")
    return redirect("indicators:detail", pk=pk)


@login_required
@require_POST
def computed_by_save(request, pk):
    _require_admin(request.user)
    indicator = get_object_or_404(Indicator, pk=pk)
    form = ComputedByForm(request.POST)
    if form.is_valid():
        try:
            services.set_computed_by(
                indicator, acting_user=request.user, key=form.cleaned_data["computed_by"]
            )
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, "已保存数据来源")
    else:
        messages.error(request, "请选择有效的数据来源")
    return redirect("indicators:detail", pk=pk)
