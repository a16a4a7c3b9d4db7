import pytest

from zhaoshang.industries.models import IndustryCluster, IndustryCode
from zhaoshang.regions.models import DevelopmentZone, Region

pytestmark = pytest.mark.django_db


def test_xinxiang_and_its_twelve_county_level_units_have_official_codes():
    city = Region.objects.get(code="410700")
    assert city.name == "新乡市"
    counties = dict(city.children.values_list("code", "name"))
    assert len(counties) == 12
    assert counties["410783"] == "长垣市" and counties["410702"] == "红旗区"


def test_the_thirteen_zones_of_the_plan_with_their_industries():
    assert DevelopmentZone.objects.count() == 13
    changyuan = DevelopmentZone.objects.get(name="长垣经济技术开发区")
    assert changyuan.region.name == "长垣市"
    equipment = changyuan.industries.get(name="装备制造")
    assert "起重机械及配件" in equipment.items
    assert equipment.cluster.name == "装备制造"


def test_the_542_clusters_are_five_four_two():
    tiers = [c.tier for c in IndustryCluster.objects.all()]
    assert (tiers.count("traditional"), tiers.count("emerging"), tiers.count("future")) == (5, 4, 2)


def test_gbt4754_codes_form_a_tree():
    assert IndustryCode.objects.count() == 1971
    code = IndustryCode.objects.get(code="2822")
    assert code.parent.code == "282" and code.parent.parent.code == "28"
    assert code.parent.parent.parent.code == "C"
