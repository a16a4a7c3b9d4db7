"""List extractors (enterprises, zones, projects, targets) on the seed plans and on made-up text."""

import time

import pytest
from django.conf import settings

from zhaoshang.ingest.extract.enterprises import extract_enterprises
from zhaoshang.ingest.extract.projects import extract_projects
from zhaoshang.ingest.extract.targets import extract_targets
from zhaoshang.ingest.extract.zones import extract_zones
from zhaoshang.ingest.normalize import prepare

SEEDS = settings.SHARED_DIR / "seeds"


def seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return prepare(path.read_text(encoding="utf-8").splitlines())


def text_lines(text: str):
    return prepare(text.strip().splitlines())


def by_name(items, name):
    found = [item for item in items if item["name"] == name]
    assert found, f"{name} not extracted"
    return found[0]


@pytest.fixture(scope="module")
def docs():
    return {prefix: seed(prefix) for prefix in ("000", "001", "002", "003", "004")}


# --- enterprises --------------------------------------------------------------------------------


def test_partner_firms_carry_the_region_of_their_box(docs):
    firms = extract_enterprises(docs["001"])
    yingfeng = by_name(firms, "浙江迎丰科技股份有限公司")
    assert yingfeng == {
        "name": "浙江迎丰科技股份有限公司",
        "kind": "firm",
        "industry": "产业合作",
        "action": "合作",
        "source_region": "长三角",
        "source_line": 274,
    }
    assert by_name(firms, "北京中科瑞新科技有限公司")["source_region"] == "京津冀"
    assert by_name(firms, "腾讯")["source_region"] == "粤港澳"
    assert by_name(firms, "首都医科大学附属北京同仁医院")["kind"] == "institution"
    # 专栏4 lists four partners for 承接产业转移项目.
    gba = [f["name"] for f in firms if f["source_line"] == 312]
    assert gba == [
        "美的",
        "华润",
        "佛山市嘉力亚贸易有限公司",
        "中健天诚（广东）健康产业控股有限公司",
    ]


def test_achievements_are_not_partners(docs):
    firms = extract_enterprises(docs["001"])
    # 第一章 规划背景 lists firms that already invested ("中国通用集团…等…在我市投资").
    assert all(f["source_line"] > 136 for f in firms)


def test_target_institutions_and_firms_per_industry(docs):
    found = extract_enterprises(docs["003"])
    catarc = by_name(found, "中国汽车技术研究中心")
    assert (catarc["kind"], catarc["industry"], catarc["action"]) == (
        "institution",
        "装备制造业",
        "对接",
    )
    sany = by_name(found, "三一重工")
    assert (sany["kind"], sany["industry"], sany["action"]) == ("firm", "装备制造业", "引进")
    assert by_name(found, "哈尔滨工业大学(深圳)")["kind"] == "institution"
    # The industry named inside a paragraph ("轻纺工业。纺织服装产业,…;现代家居产业,…").
    assert by_name(found, "海尔")["industry"] == "现代家居产业"
    # "支持A、B…等骨干企业,与…开展战略合作".
    assert by_name(found, "卫华集团")["action"] == "支持"


def test_generic_words_and_repeated_boxes(docs):
    found = extract_enterprises(docs["003"])
    names = [f["name"] for f in found]
    for generic in ("龙头企业", "世界500强", "中国500强", "央企", "知名企业", "银行", "文化旅游"):
        assert generic not in names
    assert not [n for n in names if n.endswith(("企业", "机构"))]
    # 专栏三 is printed twice in 003: each copy is reported at its own line.
    assert [f["source_line"] for f in found if f["name"] == "西门子医疗"] == [137, 165]


