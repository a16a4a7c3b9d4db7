"""Node status: the rules, their county perspective and the manual override."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zhaoshang.chains import services
from zhaoshang.chains.choices import NodeStatus

pytestmark = pytest.mark.django_db


def status_of(node, region=None):
    return next(s for s in services.chain_states(node.chain, region) if s.node == node).status


@pytest.mark.parametrize(
    ("firms", "large", "expected"),
    [
        (0, 0, NodeStatus.GAP),
        (1, 0, NodeStatus.WEAK),
        (4, 0, NodeStatus.WEAK),
        (5, 0, NodeStatus.STRONG),
        (1, 1, NodeStatus.STRONG),
    ],
)
def test_status_follows_count_and_size_of_local_firms(firms, large, expected):
    assert services.computed_status(firms, large) == expected


def test_a_node_without_local_firms_is_a_gap(make_node):
    assert status_of(make_node("加氢")) == NodeStatus.GAP


def test_a_few_small_firms_make_a_weak_node(make_node, add_firm):
    node = make_node("储氢")
    add_firm(node, "甲储氢设备有限公司", revenue=Decimal("20000"))
    add_firm(node, "乙储氢设备有限公司", revenue=Decimal("99999.99"))
    assert status_of(node) == NodeStatus.WEAK


def test_one_firm_with_a_billion_of_revenue_makes_a_strong_node(make_node, add_firm):
    node = make_node("制氢")
    add_firm(node, "某化工有限公司", revenue=services.LARGE_FIRM_REVENUE_WAN)
    assert status_of(node) == NodeStatus.STRONG


def test_a_chain_leader_makes_a_strong_node(make_node, add_firm):
    node = make_node("氢燃料发动机")
    add_firm(node, "豫氢动力", leader=True)
    assert status_of(node) == NodeStatus.STRONG


def test_five_local_firms_make_a_strong_node(make_node, add_firm):
    node = make_node("空压机")
    for i in range(services.STRONG_MIN_FIRMS):
        add_firm(node, f"空压机企业{i}")
    assert status_of(node) == NodeStatus.STRONG


def test_a_node_counts_the_firms_of_its_sub_nodes(make_node, add_firm):
    system = make_node("氢燃料电池系统")
    plate = make_node("双极板", parent=system)
    add_firm(plate, "双极板企业")
    assert status_of(system) == NodeStatus.WEAK
    assert [
        c.node for c in services.top_level(services.chain_states(system.chain))[0].children
    ] == [plate]


def test_a_county_sees_only_its_own_firms(make_node, add_firm, county_a, county_b):
    node = make_node("储氢")
    add_firm(node, "长垣储氢企业", region=county_b, leader=True)
    assert status_of(node) == NodeStatus.STRONG
    assert status_of(node, county_b) == NodeStatus.STRONG
    assert status_of(node, county_a) == NodeStatus.GAP


def test_an_override_needs_a_reason(make_node, city_staff):
    node = make_node("加氢")
    with pytest.raises(ValidationError) as exc:
        services.set_node_status(node, acting_user=city_staff, status=NodeStatus.WEAK, reason=" ")
    assert "必须填写理由" in str(exc.value)
    node.refresh_from_db()
    assert node.status_override == ""


def test_an_override_wins_over_the_rules_and_is_kept_in_history(make_node, city_staff):
    node = make_node("加氢")
    services.set_node_status(
        node, acting_user=city_staff, status=NodeStatus.WEAK, reason="已有两座加氢站在建"
    )
    assert status_of(node) == NodeStatus.WEAK
    services.set_node_status(node, acting_user=city_staff, status="", reason="加氢站停建")
    assert status_of(node) == NodeStatus.GAP
    reasons = list(node.history.values_list("history_change_reason", flat=True))
    assert reasons[:2] == ["取消人工认定：加氢站停建", "已有两座加氢站在建"]
    assert node.history.first().history_user == city_staff


@pytest.mark.parametrize("user", ["officer_a", "leader"])
def test_only_city_staff_override_a_status(make_node, user, request):
    node = make_node("加氢")
    with pytest.raises(ValidationError, match="只有市级工作人员"):
        services.set_node_status(
            node, acting_user=request.getfixturevalue(user), status="strong", reason="理由"
        )
