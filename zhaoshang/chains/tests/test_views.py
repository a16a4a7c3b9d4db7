"""The chain pages through HTTP, on the chains loaded from the plans."""

import datetime
import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from pdfminer.high_level import extract_text
from pdfminer.pdfpage import PDFPage

from zhaoshang.chains.choices import NodeStatus, TargetStatus
from zhaoshang.chains.models import (
    ChainNode,
    ChainTarget,
    ChainVisit,
    ChainWorkItem,
    IndustryChain,
)
from zhaoshang.chains.reference import load_reference_chains
from zhaoshang.enterprises.choices import IndustryRelation
from zhaoshang.enterprises.models import Enterprise, IndustryEnterprise
from zhaoshang.industries.models import IndustryCluster
from zhaoshang.ingest.models import PlanDocument, Provenance

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(db):
    load_reference_chains()
    return IndustryChain.objects.get(name="氢能产业链")


@pytest.fixture
def fuel_cell(plans):
    return ChainNode.objects.get(chain=plans, name="氢燃料电池系统")


def embedded_map(response):
    html = response.content.decode()
    start = html.index('<script id="chain-data" type="application/json">') + 48
    return json.loads(html[start : html.index("</script>", start)])


def test_the_plans_chains_are_loaded_with_their_nodes_in_order(plans):
    names = list(plans.nodes.filter(parent=None).values_list("name", flat=True))
    assert names == ["制氢", "储氢", "加氢", "氢燃料电池系统", "氢燃料发动机"]
    assert set(IndustryChain.objects.values_list("name", flat=True)) >= {
        "集成电路产业链",
        "纺织服装产业链",
        "新能源汽车产业链",
    }


def test_loading_again_keeps_outreach_progress(plans, fuel_cell):
    target = fuel_cell.targets.get(enterprise__name="亿华通")
    ChainTarget.objects.filter(pk=target.pk).update(status=TargetStatus.CONTACTED)
    load_reference_chains()
    target.refresh_from_db()
    assert target.status == TargetStatus.CONTACTED
    assert fuel_cell.targets.count() == 5


def test_the_map_colours_each_node_by_its_status(
    login, leader, plans, django_assert_max_num_queries
):
    client = login(leader)
    with django_assert_max_num_queries(20):
        response = client.get(f"/chains/{plans.pk}/")
    tree = embedded_map(response)
    upstream, midstream, downstream = tree["children"]
    assert [n["name"] for n in midstream["children"]] == ["加氢", "氢燃料电池系统"]
    engine = downstream["children"][0]
    assert (engine["name"], engine["status"], engine["firms"]) == ("氢燃料发动机", "weak", 1)
    assert engine["itemStyle"]["color"] == "#fd7e14"
    assert upstream["children"][0]["status"] == "gap"
    assert "环节状态规则" in response.content.decode()


def test_a_node_shows_its_targets_institutions_and_fitting_zones(login, leader, fuel_cell):
    html = login(leader).get(f"/chains/nodes/{fuel_cell.pk}/").content.decode()
    assert "亿华通" in html and "美锦能源" in html
    assert "河南省燃料电池与氢能工程技术研究中心" in html
    # 高新区 is to attract 氢燃料电池及相关配套部件 (承接领域 of 装备制造)
    assert "新乡市高新技术产业开发区" in html and "氢燃料电池及相关配套部件" in html
    assert "更新</button>" not in html  # a leader reads, never writes


def test_a_plan_target_links_to_the_sentence_that_named_it(login, leader, fuel_cell):
    document = PlanDocument.objects.create(
        title="新乡市“十四五”招商引资和承接产业转移规划",
        original_name="003.txt",
        file_format="txt",
        sha256="0" * 64,
        text="……",
    )
    enterprise = Enterprise.objects.get(name="亿华通")
    Provenance.objects.create(
        content_type=ContentType.objects.get_for_model(Enterprise),
        object_id=enterprise.pk,
        document=document,
        line=143,
        quote="大力引进亿华通、雄韬股份、大洋机电、美锦能源等行业龙头企业",
    )
    html = login(leader).get(f"/chains/nodes/{fuel_cell.pk}/").content.decode()
    assert f'href="/plans/{document.pk}/"' in html
    assert "第 143 行" in html and "大力引进亿华通" in html


def test_an_ingested_plan_target_can_be_put_on_a_node(login, city_staff, plans, fuel_cell):
    enterprise = Enterprise.objects.create(name="重塑能源")
    link = IndustryEnterprise.objects.create(
        enterprise=enterprise,
        relation=IndustryRelation.TARGET,
        industry="氢能与储能",
        cluster=IndustryCluster.objects.get(name="氢能与储能"),
    )
    client = login(city_staff)
    assert "重塑能源" in client.get(f"/chains/{plans.pk}/").content.decode()
    client.post(
        f"/chains/{plans.pk}/plan-targets/{link.pk}/", {"node": fuel_cell.pk, "action": "fill"}
    )
    placed = ChainTarget.objects.get(enterprise=enterprise)
    assert (placed.node, placed.plan_link) == (fuel_cell, link)
    assert (
        "重塑能源"
        not in client.get(f"/chains/{plans.pk}/")
        .content.decode()
        .split('id="plan-targets"')[1]
        .split("</ul>")[0]
    )


def test_an_override_without_reason_is_refused_with_a_message(login, city_staff, fuel_cell):
    response = login(city_staff).post(
        f"/chains/nodes/{fuel_cell.pk}/status/", {"status": "strong", "reason": ""}, follow=True
    )
    assert "必须填写理由" in response.content.decode()
    fuel_cell.refresh_from_db()
    assert fuel_cell.status_override == ""


