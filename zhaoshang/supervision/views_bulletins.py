"""月通报 pages: the list of published bulletins, generating one, its figures and downloads.

Every signed-in user reads and downloads bulletins (they are the city's published documents);
only the city administrator generates them. Files are served through ``bulletin_download``
because media is not public.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from zhaoshang.projects.models import Project
from zhaoshang.utils import money

from . import bulletin
from .models import Bulletin

SPAN_LABELS = {"month": "本月", "ytd": "年内累计"}
# Drill-down lists a user may open from the detail page, with their Chinese names.
FIGURE_LABELS = {
    "signed": "签约项目",
    "major_signed": "10亿元以上签约项目",
    "started": "开工项目",
    "production": "投产项目",
    "funds": "有到位资金的项目",
    "out_of_province_funds": "有省外资金到位的项目",
    "foreign_funds": "有外资到位的项目",
    "fulfilment_due": "合同约定本期开工的项目",
    "fulfilment_on_time": "按期开工的项目",
    "cohort": "年内签约且未终止的项目",
    "cohort_started": "其中已开工的项目",
    "cohort_producing": "其中已投产的项目",
    "problems": "滞后、停滞项目",
}


class GenerateForm(forms.Form):
    month = forms.CharField(
        label="月份",
        widget=forms.DateInput(attrs={"type": "month", "class": "form-control form-control-sm"}),
    )
    force = forms.BooleanField(
        label="重新生成并替换原文件（仅用于该月已发布的情形，期号不变）",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean_month(self):
        return bulletin.month_of(self.cleaned_data["month"])


def _generate_form(data=None):
    return GenerateForm(data, initial={"month": bulletin.last_month().code})


def _list_context(request, form=None):
    can_publish = bulletin.can_publish(request.user)
    return {
        "bulletins": Bulletin.objects.defer("snapshot").select_related("published_by"),
        "can_publish": can_publish,
        "form": (form or _generate_form()) if can_publish else None,
    }


@login_required
def bulletin_list(request):
    return render(request, "supervision/bulletin_list.html", _list_context(request))


@login_required
def bulletin_generate(request):
    """Publish (or, with the box ticked, regenerate) a month's bulletin; city admin only.

    From the HTMX form, success answers with ``HX-Redirect`` to the new bulletin and a refusal
    with the form and its message; without HTMX the usual redirect or full page.
    """
    if not bulletin.can_publish(request.user):
        raise PermissionDenied("只有市级管理员可以生成月通报")
    if request.method != "POST":
        return redirect("supervision:bulletin_list")
    htmx = request.headers.get("HX-Request") == "true"
    form = _generate_form(request.POST)
    if form.is_valid():
        try:
            published = bulletin.publish_bulletin(
                form.cleaned_data["month"],
                acting_user=request.user,
                force=form.cleaned_data["force"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                f"已生成《{published.title}》（{published.period_code[:4]}年第{published.number}期）",
            )
            url = reverse("supervision:bulletin_detail", args=[published.pk])
            if htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    if htmx:
        return render(request, "supervision/bulletin_form.html", {"form": form})
    return render(
        request, "supervision/bulletin_list.html", _list_context(request, form), status=400
    )


# The detail page's columns: (header, span, figure, drill-down list or None, format).
COLUMNS = [
    ("本月签约（个）", "month", "signed_count", "signed", "count"),
    ("本月签约金额（万元）", "month", "signed_investment", None, "money"),
    ("累计签约（个）", "ytd", "signed_count", "signed", "count"),
    ("累计签约金额（万元）", "ytd", "signed_investment", None, "money"),
    ("10亿元以上（个）", "ytd", "major_signed_count", "major_signed", "count"),
    ("开工（个）", "ytd", "started_count", "started", "count"),
    ("投产（个）", "ytd", "production_count", "production", "count"),
    ("到位资金（万元）", "ytd", "funds_arrived", "funds", "money"),
    ("省外资金（万元）", "ytd", "out_of_province_funds", "out_of_province_funds", "money"),
    ("实际利用外资（万美元）", "ytd", "foreign_funds_usd", "foreign_funds", "money"),
    ("合同履约率", "ytd", "fulfilment_rate", "fulfilment_due", "rate"),
    ("项目开工率", "ytd", "start_rate", "cohort", "rate"),
    ("资金到位率", "ytd", "funds_in_place_rate", "cohort", "rate"),
    ("投产率", "ytd", "production_rate", "cohort_started", "rate"),
]


def _cell(value, fmt):
    if fmt == "money":
        return money.wan(value)
    if fmt == "rate":
        return "—" if value["value"] is None else f"{value['value']}%"
    return str(value)


def _figure_rows(rows, kind):
    """Table rows of the detail page, each cell with the drill-down it links to."""
    out = []
    for row in rows:
        scope = f"{kind}:{row['id']}" if kind else "city"
        cells = []
        for _header, span, figure, drill, fmt in COLUMNS:
            cells.append(
                {
                    "text": _cell(row[span][figure], fmt),
                    # Only figures with projects behind them link to a list.
                    "query": (
                        f"scope={scope}&span={span}&key={drill}"
                        if drill and row[span]["projects"].get(drill)
                        else ""
                    ),
                }
            )
        out.append({"name": row["name"], "cells": cells})
    return out


def _two_places(value):
    return "—" if value is None else f"{Decimal(str(value)):,.2f}"


def _ranking_rows(section):
    """Each ranked scope's rows with the component cells in header order."""
    keys = [c["key"] for c in section["components"]]
    scopes = []
    for scope in section["scopes"]:
        rows = []
        for row in scope["rows"]:
            parts = [row["components"].get(k, {}) for k in keys]
            cells = [
                p.get("score") if p.get("score") is not None else p.get("value") for p in parts
            ]
            rows.append(
                {
                    **row,
                    "score": _two_places(row.get("score")),
                    "cells": [_two_places(c) for c in cells],
                }
            )
        scopes.append({"label": scope["label"], "rows": rows})
    return scopes


