"""The monthly bulletin in Chromium: generated from the back office, downloaded and opened."""

import datetime
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from PIL import Image
from playwright.sync_api import expect

from conftest import PASSWORD
from zhaoshang.projects import services
from zhaoshang.projects.choices import Stage
from zhaoshang.regions.models import Region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

D = datetime.date
# The rendered first page, for a person to look at.
SHOTS = Path("/tmp")  # noqa: S108


@pytest.fixture
def june(city_admin):
    """Signings in June 2025 in two counties, one started with funds arrived."""
    for county, name, amount, started in [
        ("红旗区", "年产10万吨新材料项目", 12000, True),
        ("长垣市", "起重装备智能制造产业园项目", 30000, False),
    ]:
        project = services.create_project(
            acting_user=city_admin,
            name=name,
            region=Region.objects.get(name=county),
            stage=Stage.SIGNED,
            contract_date=D(2025, 6, 5),
            contracted_investment=Decimal(amount),
            total_investment=Decimal(amount),
            initial_stage_date=D(2025, 6, 5),
        )
        if started:
            services.change_stage(
                project,
                acting_user=city_admin,
                to_stage=Stage.UNDER_CONSTRUCTION,
                date=D(2025, 6, 20),
            )
            services.record_funds(
                project, acting_user=city_admin, date=D(2025, 6, 25), amount=Decimal(3000)
            )


def test_admin_generates_the_june_bulletin_and_downloads_word_and_pdf(
    page, city_admin, june, tmp_path
):
    page.goto("/login/?next=/supervision/bulletins/")
    page.fill("#id_username", city_admin.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/supervision/bulletins/")
    page.fill("#id_month", "2025-06")
    page.get_by_role("button", name="生成月通报").click()
    expect(page.get_by_role("link", name="下载 Word")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("2025年6月")).not_to_have_count(0)

    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Word").click()
    word = info.value
    assert word.suggested_filename.endswith(".docx")
    document = docx.Document(str(word.path()))
    signing = next(t for t in document.tables if "本月签约金额" in t.cell(0, 2).text)
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in signing.rows}
    assert rows["红旗区"][1:3] == ["1", "12,000.00"]
    assert rows["长垣市"][1:3] == ["1", "30,000.00"]
    assert rows["全市"][1:3] == ["2", "42,000.00"]

    with page.expect_download() as info:
        page.get_by_role("link", name="下载 PDF").click()
    pdf = info.value
    assert pdf.suggested_filename.endswith(".pdf")
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            shutil.which("pdftoppm"),
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf.path()),
            str(SHOTS / "bulletin_browser"),
        ],
        check=True,
        timeout=60,
    )
    image = Image.open(SHOTS / "bulletin_browser.png").convert("L")
    # A rendered A4 page: portrait, and with text on it (not a blank or all-dark page).
    width, height = image.size
    assert height > width
    histogram = image.histogram()
    dark = sum(histogram[:128]) / (width * height)
    assert 0.005 < dark < 0.5
