import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.core.errors import ConcurrentEditError
from zhaoshang.projects import services
from zhaoshang.projects.choices import ProjectKind, SourceRegion
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.django_db


def test_a_second_project_with_the_same_project_code_is_refused(make_project, county_a):
    make_project(county_a, project_code="2021-410700-28-03-012345")
    with pytest.raises(ValidationError) as exc:
        make_project(county_a, name="另一个", project_code="2021-410700-28-03-012345")
    assert "已有项目使用该投资项目代码" in "".join(exc.value.messages)
    assert Project.objects.filter(project_code="2021-410700-28-03-012345").count() == 1


def test_the_later_of_two_concurrent_edits_is_refused(make_project, county_a, officer_a):
    project = make_project(county_a, acting_user=officer_a)
    opened_version = project.version
    services.update_project(
        Project.objects.get(pk=project.pk),
        acting_user=officer_a,
        expected_version=opened_version,
        service_officer="刘洋",
    )
    with pytest.raises(ConcurrentEditError) as exc:
        services.update_project(
            Project.objects.get(pk=project.pk),
            acting_user=officer_a,
            expected_version=opened_version,
            service_officer="陈静",
        )
    assert "已被officer_a于" in exc.value.messages[0]
    assert Project.objects.get(pk=project.pk).service_officer == "刘洋"


def test_every_edit_is_recorded_with_user_field_old_and_new(make_project, county_a, officer_a):
    project = make_project(county_a, acting_user=officer_a, total_investment=Decimal("1000"))
    services.update_project(
        project,
        acting_user=officer_a,
        expected_version=project.version,
        total_investment=Decimal("1500"),
    )
    from zhaoshang.core.history import change_log

    latest = change_log(Project.objects.get(pk=project.pk))[0]
    assert latest.who == "officer_a"
    assert [(c.field, c.old, c.new) for c in latest.changes] == [
        ("总投资（万元）", "1,000.00", "1,500.00")
    ]


def test_an_officer_cannot_move_a_project_to_another_county(
    make_project, county_a, county_b, officer_a
):
    project = make_project(county_a, acting_user=officer_a)
    with pytest.raises(ValidationError):
        services.update_project(
            project, acting_user=officer_a, expected_version=project.version, region=county_b
        )
    assert Project.objects.get(pk=project.pk).region == county_a


def test_an_officer_cannot_create_a_project_for_another_county(county_b, officer_a):
    with pytest.raises(ValidationError):
        services.create_project(acting_user=officer_a, name="越权", region=county_b)
    assert not Project.objects.filter(name="越权").exists()


def test_flags_are_derived_from_source_amount_and_foreign_investment(make_project, county_a):
    project = make_project(
        county_a,
        source_region=SourceRegion.YANGTZE_DELTA,
        total_investment=Decimal("100000"),
    )
    project.refresh_from_db()
    assert (project.is_out_of_province, project.is_foreign, project.is_major) == (True, False, True)
    local = make_project(
        county_a,
        name="本地小项目",
        source_region=SourceRegion.LOCAL,
        total_investment=Decimal("99999.99"),
        foreign_investment_usd=Decimal("10"),
    )
    local.refresh_from_db()
    assert (local.is_out_of_province, local.is_foreign, local.is_major) == (False, True, False)


def test_an_expansion_must_link_the_project_it_extends(make_project, county_a):
    with pytest.raises(ValidationError) as exc:
        make_project(county_a, name="扩产", kind=ProjectKind.EXPANSION)
    assert "必须关联原项目" in exc.value.message_dict["extends"][0]
    original = make_project(county_a, name="一期")
    second = make_project(county_a, name="二期扩产", kind=ProjectKind.EXPANSION, extends=original)
    assert list(original.extensions.all()) == [second]


def test_funds_must_be_positive_and_not_in_the_future(make_project, county_a, city_admin):
    project = make_project(county_a)
    with pytest.raises(ValidationError):
        services.record_funds(
            project, acting_user=city_admin, date=datetime.date(2025, 1, 1), amount=Decimal("0")
        )
    with pytest.raises(ValidationError):
        services.record_funds(
            project,
            acting_user=city_admin,
            date=timezone.localdate() + datetime.timedelta(days=3),
            amount=Decimal("10"),
        )
    services.record_funds(
        project, acting_user=city_admin, date=datetime.date(2025, 1, 1), amount=Decimal("10")
    )
    assert project.funds.count() == 1


def test_leaders_and_city_staff_cannot_write(make_project, county_a, leader, city_staff):
    project = make_project(county_a)
    for user in (leader, city_staff):
        with pytest.raises(ValidationError):
            services.update_project(
                project, acting_user=user, expected_version=project.version, name="改名"
            )