def test_an_override_with_reason_recolours_the_node(login, city_staff, fuel_cell):
    client = login(city_staff)
    client.post(
        f"/chains/nodes/{fuel_cell.pk}/status/",
        {"status": "weak", "reason": "豫氢动力自产电堆"},
    )
    tree = embedded_map(client.get(f"/chains/{fuel_cell.chain_id}/"))
    node = tree["children"][1]["children"][1]
    assert (node["status"], node["overridden"]) == (NodeStatus.WEAK, True)


def test_a_leader_cannot_override_a_status(login, leader, fuel_cell):
    response = login(leader).post(
        f"/chains/nodes/{fuel_cell.pk}/status/", {"status": "strong", "reason": "想改"}
    )
    assert response.status_code == 404


def test_an_officer_records_progress_of_own_countys_target_only(
    login, officer_a, county_a, county_b, fuel_cell
):
    mine = fuel_cell.targets.get(enterprise__name="亿华通")
    theirs = fuel_cell.targets.get(enterprise__name="雄韬股份")
    ChainTarget.objects.filter(pk=mine.pk).update(region=county_a)
    ChainTarget.objects.filter(pk=theirs.pk).update(region=county_b)
    client = login(officer_a)
    client.post(f"/chains/targets/{mine.pk}/", {f"t{mine.pk}-status": "contacted"})
    response = client.post(f"/chains/targets/{theirs.pk}/", {f"t{theirs.pk}-status": "contacted"})
    assert response.status_code == 404
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (TargetStatus.CONTACTED, TargetStatus.NOT_CONTACTED)


def test_an_overdue_action_item_is_flagged(login, city_staff, plans):
    client = login(city_staff)
    client.post(
        f"/chains/{plans.pk}/work/",
        {
            "logged_on": "2025-03-01",
            "content": "召开氢能产业链专题会",
            "action_item": "赴北京对接亿华通",
            "owner": "市发展改革委",
            "due_date": "2025-04-30",
        },
    )
    html = client.get(f"/chains/{plans.pk}/").content.decode()
    item = html.split('id="open-items"')[1].split("</ul>")[0]
    assert "赴北京对接亿华通" in item and "已逾期" in item
    assert "已逾期" in client.get("/chains/gaps/").content.decode()


def test_an_action_item_without_owner_is_refused(login, city_staff, plans):
    response = login(city_staff).post(
        f"/chains/{plans.pk}/work/",
        {"logged_on": "2025-03-01", "content": "专题会", "action_item": "对接", "due_date": ""},
        follow=True,
    )
    assert "待办事项须写明责任人/单位和完成时限" in response.content.decode()
    assert not ChainWorkItem.objects.exists()


def test_visits_are_counted_per_quarter(login, city_staff, plans):
    for day, kind in [
        ("2025-01-10", "leader"),
        ("2025-02-10", "leader"),
        ("2025-04-02", "customer"),
    ]:
        ChainVisit.objects.create(
            chain=plans, kind=kind, date=datetime.date.fromisoformat(day), visited="某企业"
        )
    html = login(city_staff).get(f"/chains/{plans.pk}/").content.decode()
    table = html.split('id="visits"')[1].split("</table>")[0]
    rows = [r for r in table.split("<tr>") if "季度" in r and "<td>" in r]
    assert "2025年第2季度" in rows[0] and "2025年第1季度" in rows[1]
    cells = rows[1].split('<td class="text-end">')[1:]
    assert [c.split("<")[0] for c in cells] == ["2", "0", "0", "0", "2"]


def test_the_county_gap_report_shows_that_countys_targets(login, leader, county_a, fuel_cell):
    ChainTarget.objects.filter(enterprise__name="亿华通").update(region=county_a)
    client = login(leader)
    county = client.get(f"/chains/gaps/?region={county_a.pk}").content.decode()
    city = client.get("/chains/gaps/").content.decode()
    assert "亿华通" in county and "美锦能源" not in county
    assert "亿华通" in city and "美锦能源" in city


def test_the_gap_report_lists_a_few_targets_per_node_and_links_to_the_rest(
    login, city_staff, plans
):
    hydrogen = ChainNode.objects.get(chain=plans, name="制氢")
    for i in range(7):
        ChainTarget.objects.create(
            node=hydrogen, enterprise=Enterprise.objects.create(name=f"制氢{i}")
        )
    html = login(city_staff).get("/chains/gaps/").content.decode()
    row = html.split("<td>制氢</td>")[1].split("</tr>")[0]
    assert "美国普莱克斯" in row and "制氢5" in row and "制氢6" not in row
    assert f'?node={hydrogen.pk}">等 9 家</a>' in row


def test_the_brief_is_one_page_with_the_chain_and_its_gaps(login, leader, plans):
    response = login(leader).get(f"/chains/{plans.pk}/brief.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = io.BytesIO(response.content)
    assert len(list(PDFPage.get_pages(pdf))) == 1
    text = extract_text(pdf)
    assert "氢能产业链图谱简报" in text and "氢燃料电池系统" in text and "亿华通" in text


def test_the_chains_command_lists_gap_and_weak_nodes(plans):
    out = io.StringIO()
    call_command("chains", stdout=out)
    text = out.getvalue()
    assert "氢能产业链（氢能与储能）：9 个环节" in text
    assert "薄弱环节：氢燃料发动机" in text
    assert "空白环节：制氢、储氢、加氢" in text


def test_an_anonymous_visitor_is_sent_to_log_in(client, plans):
    assert client.get(f"/chains/{plans.pk}/").status_code == 302
