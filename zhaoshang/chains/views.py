"""Chain pages. Views stay thin: reads through restrict/access_object, writes through
services, rules in services."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core.access import access_object
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.ingest.services import provenance_queryset
from zhaoshang.projects.models import Project
from zhaoshang.regions.models import Region

from . import brief, services
from .choices import NodeStatus
from .forms import (
    LocalFirmForm,
    NodeStatusForm,
    PlanTargetForm,
    TargetForm,
    TargetUpdateForm,
    VisitForm,
    WorkItemForm,
)
from .models import (
    ChainNode,
    ChainTarget,
    ChainVisit,
    ChainWorkItem,
    IndustryChain,
    NodeEnterprise,
    NodeInstitution,
    SupplyLink,
    is_chain_editor,
)


def _region(request):
    """The county whose perspective is asked for (``?region=``), or None for the city."""
    pk = request.GET.get("region")
    if not pk:
        return None
    return Region.objects.filter(pk=pk, level="county").first() if pk.isdigit() else None


def _error(request, exc):
    messages.error(request, "；".join(exc.messages))


def _back(node_or_chain, node=None):
    chain = node_or_chain if isinstance(node_or_chain, IndustryChain) else node_or_chain.chain
    url = reverse("chains:detail", args=[chain.pk])
    return redirect(f"{url}?node={node.pk}" if node else url)


def _submit(request, form, write, success, back):
    """Validate ``form``, call ``write(cleaned_data)``, report in Chinese, return to the map."""
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return back
    try:
        write(form.cleaned_data)
        messages.success(request, success(form.cleaned_data))
    except ValidationError as exc:
        _error(request, exc)
    return back


@login_required
def chain_list(request):
    region = _region(request)
    chains = list(
        IndustryChain.objects.restrict(request.user, "view")
        .select_related("cluster")
        .prefetch_related("chiefs")
    )
    states = services.node_states(
        ChainNode.objects.restrict(request.user, "view").filter(chain__in=chains), region
    )
    by_chain = {}
    for state in states:
        by_chain.setdefault(state.node.chain_id, []).append(state)
    targets = ChainTarget.objects.restrict(request.user, "view")
    if region:
        targets = targets.filter(region=region)
    funnels = services.funnel_by_chain(targets)
    rows = [
        {
            "chain": chain,
            "nodes": len(by_chain.get(chain.pk, [])),
            "counts": services.status_counts(by_chain.get(chain.pk, [])),
            "chiefs": services.chiefs_by_role(chain),
            "funnel": funnels.get(chain.pk),
        }
        for chain in chains
    ]
    return render(
        request,
        "chains/list.html",
        {
            "rows": rows,
            "region": region,
            "counties": Region.objects.filter(level="county"),
            "statuses": NodeStatus,
        },
    )


@login_required
def chain_detail(request, pk):
    chain = access_object(
        IndustryChain, request.user, pk, queryset=IndustryChain.objects.select_related("cluster")
    )
    region = _region(request)
    user = request.user
    states = services.chain_states(chain, region)
    visits = ChainVisit.objects.restrict(user, "view").filter(chain=chain)
    work = ChainWorkItem.objects.restrict(user, "view").filter(chain=chain)
    targets = ChainTarget.objects.restrict(user, "view").filter(node__chain=chain)
    if region:
        visits, work, targets = (
            visits.filter(region=region),
            work.filter(region=region),
            targets.filter(region=region),
        )
    context = {
        "chain": chain,
        "region": region,
        "counties": Region.objects.filter(level="county"),
        "map_data": services.chain_map_data(chain, region),
        "counts": services.status_counts(states),
        "rules": services.STATUS_RULES,
        "colors": services.STATUS_COLORS,
        "chiefs": services.chiefs_by_role(chain),
        "funnel": services.funnel(targets),
        "funnel_steps": services.FUNNEL_STEPS,
        "funnel_rules": services.FUNNEL_RULES,
        "supply_links": SupplyLink.objects.restrict(user, "view")
        .filter(chain=chain)
        .select_related("supplier", "customer"),
        "plan_targets": services.unplaced_plan_targets(chain),
        "open_items": services.open_action_items(work),
        "log": work.select_related("node", "region", "created_by")[:20],
        "visit_quarters": services.visits_by_quarter(visits),
        "visit_kinds": ChainVisit._meta.get_field("kind").choices,
        "recent_visits": visits.select_related("node", "region")[:10],
        "can_edit": is_chain_editor(user),
        "can_log": is_chain_editor(user) or user.is_officer,
        "work_form": WorkItemForm(chain=chain, initial={"logged_on": timezone.localdate()}),
        "visit_form": VisitForm(chain=chain, initial={"date": timezone.localdate()}),
        "plan_form": PlanTargetForm(chain=chain),
        "selected_node": request.GET.get("node", ""),
    }
    return render(request, "chains/detail.html", context)


@login_required
def chain_map_json(request, pk):
    chain = access_object(IndustryChain, request.user, pk)
    return JsonResponse(
        services.chain_map_data(chain, _region(request)), json_dumps_params={"ensure_ascii": False}
    )


def _source_quotes(enterprise_ids):
    """{enterprise id: [provenance]} of the plan sentences that named each enterprise."""
    quotes = {}
    for source in provenance_queryset().filter(
        content_type=ContentType.objects.get_for_model(Enterprise), object_id__in=enterprise_ids
    ):
        quotes.setdefault(source.object_id, []).append(source)
    return quotes


@login_required
def node_panel(request, pk):
    """The drill-down of one node: local firms, targets, institutions and fitting zones."""
    user = request.user
    node = access_object(
        ChainNode, user, pk, queryset=ChainNode.objects.select_related("chain", "parent")
    )
    region = _region(request)
    state = next(s for s in services.chain_states(node.chain, region) if s.node.pk == node.pk)
    firms = (
        NodeEnterprise.objects.restrict(user, "view")
        .filter(node__in=[node, *node.children.all()])
        .select_related("enterprise", "region", "node")
    )
    targets = (
        ChainTarget.objects.restrict(user, "view")
        .filter(node=node)
        .select_related("enterprise", "region", "project", "plan_link")
    )
    if region:
        firms, targets = firms.filter(region=region), targets.filter(region=region)
    targets = list(targets)
    editable = set(
        ChainTarget.objects.restrict(user, "change")
        .filter(pk__in=[t.pk for t in targets])
        .values_list("pk", flat=True)
    )
    quotes = _source_quotes([t.enterprise_id for t in targets])
    for target in targets:
        target.sources = quotes.get(target.enterprise_id, [])
        target.can_change = target.pk in editable
        target.form = TargetUpdateForm(
            initial={"status": target.status, "project_id": target.project_id, "note": target.note},
            prefix=f"t{target.pk}",
        )
    context = {
        "node": node,
        "state": state,
        "region": region,
        "firms": firms,
        "targets": targets,
        "institutions": NodeInstitution.objects.restrict(user, "view")
        .filter(node=node)
        .select_related("institution"),
        "zones": services.zones_for_node(node),
        "history": node.history.select_related("history_user")[:5],
        "can_edit": is_chain_editor(user),
        "can_target": is_chain_editor(user) or user.is_officer,
        "status_form": NodeStatusForm(initial={"status": node.status_override}),
        "firm_form": LocalFirmForm(),
        "target_form": TargetForm(user=user),
    }
    return render(request, "chains/_node.html", context)


def _node_for_change(request, pk):
    return access_object(
        ChainNode,
        request.user,
        pk,
        action="change",
        queryset=ChainNode.objects.select_related("chain"),
    )


@login_required
@require_POST
def node_status(request, pk):
    node = _node_for_change(request, pk)
    form = NodeStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_node_status(
                node,
                acting_user=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, f"已更新“{node.name}”的环节状态")
        except ValidationError as exc:
            _error(request, exc)
    return _back(node, node)


@login_required
@require_POST
def node_add_firm(request, pk):
    node = _node_for_change(request, pk)
    return _submit(
        request,
        LocalFirmForm(request.POST),
        lambda data: services.add_local_firm(node, acting_user=request.user, **data),
        lambda data: f"已将“{data['name']}”加入“{node.name}”",
        _back(node, node),
    )


@login_required
@require_POST
def node_add_target(request, pk):
    node = access_object(
        ChainNode, request.user, pk, queryset=ChainNode.objects.select_related("chain")
    )
    return _submit(
        request,
        TargetForm(request.POST, user=request.user),
        lambda data: services.add_target(node, acting_user=request.user, **data),
        lambda data: f"已将“{data['name']}”列为“{node.name}”的目标企业",
        _back(node, node),
    )


@login_required
@require_POST
def plan_target_place(request, pk, link_id):
    """Put a plan target enterprise (from ingestion) on a node of the chain."""
    chain = access_object(IndustryChain, request.user, pk)
    link = services.unplaced_plan_targets(chain).filter(pk=link_id).first()
    form = PlanTargetForm(request.POST, chain=chain)
    if link is None or not form.is_valid():
        messages.error(request, "请选择要归入的环节")
        return _back(chain)
    node = form.cleaned_data["node"]
    try:
        services.add_target(
            node,
            acting_user=request.user,
            name=link.enterprise.name,
            action=form.cleaned_data["action"],
            plan_link=link,
        )
        messages.success(request, f"已将“{link.enterprise.name}”归入“{node.name}”")
    except ValidationError as exc:
        _error(request, exc)
    return _back(chain, node)


@login_required
@require_POST
def target_update(request, pk):
    target = access_object(
        ChainTarget,
        request.user,
        pk,
        action="change",
        queryset=ChainTarget.objects.select_related("node__chain", "region"),
    )
    form = TargetUpdateForm(request.POST, prefix=f"t{target.pk}")
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return _back(target.node, target.node)
    project = None
    project_id = form.cleaned_data["project_id"]
    if project_id:
        project = Project.objects.restrict(request.user, "view").filter(pk=project_id).first()
        if project is None:
            messages.error(request, f"项目编号 {project_id} 不存在或无权查看")
            return _back(target.node, target.node)
    try:
        services.update_target(
            target,
            acting_user=request.user,
            status=form.cleaned_data["status"],
            project=project,
            note=form.cleaned_data["note"],
        )
        messages.success(request, f"已更新“{target.enterprise}”的对接状态")
    except ValidationError as exc:
        _error(request, exc)
    return _back(target.node, target.node)


@login_required
@require_POST
def work_add(request, pk):
    chain = access_object(IndustryChain, request.user, pk)
    return _submit(
        request,
        WorkItemForm(request.POST, chain=chain),
        lambda data: services.add_work_item(chain, acting_user=request.user, **data),
        lambda data: "已记入链长工作台账",
        _back(chain),
    )


@login_required
@require_POST
def work_done(request, pk):
    item = access_object(ChainWorkItem, request.user, pk, action="change")
    try:
        services.complete_work_item(item, acting_user=request.user)
        messages.success(request, f"待办事项“{item.action_item}”已完成")
    except ValidationError as exc:
        _error(request, exc)
    return _back(item.chain)


@login_required
@require_POST
def visit_add(request, pk):
    chain = access_object(IndustryChain, request.user, pk)
    return _submit(
        request,
        VisitForm(request.POST, chain=chain),
        lambda data: services.record_visit(chain, acting_user=request.user, **data),
        lambda data: "已记录遍访",
        _back(chain),
    )


@login_required
def chain_brief(request, pk):
    """The one-page PDF brief of a chain."""
    chain = access_object(
        IndustryChain, request.user, pk, queryset=IndustryChain.objects.select_related("cluster")
    )
    pdf = brief.render_brief(chain, request.user, _region(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{chain.name}_图谱简报_{timezone.localdate():%Y%m%d}.pdf"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def gap_report(request):
    """Gap and weak nodes, their targets, progress and next actions, per chain (and county)."""
    report = services.gap_report(request.user, _region(request))
    return render(
        request,
        "chains/gaps.html",
        {
            **report,
            "region": _region(request),
            "counties": Region.objects.filter(level="county"),
            "funnel_steps": services.FUNNEL_STEPS,
            "funnel_rules": services.FUNNEL_RULES,
            "rules": services.STATUS_RULES,
        },
    )