def test_enterprises_in_a_made_up_plan():
    plan = text_lines(
        """
第一章 发展基础
阿里巴巴、网易等一批龙头企业在我市投资。
第三章 深化与长三角地区合作
专栏 3：与长三角地区合作重点事项
智能装备产业。积极对接浙江大学、之江实验室等机构，大力引进杭州海康威视、宁波舟山港集团有限公司等龙头企业。
大力引进一批世界500强、知名企业等龙头企业，聚焦集成电路、新型显示等领域。
第四章 拓展国际合作
支持云川重工、云川药业等骨干企业与跨国公司开展战略合作。
支持云川经开区与江海物流集团有限公司战略合作，依托云川大学建设实验平台。
加强与东海大学对接，积极对接北方仪器研究所、南方材料联盟。
"""
    )
    found = extract_enterprises(plan)
    assert [(f["name"], f["kind"], f["action"]) for f in found] == [
        ("浙江大学", "institution", "对接"),
        ("之江实验室", "institution", "对接"),
        ("杭州海康威视", "firm", "引进"),
        ("宁波舟山港集团有限公司", "firm", "引进"),
        ("云川重工", "firm", "支持"),
        ("云川药业", "firm", "支持"),
        # The partner of a home zone; 依托 only relies on 云川大学.
        ("江海物流集团有限公司", "firm", "合作"),
        ("东海大学", "institution", "对接"),
        ("北方仪器研究所", "institution", "对接"),
        ("南方材料联盟", "institution", "对接"),
    ]
    assert {f["source_region"] for f in found[:4]} == {"长三角"}
    assert found[0]["industry"] == "智能装备产业"
    assert found[0]["source_line"] == 5


# --- zones --------------------------------------------------------------------------------------


def test_thirteen_zones_with_their_industries(docs):
    zones = extract_zones(docs["003"])
    assert len(zones) == 13
    assert zones[0]["name"] == "新乡市高新技术产业开发区"
    assert zones[0]["source_line"] == 353
    economic = by_name(zones, "新乡经济开发区")
    assert economic["industries"][0] == {
        "name": "装备制造",
        "items": ["通用设备", "专业设备", "电气机械和器材制造", "仪器及仪表制造"],
    }
    services = by_name(zones, "新乡市平原现代服务业开发区")
    assert [i["name"] for i in services["industries"]] == [
        "软件和信息服务业",
        "文化创意产业",
        "商务服务业",
        "中介服务业",
    ]
    assert all(i["items"] == [] for i in services["industries"])
    for prefix in ("000", "001", "002", "004"):
        assert extract_zones(docs[prefix]) == []


def test_zones_in_a_made_up_plan():
    plan = text_lines(
        """
专栏5 园区承接产业重点
云川高新区。主要承接电子信息（集成电路、新型显示,传感器等）、生物医药（创新药、医疗器械）等领域。
云川临港经济开发区。重点发展现代物流、跨境电商、冷链仓储等产业。
云川综合保税区。承接江浙沪产业转移项目。
"""
    )
    zones = extract_zones(plan)
    assert [z["name"] for z in zones] == ["云川高新区", "云川临港经济开发区"]
    assert zones[0]["industries"] == [
        {"name": "电子信息", "items": ["集成电路", "新型显示", "传感器"]},
        {"name": "生物医药", "items": ["创新药", "医疗器械"]},
    ]
    assert [i["name"] for i in zones[1]["industries"]] == ["现代物流", "跨境电商", "冷链仓储"]


# --- projects -----------------------------------------------------------------------------------


def test_key_projects_of_the_development_zone_plan(docs):
    projects = extract_projects(docs["004"])
    fibre = by_name(projects, "年产20万吨绿色纤维项目")
    assert fibre == {
        "name": "年产20万吨绿色纤维项目",
        "investment_wan": 450000,
        "capacity": "年产20万吨",
        "area_mu": None,
        "place": None,
        "year": 2025,
        "source_line": 251,
    }
    # Several projects run into one PDF line: a bold title starts the next one.
    weaving = by_name(projects, "纺织学院")
    assert (weaving["investment_wan"], weaving["source_line"]) == (10000, 752)
    yard = by_name(projects, "新乡国际集装箱场站项目")
    assert (yard["investment_wan"], yard["area_mu"]) == (12000, 300)
    assert yard["place"] == "经六路与科隆大道交叉口西北角"
    # Costs listed without the word 投资 are added up.
    assert by_name(projects, "区内中小学均衡改造")["investment_wan"] == 2797.01
    # Entries without money (商务中心项目, 织布园…) are titles or wishes, not reported.
    assert "织布园" not in [p["name"] for p in projects]
    assert len(projects) == 20


