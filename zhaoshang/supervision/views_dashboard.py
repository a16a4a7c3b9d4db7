"""The leaders' dashboard, its JSON data, the drill-down behind each figure and the formulas."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.http import urlencode

from zhaoshang.core.views import paginate, query_without_page
from zhaoshang.projects.choices import Stage, Status
from zhaoshang.projects.models import Project

from . import dashboard, periods, rates

# The big screen reloads its data this often; the data itself is cached for CACHE_SECONDS, so
# refreshing more often would only fetch the same payload again.
SCREEN_REFRESH_SECONDS = dashboard.CACHE_SECONDS


def _period(request):
    """The requested period (default: year to date), or raise ValueError with a Chinese message."""
    code = request.GET.get("period")
    return periods.parse(code) if code else dashboard.default_period()


def _query(request, **changes):
    """The request's query string with ``changes`` applied (None removes a parameter)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return params.urlencode()


@login_required
def dashboard_page(request):
    """The dashboard; ``?screen=1`` gives the dark 1920×1080 big-screen version."""
    try:
        period = _period(request)
    except ValueError as exc:
        messages.error(request, str(exc))
        period = dashboard.default_period()
    place = dashboard.Place.from_params(request.GET)
    counties, zones = dashboard.place_choices(request.user)
    choices = dashboard.period_choices()
    if not any(period.code == code for _, options in choices for code, _ in options):
        choices.insert(0, ("所选期间", [(period.code, period.label)]))
    context = {
        "data": dashboard.dashboard_data(request.user, period, place),
        "period": period,
        "place": place,
        "period_choices": choices,
        "counties": counties,
        "zones": zones,
        "refresh_seconds": SCREEN_REFRESH_SECONDS,
        "screen_query": _query(request, screen="1"),
        "normal_query": _query(request, screen=None),
    }
    screen = request.GET.get("screen") == "1"
    template = "supervision/dashboard_screen.html" if screen else "supervision/dashboard.html"
    return render(request, template, context)


@login_required
def dashboard_data(request):
    """The dashboard's figures as JSON (the same payload the page is drawn from)."""
    try:
        period = _period(request)
    except ValueError as exc:
        return JsonResponse(
            {"error": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    place = dashboard.Place.from_params(request.GET)
    return JsonResponse(
        dashboard.dashboard_data(request.user, period, place),
        json_dumps_params={"ensure_ascii": False},
    )


def _drill_rows(request, period, place, figure):
    """(title, page, rows, numerator label); a row is (project, its figures or None, in the numerator)."""
    if figure == "stage":
        try:
            stage = Stage(request.GET.get("stage"))
        except ValueError as exc:
            raise Http404("没有该阶段") from exc
        projects = (
            dashboard.scoped_projects(request.user, place)
            .exclude(status=Status.WITHDRAWN)
            .filter(stage=stage)
            .with_list_relations()
            .order_by("-total_investment", "pk")
        )
        page = paginate(request, projects)
        return (
            f"当前处于“{stage.label}”阶段的项目（不含终止）",
            page,
            [(p, None, False) for p in page],
            "",
        )
    drill = dashboard.DRILLS.get(figure)
    if drill is None:
        raise Http404("没有该指标")
    members, hits = dashboard.drill_projects(request.user, period, place, figure)
    page = paginate(request, members)
    # The members were selected from the user's own projects; restricting again means a project
    # that is not the user's can never turn into a row, whatever the list above contained.
    visible = (
        Project.objects.restrict(request.user, "view")
        .with_list_relations()
        .in_bulk([member.pk for member in page])
    )
    rows = [(visible[m.pk], m, m.pk in hits) for m in page if m.pk in visible]
    return drill.title, page, rows, drill.hit_label


@login_required
def drilldown(request):
    """The projects behind one figure of the dashboard, limited to those the user may see."""
    try:
        period = _period(request)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    place = dashboard.Place.from_params(request.GET)
    figure = request.GET.get("figure", "")
    title, page, rows, hit_label = _drill_rows(request, period, place, figure)
    context = {
        "title": title,
        # A stage's projects are those there now, whatever the period.
        "period_label": "当前" if figure == "stage" else period.label,
        "place": dashboard.describe_place(place),
        "page": page,
        "rows": rows,
        "hit_label": hit_label,
        "facts": figure != "stage",
        "query": query_without_page(request),
        "back_query": urlencode({"period": period.code, **place.params()}),
    }
    return render(request, "supervision/drilldown.html", context)


@login_required
def formulas(request):
    """口径说明: every rate and total, its formula and a worked example."""
    context = {"formulas": rates.FORMULAS, "cache_minutes": dashboard.CACHE_SECONDS // 60}
    return render(request, "supervision/formulas.html", context)
