from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import render

from zhaoshang.core.access import access_object
from zhaoshang.projects.models import Project

from .models import DevelopmentZone


@login_required
def zone_list(request):
    zones = (
        DevelopmentZone.objects.restrict(request.user, "view")
        .select_related("region")
        .prefetch_related("industries")
    )
    return render(request, "regions/zone_list.html", {"zones": zones})


@login_required
def zone_detail(request, pk):
    zone = access_object(DevelopmentZone, request.user, pk)
    projects = Project.objects.restrict(request.user, "view").filter(zone=zone)
    summary = projects.aggregate(count=Count("id"), total=Sum("total_investment"))
    return render(
        request,
        "regions/zone_detail.html",
        {
            "zone": zone,
            "industries": zone.industries.select_related("cluster"),
            "projects": projects.with_list_relations()[:50],
            "summary": summary,
        },
    )
