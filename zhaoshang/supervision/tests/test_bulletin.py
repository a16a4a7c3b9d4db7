"""月通报: the figures it freezes, the Word and PDF files users open, publishing once a month,
the monthly job, and who may generate and download through HTTP.

The data set, 2025:
- 红旗区: 甲 signed 6月3日 5,000 万元 (开工 6月20日, 到位 1,200 万元 on 6月25日) and
  乙 signed 3月10日 8,000 万元.
- 长垣市: 丙 signed 2月1日 12,000 万元 with a total of 15亿元 (10亿元以上), 滞后 since 6月15日.
- 卫滨区: 丁 signed 4月1日 3,000 万元, 停滞 only from 7月5日 (after June).
"""

import datetime
import json
import shutil
import subprocess
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from huey import crontab

from zhaoshang.projects import services
from zhaoshang.projects.choices import Stage, Status
from zhaoshang.projects.models import Project
from zhaoshang.regions.models import Region
from zhaoshang.supervision import bulletin, bulletin_render, periods, tasks
from zhaoshang.supervision.models import Bulletin

pytestmark = pytest.mark.django_db

D = datetime.date
JUNE = periods.month(2025, 6)
TITLE = "新乡市招商引资工作月通报（2025年6月）"
LIST_URL = "/supervision/bulletins/"
GENERATE_URL = "/supervision/bulletins/generate/"


def _moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _dated(project, day):
    """Date every history record of ``project`` on ``day`` (as if entered back then)."""
    Project.history.filter(id=project.pk).update(history_date=_moment(day))


@pytest.fixture
def data(city_admin):
    def signed(name, region, on, amount, total=None, **fields):
        project = services.create_project(
            acting_user=city_admin,
            name=name,
            region=Region.objects.get(name=region),
            stage=Stage.SIGNED,
            contract_date=on,
            contracted_investment=Decimal(amount),
            total_investment=Decimal(total or amount),
            initial_stage_date=on,
            **fields,
        )
        _dated(project, on)
        return project

    a = signed("甲项目", "红旗区", D(2025, 6, 3), 5000)
    services.change_stage(
        a, acting_user=city_admin, to_stage=Stage.UNDER_CONSTRUCTION, date=D(2025, 6, 20)
    )
    services.record_funds(a, acting_user=city_admin, date=D(2025, 6, 25), amount=Decimal(1200))
    b = signed("乙项目", "红旗区", D(2025, 3, 10), 8000)
    c = signed("丙项目", "长垣市", D(2025, 2, 1), 12000, total=150000)
    services.set_status(c, acting_user=city_admin, status=Status.DELAYED, reason="土地指标未落实")
    _dated(c, D(2025, 6, 15))
    d = signed("丁项目", "卫滨区", D(2025, 4, 1), 3000)
    services.set_status(d, acting_user=city_admin, status=Status.STALLED, reason="投资方资金紧张")
    Project.history.filter(id=d.pk, status=Status.STALLED).update(
        history_date=_moment(D(2025, 7, 5))
    )
    return {"a": a, "b": b, "c": c, "d": d}


@pytest.fixture
def quick_files(monkeypatch):
    """Stand-in files for tests about publishing rules rather than the documents."""
    calls = []

    def render(snapshot):
        calls.append(snapshot)
        number = snapshot["issue"]["number"]
        return f"docx {number} {len(calls)}".encode(), f"%PDF-stub {len(calls)}".encode()

    monkeypatch.setattr(bulletin_render, "render_files", render)
    return calls


def _row(rows, name):
    return next(r for r in rows if r["name"] == name)


# --- The snapshot -----------------------------------------------------------------------------


