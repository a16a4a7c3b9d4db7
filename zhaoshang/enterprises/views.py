from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhaoshang.core.access import access_object
from zhaoshang.core.views import paginate, query_without_page
from zhaoshang.projects.models import Project

from .filters import EnterpriseFilterSet
from .models import Enterprise


@login_required
def enterprise_list(request):
    base = Enterprise.objects.restrict(request.user, "view").select_related("cluster")
    filterset = EnterpriseFilterSet(request.GET or None, queryset=base)
    qs = (filterset.qs if filterset.is_bound else base).distinct()
    return render(
        request,
        "enterprises/list.html",
        {"filter": filterset, "page": paginate(request, qs), "query": query_without_page(request)},
    )


@login_required
def enterprise_detail(request, pk):
    enterprise = access_object(Enterprise, request.user, pk)
    projects = (
        Project.objects.restrict(request.user, "view")
        .filter(investor=enterprise)
        .with_list_relations()
    )
    return render(
        request,
        "enterprises/detail.html",
        {
            "enterprise": enterprise,
            "tags": enterprise.tags.all(),
            "links": enterprise.industry_links.select_related("cluster"),
            "projects": projects,
        },
    )