def test_boxes_of_tasks_hold_no_projects(docs):
    # 001's boxes are "重大项目和事项": programmes and partners, not projects.
    for prefix in ("000", "001", "002", "003"):
        assert extract_projects(docs[prefix]) == []


def test_projects_in_a_made_up_plan():
    plan = text_lines(
        """
专栏 4-2：先进制造业重点项目
年产5万吨锂电池正极材料项目。项目位于云川高新区纬三路，总投资12亿元，占地320亩，2024年建成投产。
云川智慧物流园。计划总投资3.5亿美元，建设冷库10万平方米。**云川检测中心。**总投资8000万元。
第五章 保障措施
"""
    )
    projects = extract_projects(plan)
    assert projects[0] == {
        "name": "年产5万吨锂电池正极材料项目",
        "investment_wan": 120000,
        "capacity": "年产5万吨",
        "area_mu": 320,
        "place": "云川高新区纬三路",
        "year": 2024,
        "source_line": 2,
    }
    # 亿美元 is converted at the planning rate of utils.units.
    assert projects[1]["investment_wan"] == 245000
    assert (projects[2]["name"], projects[2]["investment_wan"]) == ("云川检测中心", 8000)
    assert len(projects) == 3


# --- targets ------------------------------------------------------------------------------------


def test_yearly_and_dated_targets(docs):
    targets = extract_targets(docs["001"])
    assert {
        "subject": "重点合作项目",
        "value": 10,
        "unit": "个",
        "year": "每年",
        "source_line": 204,
    } in targets
    textiles = by_name(
        [dict(t, name=t["subject"]) for t in extract_targets(docs["003"])], "轻纺工业营业收入"
    )
    assert (textiles["value"], textiles["unit"], textiles["year"]) == (500, "亿元", 2025)
    assert textiles["source_line"] == 91


def test_targets_from_goal_sections_and_periods(docs):
    targets = extract_targets(docs["004"])
    subjects = {t["subject"]: t for t in targets}
    # A goals section states targets without repeating the year.
    assert (subjects["经济总量"]["value"], subjects["经济总量"]["year"]) == (261, None)
    assert subjects["建筑业总产值"]["year"] == "十四五末"
    assert subjects["装备制造业产值年均增长"]["value"] == 18
    assert subjects["工业用地亩均税收"]["unit"] == "万元/亩"
    # The indicator table (专栏1-2) is left to the indicator extractor.
    assert all(t["source_line"] not in range(176, 212) for t in targets)


def test_no_number_from_the_digit_stripped_copy(docs):
    assert extract_targets(docs["000"]) == []
    assert extract_projects(docs["000"]) == []
    for firm in extract_enterprises(docs["000"]):
        line = next(line for line in docs["000"] if line.no == firm["source_line"])
        assert firm["name"] in line.text.replace(" ", "")


def test_targets_in_a_made_up_plan():
    plan = text_lines(
        """
第一节 发展基础
“十三五”期间，全市累计引进项目300个，到2020年底已建成园区5个。
第二节 发展目标
到2027年，全市数字经济核心产业增加值达到800亿元，培育国家级专精特新“小巨人”企业30家以上。
力争每年新引进亿元以上项目50个。
第三节 重点任务
“十四五”期间，新增省级开发区2—3个，建成标准厂房100万平方米。
企业开办时间压减至3个工作日以内，新建5G基站1200个。
"""
    )
    targets = extract_targets(plan)
    assert [
        (t["subject"], t["value"], t["unit"], t["year"], t["source_line"]) for t in targets
    ] == [
        ("数字经济核心产业增加值", 800, "亿元", 2027, 4),
        ("国家级专精特新“小巨人”企业", 30, "家", 2027, 4),
        ("新引进亿元以上项目", 50, "个", "每年", 5),
        # A range is no single number; the period is kept as written.
        ("标准厂房", 100, "万平方米", "十四五期间", 7),
        # Undated, but a bound the plan sets; a bare count of base stations is not a target.
        ("企业开办时间", 3, "个工作日", None, 8),
    ]


def test_extraction_is_fast(docs):
    for lines in docs.values():
        start = time.perf_counter()
        extract_enterprises(lines)
        extract_zones(lines)
        extract_projects(lines)
        extract_targets(lines)
        assert time.perf_counter() - start < 1.0
