import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.projects import services, stages
from zhaoshang.projects.choices import Stage, Status
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_signing_without_contract_date_and_amount_is_refused_with_both_reasons(
    make_project, county_a, city_admin
):
    project = make_project(county_a, stage=Stage.NEGOTIATING)
    with pytest.raises(ValidationError) as exc:
        services.change_stage(project, acting_user=city_admin, to_stage=Stage.SIGNED, date=TODAY())
    text = "".join(exc.value.messages)
    assert "签约日期" in text and "合同投资额" in text
    assert Project.objects.get(pk=project.pk).stage == Stage.NEGOTIATING


def test_signing_with_contract_data_moves_the_stage_and_records_the_change(
    make_project, county_a, city_admin
):
    project = make_project(
        county_a,
        stage=Stage.NEGOTIATING,
        contract_date=datetime.date(2025, 5, 1),
        contracted_investment=Decimal("8000"),
    )
    services.change_stage(
        project, acting_user=city_admin, to_stage=Stage.SIGNED, date=datetime.date(2025, 5, 2)
    )
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED
    assert project.stage_date == datetime.date(2025, 5, 2)
    last = project.stage_changes.last()
    assert (last.from_stage, last.to_stage, last.created_by) == (
        Stage.NEGOTIATING,
        Stage.SIGNED,
        city_admin,
    )


def test_construction_cannot_start_before_signing(make_project, county_a, city_admin):
    project = make_project(county_a, stage=Stage.NEGOTIATING)
    with pytest.raises(ValidationError) as exc:
        services.change_stage(
            project, acting_user=city_admin, to_stage=Stage.UNDER_CONSTRUCTION, date=TODAY()
        )
    text = "".join(exc.value.messages)
    assert "不能从“对接洽谈”直接变更为“开工”" in text
    assert "须先签约" in text


def test_a_stage_date_in_the_future_is_refused(make_project, county_a, city_admin):
    project = make_project(county_a)
    with pytest.raises(ValidationError) as exc:
        services.change_stage(
            project,
            acting_user=city_admin,
            to_stage=Stage.NEGOTIATING,
            date=TODAY() + datetime.timedelta(days=1),
        )
    assert "不能晚于今天" in exc.value.messages[0]


def test_a_stage_date_before_the_previous_change_is_refused(make_project, county_a, city_admin):
    project = make_project(county_a, initial_stage_date=datetime.date(2025, 6, 1))
    with pytest.raises(ValidationError) as exc:
        services.change_stage(
            project,
            acting_user=city_admin,
            to_stage=Stage.NEGOTIATING,
            date=datetime.date(2025, 5, 1),
        )
    assert "不能早于上一次阶段变更（2025-06-01）" in exc.value.messages[0]


def test_a_withdrawn_project_cannot_change_stage(make_project, county_a, city_admin):
    project = make_project(county_a)
    services.set_status(
        project,
        acting_user=city_admin,
        status=Status.WITHDRAWN,
        reason="投资方战略调整",
        lost_to_region="郑州市",
    )
    assert stages.allowed_targets(Project.objects.get(pk=project.pk)) == []
    with pytest.raises(ValidationError) as exc:
        services.change_stage(
            project, acting_user=city_admin, to_stage=Stage.NEGOTIATING, date=TODAY()
        )
    assert exc.value.messages == ["项目已终止，不能再变更阶段"]


def test_withdrawing_needs_a_reason_and_where_the_project_went(make_project, county_a, city_admin):
    project = make_project(county_a)
    with pytest.raises(ValidationError) as exc:
        services.set_status(project, acting_user=city_admin, status=Status.WITHDRAWN)
    assert set(exc.value.message_dict) == {"status_reason", "lost_to_region"}


def test_creating_a_signed_project_requires_contract_data(county_a, city_admin):
    with pytest.raises(ValidationError) as exc:
        services.create_project(
            acting_user=city_admin, name="缺合同信息", region=county_a, stage=Stage.SIGNED
        )
    assert "签约日期" in "".join(exc.value.messages)
    assert not Project.objects.filter(name="缺合同信息").exists()


def test_negative_amounts_are_refused(county_a, city_admin):
    with pytest.raises(ValidationError) as exc:
        services.create_project(
            acting_user=city_admin, name="负数", region=county_a, total_investment=Decimal("-1")
        )
    assert exc.value.message_dict["total_investment"] == ["金额不能为负数"]


def test_every_forward_path_reaches_at_capacity():
    reachable = {Stage.SOURCING}
    frontier = [Stage.SOURCING]
    while frontier:
        for nxt in stages.TRANSITIONS[frontier.pop()]:
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert reachable == set(Stage)
