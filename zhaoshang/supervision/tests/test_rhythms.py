"""周动态, 半年观摩 and 年终总结 through the pages a user opens.

Dates are fixed in 2025 so that results do not depend on the day the suite runs. The week used
for weekly updates is Monday 2 June to Sunday 8 June 2025.
"""

import datetime
import io
from decimal import Decimal
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from zhaoshang.indicators.models import Indicator
from zhaoshang.indicators.services import record_observation
from zhaoshang.projects import services
from zhaoshang.projects.choices import Stage, Status
from zhaoshang.regions.models import DevelopmentZone, Region
from zhaoshang.supervision import periods, summary
from zhaoshang.supervision.models import PublishedRanking, WeeklyUpdate

pytestmark = pytest.mark.django_db

D = datetime.date
WEEK = "/supervision/weekly/submit/?week=2025-06-04"


@pytest.fixture
def project(city_admin):
    """A project created through the services: signed on ``signed`` and later stages on the
    dates given (``started``, ``producing``)."""

    def make(name, region, *, signed, total=20000, started=None, producing=None, **fields):
        p = services.create_project(
            acting_user=city_admin,
            name=name,
            region=region,
            stage=Stage.SIGNED,
            contract_date=signed,
            contracted_investment=Decimal(total),
            total_investment=Decimal(total),
            initial_stage_date=signed,
            **fields,
        )
        for stage, day in ((Stage.UNDER_CONSTRUCTION, started), (Stage.IN_PRODUCTION, producing)):
            if day:
                services.change_stage(p, acting_user=city_admin, to_stage=stage, date=day)
        return p

    return make


# --- 周动态 ------------------------------------------------------------------------------------


@pytest.fixture
def week_records(project, county_a, county_b, city_admin):
    """In the week: a signing and a funds arrival in 红旗区, a signing in 长垣市; outside it: a
    start in 红旗区 on the following Monday."""
    signed = project("红旗区新签项目", county_a, signed=D(2025, 6, 3))
    services.record_funds(
        signed, acting_user=city_admin, date=D(2025, 6, 5), amount=Decimal("1500.50")
    )
    project("长垣市新签项目", county_b, signed=D(2025, 6, 4))
    project("下周开工项目", county_a, signed=D(2025, 5, 1), started=D(2025, 6, 9))
    return signed


def test_the_weekly_form_is_filled_in_with_the_weeks_own_records(login, officer_a, week_records):
    page = login(officer_a).get(WEEK).content.decode()
    assert "红旗区新签项目" in page and "1,500.50" in page
    assert "长垣市新签项目" not in page
    assert "下周开工项目" not in page


def test_the_weeks_records_are_stored_with_the_update(login, officer_a, county_a, week_records):
    response = login(officer_a).post(WEEK, {"text": "赴上海开展招商活动，洽谈项目3个。"})
    update = WeeklyUpdate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/supervision/weekly/{update.pk}/"
    assert (update.region, update.zone, update.week_start) == (county_a, None, D(2025, 6, 2))
    assert [c["project"] for c in update.activity["stage_changes"]] == ["红旗区新签项目"]
    assert update.activity["stage_changes"][0]["to_stage"] == "签约"
    assert update.activity["funds_total"] == "1500.50"
    assert update.submitted_by == officer_a


def test_a_second_submission_in_the_same_week_edits_the_first(login, officer_a):
    client = login(officer_a)
    client.post(WEEK, {"text": "初稿"})
    client.post("/supervision/weekly/submit/?week=2025-06-08", {"text": "修改稿"})
    update = WeeklyUpdate.objects.get()
    assert update.text == "修改稿"
    assert "本周已于" in client.get(WEEK).content.decode()


def test_an_officer_cannot_open_or_edit_another_countys_update(login, officer_a, officer_b):
    login(officer_a).post(WEEK, {"text": "红旗区本周动态"})
    update = WeeklyUpdate.objects.get()
    client = login(officer_b)
    assert client.get(f"/supervision/weekly/{update.pk}/").status_code == 404
    assert (
        client.post(f"/supervision/weekly/{update.pk}/edit/", {"text": "篡改"}).status_code == 404
    )
    assert "红旗区本周动态" not in client.get("/supervision/weekly/").content.decode()
    update.refresh_from_db()
    assert update.text == "红旗区本周动态"


def test_an_officer_always_reports_for_their_own_county(login, officer_b, county_a, county_b):
    login(officer_b).post(WEEK, {"text": "长垣市动态", "region": county_a.pk})
    assert WeeklyUpdate.objects.get().region == county_b


