"""Each project's first-reached stage dates follow its stage changes, whoever writes them."""

import datetime
from decimal import Decimal

import pytest

from zhaoshang.projects import services
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import Project, StageChange

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def signed(city_admin, county_a):
    return services.create_project(
        acting_user=city_admin,
        name="年产5万吨新材料项目",
        region=county_a,
        stage=Stage.SIGNED,
        contract_date=D(2025, 3, 10),
        contracted_investment=Decimal(5000),
        initial_stage_date=D(2025, 3, 10),
    )


def dates(project):
    project.refresh_from_db()
    return project.signed_on, project.started_on, project.producing_on


def test_stage_changes_set_the_first_dates(signed, city_admin):
    assert dates(signed) == (D(2025, 3, 10), None, None)
    services.change_stage(
        signed, acting_user=city_admin, to_stage=Stage.UNDER_CONSTRUCTION, date=D(2025, 5, 1)
    )
    services.change_stage(
        signed, acting_user=city_admin, to_stage=Stage.IN_PRODUCTION, date=D(2025, 9, 1)
    )
    assert dates(signed) == (D(2025, 3, 10), D(2025, 5, 1), D(2025, 9, 1))


def test_saving_a_copy_read_before_a_stage_change_keeps_the_new_dates(signed, city_admin):
    stale = Project.objects.get(pk=signed.pk)
    services.change_stage(
        signed, acting_user=city_admin, to_stage=Stage.UNDER_CONSTRUCTION, date=D(2025, 5, 1)
    )
    stale.description = "补充项目简介"
    stale.save()
    assert dates(signed)[1] == D(2025, 5, 1)


def test_correcting_or_deleting_a_stage_change_moves_the_dates(signed, city_admin):
    services.change_stage(
        signed, acting_user=city_admin, to_stage=Stage.UNDER_CONSTRUCTION, date=D(2025, 5, 1)
    )
    start = StageChange.objects.get(project=signed, to_stage=Stage.UNDER_CONSTRUCTION)
    start.date = D(2025, 7, 1)
    start.save()
    assert dates(signed)[1] == D(2025, 7, 1)
    start.delete()
    assert dates(signed)[1] is None


def test_a_later_re_signing_does_not_move_the_first_signing(signed):
    StageChange.objects.create(
        project=signed, from_stage=Stage.SIGNED, to_stage=Stage.SIGNED, date=D(2025, 8, 8)
    )
    assert dates(signed)[0] == D(2025, 3, 10)
