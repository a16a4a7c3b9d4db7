"""Pages of 周动态, 半年观摩 and 年终总结. Views stay thin: scoping and writes live in
``weekly``, ``reviews`` and ``summary``."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from zhaoshang.core.views import paginate, xlsx_response

from . import reviews, summary, weekly
from .forms_rhythms import SiteReviewForm, WeeklyUpdateForm, year_choices

# --- 周动态 ------------------------------------------------------------------------------------


@login_required
def weekly_list(request):
    """Officers: their own unit's updates. City roles: every update, newest week first."""
    updates = weekly.visible_updates(request.user)
    context = {
        "page": paginate(request, updates, per_page=30),
        "this_week": weekly.monday_of(timezone.localdate()),
    }
    return render(request, "supervision/weekly_list.html", context)


def _weekly_form(request, monday, update=None):
    """Show and save the officer's update for the week of ``monday`` (new or existing)."""
    if not request.user.is_officer:
        raise PermissionDenied("周动态由县(市、区)或开发区专员报送")
    if update is None:
        update = weekly.visible_updates(request.user).filter(week_start=monday).first()
    form = WeeklyUpdateForm(request.POST or None, initial={"text": update.text if update else ""})
    if request.method == "POST" and form.is_valid():
        try:
            saved, created = weekly.submit_weekly_update(
                acting_user=request.user,
                text=form.cleaned_data["text"],
                week_start=monday,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            label = weekly.week_label(saved.week_start)
            messages.success(request, f"已报送{label}周动态" if created else f"已修改{label}周动态")
            return redirect("supervision:weekly_detail", pk=saved.pk)
    context = {
        "form": form,
        "update": update,
        "monday": monday,
        "week_label": weekly.week_label(monday),
        "activity": weekly.week_activity(request.user, monday),
        "previous_week": monday - datetime.timedelta(days=7),
        "next_week": monday + datetime.timedelta(days=7),
        "is_current": monday >= weekly.monday_of(timezone.localdate()),
    }
    return render(request, "supervision/weekly_form.html", context)


@login_required
def weekly_submit(request):
    """The week's form, filled in with what the platform recorded that week."""
    return _weekly_form(request, weekly.parse_week(request.GET.get("week")))


@login_required
def weekly_edit(request, pk):
    update = weekly.access_update(request.user, pk)
    return _weekly_form(request, update.week_start, update)


@login_required
def weekly_detail(request, pk):
    update = weekly.access_update(request.user, pk)
    context = {
        "update": update,
        "week_label": weekly.week_label(update.week_start),
        "can_edit": request.user.is_officer,
    }
    return render(request, "supervision/weekly_detail.html", context)


@login_required
def weekly_digest(request):
    """All counties and zones for one week, side by side, printable."""
    weekly.require_digest_reader(request.user)
    monday = weekly.parse_week(request.GET.get("week"))
    context = {
        "digest": weekly.weekly_digest(monday),
        "previous_week": monday - datetime.timedelta(days=7),
        "next_week": monday + datetime.timedelta(days=7),
        "is_current": monday >= weekly.monday_of(timezone.localdate()),
    }
    return render(request, "supervision/weekly_digest.html", context)


# --- 半年观摩 ----------------------------------------------------------------------------------


def _review(request):
    form = SiteReviewForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return form, None, []
    criteria = form.criteria()
    return form, criteria, reviews.select_projects(criteria, request.user)


@login_required
def review_list(request):
    """The projects the half-year review visits, grouped by county along the route."""
    form, criteria, stops = _review(request)
    context = {
        "form": form,
        "criteria": criteria,
        "groups": reviews.grouped(stops),
        "count": len(stops),
        "query": request.GET.urlencode(),
    }
    return render(request, "supervision/review_list.html", context)


@login_required
def review_export(request):
    """The route sheet (.xlsx) of the same criteria as the page."""
    _, criteria, stops = _review(request)
    if criteria is None:
        raise Http404("观摩条件有误")
    return xlsx_response(reviews.route_sheet(stops), reviews.route_filename(criteria))


# --- 年终总结 ----------------------------------------------------------------------------------


def _year(request):
    if request.user.is_officer:
        raise PermissionDenied("年终总结由市级查看")
    choices = year_choices()
    text = request.GET.get("year") or str(choices[0][0])
    if not text.isdigit() or int(text) not in dict(choices):
        raise Http404("年份不在可选范围内")
    return int(text), choices


@login_required
def summary_year(request):
    """The year's figures, quarterly ranks and indicator progress; printable."""
    year, choices = _year(request)
    context = {"summary": summary.build(year), "years": choices, "year": year}
    return render(request, "supervision/summary_year.html", context)


@login_required
def summary_export(request):
    year, _ = _year(request)
    data = summary.build(year)
    return xlsx_response(summary.workbook(data), summary.filename(data))