def test_a_zone_officer_reports_for_the_zone(login, zone_officer, zone_a, county_a, project):
    project("开发区项目", county_a, signed=D(2025, 6, 3), zone=zone_a)
    project("区外项目", county_a, signed=D(2025, 6, 3))
    login(zone_officer).post(WEEK, {"text": "经开区动态"})
    update = WeeklyUpdate.objects.get()
    assert (update.region, update.zone) == (None, zone_a)
    assert [c["project"] for c in update.activity["stage_changes"]] == ["开发区项目"]


def test_a_future_week_cannot_be_reported(login, officer_a):
    response = login(officer_a).post("/supervision/weekly/submit/?week=2099-01-05", {"text": "x"})
    assert "尚未开始" in response.content.decode()
    assert not WeeklyUpdate.objects.exists()


def test_the_digest_lists_every_unit_and_who_did_not_report(
    login, officer_a, city_staff, week_records
):
    login(officer_a).post(WEEK, {"text": "红旗区：签约项目1个"})
    page = login(city_staff).get("/supervision/weekly/digest/?week=2025-06-02").content.decode()
    missing = page.split('id="missing"')[1].split("</div>")[0]
    assert ">长垣市<" in missing and ">红旗区<" not in missing
    assert ">新乡经济技术开发区<" in missing
    units = Region.objects.filter(level="county").count() + DevelopmentZone.objects.count()
    assert missing.count("badge") == units - 1
    assert "红旗区：签约项目1个" in page
    # Week totals: two signings, funds 1,500.50 万元.
    totals = page.split('id="totals"')[1]
    assert "签约 2" in totals and "1,500.50" in totals


def test_officers_cannot_open_the_digest(login, officer_a):
    assert login(officer_a).get("/supervision/weekly/digest/").status_code == 403


def test_city_roles_see_every_update(login, officer_a, officer_b, leader):
    login(officer_a).post(WEEK, {"text": "红旗区动态"})
    login(officer_b).post(WEEK, {"text": "长垣市动态"})
    page = login(leader).get("/supervision/weekly/").content.decode()
    assert "红旗区动态" in page and "长垣市动态" in page


# --- 半年观摩 ----------------------------------------------------------------------------------


@pytest.fixture
def review_projects(project, county_a, county_b, zone_a, city_admin):
    """Which of these the default criteria for 2025H1 pick is written beside each."""
    project("红旗区亿元项目", county_a, signed=D(2025, 1, 10), started=D(2025, 3, 5))  # yes
    project(
        "经开区亿元项目", county_a, signed=D(2025, 1, 2), started=D(2025, 4, 1), zone=zone_a
    )  # yes, first in 红旗区 because it is in a zone
    project("长垣市亿元项目", county_b, signed=D(2025, 2, 1), started=D(2025, 5, 1), total=15000)
    project("小项目", county_a, signed=D(2025, 1, 5), started=D(2025, 2, 1), total=9000)  # < 1亿
    project("去年开工", county_a, signed=D(2024, 10, 1), started=D(2024, 12, 20), total=50000)
    project("只签约", county_a, signed=D(2025, 3, 1), total=30000)  # never started
    project("下半年开工", county_b, signed=D(2025, 3, 1), started=D(2025, 7, 2))
    gone = project("已终止", county_a, signed=D(2025, 1, 3), started=D(2025, 2, 1))
    services.set_status(
        gone, acting_user=city_admin, status=Status.WITHDRAWN, reason="撤资", lost_to_region="无"
    )


def _names(page):
    return [line.split(">")[-1] for line in page.split("</a></td>") if "/projects/" in line]


def test_default_criteria_pick_large_projects_started_in_the_half_along_the_route(
    login, city_staff, review_projects
):
    page = login(city_staff).get("/supervision/site-review/?half=2025H1").content.decode()
    assert _names(page) == ["经开区亿元项目", "红旗区亿元项目", "长垣市亿元项目"]


def test_criteria_can_be_changed_on_the_page(login, city_staff, county_b, review_projects):
    client = login(city_staff)
    lower = client.get(
        "/supervision/site-review/",
        {"half": "2025H1", "min_investment": "5000", "stage": "under_construction"},
    ).content.decode()
    assert "小项目" in _names(lower)
    signed = client.get(
        "/supervision/site-review/",
        {"half": "2025H1", "min_investment": "10000", "stage": "signed"},
    ).content.decode()
    # Signed in the half: everything ≥ 1亿 signed in 2025 except the withdrawn one.
    assert sorted(_names(signed)) == sorted(
        ["经开区亿元项目", "红旗区亿元项目", "长垣市亿元项目", "只签约", "下半年开工"]
    )
    one_county = client.get(
        "/supervision/site-review/",
        {
            "half": "2025H1",
            "min_investment": "10000",
            "stage": "under_construction",
            "region": county_b.pk,
        },
    ).content.decode()
    assert _names(one_county) == ["长垣市亿元项目"]


