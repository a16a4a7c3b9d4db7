"""The chain map in Chromium: drawn in status colours, a node opens its drill-down, the map
exports as PNG and the brief as PDF."""

from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from zhaoshang.chains.models import ChainNode, IndustryChain
from zhaoshang.chains.reference import load_reference_chains

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp")  # noqa: S108


@pytest.fixture
def hydrogen(db):
    load_reference_chains()
    return IndustryChain.objects.get(name="氢能产业链")


def log_in(page, user, url):
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"/login/?next={quote(url)}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{url}")


def node_point(page, name):
    """Where ECharts drew the node ``name``, in page coordinates."""
    return page.evaluate(
        """(name) => {
            const chart = echarts.getInstanceByDom(document.getElementById("chain-map"));
            const data = chart.getModel().getSeriesByIndex(0).getData();
            let index = -1;
            data.each((i) => { if (data.getName(i) === name) { index = i; } });
            const [x, y] = data.getItemGraphicEl(index).transformCoordToGlobal(0, 0);
            const box = document.getElementById("chain-map").getBoundingClientRect();
            return { x: box.left + x, y: box.top + y };
        }""",
        name,
    )


def test_clicking_a_node_on_the_map_opens_its_drill_down(page, page_errors, city_staff, hydrogen):
    log_in(page, city_staff, f"/chains/{hydrogen.pk}/")
    expect(page.locator("#chain-map[data-ready='1'] canvas")).to_be_attached()
    colours = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById("chain-map"));
            const data = chart.getModel().getSeriesByIndex(0).getData();
            const out = {};
            data.each((i) => { out[data.getName(i)] = data.getItemVisual(i, "style").fill; });
            return out;
        }"""
    )
    assert colours["氢燃料发动机"] == "#fd7e14" and colours["制氢"] == "#dc3545"
    page.screenshot(path=SHOTS / "chains_map.png", full_page=True)

    point = node_point(page, "氢燃料电池系统")
    page.mouse.click(point["x"], point["y"])
    panel = page.locator("#node-detail")
    expect(panel.get_by_role("heading", level=2)).to_contain_text("氢燃料电池系统")
    expect(panel.locator("#node-targets")).to_contain_text("亿华通")
    expect(panel.locator("#node-institutions")).to_contain_text(
        "河南省燃料电池与氢能工程技术研究中心"
    )
    expect(panel.locator("#node-zones")).to_contain_text("新乡市高新技术产业开发区")
    page.screenshot(path=SHOTS / "chains_drilldown.png", full_page=True)

    # An override needs a reason; with one, the node turns orange and the drill-down stays open.
    panel.get_by_text("人工认定环节状态").click()
    panel.locator("#status-form select").select_option("weak")
    panel.locator("#status-form input[name=reason]").fill("豫氢动力已自产电堆")
    panel.locator("#status-form button").click()
    expect(page.locator("#node-detail h2")).to_contain_text("人工认定")
    node = ChainNode.objects.get(chain=hydrogen, name="氢燃料电池系统")
    assert node.status_override == "weak"
    assert page_errors == []


def test_the_map_and_the_brief_export(page, page_errors, leader, hydrogen):
    log_in(page, leader, f"/chains/{hydrogen.pk}/")
    expect(page.locator("#chain-map[data-ready='1'] canvas")).to_be_attached()
    with page.expect_download() as png:
        page.get_by_role("button", name="导出图谱 PNG").click()
    assert png.value.suggested_filename == "氢能产业链图谱.png"
    png.value.save_as(SHOTS / "chains_export.png")
    assert (SHOTS / "chains_export.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as pdf:
        page.get_by_role("link", name="导出一页简报 PDF").click()
    pdf.value.save_as(SHOTS / "chains_brief.pdf")
    assert (SHOTS / "chains_brief.pdf").read_bytes()[:5] == b"%PDF-"
    assert page_errors == []
