"""The leaders' dashboard in Chromium: every chart drawn, the big screen fits 1920×1080."""

import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from conftest import PASSWORD
from zhaoshang.indicators.models import Indicator, IndicatorObservation
from zhaoshang.projects import services
from zhaoshang.projects.choices import SourceRegion, Stage
from zhaoshang.regions.models import Region
from zhaoshang.supervision import dashboard, periods, ranking

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

D = datetime.date
SHOTS = Path("/tmp")  # noqa: S108
CHARTS = ["chart-rates", "chart-monthly", "chart-funnel", "chart-ranking", "chart-indicators"]
URL = "/supervision/?period=2025"


@pytest.fixture(autouse=True)
def empty_cache():
    # The live server shares this process's LocMem cache; start every test without payloads.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def year_of_projects(city_admin):
    """Two dozen projects in four counties across 2025, and two plan indicators."""
    counties = list(Region.objects.filter(name__in=["红旗区", "长垣市", "卫辉市", "辉县市"]))
    names = ["年产10万吨新材料", "高端装备制造产业园", "生物医药研发中心及产业化", "新能源电池"]
    for i in range(24):
        on = D(2025, i % 11 + 1, 5 + i % 20)
        amount = Decimal([8000, 30000, 120000, 2500, 60000, 15000][i % 6])
        project = services.create_project(
            acting_user=city_admin,
            name=f"{counties[i % 4].name}{names[i % 4]}项目{i + 1}",
            region=counties[i % 4],
            stage=Stage.SIGNED,
            contract_date=on,
            contracted_investment=amount,
            total_investment=amount,
            planned_start_date=on + datetime.timedelta(days=40),
            source_region=SourceRegion.YANGTZE_DELTA if i % 3 else SourceRegion.LOCAL,
            initial_stage_date=on,
        )
        if i % 3 != 2:
            services.change_stage(
                project,
                acting_user=city_admin,
                to_stage=Stage.UNDER_CONSTRUCTION,
                date=on + datetime.timedelta(days=30 + i),
            )
            services.record_funds(
                project,
                acting_user=city_admin,
                date=on + datetime.timedelta(days=35),
                amount=amount * Decimal("0.3"),
            )
    for name, unit, baseline, target, latest in [
        ("实际利用省外资金", "亿元", 300, 500, 460),
        ("新签约亿元以上项目", "个", 100, 200, 120),
    ]:
        indicator = Indicator.objects.create(
            name=name,
            unit=unit,
            baseline_year=2020,
            baseline_value=Decimal(baseline),
            target_year=2025,
            target_value=Decimal(target),
        )
        IndicatorObservation.objects.create(
            indicator=indicator, period_code="2024", period_end=D(2024, 12, 31), value=latest
        )
    # The dashboard shows the latest published quarterly ranking.
    ranking.publish_ranking(periods.quarter(2025, 4), "region", acting_user=city_admin)


def log_in(page, user, url):
    # Charts then draw without animation, so screenshots show them complete.
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"/login/?next={quote(url)}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{url}")


def expect_every_chart_drawn(page, largest=10):
    for chart in CHARTS:
        expect(page.locator(f"#{chart} canvas, #{chart} svg").first).to_be_attached()
    expect(page.locator("#totals .total-card")).to_have_count(8)
    expect(page.locator("#largest tbody tr")).to_have_count(largest)


def test_dashboard_draws_every_chart(page, page_errors, leader, year_of_projects):
    log_in(page, leader, URL)
    expect(page.get_by_role("heading", level=1)).to_contain_text("领导驾驶舱")
    expect_every_chart_drawn(page)
    expect(page.locator("#totals [data-key=signed_count] .total-value")).to_contain_text("24")
    page.screenshot(path=SHOTS / "dash.png", full_page=True)
    assert page_errors == []


def test_big_screen_fills_1920_by_1080_without_scrolling(
    page, page_errors, leader, year_of_projects
):
    page.set_viewport_size({"width": 1920, "height": 1080})
    log_in(page, leader, URL + "&screen=1")
    expect(page.locator("nav.navbar")).to_have_count(0)
    expect_every_chart_drawn(page)
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    page.screenshot(path=SHOTS / "dash_big.png")
    assert page_errors == []


def test_big_screen_fetches_fresh_figures_every_few_minutes(
    page, page_errors, leader, year_of_projects
):
    page.clock.install()
    log_in(page, leader, URL + "&screen=1")
    expect(page.locator("#totals .total-card")).to_have_count(8)
    with page.expect_response(lambda r: "/supervision/data/" in r.url) as response:
        page.clock.run_for(dashboard.CACHE_SECONDS * 1000)
    assert response.value.json()["period"]["code"] == "2025"
    expect(page.locator("#generated-at")).to_contain_text("数据更新于")
    assert page_errors == []


def test_dashboard_fits_a_phone_screen(page, page_errors, leader, year_of_projects):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, leader, URL)
    expect_every_chart_drawn(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    page.screenshot(path=SHOTS / "dash_phone.png", full_page=True)
    assert page_errors == []


def test_a_total_opens_the_projects_behind_it(page, page_errors, officer_a, year_of_projects):
    log_in(page, officer_a, URL)
    expect_every_chart_drawn(page, largest=6)
    page.screenshot(path=SHOTS / "dash_officer.png", full_page=True)
    page.locator("#totals [data-key=signed_count] .total-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("签约项目")
    rows = page.locator("#drilldown tbody tr")
    expect(rows).to_have_count(6)
    expect(rows.filter(has_text="长垣市")).to_have_count(0)
    page.screenshot(path=SHOTS / "dash_drilldown.png", full_page=True)
    assert page_errors == []
