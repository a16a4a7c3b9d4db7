"""Admin pages for the chain records the web pages do not edit: chiefs, institutions and
supply links (the rest are edited on the chain map, through the services)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ChainChief,
    ChainNode,
    ChainTarget,
    IndustryChain,
    NodeEnterprise,
    NodeInstitution,
    SupplyLink,
)


class ChainChiefInline(admin.TabularInline):
    model = ChainChief
    extra = 1
    raw_id_fields = ["enterprise"]


@admin.register(IndustryChain)
class IndustryChainAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cluster", "order", "is_demo"]
    inlines = [ChainChiefInline]


class NodeInstitutionInline(admin.TabularInline):
    model = NodeInstitution
    extra = 1
    raw_id_fields = ["institution"]


class NodeEnterpriseInline(admin.TabularInline):
    model = NodeEnterprise
    extra = 0
    raw_id_fields = ["enterprise"]


@admin.register(ChainNode)
class ChainNodeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "chain", "position", "parent", "status_override"]
    list_filter = ["chain", "position"]
    raw_id_fields = ["industry_codes"]
    # The override goes through services.set_node_status, which insists on a reason.
    readonly_fields = ["status_override", "override_reason"]
    inlines = [NodeEnterpriseInline, NodeInstitutionInline]


@admin.register(SupplyLink)
class SupplyLinkAdmin(admin.ModelAdmin):
    list_display = ["chain", "supplier", "customer", "product"]
    raw_id_fields = ["supplier", "customer"]


@admin.register(ChainTarget)
class ChainTargetAdmin(SimpleHistoryAdmin):
    list_display = ["enterprise", "node", "status", "region", "project"]
    list_filter = ["status", "node__chain"]
    raw_id_fields = ["enterprise", "project", "plan_link"]
    # Outreach progress goes through services.update_target (signed needs a project).
    readonly_fields = ["status"]
