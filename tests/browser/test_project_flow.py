"""What an officer sees in the browser: create a project, sign it, export the list."""

import datetime
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from zhaoshang.utils.codes import uscc_check_char

# live_server needs committed data, so every test flushes the database afterwards; the
# serialized rollback restores the reference data (regions, zones) the migrations created.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROJECT_NAME = "浏览器测试年产5万吨新材料项目"
INVESTOR_NAME = "新乡浏览器测试新材料有限公司"
USCC_BODY = "91410700MA44BT3K0"
USCC = USCC_BODY + uscc_check_char(USCC_BODY)
# Screenshots for a human to look at; fixed names so a reviewer knows where to find them.
SHOTS = Path("/tmp")  # noqa: S108


def log_in(page, user):
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="招商项目库")).to_be_visible()


def current_stage(page):
    return page.locator("dt:text-is('当前阶段') + dd")


def test_officer_creates_project_signs_it_and_exports(
    page, page_errors, live_server, officer_a, tmp_path
):
    today = timezone.localdate()

    # 1. Logging in lands on the project list.
    log_in(page, officer_a)
    expect(page).to_have_url(f"{live_server.url}/projects/")

    # 2. Create a project at 对接洽谈.
    page.get_by_role("link", name="新建项目").click()
    expect(page.get_by_role("heading", name="新建招商项目")).to_be_visible()
    page.fill("#id_name", PROJECT_NAME)
    page.fill("#id_investor_name", INVESTOR_NAME)
    page.fill("#id_investor_uscc", USCC)
    page.select_option("#id_region", label="红旗区")
    page.select_option("#id_stage", "negotiating")
    page.fill("#id_total_investment", "12000")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(PROJECT_NAME)
    expect(page.locator(".alert-success")).to_contain_text("已创建项目")
    expect(current_stage(page)).to_contain_text("对接洽谈")
    detail_url = page.url

    # 3. Signing without a contract date is refused with a Chinese reason; nothing changes.
    stage_form = page.locator("#stage-form")
    stage_form.locator("#id_to_stage").select_option("signed")
    stage_form.get_by_role("button", name="确认变更").click()
    expect(page.locator(".alert-danger").first).to_contain_text("签约日期")
    expect(current_stage(page)).to_contain_text("对接洽谈")
    expect(page.locator("#timeline li")).to_have_count(1)

    # 4. Fill in the contract, then sign with an evidence file.
    page.get_by_role("link", name="编辑").click()
    page.fill("#id_contract_date", (today - datetime.timedelta(days=30)).isoformat())
    page.fill("#id_contracted_investment", "10000")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    assert page.url == detail_url

    evidence = tmp_path / "签约协议.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    stage_form = page.locator("#stage-form")
    stage_form.locator("#id_to_stage").select_option("signed")
    stage_form.locator("#id_date").fill(today.isoformat())
    stage_form.locator("#id_evidence_kind").select_option("contract")
    stage_form.locator("#id_evidence").set_input_files(evidence)
    stage_form.get_by_role("button", name="确认变更").click()

    expect(page.locator(".alert-success")).to_contain_text("阶段已变更")
    expect(current_stage(page)).to_contain_text("签约")
    signed = page.locator("#timeline li", has_text="对接洽谈 → 签约")
    expect(signed).to_have_count(1)
    evidence_link = signed.get_by_role("link", name="签约协议.pdf")
    expect(evidence_link).to_contain_text("投资合同")
    expect(page.locator("#history tbody tr", has_text="阶段变更为签约")).not_to_have_count(0)
    page.screenshot(path=SHOTS / "shot_detail.png", full_page=True)

    with page.expect_download() as download_info:
        evidence_link.click()
    download = download_info.value
    assert download.suggested_filename == "签约协议.pdf"
    assert download.path().read_bytes() == evidence.read_bytes()

    # 5. Export the list and read the spreadsheet back.
    page.get_by_role("navigation").get_by_role("link", name="项目库").click()
    expect(page.locator("#results")).to_contain_text(PROJECT_NAME)
    with page.expect_download() as download_info:
        page.locator("#export-link").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook_path = tmp_path / "export.xlsx"
    download.save_as(workbook_path)

    sheet = openpyxl.load_workbook(workbook_path).worksheets[0]
    rows = list(sheet.iter_rows())
    headers = [cell.value for cell in rows[0]]
    assert headers[0] == "项目编号"
    assert "项目名称" in headers
    assert "总投资（万元）" in headers
    [row] = [r for r in rows[1:] if r[headers.index("项目名称")].value == PROJECT_NAME]
    assert row[headers.index("阶段")].value == "签约"
    total = row[headers.index("总投资（万元）")]
    assert total.value == 12000
    assert total.number_format == "#,##0.00"

    assert page_errors == []


def test_project_list_fits_a_phone_screen(page, page_errors, officer_a, make_project, county_a):
    make_project(
        county_a,
        acting_user=officer_a,
        name="年产30万套新能源汽车零部件及配套智能制造产业园建设项目",
        total_investment=250000,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, officer_a)

    expect(page.locator(".navbar-toggler")).to_be_visible()
    expect(page.locator("#nav")).to_be_hidden()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390 + 1
    page.screenshot(path=SHOTS / "shot_phone.png", full_page=True)

    assert page_errors == []
