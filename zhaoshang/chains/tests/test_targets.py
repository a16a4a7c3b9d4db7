"""The targeting chain: outreach status, the project a target became, and the funnel."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from zhaoshang.chains import services
from zhaoshang.chains.choices import ChiefRole, TargetStatus
from zhaoshang.chains.models import ChainChief, ChainTarget, IndustryChain
from zhaoshang.industries.models import IndustryCluster
from zhaoshang.projects import services as project_services
from zhaoshang.projects.choices import Stage, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def node(make_node):
    return make_node("氢燃料电池系统")


@pytest.fixture
def target(node, city_staff, county_a):
    return services.add_target(
        node, acting_user=city_staff, name="亿华通", action="fill", region=county_a
    )


def move(target, user, status, project=None):
    return services.update_target(target, acting_user=user, status=status, project=project)


def test_signing_needs_the_project_the_target_became(target, city_staff):
    with pytest.raises(ValidationError) as exc:
        move(target, city_staff, TargetStatus.SIGNED)
    assert "须关联其形成的招商项目" in str(exc.value)
    target.refresh_from_db()
    assert target.status == TargetStatus.NOT_CONTACTED


def test_each_status_change_is_kept_with_who_made_it(target, officer_a):
    move(target, officer_a, TargetStatus.CONTACTED)
    move(target, officer_a, TargetStatus.NEGOTIATING)
    latest = target.history.first()
    assert latest.history_change_reason == "对接状态：已对接 → 洽谈中"
    assert latest.history_user == officer_a


def test_an_officer_cannot_touch_another_countys_target(target, officer_b):
    with pytest.raises(ValidationError, match="只能录入或修改本县"):
        move(target, officer_b, TargetStatus.CONTACTED)


def test_a_target_cannot_be_linked_to_a_project_the_user_cannot_see(
    target, officer_a, county_b, make_project
):
    other = make_project(county_b, name="长垣某项目")
    with pytest.raises(ValidationError, match="有权查看"):
        move(target, officer_a, TargetStatus.NEGOTIATING, project=other)


def test_the_funnel_counts_each_step_reached(
    node, city_admin, county_a, make_project, signed_fields
):
    names = ["甲", "乙", "丙", "丁", "戊", "己"]
    targets = [
        services.add_target(node, acting_user=city_admin, name=f"{n}公司", action="fill")
        for n in names
    ]
    move(targets[1], city_admin, TargetStatus.CONTACTED)
    move(targets[2], city_admin, TargetStatus.NEGOTIATING)
    talks = make_project(county_a, name="洽谈中的项目")
    move(targets[3], city_admin, TargetStatus.SIGNED, project=talks)
    landed = make_project(county_a, name="已签约项目", **signed_fields)
    move(targets[4], city_admin, TargetStatus.SIGNED, project=landed)
    gone = make_project(county_a, name="终止的项目", **signed_fields)
    project_services.set_status(
        gone,
        acting_user=city_admin,
        status=Status.WITHDRAWN,
        reason="企业撤资",
        lost_to_region="无",
    )
    move(targets[5], city_admin, TargetStatus.SIGNED, project=gone)
    funnel = services.funnel(ChainTarget.objects.all())
    assert funnel == {
        "targets": 6,
        "contacted": 5,
        "negotiating": 4,
        "signed": 3,
        # 签约 in the project library, not merely marked signed, and not withdrawn
        "landed": 1,
    }


def test_a_project_that_moves_on_still_counts_as_landed(
    node, city_admin, county_a, make_project, signed_fields
):
    target = services.add_target(node, acting_user=city_admin, name="雄韬股份", action="fill")
    project = make_project(county_a, name="燃料电池项目", **signed_fields)
    move(target, city_admin, TargetStatus.SIGNED, project=project)
    project_services.change_stage(
        project,
        acting_user=city_admin,
        to_stage=Stage.UNDER_CONSTRUCTION,
        date=datetime.date(2025, 5, 1),
    )
    assert services.funnel(ChainTarget.objects.all())["landed"] == 1


def test_the_funnel_is_given_per_chain_chief(node, make_node, city_admin):
    other_chain = IndustryChain.objects.create(
        name="测试锂电池产业链", cluster=IndustryCluster.objects.get(name="电池及新能源")
    )
    other = make_node("高端电芯", chain=other_chain)
    ChainChief.objects.create(chain=node.chain, role=ChiefRole.CHIEF, name="张链长")
    ChainChief.objects.create(chain=other_chain, role=ChiefRole.CHIEF, name="李链长")
    ChainChief.objects.create(chain=other_chain, role=ChiefRole.LEAD_DEPARTMENT, name="市工信局")
    first = services.add_target(node, acting_user=city_admin, name="亿华通", action="fill")
    services.add_target(other, acting_user=city_admin, name="宁德时代", action="fill")
    services.add_target(other, acting_user=city_admin, name="国轩高科", action="fill")
    move(first, city_admin, TargetStatus.CONTACTED)
    rows = dict(services.funnel_by_chief(ChainTarget.objects.all()))
    assert set(rows) == {"张链长", "李链长"}
    assert (rows["张链长"]["targets"], rows["张链长"]["contacted"]) == (1, 1)
    assert (rows["李链长"]["targets"], rows["李链长"]["contacted"]) == (2, 0)


def test_a_similar_name_is_refused_rather_than_merged(node, city_staff):
    services.add_target(
        node, acting_user=city_staff, name="北京亿华通科技股份有限公司", action="fill"
    )
    with pytest.raises(ValidationError, match="名称相近"):
        services.add_target(
            node, acting_user=city_staff, name="北京亿华通科技有限公司", action="fill"
        )
