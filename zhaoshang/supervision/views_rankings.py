"""季排名 pages. Views stay thin: the ranking, its publication and its rules live in ranking.py."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.utils import money

from . import periods, ranking
from .choices import ScopeKind
from .forms_rankings import RankingConfigForm, RankingFilterForm
from .models import PublishedRanking


def _require_manager(user, message):
    if not ranking.can_manage(user):
        raise PermissionDenied(message)


def _display(key, value):
    """A component value as the table shows it: 万元 with two decimals, counts, rates in %."""
    if value is None:
        return "—"
    unit = ranking.UNITS[key]
    if unit == "万元":
        return money.wan(value)
    if unit == "%":
        return f"{value:.1f}%"
    return str(value)


def _table(data):
    """Rows of ``data`` with the cells in component order, ready for the template."""
    rows = []
    for row in data["rows"]:
        cells = [
            {
                "value": _display(key, row["components"][key]["value"]),
                "score": row["components"][key]["score"],
            }
            for key in ranking.COMPONENT_KEYS
        ]
        rows.append({**row, "cells": cells})
    return rows


def _page_url(period_code, scope):
    return f"{reverse('supervision:rankings')}?{urlencode({'period': period_code, 'scope': scope})}"


@login_required
def ranking_page(request):
    """The quarter's ranking: frozen if published (with any restatement), else computed now
    for city users; officers see published rankings only."""
    published_list = list(ranking.published_rankings())
    form = RankingFilterForm(request.GET, extra_codes=[p.period_code for p in published_list])
    period, scope = form.selection()
    published = PublishedRanking.objects.filter(period_code=period.code, scope_kind=scope).first()
    restated = []
    if published:
        data = ranking.frozen(published)
        restated = ranking.restatements(published)
    elif request.user.is_officer:
        # Counties and zones see the ranking once it is official, not the working figures.
        data = None
    else:
        data = ranking.compute_ranking(period, scope)
    config = data["config"] if data else ranking.config_dict(ranking.config_for(period.start.year))
    context = {
        "form": form,
        "period": period,
        "scope": scope,
        "scope_label": ScopeKind(scope).label,
        "data": data,
        "rows": _table(data) if data else [],
        "components": [
            {
                "key": c.key,
                "label": c.label,
                "unit": ranking.UNITS[c.key],
                "weight": config["weights"][c.key],
            }
            for c in ranking.COMPONENTS
        ],
        "config": config,
        "published": published,
        "restatements": [
            {
                **r,
                "old": _display(r["component"], r["old"]),
                "new": _display(r["component"], r["new"]),
            }
            for r in restated
        ],
        "published_list": [
            {
                "item": p,
                "label": periods.parse(p.period_code).label,
                "url": _page_url(p.period_code, p.scope_kind),
            }
            for p in published_list
        ],
        "can_manage": ranking.can_manage(request.user),
        "can_publish": ranking.can_manage(request.user)
        and not published
        and period.end < timezone.localdate(),
        "help_text": ranking.HELP_TEXT,
    }
    return render(request, "supervision/ranking_page.html", context)


@login_required
@require_POST
def ranking_publish(request):
    """Publish the chosen quarter's ranking (city administrator only)."""
    _require_manager(request.user, "只有市级管理员可以发布排名")
    scope = request.POST.get("scope")
    if scope not in ScopeKind.values:
        raise Http404("排名对象不存在")
    try:
        period = ranking.period_of(request.POST.get("period"))
        ranking.publish_ranking(period, scope, acting_user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("supervision:rankings")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已发布{period.label}{ScopeKind(scope).label}排名")
    return redirect(_page_url(period.code, scope))


@login_required
def ranking_config(request, year):
    """Edit one year's weights and normalisation (city administrator only)."""
    _require_manager(request.user, "只有市级管理员可以设置排名规则")
    if not 2000 <= year <= 2100:
        raise Http404("年度无效")
    config = ranking.config_for(year)
    form = RankingConfigForm(request.POST or None, initial=RankingConfigForm.initial_for(config))
    if request.method == "POST" and form.is_valid():
        try:
            ranking.set_config(
                year,
                acting_user=request.user,
                weights=form.cleaned_data["weights"],
                normalization=form.cleaned_data["normalization"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"已保存{year}年排名规则")
            return redirect("supervision:ranking_config", year=year)
    context = {
        "form": form,
        "year": year,
        "config": config,
        "stored": config.pk is not None,
    }
    return render(request, "supervision/ranking_config.html", context)
