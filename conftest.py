"""Shared test fixtures: one named user per role, and project factories."""

import datetime
from decimal import Decimal

import pytest

from zhaoshang.accounts.choices import Role
from zhaoshang.accounts.models import User
from zhaoshang.projects import services
from zhaoshang.projects.choices import Stage
from zhaoshang.regions.models import DevelopmentZone, Region

PASSWORD = "test-pass-123"


def make_user(username, role, region=None, zone=None):
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role, region=region, zone=zone
    )
    user.first_name = username
    user.save()
    return user


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded evidence and pending imports go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def county_a(db):
    return Region.objects.get(name="红旗区")


@pytest.fixture
def county_b(db):
    return Region.objects.get(name="长垣市")


@pytest.fixture
def zone_a(db):
    return DevelopmentZone.objects.get(name="新乡经济技术开发区")


@pytest.fixture
def city_admin(db):
    return make_user("city_admin", Role.CITY_ADMIN)


@pytest.fixture
def city_staff(db):
    return make_user("city_staff", Role.CITY_STAFF)


@pytest.fixture
def leader(db):
    return make_user("leader", Role.LEADER)


@pytest.fixture
def officer_a(db, county_a):
    return make_user("officer_a", Role.OFFICER, region=county_a)


@pytest.fixture
def officer_b(db, county_b):
    return make_user("officer_b", Role.OFFICER, region=county_b)


@pytest.fixture
def zone_officer(db, zone_a):
    return make_user("zone_officer", Role.OFFICER, zone=zone_a)


@pytest.fixture
def make_project(db, city_admin):
    """Create a project through the service layer, as a user would."""

    def make(region, *, acting_user=None, **fields):
        defaults = {"name": f"测试项目{Region.objects.count()}", "region": region}
        defaults.update(fields)
        return services.create_project(acting_user=acting_user or city_admin, **defaults)

    return make


@pytest.fixture
def signed_fields():
    return {
        "stage": Stage.SIGNED,
        "contract_date": datetime.date(2025, 3, 18),
        "contracted_investment": Decimal("50000"),
        "total_investment": Decimal("60000"),
    }


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do
