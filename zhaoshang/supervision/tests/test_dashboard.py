"""The leaders' dashboard through HTTP: its figures, scoping, caching, drill-down and formulas.

The data set, all amounts in 万元:
- A (红旗区, from 京津冀): 签约 2025-02-01 20,000, 开工 2025-03-01; 到位 5,000 on 2025-04-01.
- B (长垣市): 签约 2025-06-10 150,000 (total 150,000: a 10亿元 project); 到位 1,000 on 2025-06-20.
- C (红旗区): 签约 2024-12-01 999, so outside 2025.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhaoshang.indicators.models import Indicator, IndicatorObservation
from zhaoshang.projects import services
from zhaoshang.projects.choices import SourceRegion, Stage
from zhaoshang.regions.models import Region
from zhaoshang.supervision import dashboard, periods, ranking, rates

pytestmark = pytest.mark.django_db

D = datetime.date
DATA = "/supervision/data/"
PAGE = "/supervision/"
DRILL = "/supervision/drilldown/"


@pytest.fixture(autouse=True)
def empty_cache():
    # LocMem outlives a test; a payload cached by one test must not answer the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signed(city_admin):
    def make(name, region, on, amount, total=None, started=None, funds=(), **fields):
        project = services.create_project(
            acting_user=city_admin,
            name=name,
            region=region,
            stage=Stage.SIGNED,
            contract_date=on,
            contracted_investment=Decimal(amount),
            total_investment=Decimal(total or amount),
            initial_stage_date=on,
            **fields,
        )
        if started:
            services.change_stage(
                project, acting_user=city_admin, to_stage=Stage.UNDER_CONSTRUCTION, date=started
            )
        for day, value in funds:
            services.record_funds(project, acting_user=city_admin, date=day, amount=Decimal(value))
        return project

    return make


@pytest.fixture
def projects(signed, county_a, county_b):
    a = signed(
        "甲新材料项目",
        county_a,
        D(2025, 2, 1),
        20000,
        started=D(2025, 3, 1),
        funds=[(D(2025, 4, 1), 5000)],
        source_region=SourceRegion.BEIJING_TIANJIN_HEBEI,
    )
    b = signed("乙装备制造项目", county_b, D(2025, 6, 10), 150000, funds=[(D(2025, 6, 20), 1000)])
    c = signed("丙去年签约项目", county_a, D(2024, 12, 1), 999)
    return a, b, c


def get_data(client, user, **params):
    client.force_login(user)
    response = client.get(DATA, params)
    assert response.status_code == 200
    return response.json()


def by_key(rows):
    return {row["key"]: row for row in rows}


def test_data_gives_totals_and_rates_of_the_period(client, leader, projects):
    data = get_data(client, leader, period="2025")
    totals = by_key(data["totals"])
    assert data["period"]["label"] == "2025年"
    assert totals["signed_count"]["value"] == 2
    assert totals["signed_investment"]["value"] == 170000
    assert totals["major_signed_count"]["value"] == 1
    assert totals["started_count"]["value"] == 1
    assert totals["funds_arrived"]["value"] == 6000
    assert totals["out_of_province_funds"]["value"] == 5000
    assert totals["funds_arrived"]["count"] == 2
    assert totals["signed_count"]["formula_name"] == "签约项目数 / 签约金额"
    found = by_key(data["rates"])
    start = found["start_rate"]
    assert (start["numerator"], start["denominator"], start["value"]) == (1, 2, 50.0)
    assert found["funds_in_place_rate"]["value"] == 3.5  # 6,000 of 170,000
    assert found["fulfilment_rate"]["value"] is None  # no contract due dates at all
    assert found["fulfilment_rate"]["formula_name"] == "合同履约率"
    assert data["generated_at"]


def test_monthly_series_has_each_months_signings_and_funds(client, leader, projects):
    months = get_data(client, leader, period="2025")["monthly"]["months"]
    assert len(months) == 12
    signed = {m["month"]: m["signed_investment"] for m in months if m["signed_investment"]}
    funds = {m["month"]: m["funds_arrived"] for m in months if m["funds_arrived"]}
    assert signed == {2: 20000, 6: 150000}
    assert funds == {4: 5000, 6: 1000}
    assert months[11]["signed_investment"] == 0


def test_monthly_series_stops_at_the_end_of_the_period(client, leader, projects):
    months = get_data(client, leader, period="2025Q2")["monthly"]["months"]
    assert [m["signed_investment"] for m in months[6:]] == [None] * 6
    assert months[5]["signed_investment"] == 150000


def test_monthly_series_matches_figures_computed_month_by_month(client, leader, projects):
    months = get_data(client, leader, period="2025")["monthly"]["months"]
    for m in months:
        f = rates.figures(periods.month(2025, m["month"]))
        assert (m["signed_count"], m["funds_arrived"]) == (f.signed_count, float(f.funds_arrived))


def test_default_period_is_the_year_to_date(client, leader):
    data = get_data(client, leader)
    assert data["period"]["code"] == f"{timezone.localdate().isoformat()}YTD"


def test_funnel_counts_current_stages_and_largest_projects_come_first(
    client, leader, projects, city_admin
):
    withdrawn = projects[2]
    services.set_status(
        withdrawn,
        acting_user=city_admin,
        status="withdrawn",
        reason="战略调整",
        lost_to_region="无",
    )
    data = get_data(client, leader, period="2025")
    funnel = {row["stage"]: row["count"] for row in data["funnel"]}
    assert funnel == dict.fromkeys(Stage.values, 0) | {"signed": 1, "under_construction": 1}
    assert [p["name"] for p in data["largest"]] == ["乙装备制造项目", "甲新材料项目"]
    assert data["largest"][0]["region"] == "长垣市"


def test_officer_sees_only_own_county_totals(client, officer_a, projects):
    data = get_data(client, officer_a, period="2025")
    totals = by_key(data["totals"])
    assert (totals["signed_count"]["value"], totals["signed_investment"]["value"]) == (1, 20000)
    assert [p["name"] for p in data["largest"]] == ["甲新材料项目", "丙去年签约项目"]
    assert data["scope"] == "红旗区"


def test_officer_choosing_another_county_gets_nothing(client, officer_a, county_b, projects):
    data = get_data(client, officer_a, period="2025", region=county_b.pk)
    assert by_key(data["totals"])["signed_count"]["value"] == 0
    assert data["largest"] == []


def test_city_user_can_narrow_to_one_county(client, leader, county_b, projects):
    data = get_data(client, leader, period="2025", region=county_b.pk)
    assert by_key(data["totals"])["signed_investment"]["value"] == 150000
    assert data["place"]["label"] == "长垣市"


def test_officer_sees_the_whole_ranking_but_links_only_to_own_county(
    client, officer_a, county_a, city_admin, projects
):
    ranking.publish_ranking(periods.quarter(2025, 4), "region", acting_user=city_admin)
    rows = get_data(client, officer_a, period="2025")["ranking"]["rows"]
    assert len(rows) == Region.objects.filter(level="county").count()
    linked = [row["name"] for row in rows if row["url"]]
    assert linked == ["红旗区"]
    # 长垣市's projects are not the officer's, yet its score counts them.
    changyuan = next(row for row in rows if row["name"] == "长垣市")
    assert changyuan["score"] > 0 and changyuan["url"] is None


def test_the_dashboard_shows_the_latest_ranking_published_by_the_periods_end(
    client, leader, city_admin, projects
):
    assert get_data(client, leader, period="2025Q2")["ranking"] == {
        "published": False,
        "period_label": "",
        "rows": [],
    }
    ranking.publish_ranking(periods.quarter(2025, 2), "region", acting_user=city_admin)
    cache.clear()  # payloads expire after CACHE_SECONDS; do not wait for it
    for period in ["2025Q2", "2025Q3", "2025"]:
        data = get_data(client, leader, period=period)["ranking"]
        assert (data["published"], data["period_label"]) == (True, "2025年第二季度")
    # A period that ended before the quarter shows no ranking rather than a later one.
    assert get_data(client, leader, period="2025Q1")["ranking"]["published"] is False


def test_unknown_county_is_named_as_such(client, leader):
    data = get_data(client, leader, period="2025", region=99999)
    assert data["place"]["label"] == "未知县(市、区)"
    assert by_key(data["totals"])["signed_count"]["value"] == 0


def test_second_call_is_served_from_the_cache_without_queries(leader, projects):
    period = periods.year(2025)
    first = dashboard.dashboard_data(leader, period, dashboard.Place())
    with CaptureQueriesContext(connection) as queries:
        second = dashboard.dashboard_data(leader, period, dashboard.Place())
    assert len(queries) == 0
    assert second == first


def test_cached_payload_is_returned_again_over_http(client, leader, projects):
    first = get_data(client, leader, period="2025")
    services.record_funds(projects[0], acting_user=None, date=D(2025, 7, 1), amount=Decimal(999))
    second = get_data(client, leader, period="2025")
    # Invalidation is by time: within CACHE_SECONDS the same payload comes back.
    assert second == first


def test_cache_is_not_shared_between_counties(client, officer_a, officer_b, projects):
    a = get_data(client, officer_a, period="2025")
    b = get_data(client, officer_b, period="2025")
    assert by_key(a["totals"])["signed_investment"]["value"] == 20000
    assert by_key(b["totals"])["signed_investment"]["value"] == 150000


def test_building_the_payload_takes_as_many_queries_for_more_projects(leader, signed, county_a):
    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            dashboard.dashboard_data(leader, periods.year(2025), dashboard.Place())
        return len(queries)

    signed("一", county_a, D(2025, 1, 5), 100, funds=[(D(2025, 2, 1), 10)])
    before = count()
    for i in range(5):
        signed(f"二{i}", county_a, D(2025, 3, 5), 100, funds=[(D(2025, 4, 1), 10)])
    assert count() == before


def test_bad_period_is_refused_in_chinese(client, leader):
    client.force_login(leader)
    response = client.get(DATA, {"period": "2025Q5"})
    assert response.status_code == 400
    assert "无法识别的期间" in response.json()["error"]


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(DATA)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_drilldown_lists_the_projects_behind_a_total(client, leader, projects):
    client.force_login(leader)
    html = client.get(DRILL, {"figure": "signed", "period": "2025"}).content.decode()
    assert "甲新材料项目" in html and "乙装备制造项目" in html
    assert "丙去年签约项目" not in html


def test_drilldown_hides_other_counties_projects(client, officer_a, county_b, projects):
    client.force_login(officer_a)
    html = client.get(DRILL, {"figure": "signed", "period": "2025"}).content.decode()
    assert "甲新材料项目" in html
    assert "乙装备制造项目" not in html
    html = client.get(
        DRILL, {"figure": "signed", "period": "2025", "region": county_b.pk}
    ).content.decode()
    assert "乙装备制造项目" not in html


def test_drilldown_never_shows_an_id_outside_the_users_scope(
    client, officer_a, projects, monkeypatch
):
    a, b, _ = projects
    everyone = rates.members(periods.year(2025), "signed")
    # Even if the list of ids behind a figure were to include another county's project,
    # the page must not show it.
    monkeypatch.setattr(dashboard, "drill_projects", lambda *args: (everyone, set()))
    client.force_login(officer_a)
    html = client.get(DRILL, {"figure": "signed", "period": "2025"}).content.decode()
    assert a.name in html
    assert b.name not in html


def test_drilldown_of_a_rate_marks_its_numerator(client, leader, projects):
    client.force_login(leader)
    response = client.get(DRILL, {"figure": "start_rate", "period": "2025"})
    rows = {project.name: hit for project, _, hit in response.context["rows"]}
    assert rows == {"甲新材料项目": True, "乙装备制造项目": False}
    assert "已开工" in response.content.decode()


def test_drilldown_by_stage_lists_current_projects(client, leader, projects):
    client.force_login(leader)
    html = client.get(DRILL, {"figure": "stage", "stage": "signed"}).content.decode()
    assert "乙装备制造项目" in html and "丙去年签约项目" in html
    assert "甲新材料项目" not in html


def test_drilldown_of_an_unknown_figure_is_not_found(client, leader):
    client.force_login(leader)
    assert client.get(DRILL, {"figure": "nonsense"}).status_code == 404


def test_every_figure_links_to_a_working_drilldown(client, leader, projects):
    data = get_data(client, leader, period="2025")
    links = [row["url"] for row in data["totals"] + data["rates"] + data["funnel"]]
    links += [m["signed_url"] for m in data["monthly"]["months"]]
    for url in links:
        assert client.get(url).status_code == 200, url


def test_indicator_progress_is_shown_for_the_city(client, leader, city_admin):
    indicator = Indicator.objects.create(
        name="实际利用省外资金",
        unit="亿元",
        baseline_year=2020,
        baseline_value=Decimal(10),
        target_year=2025,
        target_value=Decimal(20),
    )
    IndicatorObservation.objects.create(
        indicator=indicator, period_code="2024", period_end=D(2024, 12, 31), value=Decimal(15)
    )
    Indicator.objects.create(name="没有数值目标的指标", target_text="市定目标")
    [row] = get_data(client, leader, period="2025")["indicators"]
    assert (row["name"], row["target"], row["latest"]) == ("实际利用省外资金", 20, 15)
    assert (row["progress_pct"], row["expected_pct"], row["on_track"]) == (50.0, 100.0, False)


def test_officer_sees_own_county_indicators(client, officer_a, county_a):
    Indicator.objects.create(name="全市指标", target_value=Decimal(5))
    Indicator.objects.create(name="红旗区指标", region=county_a, target_value=Decimal(5))
    rows = get_data(client, officer_a, period="2025")["indicators"]
    assert [row["name"] for row in rows] == ["红旗区指标"]


def test_dashboard_page_offers_filters_and_the_big_screen(client, leader, projects):
    client.force_login(leader)
    html = client.get(PAGE, {"period": "2025"}).content.decode()
    assert 'id="dashboard-data"' in html
    assert "vendor/echarts.min.js" in html
    assert '<option value="2025" selected>' in html
    assert "长垣市" in html and "口径说明" in html
    screen = client.get(PAGE, {"period": "2025", "screen": "1"}).content.decode()
    assert "navbar" not in screen
    assert f'data-refresh="{dashboard.CACHE_SECONDS}"' in screen


def test_officer_is_offered_only_own_county_as_filter(client, officer_a, projects):
    client.force_login(officer_a)
    response = client.get(PAGE)
    assert [r.name for r in response.context["counties"]] == ["红旗区"]


def test_dashboard_page_falls_back_to_the_default_period(client, leader):
    client.force_login(leader)
    response = client.get(PAGE, {"period": "去年"})
    assert response.status_code == 200
    assert response.context["period"] == dashboard.default_period()
    assert "无法识别的期间" in response.content.decode()


def test_formulas_page_lists_every_formula_with_an_example(client, officer_a):
    client.force_login(officer_a)
    html = client.get("/supervision/formulas/").content.decode()
    for name in ("合同履约率", "项目开工率", "资金到位率", "投产率", "签约项目数 / 签约金额"):
        assert name in html
    assert 'id="fulfilment_rate"' in html
    assert "3 ÷ 4 = 75.0%" in html
