"""Loads the chains named in the plans from ``data/chains.json`` (see data/SOURCES.md)."""

import json
from pathlib import Path

from django.db import transaction

from zhaoshang.enterprises.choices import EnterpriseKind
from zhaoshang.enterprises.services import add_alias
from zhaoshang.industries.models import IndustryCluster, IndustryCode
from zhaoshang.regions.models import DevelopmentZone

from .models import ChainNode, ChainTarget, IndustryChain, NodeEnterprise, NodeInstitution
from .services import find_enterprise

DATA = Path(__file__).parent / "data" / "chains.json"


def _enterprise(name, **kwargs):
    # The plans' wording is kept: a name that only resembles a known company becomes its own
    # record (a person can merge them later) instead of stopping the load.
    return find_enterprise(name, acting_user=None, strict=False, **kwargs)


def _load_node(chain, item, order, zone_regions, parent=None):
    node, _ = ChainNode.objects.update_or_create(
        chain=chain,
        name=item["name"],
        defaults={
            "parent": parent,
            "position": item["position"],
            "order": order,
            "keywords": item.get("keywords", []),
        },
    )
    node.industry_codes.set(IndustryCode.objects.filter(code__in=item.get("codes", [])))
    for firm in item.get("local", []):
        enterprise = _enterprise(firm["name"], local=True)
        for alias in firm.get("aliases", []):
            add_alias(enterprise, alias)
        region = zone_regions.get(firm.get("zone"))
        NodeEnterprise.objects.update_or_create(
            node=node,
            enterprise=enterprise,
            defaults={"region": region, "is_chain_leader": firm.get("chain_leader", False)},
        )
    for target in item.get("targets", []):
        enterprise = _enterprise(target["name"])
        ChainTarget.objects.get_or_create(
            node=node,
            enterprise=enterprise,
            defaults={"action": target["action"], "note": target.get("note", "")},
        )
    for institution in item.get("institutions", []):
        enterprise = _enterprise(institution["name"], kind=EnterpriseKind.INSTITUTION)
        NodeInstitution.objects.get_or_create(
            node=node, institution=enterprise, defaults={"kind": institution["kind"]}
        )
    for child_order, child in enumerate(item.get("children", []), start=1):
        _load_node(chain, child, order * 100 + child_order, zone_regions, parent=node)
    return node


@transaction.atomic
def load_reference_chains():
    """Create or refresh the plans' chains with their nodes, local firms, targets and
    institutions. Existing outreach progress and overrides are kept. Returns the chain count."""
    clusters = {c.name: c for c in IndustryCluster.objects.all()}
    zone_regions = {z.name: z.region for z in DevelopmentZone.objects.select_related("region")}
    items = json.loads(DATA.read_text(encoding="utf-8"))["chains"]
    for order, item in enumerate(items, start=1):
        chain, _ = IndustryChain.objects.update_or_create(
            name=item["name"],
            defaults={
                "cluster": clusters[item["cluster"]],
                "order": order,
                "source": item["source"],
            },
        )
        for node_order, node in enumerate(item["nodes"], start=1):
            _load_node(chain, node, node_order, zone_regions)
    return len(items)