def test_snapshot_has_the_months_and_year_to_date_figures_with_their_projects(data):
    snap = bulletin.build_snapshot(JUNE)
    json.dumps(snap)  # stored in a JSONField as it is
    month, ytd = snap["city"]["month"], snap["city"]["ytd"]
    assert (month["signed_count"], month["signed_investment"]) == (1, "5000.00")
    assert (month["funds_arrived"], month["started_count"]) == ("1200.00", 1)
    assert (ytd["signed_count"], ytd["signed_investment"], ytd["major_signed_count"]) == (
        4,
        "28000.00",
        1,
    )
    assert ytd["start_rate"]["value"] == "25.0"
    hongqi = _row(snap["regions"], "红旗区")
    assert hongqi["month"]["projects"]["signed"] == [data["a"].pk]
    assert sorted(hongqi["ytd"]["projects"]["signed"]) == sorted([data["a"].pk, data["b"].pk])
    assert len(snap["regions"]) == 12 and len(snap["zones"]) == 13
    assert [p["month"] for p in snap["monthly"]] == [1, 2, 3, 4, 5, 6]
    assert snap["monthly"][5] == {
        "month": 6,
        "signed_investment": "5000.00",
        "funds_arrived": "1200.00",
    }


def test_problems_are_the_projects_delayed_or_stalled_at_the_months_end(data):
    problems = bulletin.build_snapshot(JUNE)["problems"]
    assert problems["count"] == 1
    row = problems["rows"][0]
    assert (row["name"], row["status_label"], row["reason"], row["amount"]) == (
        "丙项目",
        "滞后",
        "土地指标未落实",
        "12000.00",
    )
    july = bulletin.build_snapshot(periods.month(2025, 7))["problems"]
    assert [r["name"] for r in july["rows"]] == ["丙项目", "丁项目"]


def test_the_best_are_commended_and_the_idle_warned(data):
    honours = bulletin.build_snapshot(JUNE)["honours"]
    counties = honours["commended"][0]
    assert [r["name"] for r in counties["rows"]] == ["红旗区", "长垣市", "卫滨区"]
    idle = [r["name"] for r in honours["warned_no_signing"][0]["rows"]]
    assert "长垣市" in idle and "红旗区" not in idle
    assert len(honours["warned_bottom"][0]["rows"]) == 3


def test_a_quarter_end_month_carries_the_quarters_ranking(data):
    section = bulletin.build_snapshot(JUNE)["ranking"]
    assert section["source"] == "computed"
    assert section["period_label"] == "2025年第二季度"
    counties = section["scopes"][0]
    assert counties["label"] == "县（市、区）" and len(counties["rows"]) == 12
    assert {c["key"] for c in section["components"]} >= {"signed_investment", "start_rate"}
    assert sum(c["weight"] for c in section["components"]) == 100
    may = bulletin.build_snapshot(periods.month(2025, 5))["ranking"]
    assert may["period_code"] == "2025-05"


def test_without_the_ranking_module_it_ranks_by_signed_investment_and_says_so(data, monkeypatch):
    monkeypatch.setattr(bulletin, "_ranking_module", lambda: None)
    section = bulletin.build_snapshot(JUNE)["ranking"]
    assert section["source"] == "fallback"
    assert "累计签约金额排序" in section["note"]
    assert [r["name"] for r in section["scopes"][0]["rows"][:2]] == ["红旗区", "长垣市"]


# --- The documents ----------------------------------------------------------------------------


@pytest.fixture
def written(data, tmp_path):
    call_command("bulletin", "2025-06", "--out", str(tmp_path))
    return tmp_path / f"{TITLE}.docx", tmp_path / f"{TITLE}.pdf"


def _docx_text(document):
    return "\n".join(p.text for p in document.paragraphs)


def test_command_writes_a_word_file_with_title_number_and_county_tables(written):
    docx_path, pdf_path = written
    assert docx_path.exists() and pdf_path.exists()
    document = docx.Document(str(docx_path))
    text = _docx_text(document)
    assert TITLE in text
    assert "招商引资工作通报" in text and "第 1 期" in text
    assert "新乡市招商引资工作领导小组办公室" in text
    for heading in [
        "一、总体情况",
        "二、各县（市、区）和开发区情况",
        "三、排名情况",
        "四、存在问题",
        "五、表扬与预警",
    ]:
        assert heading in text
    signing = next(
        t
        for t in document.tables
        if t.cell(0, 0).text == "县（市、区）" and "本月签约金额" in t.cell(0, 2).text
    )
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in signing.rows}
    assert rows["红旗区"][1:5] == ["1", "5,000.00", "2", "13,000.00"]
    assert rows["全市"][4] == "28,000.00"
    assert "（万元）" in signing.cell(0, 2).text
    # Page numbers: a PAGE field in the footer.
    footer_xml = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml
    # Both charts are embedded.
    assert len(document.inline_shapes) == 2