@login_required
def bulletin_detail(request, pk):
    item = get_object_or_404(Bulletin.objects.select_related("published_by"), pk=pk)
    snapshot = item.snapshot
    city = {"name": "全市", "id": None, **snapshot["city"]}
    ranking = snapshot["ranking"]
    context = {
        "bulletin": item,
        "snap": snapshot,
        "headers": [c[0] for c in COLUMNS],
        "city_rows": _figure_rows([city], None),
        "region_rows": _figure_rows(snapshot["regions"], "region"),
        "zone_rows": _figure_rows(snapshot["zones"], "zone"),
        "ranking": ranking,
        "ranking_scopes": _ranking_rows(ranking),
        "problems": snapshot["problems"],
        "honours": snapshot["honours"],
    }
    return render(request, "supervision/bulletin_detail.html", context)


@login_required
def bulletin_download(request, pk, fmt):
    item = get_object_or_404(Bulletin, pk=pk)
    field = {"docx": item.docx, "pdf": item.pdf}.get(fmt)
    if not field:
        raise Http404("文件不存在")
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404("文件已丢失，请联系市级管理员重新生成") from exc
    return FileResponse(handle, as_attachment=True, filename=f"{item.title}.{fmt}")


def _scope_label(snapshot, scope):
    if scope == "city":
        return "全市"
    kind, _, sid = scope.partition(":")
    rows = {"region": snapshot["regions"], "zone": snapshot["zones"]}.get(kind, [])
    return next((r["name"] for r in rows if str(r["id"]) == sid), "")


@login_required
def bulletin_projects(request, pk):
    """The projects behind one figure of a published bulletin, as the user may see them.

    The ids come from the frozen snapshot; the projects are read through ``restrict``, so an
    officer sees only their own region's projects among them (the page says how many).
    """
    item = get_object_or_404(Bulletin, pk=pk)
    scope = request.GET.get("scope", "city")
    span = request.GET.get("span", "ytd")
    key = request.GET.get("key", "signed")
    ids = bulletin.project_ids(item.snapshot, scope, span, key)
    if ids is None or key not in FIGURE_LABELS:
        raise Http404("没有这项数据")
    visible_qs = Project.objects.restrict(request.user, "view")
    if Project.scope_filter(request.user, "view") is None:
        visible = ids
    else:
        # One query for the ids the user may see, rather than an IN list of thousands.
        allowed = set(visible_qs.values_list("id", flat=True))
        visible = [i for i in ids if i in allowed]
    page = Paginator(visible, 50).get_page(request.GET.get("page"))
    projects = visible_qs.filter(pk__in=list(page.object_list)).select_related("region", "zone")
    by_id = {p.pk: p for p in projects}
    context = {
        "bulletin": item,
        "page": page,
        # Projects deleted since publication are skipped; the count above still includes them.
        "projects": [by_id[i] for i in page.object_list if i in by_id],
        "total": len(ids),
        "hidden": len(ids) - len(visible),
        "scope_label": _scope_label(item.snapshot, scope),
        "span_label": "" if key == "problems" else SPAN_LABELS[span],
        "figure_label": FIGURE_LABELS[key],
        "query": f"scope={scope}&span={span}&key={key}",
    }
    return render(request, "supervision/bulletin_projects.html", context)
