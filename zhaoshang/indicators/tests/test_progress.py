"""Progress of plan indicators, with every number worked out by hand.

The plan period in these tests is 2021–2025 (baseline 2020). From 31 Dec 2020 to 31 Dec 2025
there are 1,826 days (2024 is a leap year); 31 Dec 2023 is 1,095 days in, so the straight line
expects 1095 ÷ 1826 = 59.97 → 60.0%; 30 Jun 2024 is 1,277 days in: 69.93 → 69.9%.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.enterprises.choices import TagKind
from zhaoshang.enterprises.models import Enterprise, EnterpriseTag
from zhaoshang.indicators import services
from zhaoshang.indicators.models import Indicator, IndicatorObservation
from zhaoshang.indicators.progress import COMPUTED, progress
from zhaoshang.projects import services as project_services
from zhaoshang.projects.choices import SourceRegion, Stage, Status
from zhaoshang.supervision import periods

pytestmark = pytest.mark.django_db

D = datetime.date
END_2023 = D(2023, 12, 31)


def indicator(**fields):
    defaults = {
        "name": "实际利用省外资金",
        "unit": "亿元",
        "baseline_year": 2020,
        "target_year": 2025,
    }
    defaults.update(fields)
    return Indicator.objects.create(**defaults)


def observe(ind, admin, values):
    """Record ``{period code: value}`` as the city administrator would."""
    for code, value in values.items():
        services.record_observation(ind, acting_user=admin, period_code=code, value=value)


def test_progress_runs_from_baseline_to_target_and_is_on_track_on_a_known_date(city_admin):
    ind = indicator(baseline_value=Decimal(724), target_value=Decimal(850))
    observe(ind, city_admin, {"2022": 760, "2023": 800})
    p = progress(ind, as_of=END_2023)
    # (800 − 724) ÷ (850 − 724) = 76 ÷ 126 = 60.32%, against 60.0% expected.
    assert (p.latest.period_code, p.current) == ("2023", Decimal(800))
    assert (p.percent, p.expected, p.on_track, p.at_risk) == (
        Decimal("60.3"),
        Decimal("60.0"),
        True,
        False,
    )
    # Half a year later with no new value the line has moved on to 69.9%: at risk.
    later = progress(ind, as_of=D(2024, 6, 30))
    assert (later.percent, later.expected, later.on_track) == (
        Decimal("60.3"),
        Decimal("69.9"),
        False,
    )


def test_a_decreasing_target_counts_the_fall_as_progress(city_admin):
    ind = indicator(name="万元GDP能耗", unit="吨标准煤", baseline_value=10, target_value=8)
    observe(ind, city_admin, {"2023": 9})
    p = progress(ind, as_of=END_2023)
    # (9 − 10) ÷ (8 − 10) = 50.0%, behind the 60.0% line.
    assert (p.percent, p.on_track) == (Decimal("50.0"), False)


def test_a_ceiling_target_is_met_while_within_the_limit(city_admin):
    ind = indicator(
        name="城镇调查失业率",
        unit="%",
        baseline_value=Decimal("4.8"),
        target_value=Decimal("5.5"),
        target_qualifier="以内",
    )
    observe(ind, city_admin, {"2023": "5.2"})
    within = progress(ind, as_of=END_2023)
    assert (within.percent, within.expected, within.on_track) == (
        Decimal(100),
        Decimal(100),
        True,
    )
    observe(ind, city_admin, {"2023": "5.8"})
    above = progress(ind, as_of=END_2023)
    assert (above.current, above.percent, above.at_risk) == (Decimal("5.8"), Decimal(0), True)


def test_a_cumulative_total_sums_each_year_once(city_admin):
    ind = indicator(name="累计实际利用省外资金", target_value=Decimal(4000), cumulative=True)
    observe(ind, city_admin, {"2021": 760, "2022": 790, "2023": 820})
    p = progress(ind, as_of=END_2023)
    # 760 + 790 + 820 = 2,370 of 4,000 = 59.25 → 59.3%, just behind 60.0%.
    assert (p.current, p.percent, p.on_track) == (Decimal(2370), Decimal("59.3"), False)
    # 2024 has a half-year and a first quarter: the half covers the quarter, so only it counts.
    observe(ind, city_admin, {"2024H1": 400, "2024Q1": 180})
    mid = progress(ind, as_of=D(2024, 6, 30))
    assert (mid.current, mid.percent, mid.expected) == (
        Decimal(2770),
        Decimal("69.3"),
        Decimal("69.9"),
    )


def test_no_target_value_leaves_progress_undefined(city_admin):
    ind = indicator(target_value=None, target_text="市定目标")
    observe(ind, city_admin, {"2023": 5})
    p = progress(ind, as_of=END_2023)
    assert (p.percent, p.on_track, p.at_risk, p.status) == (None, None, None, "无法判断")


def test_a_period_entered_again_replaces_its_value_under_the_canonical_code(city_admin):
    ind = indicator(target_value=850, baseline_value=724)
    services.record_observation(ind, acting_user=city_admin, period_code="2024q2", value="200")
    services.record_observation(ind, acting_user=city_admin, period_code="2024Q2", value="210")
    obs = IndicatorObservation.objects.get()
    assert (obs.period_code, obs.period_end, obs.value) == ("2024Q2", D(2024, 6, 30), 210)


def test_observation_rules_are_explained_in_chinese(city_admin, city_staff):
    ind = indicator(target_value=850)
    with pytest.raises(ValidationError, match="无法识别的期间"):
        services.record_observation(ind, acting_user=city_admin, period_code="2024Q5", value=1)
    with pytest.raises(ValidationError, match="尚未结束"):
        services.record_observation(ind, acting_user=city_admin, period_code="2099", value=1)
    with pytest.raises(ValidationError, match="市级管理员"):
        services.record_observation(ind, acting_user=city_staff, period_code="2024", value=1)
    computed = indicator(name="在新世界500强", unit="家", computed_by="fortune500_investors")
    with pytest.raises(ValidationError, match="自动计算"):
        services.record_observation(computed, acting_user=city_admin, period_code="2024", value=3)


def test_city_admin_enters_a_value_through_the_page(login, city_admin):
    ind = indicator(baseline_value=724, target_value=850)
    client = login(city_admin)
    response = client.post(
        f"/indicators/{ind.pk}/observations/",
        {"period_code": "2023", "value": "800", "note": "统计公报"},
    )
    assert response.status_code == 302
    page = client.get(f"/indicators/{ind.pk}/").content.decode()
    assert "统计公报" in page and "60.3%" in page
    assert IndicatorObservation.objects.get().recorded_by == city_admin


def test_other_roles_cannot_enter_values(login, officer_a, city_staff):
    ind = indicator(target_value=850)
    for user in (officer_a, city_staff):
        response = login(user).post(
            f"/indicators/{ind.pk}/observations/", {"period_code": "2023", "value": "1"}
        )
        assert response.status_code == 403
    assert not IndicatorObservation.objects.exists()


def _signed(city_admin, region, name, investor, on, **fields):
    return project_services.create_project(
        acting_user=city_admin,
        name=name,
        region=region,
        investor=investor,
        stage=Stage.SIGNED,
        contract_date=on,
        contracted_investment=Decimal(10000),
        total_investment=Decimal(10000),
        initial_stage_date=on,
        **fields,
    )


def test_a_fortune500_investor_with_two_projects_counts_once(city_admin, county_a, county_b):
    global500 = Enterprise.objects.create(name="圣戈班（中国）投资有限公司")
    EnterpriseTag.objects.create(enterprise=global500, kind=TagKind.FORTUNE_GLOBAL_500, year=2024)
    EnterpriseTag.objects.create(enterprise=global500, kind=TagKind.FORTUNE_GLOBAL_500, year=2023)
    talking = Enterprise.objects.create(name="洽谈中的500强")
    EnterpriseTag.objects.create(enterprise=talking, kind=TagKind.FORTUNE_GLOBAL_500)
    local = Enterprise.objects.create(name="本地企业有限公司")
    _signed(city_admin, county_a, "一期", global500, D(2023, 3, 1))
    _signed(city_admin, county_b, "二期", global500, D(2024, 5, 1))
    _signed(city_admin, county_a, "本地项目", local, D(2024, 5, 2))
    project_services.create_project(
        acting_user=city_admin, name="洽谈项目", region=county_a, investor=talking
    )
    ind = indicator(
        name="在新投资世界500强企业数量",
        unit="家",
        target_value=30,
        computed_by="fortune500_investors",
    )
    compute = COMPUTED["fortune500_investors"].compute
    assert compute(ind, periods.year(2022)) == 0
    assert compute(ind, periods.year(2024)) == 1
    assert progress(ind, as_of=D(2024, 12, 31)).current == 1


def test_a_withdrawn_project_no_longer_brings_its_investor(city_admin, county_a):
    firm = Enterprise.objects.create(name="某世界500强")
    EnterpriseTag.objects.create(enterprise=firm, kind=TagKind.FORTUNE_GLOBAL_500)
    project = _signed(city_admin, county_a, "终止项目", firm, D(2024, 3, 1))
    ind = indicator(name="世界500强", unit="家", computed_by="fortune500_investors")
    project_services.set_status(
        project,
        acting_user=city_admin,
        status=Status.WITHDRAWN,
        reason="战略调整",
        lost_to_region="无",
    )
    compute = COMPUTED["fortune500_investors"].compute
    # Withdrawn today: it still counted at the end of 2024, not any more.
    assert compute(ind, periods.year(2024)) == 1
    assert compute(ind, periods.ytd(timezone.localdate())) == 0


def test_out_of_province_funds_are_computed_in_yi_yuan(city_admin, county_a):
    far = _signed(
        city_admin,
        county_a,
        "京津冀项目",
        None,
        D(2023, 1, 5),
        source_region=SourceRegion.BEIJING_TIANJIN_HEBEI,
    )
    project_services.record_funds(
        far, acting_user=city_admin, date=D(2023, 6, 1), amount=Decimal(8000)
    )
    ind = indicator(
        baseline_value=724,
        target_value=850,
        computed_by="out_of_province_funds",
    )
    p = progress(ind, as_of=END_2023)
    assert [(x.period_code, x.value) for x in p.points] == [
        ("2021", 0),
        ("2022", 0),
        ("2023", Decimal("0.8")),
    ]
    assert p.latest.value == Decimal("0.8")


def test_a_computed_indicator_shows_its_formula_and_no_entry_form(login, city_admin):
    ind = indicator(
        name="世界500强", unit="家", target_value=30, computed_by="fortune500_investors"
    )
    page = login(city_admin).get(f"/indicators/{ind.pk}/").content.decode()
    assert "平台自动计算" in page and "同一企业多个项目只计1家" in page
    assert "录入监测值" not in page


def test_the_list_shows_progress_and_badges(login, city_admin, django_assert_max_num_queries):
    for n in range(5):
        ind = indicator(name=f"指标{n}", baseline_value=724, target_value=850)
        observe(ind, city_admin, {"2023": 800})
    client = login(city_admin)
    with django_assert_max_num_queries(8):
        page = client.get("/indicators/").content.decode()
    assert page.count("progress-bar") == 5 and "进度" in page


def test_city_admin_switches_an_indicator_to_a_formula(login, city_admin):
    ind = indicator(target_value=850)
    login(city_admin).post(
        f"/indicators/{ind.pk}/computed-by/", {"computed_by": "signed_investment"}
    )
    ind.refresh_from_db()
    assert ind.computed_by == "signed_investment"