def test_command_writes_a_pdf_whose_first_page_renders(written, tmp_path):
    _, pdf_path = written
    assert pdf_path.read_bytes().startswith(b"%PDF")
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils is installed by scripts/bootstrap.sh"
    subprocess.run(  # noqa: S603 - fixed arguments
        [pdftoppm, "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    [image] = list(tmp_path.glob("p-*.png"))
    assert image.read_bytes().startswith(b"\x89PNG") and image.stat().st_size > 1000


def test_command_refuses_a_period_that_is_not_a_month(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="月通报须选择月份"):
        call_command("bulletin", "2025Q2", "--out", str(tmp_path))


# --- Publishing -------------------------------------------------------------------------------


def test_publishing_stores_both_files_and_the_frozen_snapshot(data, quick_files, city_admin):
    item = bulletin.publish_bulletin(JUNE, acting_user=city_admin)
    assert (item.title, item.number, item.published_by) == (TITLE, 1, city_admin)
    assert item.snapshot["city"]["month"]["signed_investment"] == "5000.00"
    assert item.snapshot["issue"]["number"] == 1
    assert item.pdf.read().startswith(b"%PDF")
    assert item.docx.name.startswith("bulletins/")


def test_publishing_a_month_twice_is_refused_in_chinese(data, quick_files, city_admin):
    bulletin.publish_bulletin(JUNE, acting_user=city_admin)
    with pytest.raises(ValidationError) as refusal:
        bulletin.publish_bulletin(JUNE, acting_user=city_admin)
    assert "2025年6月的月通报已于" in refusal.value.messages[0]
    assert "不能重复发布" in refusal.value.messages[0]
    assert Bulletin.objects.count() == 1 and len(quick_files) == 1


def test_force_replaces_the_files_under_the_same_number(
    data, quick_files, city_admin, django_capture_on_commit_callbacks
):
    first = bulletin.publish_bulletin(JUNE, acting_user=city_admin)
    old_pdf = first.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        again = bulletin.publish_bulletin(JUNE, acting_user=city_admin, force=True)
    assert again.pk == first.pk and again.number == 1
    assert again.pdf.read() == b"%PDF-stub 2"
    assert not again.pdf.storage.exists(old_pdf)
    assert Bulletin.objects.count() == 1


def test_numbers_count_the_years_bulletins(data, quick_files):
    assert bulletin.publish_bulletin(periods.month(2025, 5)).number == 1
    june = bulletin.publish_bulletin(JUNE)
    assert june.number == 2 and june.snapshot["issue"]["number"] == 2
    assert bulletin.publish_bulletin(periods.month(2024, 12)).number == 1


def test_a_month_that_has_not_ended_cannot_be_published(db, quick_files):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="尚未结束"):
        bulletin.publish_bulletin(periods.month(today.year, today.month))


def test_only_the_city_administrator_publishes(data, quick_files, leader):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        bulletin.publish_bulletin(JUNE, acting_user=leader)


# --- The monthly job --------------------------------------------------------------------------


def test_the_monthly_job_publishes_last_month_once(db, quick_files):
    first = tasks.publish_monthly_bulletin.call_local()
    assert first is not None
    assert tasks.publish_monthly_bulletin.call_local() is None
    [item] = Bulletin.objects.all()
    assert item.period_code == bulletin.last_month().code
    assert item.published_by is None


def test_the_monthly_job_runs_at_seven_beijing_time_on_the_first(monkeypatch):
    check = tasks.beijing_schedule(crontab(day="1", hour="7", minute="0"))
    # huey keeps UTC by default: 23:00 UTC on 30 June is 07:00 on 1 July in Xinxiang.
    monkeypatch.setattr(tasks.HUEY, "utc", True)
    assert check(datetime.datetime(2025, 6, 30, 23, 0))  # noqa: DTZ001 - huey's naive UTC
    assert not check(datetime.datetime(2025, 7, 1, 7, 0))  # noqa: DTZ001
    # With HUEY["utc"] = False huey hands over local (Beijing) time as it is.
    monkeypatch.setattr(tasks.HUEY, "utc", False)
    assert check(datetime.datetime(2025, 7, 1, 7, 0))  # noqa: DTZ001 - huey's naive local time


# --- Pages ------------------------------------------------------------------------------------


def test_leader_downloads_the_pdf_and_word_file_over_http(data, login, leader):
    item = bulletin.publish_bulletin(JUNE)
    client = login(leader)
    page = client.get(LIST_URL)
    assert page.status_code == 200
    assert TITLE in page.content.decode()
    pdf = client.get(f"{LIST_URL}{item.pk}/file/pdf/")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    word = client.get(f"{LIST_URL}{item.pk}/file/docx/")
    assert word.status_code == 200
    assert client.get(f"{LIST_URL}{item.pk}/file/exe/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("user", ["leader", "city_staff", "officer_a"])
def test_the_generate_form_is_forbidden_to_everyone_but_the_city_administrator(
    request, login, user, quick_files
):
    client = login(request.getfixturevalue(user))
    assert client.post(GENERATE_URL, {"month": "2025-06"}).status_code == 403
    assert client.get(GENERATE_URL).status_code == 403
    assert 'id="generate-form"' not in client.get(LIST_URL).content.decode()
    assert not Bulletin.objects.exists()


def test_city_administrator_generates_from_the_form(data, login, city_admin, quick_files):
    client = login(city_admin)
    page = client.get(LIST_URL).content.decode()
    assert 'id="generate-form"' in page and "hx-indicator" in page
    assert f'value="{bulletin.last_month().code}"' in page
    response = client.post(GENERATE_URL, {"month": "2025-06"}, headers={"HX-Request": "true"})
    item = Bulletin.objects.get()
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{LIST_URL}{item.pk}/"
    assert item.published_by == city_admin
    again = client.post(GENERATE_URL, {"month": "2025-06"}, headers={"HX-Request": "true"})
    assert again.status_code == 200
    assert "不能重复发布" in again.content.decode()
    regenerated = client.post(GENERATE_URL, {"month": "2025-06", "force": "on"})
    assert regenerated.status_code == 302 and len(quick_files) == 2


def test_generate_form_explains_a_bad_month(login, city_admin, quick_files):
    response = login(city_admin).post(GENERATE_URL, {"month": "2025-13"})
    assert response.status_code == 400
    assert "无法识别的期间" in response.content.decode()


def test_detail_page_shows_the_frozen_figures(data, login, leader, quick_files):
    item = bulletin.publish_bulletin(JUNE)
    page = login(leader).get(f"{LIST_URL}{item.pk}/").content.decode()
    assert TITLE in page and "2025年第1期" in page
    assert "5,000.00" in page and "28,000.00" in page
    assert "丙项目" in page and "土地指标未落实" in page


def test_drill_down_lists_only_the_projects_the_user_may_see(data, login, officer_b, quick_files):
    item = bulletin.publish_bulletin(JUNE)
    url = f"{LIST_URL}{item.pk}/projects/?scope=city&span=ytd&key=signed"
    page = login(officer_b).get(url).content.decode()
    assert "丙项目" in page and "甲项目" not in page
    assert "其中 3 个不在您的查看范围内" in page
    assert login(officer_b).get(f"{LIST_URL}{item.pk}/projects/?key=nope").status_code == 404


def test_list_page_runs_a_fixed_number_of_queries(
    data, login, leader, quick_files, django_assert_max_num_queries
):
    for month in (4, 5, 6):
        bulletin.publish_bulletin(periods.month(2025, month))
    client = login(leader)
    with django_assert_max_num_queries(6):
        assert client.get(LIST_URL).status_code == 200
