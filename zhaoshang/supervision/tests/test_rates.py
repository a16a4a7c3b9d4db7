"""Hand-computed cases for every formula of rates.py, including the edge cases."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from zhaoshang.projects import services
from zhaoshang.projects.choices import ProjectKind, SourceRegion, Stage, Status
from zhaoshang.projects.models import StageChange
from zhaoshang.supervision import periods, rates

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def signed(county_a, city_admin):
    """Create a project signed on ``on`` and optionally started on ``started``."""

    def make(name, on, amount=1000, started=None, producing=None, **fields):
        project = services.create_project(
            acting_user=city_admin,
            name=name,
            region=county_a,
            stage=Stage.SIGNED,
            contract_date=on,
            contracted_investment=Decimal(amount),
            total_investment=Decimal(fields.pop("total", amount)),
            initial_stage_date=on,
            **fields,
        )
        if started:
            services.change_stage(
                project, acting_user=city_admin, to_stage=Stage.UNDER_CONSTRUCTION, date=started
            )
        if producing:
            services.change_stage(
                project, acting_user=city_admin, to_stage=Stage.IN_PRODUCTION, date=producing
            )
        return project

    return make


def test_a_project_counts_as_signed_once_at_its_first_signing(signed):
    signed("A", D(2025, 6, 3), amount=5000)
    b = signed("B", D(2025, 3, 10), amount=7000)
    StageChange.objects.create(
        project=b, from_stage="signed", to_stage="signed", date=D(2025, 6, 20)
    )
    june = rates.figures(periods.month(2025, 6))
    assert (june.signed_count, june.signed_investment) == (1, Decimal(5000))
    first_half = rates.figures(periods.half(2025, 1))
    assert (first_half.signed_count, first_half.signed_investment) == (2, Decimal(12000))


def test_an_expansion_counts_only_its_increment(signed, county_a, city_admin):
    original = signed("一期", D(2024, 5, 1), amount=30000)
    signed("二期扩产", D(2025, 5, 1), amount=8000, kind=ProjectKind.EXPANSION, extends=original)
    assert rates.figures(periods.year(2025)).signed_investment == Decimal(8000)


def test_ten_billion_projects_are_counted_by_total_investment(signed):
    signed("大项目", D(2025, 4, 1), amount=90000, total=120000)
    signed("小项目", D(2025, 4, 2), amount=98000, total=98000)
    assert rates.figures(periods.quarter(2025, 2)).major_signed_count == 1


def test_fulfilment_rate_counts_contract_due_dates_inside_the_period(signed):
    due = D(2025, 5, 15)
    signed("按期1", D(2025, 1, 5), started=D(2025, 5, 10), planned_start_date=due)
    signed("按期2", D(2025, 1, 6), started=D(2025, 5, 15), planned_start_date=due)
    signed("按期3", D(2025, 1, 7), started=D(2025, 4, 1), planned_start_date=D(2025, 6, 30))
    signed("逾期", D(2025, 1, 8), started=D(2025, 7, 2), planned_start_date=D(2025, 6, 1))
    signed("下季度才到期", D(2025, 1, 9), planned_start_date=D(2025, 7, 1))
    rate = rates.figures(periods.quarter(2025, 2)).fulfilment_rate
    assert (rate.numerator, rate.denominator, rate.value) == (3, 4, Decimal("75.0"))


def test_start_funds_and_production_rates_use_the_years_cohort(signed, city_admin):
    a = signed("A", D(2025, 2, 1), amount=20000, started=D(2025, 3, 1), producing=D(2025, 6, 1))
    b = signed("B", D(2025, 3, 1), amount=20000, started=D(2025, 5, 1))
    signed("C", D(2025, 6, 1), amount=10000)
    signed("去年签约", D(2024, 12, 1), amount=99999, started=D(2025, 1, 10))
    services.record_funds(a, acting_user=city_admin, date=D(2025, 4, 1), amount=Decimal(15000))
    services.record_funds(b, acting_user=city_admin, date=D(2025, 6, 30), amount=Decimal(5000))
    services.record_funds(b, acting_user=city_admin, date=D(2025, 7, 1), amount=Decimal(9000))
    f = rates.figures(periods.half(2025, 1))
    assert (f.start_rate.numerator, f.start_rate.denominator) == (2, 3)
    assert f.start_rate.value == Decimal("66.7")
    assert f.funds_in_place_rate.value == Decimal("40.0")  # 20,000 of 50,000
    assert (f.production_rate.numerator, f.production_rate.denominator) == (1, 2)
    assert (f.started_count, f.production_count) == (3, 1)


def test_no_signed_projects_leaves_rates_undefined_not_zero(db):
    f = rates.figures(periods.month(2025, 6))
    assert f.signed_count == 0
    assert [f.start_rate.value, f.funds_in_place_rate.value, f.fulfilment_rate.value] == [None] * 3


def test_a_stalled_project_stays_in_the_rates(signed, city_admin):
    project = signed("停滞项目", D(2025, 2, 1))
    services.set_status(project, acting_user=city_admin, status=Status.STALLED, reason="资金链紧张")
    rate = rates.figures(periods.year(2025)).start_rate
    assert (rate.numerator, rate.denominator) == (0, 1)


def test_a_withdrawn_project_leaves_forward_rates_but_stays_in_history(signed, city_admin):
    project = signed("终止项目", D(2025, 2, 1), amount=4000)
    signed("正常项目", D(2025, 2, 2), amount=6000, started=D(2025, 3, 1))
    services.set_status(
        project,
        acting_user=city_admin,
        status=Status.WITHDRAWN,
        reason="投资方战略调整",
        lost_to_region="郑州市",
    )
    today = periods.Period("ytd", D(2025, 1, 1), timezone.localdate(), "x")
    now = rates.figures(today)
    assert now.signed_count == 2 and now.signed_investment == Decimal(10000)
    assert (now.start_rate.numerator, now.start_rate.denominator) == (1, 1)
    # Recomputing 2025 from history: the withdrawal came later, so it still counted then.
    past = rates.figures(periods.year(2025))
    assert (past.start_rate.numerator, past.start_rate.denominator) == (1, 2)


def test_funds_in_the_period_split_out_of_province_and_foreign(signed, city_admin):
    far = signed("京津冀项目", D(2025, 1, 5), source_region=SourceRegion.BEIJING_TIANJIN_HEBEI)
    near = signed("本市项目", D(2025, 1, 6), source_region=SourceRegion.LOCAL)
    services.record_funds(far, acting_user=city_admin, date=D(2025, 6, 2), amount=Decimal(800))
    services.record_funds(
        near,
        acting_user=city_admin,
        date=D(2025, 6, 3),
        amount=Decimal(200),
        amount_usd=Decimal(20),
    )
    services.record_funds(far, acting_user=city_admin, date=D(2025, 5, 31), amount=Decimal(999))
    f = rates.figures(periods.month(2025, 6), ids=True)
    assert (f.funds_arrived, f.out_of_province_funds, f.foreign_funds_usd) == (
        Decimal(1000),
        Decimal(800),
        Decimal(20),
    )
    assert sorted(f.projects["funds"]) == sorted([far.pk, near.pk])


def test_figures_per_region_add_up_to_the_city(signed, county_b, city_admin, make_project):
    signed("A", D(2025, 2, 1), amount=100)
    services.create_project(
        acting_user=city_admin,
        name="B",
        region=county_b,
        stage=Stage.SIGNED,
        contract_date=D(2025, 2, 2),
        contracted_investment=Decimal(50),
        initial_stage_date=D(2025, 2, 2),
    )
    by_region = rates.figures_by(periods.year(2025), "region_id")
    assert (
        sum(f.signed_investment for f in by_region.values())
        == rates.figures(periods.year(2025)).signed_investment
    )


def test_period_codes_parse_and_name_themselves():
    assert periods.parse("2025Q2").label == "2025年第二季度"
    assert periods.parse("2025-06").end == D(2025, 6, 30)
    assert periods.parse("2025Q1").previous().code == "2024Q4"
    with pytest.raises(ValueError, match="无法识别的期间"):
        periods.parse("2025Q5")
