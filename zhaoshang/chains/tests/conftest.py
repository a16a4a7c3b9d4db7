"""A small hydrogen chain built directly, so that each test states the firms it relies on."""

import pytest

from zhaoshang.chains.models import ChainNode, IndustryChain, NodeEnterprise
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.industries.models import IndustryCluster


@pytest.fixture
def chain(db):
    return IndustryChain.objects.create(
        name="测试氢能产业链", cluster=IndustryCluster.objects.get(name="氢能与储能")
    )


@pytest.fixture
def make_node(chain):
    def make(name, position="midstream", parent=None, **fields):
        return ChainNode.objects.create(
            chain=fields.pop("chain", chain),
            name=name,
            position=position,
            parent=parent,
            order=ChainNode.objects.count(),
            **fields,
        )

    return make


@pytest.fixture
def add_firm():
    def add(node, name, region=None, revenue=None, leader=False):
        enterprise, _ = Enterprise.objects.get_or_create(name=name, defaults={"is_local": True})
        return NodeEnterprise.objects.create(
            node=node,
            enterprise=enterprise,
            region=region,
            revenue=revenue,
            is_chain_leader=leader,
        )

    return add