def test_an_officer_sees_only_their_own_countys_stops(login, officer_b, review_projects):
    page = login(officer_b).get("/supervision/site-review/?half=2025H1").content.decode()
    assert _names(page) == ["长垣市亿元项目"]


def test_the_route_sheet_has_the_header_and_one_row_per_stop(
    login, city_staff, zone_a, review_projects
):
    response = login(city_staff).get("/supervision/site-review/export/?half=2025H1")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert quote("2025年上半年全市观摩项目路线单.xlsx") in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "序号",
        "县(市、区)",
        "项目名称",
        "投资方",
        "总投资（万元）",
        "阶段",
        "开工日期",
        "开发区/地点",
        "服务官",
        "联系人",
    ]
    assert [r[:3] for r in rows[1:]] == [
        (1, "红旗区", "经开区亿元项目"),
        (2, "红旗区", "红旗区亿元项目"),
        (3, "长垣市", "长垣市亿元项目"),
    ]
    first = rows[1]
    assert first[4] == 20000 and first[5] == "开工" and first[7] == zone_a.name
    assert first[6].date() == D(2025, 4, 1)
    assert first[9] is None


# --- 年终总结 ----------------------------------------------------------------------------------


@pytest.fixture
def year_2025(project, county_a, county_b, city_admin):
    project("一季度签约", county_a, signed=D(2025, 2, 10), total=30000, started=D(2025, 3, 1))
    project("三季度签约", county_b, signed=D(2025, 8, 1), total=12000)
    ind = Indicator.objects.create(
        name="实际利用省外资金",
        unit="亿元",
        baseline_year=2020,
        baseline_value=Decimal(724),
        target_year=2025,
        target_value=Decimal(850),
    )
    record_observation(ind, acting_user=city_admin, period_code="2025", value=Decimal(850))
    return ind


def test_the_annual_export_has_three_sheets(login, city_staff, year_2025):
    response = login(city_staff).get("/supervision/summary/export/?year=2025")
    assert quote("2025年招商引资年终总结.xlsx") in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["总体情况", "季度排名", "指标进展"]
    figures = {row[1]: row[2] for row in book["总体情况"].iter_rows(min_row=2, values_only=True)}
    assert figures["签约项目数"] == 2 and figures["签约金额"] == 42000
    assert figures["开工项目"] == 1
    ranking = list(book["季度排名"].iter_rows(values_only=True))
    assert ranking[0][:3] == ("县(市、区)", "第一季度名次", "第一季度得分")
    assert len(ranking) == 1 + Region.objects.filter(level="county").count()
    progress_rows = list(book["指标进展"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[10], r[12]) for r in progress_rows] == [("实际利用省外资金", 100, "进度正常")]


def test_the_summary_ranks_each_county_in_each_quarter(city_staff, year_2025, county_a):
    from zhaoshang.supervision import ranking

    result = summary.build(2025)
    row = next(r for r in result.ranking_rows if r.scope_id == county_a.pk)
    for q in range(1, 5):
        computed = ranking.compute_ranking(periods.quarter(2025, q), "region")
        expected = next(r for r in computed["rows"] if r["scope_id"] == county_a.pk)
        assert row.cells[q - 1] == (expected["rank"], expected["score"])
    assert [q["source"] for q in result.quarters] == ["按现有数据计算"] * 4


def test_a_published_quarter_is_shown_as_published(county_a, year_2025):
    snapshot = {"rows": [{"rank": 7, "scope_id": county_a.pk, "name": "红旗区", "score": 55.5}]}
    PublishedRanking.objects.create(period_code="2025Q1", scope_kind="region", snapshot=snapshot)
    result = summary.build(2025)
    row = next(r for r in result.ranking_rows if r.scope_id == county_a.pk)
    assert row.cells[0] == (7, 55.5)
    assert result.quarters[0]["source"] == "已发布"


def test_the_summary_page_prints_all_three_parts(login, leader, year_2025):
    page = login(leader).get("/supervision/summary/?year=2025").content.decode()
    assert "一、总体情况" in page and "二、季度排名" in page and "三、规划指标进展" in page
    assert "window.print()" in page and "签约项目数" in page


def test_officers_cannot_open_the_annual_summary(login, officer_a):
    assert login(officer_a).get("/supervision/summary/?year=2025").status_code == 403
