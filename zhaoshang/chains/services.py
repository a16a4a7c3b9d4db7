"""Chain rules written once (node status, the targeting funnel, overdue items, zone fit) and
every write to the chain maps."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from zhaoshang.enterprises.choices import EnterpriseKind, IndustryRelation
from zhaoshang.enterprises.models import Enterprise, IndustryEnterprise
from zhaoshang.enterprises.services import match_enterprise, resolve_investor
from zhaoshang.projects import stages
from zhaoshang.projects.choices import Stage, Status
from zhaoshang.projects.models import Project
from zhaoshang.regions.models import ZoneIndustry

from .choices import CHAIN_VISIT_KINDS, PERSON_ROLES, NodeStatus, Position, TargetStatus
from .models import (
    ChainNode,
    ChainTarget,
    ChainVisit,
    ChainWorkItem,
    IndustryChain,
    NodeEnterprise,
    NodeInstitution,
    is_chain_editor,
)

# ------------------------------------------------------------------ node status

STRONG_MIN_FIRMS = 5
LARGE_FIRM_REVENUE_WAN = Decimal("100000")  # 10亿元

STATUS_RULES = [
    (NodeStatus.GAP, "该环节没有在新企业。"),
    (
        NodeStatus.STRONG,
        f"在新企业不少于 {STRONG_MIN_FIRMS} 家，或至少有 1 家链主企业或年营业收入"
        f" {LARGE_FIRM_REVENUE_WAN / 10000:.0f} 亿元以上的企业。",
    ),
    (NodeStatus.WEAK, "有在新企业，但未达到“优势”标准。"),
    (None, "上级环节的企业数含其下级环节的企业。"),
    (None, "人工认定优先于以上规则，须写明理由，修改留痕。"),
]

STATUS_COLORS = {
    NodeStatus.STRONG: "#198754",
    NodeStatus.WEAK: "#fd7e14",
    NodeStatus.GAP: "#dc3545",
}


def computed_status(firm_count, large_count):
    """The status the rules give a node with ``firm_count`` local firms, ``large_count`` of
    them chain leaders or with revenue of at least LARGE_FIRM_REVENUE_WAN."""
    if firm_count == 0:
        return NodeStatus.GAP
    if firm_count >= STRONG_MIN_FIRMS or large_count > 0:
        return NodeStatus.STRONG
    return NodeStatus.WEAK


def _large_firm_q(prefix=""):
    return Q(**{f"{prefix}is_chain_leader": True}) | Q(
        **{f"{prefix}revenue__gte": LARGE_FIRM_REVENUE_WAN}
    )


@dataclass
class NodeState:
    """A node with its figures and statuses, as the map, reports and exports show it."""

    node: ChainNode
    firms: int = 0
    large_firms: int = 0
    targets: int = 0
    institutions: int = 0
    children: list = field(default_factory=list)

    @property
    def computed(self):
        return computed_status(self.firms, self.large_firms)

    @property
    def status(self):
        return NodeStatus(self.node.status_override or self.computed)

    @property
    def is_overridden(self):
        return bool(self.node.status_override)

    @property
    def needs_targets(self):
        return self.status in (NodeStatus.GAP, NodeStatus.WEAK)


def node_states(nodes, region=None):
    """``NodeState`` for each of ``nodes`` (a queryset of one or more chains), in order.

    With ``region`` the firms and targets of that county alone are counted, so a county sees
    its own gap and weak nodes. Four queries whatever the number of nodes.
    """
    # A queryset of nodes is passed on as a subquery: a list of thousands of ids would make
    # each of the three counting queries slower than the subquery.
    ids = nodes.values("pk") if isinstance(nodes, QuerySet) else [n.pk for n in nodes]
    nodes = list(nodes)
    firm_filter = Q(node_id__in=ids) & (Q(region=region) if region else Q())
    firm_rows = (
        NodeEnterprise.objects.filter(firm_filter)
        .values("node_id")
        .annotate(n=Count("id"), large=Count("id", filter=_large_firm_q()))
        .order_by()
    )
    firms = {r["node_id"]: (r["n"], r["large"]) for r in firm_rows}
    target_filter = Q(node_id__in=ids) & (Q(region=region) if region else Q())
    targets = dict(
        ChainTarget.objects.filter(target_filter)
        .values("node_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("node_id", "n")
    )
    institutions = dict(
        NodeInstitution.objects.filter(node_id__in=ids)
        .values("node_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("node_id", "n")
    )
    states = {}
    for node in nodes:
        count, large = firms.get(node.pk, (0, 0))
        states[node.pk] = NodeState(
            node, count, large, targets.get(node.pk, 0), institutions.get(node.pk, 0)
        )
    for state in states.values():
        if state.node.parent_id in states:
            states[state.node.parent_id].children.append(state)
    # A node's firms include those of its sub-nodes (燃料电池系统 counts its 双极板 makers).
    for state in top_level(list(states.values())):
        _add_children(state)
    return list(states.values())


def _add_children(state):
    for child in state.children:
        _add_children(child)
        state.firms += child.firms
        state.large_firms += child.large_firms


def chain_states(chain, region=None):
    return node_states(chain.nodes.all(), region)


def top_level(states):
    """The states of nodes without a parent, each carrying its children."""
    ids = {s.node.pk for s in states}
    return [s for s in states if s.node.parent_id not in ids]


def chain_map_data(chain, region=None):
    """The ECharts tree of a chain: chain → 上游/中游/下游 → nodes → sub-nodes."""
    states = chain_states(chain, region)

    def item(state):
        status = state.status
        return {
            "name": state.node.name,
            "id": state.node.pk,
            "status": status.value,
            "statusLabel": status.label,
            "overridden": state.is_overridden,
            "firms": state.firms,
            "targets": state.targets,
            "institutions": state.institutions,
            "itemStyle": {"color": STATUS_COLORS[status], "borderColor": STATUS_COLORS[status]},
            "children": [item(child) for child in state.children],
        }

    roots = top_level(states)
    return {
        "name": chain.name,
        "children": [
            {
                "name": position.label,
                "position": position.value,
                "children": [item(s) for s in roots if s.node.position == position],
            }
            for position in Position
        ],
        "colors": {s.value: STATUS_COLORS[s] for s in NodeStatus},
        "labels": {s.value: s.label for s in NodeStatus},
    }


def status_counts(states):
    counts = dict.fromkeys(NodeStatus, 0)
    for state in states:
        counts[state.status] += 1
    return counts


# ------------------------------------------------------------------ targeting funnel

# A target has landed when the project it became reached 签约 or a later stage in the project
# library (and was not withdrawn): the project library, not the outreach status, decides.
LANDED_STAGES = stages.from_stage(Stage.SIGNED)
_REACHED = {
    "contacted": [TargetStatus.CONTACTED, TargetStatus.NEGOTIATING, TargetStatus.SIGNED],
    "negotiating": [TargetStatus.NEGOTIATING, TargetStatus.SIGNED],
    "signed": [TargetStatus.SIGNED],
}
FUNNEL_STEPS = [
    ("targets", "目标企业"),
    ("contacted", "已对接"),
    ("negotiating", "洽谈中"),
    ("signed", "已签约"),
    ("landed", "已落地"),
]
FUNNEL_RULES = (
    "各步为累计口径：已对接含洽谈中和已签约；已落地指关联的招商项目在项目库中已进入签约及以后阶段"
    "（签约、注册、开工、投产、达效）且未终止。"
)


def _funnel_aggregates(prefix=""):
    counts = {"targets": Count(f"{prefix}id", distinct=True)}
    for step, statuses in _REACHED.items():
        counts[step] = Count(
            f"{prefix}id", filter=Q(**{f"{prefix}status__in": statuses}), distinct=True
        )
    counts["landed"] = Count(
        f"{prefix}id",
        filter=Q(**{f"{prefix}project__stage__in": LANDED_STAGES})
        & ~Q(**{f"{prefix}project__status": Status.WITHDRAWN}),
        distinct=True,
    )
    return counts


def funnel(targets):
    """targets → contacted → negotiating → signed → landed counts of a target queryset."""
    return targets.order_by().aggregate(**_funnel_aggregates())


def funnel_by_chain(targets):
    """{chain_id: funnel} of a target queryset."""
    rows = targets.order_by().values("node__chain_id").annotate(**_funnel_aggregates())
    return {r.pop("node__chain_id"): r for r in rows}


def funnel_by_region(targets):
    """[(county name or 市级, funnel)] of a target queryset."""
    rows = targets.order_by().values("region__name").annotate(**_funnel_aggregates())
    return sorted(((r.pop("region__name") or "市级统筹", r) for r in rows), key=lambda row: row[0])


def funnel_by_chief(targets):
    """[(chief name, roles, funnel)] for every 群链长/链长 over the targets of their chains."""
    rows = (
        targets.filter(node__chain__chiefs__role__in=PERSON_ROLES)
        .order_by()
        .values("node__chain__chiefs__name")
        .annotate(**_funnel_aggregates())
        .order_by("node__chain__chiefs__name")
    )
    return [(r.pop("node__chain__chiefs__name"), r) for r in rows]


# ------------------------------------------------------------------ work log and visits


def overdue_q(today=None):
    """Open action items whose due date has passed."""
    return Q(done_on__isnull=True, due_date__lt=today or timezone.localdate())


def open_action_items(items, today=None):
    """Open action items, overdue first, each with ``is_overdue`` set."""
    today = today or timezone.localdate()
    result = list(
        items.filter(done_on__isnull=True)
        .exclude(action_item="")
        .select_related("chain", "node", "region")
        .order_by("due_date", "id")
    )
    for item in result:
        item.is_overdue = item.due_date < today
    return sorted(result, key=lambda i: not i.is_overdue)


def visits_by_quarter(visits):
    """[(\"2025年第1季度\", {kind: count}, total)] newest quarter first, every kind present."""
    rows = (
        visits.order_by()
        .annotate(y=ExtractYear("date"), q=ExtractQuarter("date"))
        .values("y", "q", "kind")
        .annotate(n=Count("id"))
    )
    quarters = {}
    for r in rows:
        counts = quarters.setdefault((r["y"], r["q"]), dict.fromkeys(CHAIN_VISIT_KINDS, 0))
        counts[r["kind"]] = r["n"]
    return [
        (f"{y}年第{q}季度", counts, sum(counts.values()))
        for (y, q), counts in sorted(quarters.items(), reverse=True)
    ]


# ------------------------------------------------------------------ zones and plan targets


def node_keywords(node):
    return [node.name, *node.keywords]


def zones_for_node(node):
    """Zones whose 承接领域 fit the node: [(zone industry, matched items, close)] where close
    means a detailed item (or the industry's name) mentions one of the node's keywords;
    otherwise the industry merely belongs to the chain's cluster."""
    keywords = node_keywords(node)
    fits = []
    for industry in ZoneIndustry.objects.select_related("zone", "cluster").order_by(
        "zone_id", "order"
    ):
        texts = [industry.name, *industry.items]
        matched = [t for t in texts if any(k in t or t in k for k in keywords if k)]
        if matched:
            fits.append((industry, matched, True))
        elif industry.cluster_id == node.chain.cluster_id:
            fits.append((industry, [], False))
    return sorted(fits, key=lambda f: not f[2])


def unplaced_plan_targets(chain):
    """Plan target enterprises (from ingestion) of the chain's cluster not yet on any node."""
    placed = ChainTarget.objects.filter(node__chain=chain).values("enterprise_id")
    return (
        IndustryEnterprise.objects.filter(relation=IndustryRelation.TARGET, cluster=chain.cluster)
        .exclude(enterprise_id__in=placed)
        .select_related("enterprise")
        .order_by("industry", "enterprise__name")
    )


# ------------------------------------------------------------------ writes


def _require_editor(user):
    if user is not None and not is_chain_editor(user):
        raise ValidationError("只有市级工作人员可以维护产业链图谱")


def _require_county(user, region):
    """Officers write only their own county's targets, work items and visits."""
    if user is None or is_chain_editor(user):
        return
    own = user.region_id or (user.zone.region_id if user.is_officer and user.zone_id else None)
    if not user.is_officer or own is None:
        raise ValidationError("当前角色只能查看产业链图谱")
    if region is None or region.pk != own:
        raise ValidationError("只能录入或修改本县(市、区)的目标企业、台账和遍访记录")


def find_enterprise(
    name, *, acting_user, kind=EnterpriseKind.FIRM, uscc=None, local=False, strict=True
):
    """The enterprise ``name`` (or the credit code) refers to, created when unknown.

    A name that only resembles known companies is never merged with them: ``strict`` refuses
    it with a message, otherwise it becomes a record of its own.
    """
    name = (name or "").strip()
    if not name and not uscc:
        raise ValidationError("请填写企业名称")
    if uscc:
        enterprise = resolve_investor(acting_user=acting_user, name=name, uscc=uscc)
    else:
        enterprise, doubtful = match_enterprise(name)
        if enterprise is None and doubtful and strict:
            names = "、".join(e.name for e in doubtful)
            raise ValidationError(
                f"“{name}”与已有企业“{names}”名称相近，请填写完整名称或统一社会信用代码"
            )
        if enterprise is None:
            enterprise = Enterprise(name=name, kind=kind, is_local=local)
            enterprise._history_user = acting_user
            enterprise.full_clean()
            enterprise.save()
    if local and not enterprise.is_local:
        enterprise.is_local = True
        enterprise._history_user = acting_user
        enterprise.save()
    return enterprise


@transaction.atomic
def set_node_status(node, *, acting_user, status, reason):
    """Override the computed status of ``node`` (``status`` "" returns it to the rules)."""
    _require_editor(acting_user)
    reason = (reason or "").strip()
    if status and status not in NodeStatus.values:
        raise ValidationError({"status": "请选择优势、薄弱或空白"})
    if not reason:
        raise ValidationError({"reason": "人工认定或取消认定环节状态时必须填写理由"})
    node.status_override = status or ""
    node.override_reason = reason if status else ""
    node._history_user = acting_user
    node._change_reason = reason if status else f"取消人工认定：{reason}"
    node.full_clean()
    node.save()
    return node


@transaction.atomic
def add_local_firm(
    node, *, acting_user, name, uscc=None, region=None, revenue=None, is_chain_leader=False
):
    """Put a local firm on a node (the firm is created, as 在新企业, when unknown)."""
    _require_editor(acting_user)
    if revenue is not None and revenue < 0:
        raise ValidationError({"revenue": "营业收入不能为负数"})
    enterprise = find_enterprise(name, acting_user=acting_user, uscc=uscc, local=True)
    if NodeEnterprise.objects.filter(node=node, enterprise=enterprise).exists():
        raise ValidationError(f"“{enterprise.name}”已在“{node.name}”环节中")
    link = NodeEnterprise(
        node=node,
        enterprise=enterprise,
        region=region,
        revenue=revenue,
        is_chain_leader=is_chain_leader,
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def add_target(node, *, acting_user, name, action, region=None, note="", plan_link=None):
    """Add a target enterprise to a node, normally a gap or weak one."""
    _require_county(acting_user, region)
    enterprise = (
        plan_link.enterprise if plan_link else find_enterprise(name, acting_user=acting_user)
    )
    if ChainTarget.objects.filter(node=node, enterprise=enterprise).exists():
        raise ValidationError(f"“{enterprise.name}”已是“{node.name}”环节的目标企业")
    if plan_link is None:
        plan_link = IndustryEnterprise.objects.filter(
            enterprise=enterprise, relation=IndustryRelation.TARGET
        ).first()
    target = ChainTarget(
        node=node,
        enterprise=enterprise,
        action=action,
        region=region,
        note=note,
        plan_link=plan_link,
    )
    target._history_user = acting_user
    target._change_reason = "新增目标企业"
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def update_target(target, *, acting_user, status, project=None, region=None, note=None):
    """Record outreach progress: the status, the project the target became, the county."""
    _require_county(acting_user, target.region)
    if region is not None and region != target.region:
        _require_county(acting_user, region)
        target.region = region
    if status not in TargetStatus.values:
        raise ValidationError({"status": "请选择对接状态"})
    if project is not None and acting_user is not None:
        visible = Project.objects.restrict(acting_user, "view").filter(pk=project.pk).exists()
        if not visible:
            raise ValidationError({"project": "只能关联您有权查看的招商项目"})
    if status == TargetStatus.SIGNED and project is None:
        raise ValidationError({"project": "已签约的目标企业须关联其形成的招商项目"})
    old = TargetStatus(target.status).label
    target.status = status
    target.project = project
    if note is not None:
        target.note = note
    target._history_user = acting_user
    target._change_reason = f"对接状态：{old} → {TargetStatus(status).label}"
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def add_work_item(chain, *, acting_user, **fields):
    """Log chain work; an action item needs an owner and a due date."""
    _require_county(acting_user, fields.get("region"))
    item = ChainWorkItem(chain=chain, created_by=acting_user, **fields)
    if item.node_id and item.node.chain_id != chain.pk:
        raise ValidationError({"node": "所选环节不属于该产业链"})
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def complete_work_item(item, *, acting_user, done_on=None):
    """Mark an action item done (today unless a date is given)."""
    _require_county(acting_user, item.region)
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "完成日期不能晚于今天"})
    item.done_on = done_on
    item.full_clean()
    item.save(update_fields=["done_on", "updated_at"])
    return item


@transaction.atomic
def record_visit(chain, *, acting_user, **fields):
    """Record one of the 四个遍访 for a chain."""
    _require_county(acting_user, fields.get("region"))
    visit = ChainVisit(chain=chain, created_by=acting_user, **fields)
    if visit.date and visit.date > timezone.localdate():
        raise ValidationError({"date": "走访日期不能晚于今天"})
    visit.full_clean()
    visit.save()
    return visit


def chiefs_by_role(chain):
    """{role label: [chief, …]} of a chain, in role order."""
    grouped = {}
    for chief in chain.chiefs.all():
        grouped.setdefault(chief.get_role_display(), []).append(chief)
    return grouped


# ------------------------------------------------------------------ reports


REPORT_TARGETS_PER_NODE = 8


def gap_report(user, region=None):
    """Per chain: gap and weak nodes with their targets, the funnel and open action items;
    with ``region`` only that county's firms, targets and items count."""
    chains = list(
        IndustryChain.objects.restrict(user, "view")
        .select_related("cluster")
        .prefetch_related("chiefs")
    )
    states = node_states(
        ChainNode.objects.restrict(user, "view").filter(chain__in=chains).select_related("chain"),
        region,
    )
    targets = ChainTarget.objects.restrict(user, "view")
    work = ChainWorkItem.objects.restrict(user, "view")
    if region:
        targets, work = targets.filter(region=region), work.filter(region=region)
    # Only gap and weak nodes are reported, and a few targets each (the map has them all).
    needing_ids = [s.node.pk for s in states if s.needs_targets]
    by_node, totals = {}, {}
    for target in (
        targets.filter(node_id__in=needing_ids)
        .select_related("enterprise", "project")
        .order_by("node_id", "id")
    ):
        totals[target.node_id] = totals.get(target.node_id, 0) + 1
        if totals[target.node_id] <= REPORT_TARGETS_PER_NODE:
            by_node.setdefault(target.node_id, []).append(target)
    items_by_chain = {}
    for item in open_action_items(work):
        items_by_chain.setdefault(item.chain_id, []).append(item)
    funnels = funnel_by_chain(targets)
    states_by_chain = {}
    for state in states:
        states_by_chain.setdefault(state.node.chain_id, []).append(state)
    sections = []
    for chain in chains:
        chain_nodes = states_by_chain.get(chain.pk, [])
        needing = [
            (s, by_node.get(s.node.pk, []), totals.get(s.node.pk, 0))
            for s in chain_nodes
            if s.needs_targets
        ]
        sections.append(
            {
                "chain": chain,
                "chiefs": chiefs_by_role(chain),
                "counts": status_counts(chain_nodes),
                "nodes": needing,
                "funnel": funnels.get(chain.pk) or dict.fromkeys(dict(FUNNEL_STEPS), 0),
                "items": items_by_chain.get(chain.pk, []),
            }
        )
    return {
        "sections": sections,
        "total": funnel(targets),
        "by_chief": funnel_by_chief(targets),
        "by_region": funnel_by_region(targets),
    }
