"""Indicator tables: the real seed documents plus made-up tables in other layouts."""

import re
import time
from functools import cache

from django.conf import settings

from zhaoshang.ingest.extract.indicators import extract_indicators
from zhaoshang.ingest.normalize import prepare

SEEDS = settings.SHARED_DIR / "seeds"


@cache
def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def indicators_of(text: str) -> list[dict]:
    return extract_indicators(prepare(text.splitlines()))


@cache
def seed_indicators(prefix: str) -> tuple:
    return tuple(indicators_of(seed_text(prefix)))


def by_name(rows, name: str) -> dict:
    matches = [row for row in rows if row["name"] == name]
    assert len(matches) == 1, [row["name"] for row in rows]
    return matches[0]


def numbers_in(row: dict) -> list:
    """Every number or year the row claims."""
    found = [
        row["baseline"]["year"],
        row["baseline"]["value"],
        row["target"]["year"],
        row["target"]["value"],
        row["target"]["annual_growth_pct"],
    ]
    if row["actual"]:
        found += [row["actual"]["year"], row["actual"]["value"]]
    return [n for n in found if n is not None]


def in_lines(rows, first: int, last: int) -> list[dict]:
    return [row for row in rows if first <= row["source_line"] <= last]


# --- 001: "十四五"时期主要发展指标 -----------------------------------------------------

EXPECTED_001 = [
    # name, unit, category, baseline, target, qualifier
    ("高速公路通车里程", "公里", "交通基础设施", 268, 816, None),
    ("黄河大桥数量", "座", "交通基础设施", 9, 15, None),
    ("实际利用省外资金额", "亿元", "产业发展", 747, 850, None),
    ("在新投资世界500强企业数量", "个", "产业发展", 5, 15, "以上"),
    ("在新投资国内500强企业数量", "个", "产业发展", 18, 38, "以上"),
    ("营业收入超500亿的开发区数量", "个", "产业发展", 0, 3, None),
    ("省级承接产业转移示范园区", "个", "产业发展", None, 2, None),
    ("开展合作的国家重点实验室", "个", "科创文旅", 0, 1, None),
    ("河南省国际联合实验室", "个", "科创文旅", 26, 30, None),
    ("省外游客在国内总游客人数中占比", "%", "科创文旅", 20, 32, None),
]


def test_001_table_gives_its_ten_rows_in_order():
    rows = seed_indicators("001")
    got = [
        (
            r["name"],
            r["unit"],
            r["category"],
            r["baseline"]["value"],
            r["target"]["value"],
            r["target"]["qualifier"],
        )
        for r in rows
    ]
    assert got == EXPECTED_001


def test_001_years_come_from_the_header_and_rows_from_their_own_lines():
    rows = seed_indicators("001")
    first = rows[0]
    assert first["baseline"] == {"year": 2021, "value": 268}
    assert first["target"]["year"] == 2025
    assert first["target"]["cumulative"] is False
    assert first["attribute"] is None
    assert first["actual"] is None
    lines = seed_text("001").splitlines()
    assert lines[first["source_line"] - 1].startswith("1\t高速公路通车里程")
    assert lines[rows[-1]["source_line"] - 1].startswith("10\t省外游客")


def test_001_dash_baseline_is_null_not_zero():
    row = by_name(seed_indicators("001"), "省级承接产业转移示范园区")
    assert row["baseline"] == {"year": None, "value": None}
    assert row["target"]["value"] == 2


def test_001_qualifier_keeps_the_written_target():
    row = by_name(seed_indicators("001"), "在新投资世界500强企业数量")
    assert row["target"]["value"] == 15
    assert row["target"]["qualifier"] == "以上"
    assert row["target"]["text"] is None


# --- 004: 专栏1-1 and 专栏1-2 ----------------------------------------------------------


def test_004_finds_both_boxes():
    rows = seed_indicators("004")
    box_1_1 = in_lines(rows, 53, 95)
    box_1_2 = in_lines(rows, 176, 212)
    # 27 numbered rows, plus 二氧化硫/氨氮/氮氧化物 under row 26 of 专栏1-1.
    assert len(box_1_1) == 30
    assert len(box_1_2) == 27
    assert len(rows) == 57


def test_004_box_1_1_reads_targets_and_achievements():
    rows = in_lines(seed_indicators("004"), 53, 95)
    gdp = by_name(rows, "地区生产总值")
    assert gdp["unit"] == "亿元"
    assert gdp["category"] == "经济发展"
    assert gdp["baseline"] == {"year": None, "value": None}
    assert gdp["target"]["year"] == 2020
    assert gdp["target"]["value"] == 200
    assert gdp["target"]["annual_growth_pct"] == 10
    assert gdp["actual"] == {"year": 2020, "value": 133, "text": None}
    assert gdp["attribute"] == "expected"


def test_004_cumulative_bracket_in_box_1_1():
    rows = in_lines(seed_indicators("004"), 53, 95)
    # The name is broken over two cells with the character at the break doubled.
    row = by_name(rows, "全社会固定资产投资")
    assert row["unit"] == "亿元"
    assert row["target"]["value"] == 1000
    assert row["target"]["cumulative"] is True
    assert row["target"]["text"] is None
    assert row["target"]["annual_growth_pct"] == 15
    assert row["actual"]["value"] == 76.84


def test_004_cumulative_bracket_in_growth_column_of_box_1_2():
    rows = in_lines(seed_indicators("004"), 176, 212)
    row = by_name(rows, "实际利用外资")
    assert row["unit"] == "亿美元"
    assert row["baseline"] == {"year": 2020, "value": 6.7}
    assert row["target"]["value"] == 10
    assert row["target"]["cumulative"] is True
    assert row["target"]["year"] == 2025
    assert row["target"]["annual_growth_pct"] is None


def test_004_binding_rows():
    rows = seed_indicators("004")
    schooling = by_name(rows, "劳动年龄人口平均受教育年限")
    assert schooling["attribute"] == "binding"
    assert schooling["unit"] == "年"
    assert schooling["target"]["value"] == 11.3
    # "约東性" (OCR for 约束性) is still binding.
    water = by_name(in_lines(rows, 53, 95), "地表水环境质量")
    assert water["attribute"] == "binding"
    assert water["target"]["value"] is None
    assert water["target"]["text"] == "市定目标"
    assert water["actual"] == {"year": 2020, "value": None, "text": "完成市定目标"}


def test_004_growth_only_rows_and_comparison_targets():
    rows = in_lines(seed_indicators("004"), 176, 212)
    revenue = by_name(rows, "一般公共预算收入增长")
    assert revenue["baseline"]["value"] is None
    assert revenue["target"]["value"] is None
    assert revenue["target"]["annual_growth_pct"] == 11.0
    density = by_name(rows, "道路密度")
    assert (density["unit"], density["target"]["value"], density["target"]["qualifier"]) == (
        "km/km²",
        7.0,
        ">",
    )
    jobless = by_name(rows, "城镇调查失业率")
    assert (jobless["target"]["value"], jobless["target"]["qualifier"]) == (5.0, "<")
    income = by_name(rows, "居民人均可支配收入增长")
    assert income["target"]["value"] is None
    assert income["target"]["text"] == "与经济增长基本同步"


def test_004_categories_survive_split_labels():
    rows = in_lines(seed_indicators("004"), 176, 212)
    categories = []
    for row in rows:
        if row["category"] not in categories:
            categories.append(row["category"])
    assert categories == ["经济发展", "创新驱动", "产城融合", "民生福祉", "绿色生态"]


def test_004_sub_items_and_wrapped_cells():
    rows = in_lines(seed_indicators("004"), 53, 95)
    assert by_name(rows, "主要污染物排放减少")["source_line"] == 87
    ammonia = by_name(rows, "主要污染物排放减少：氨氮")
    assert ammonia["unit"] == "%"
    assert ammonia["actual"]["text"] == "完成市定目标"  # "完成市定" + "目标" on the next line
    assert ammonia["attribute"] == "binding"


def test_004_every_row_has_a_name_and_no_invented_years():
    for row in seed_indicators("004"):
        assert row["name"]
        if row["baseline"]["value"] is None:
            assert row["baseline"]["year"] is None
        assert row["attribute"] in ("expected", "binding")


# --- Documents without numbers or without tables ----------------------------------------


def test_000_digits_stripped_yields_no_numbers():
    assert seed_indicators("000") == ()
    assert all(not numbers_in(row) for row in seed_indicators("000"))


def test_001_table_with_digits_stripped_keeps_rows_but_no_numbers():
    stripped = re.sub(r"\d", "", seed_text("001"))
    rows = indicators_of(stripped)
    assert [r["name"] for r in rows][:3] == [
        "高速公路通车里程",
        "黄河大桥数量",
        "实际利用省外资金额",
    ]
    assert len(rows) == 10
    assert all(not numbers_in(row) for row in rows)
    # The qualifier survives while its number is gone; nothing moves into another column.
    assert by_name(rows, "在新投资世界强企业数量")["target"]["qualifier"] == "以上"


def test_004_with_digits_stripped_has_no_numbers():
    rows = indicators_of(re.sub(r"\d", "", seed_text("004")))
    assert rows
    assert all(not numbers_in(row) for row in rows)


def test_003_has_no_indicator_table():
    assert seed_indicators("003") == ()


def test_002_has_no_indicator_table():
    assert seed_indicators("002") == ()


def test_prose_about_indicators_is_not_a_table():
    text = (
        "各项指标要分解落实。\n指标 2021年 2025年 要同步推进\n到2025年，地区生产总值达到500亿元。"
    )
    assert indicators_of(text) == []


# --- Made-up tables in other layouts -----------------------------------------------------


def test_space_separated_table_with_unit_column_and_other_header_words():
    text = """示例市“十四五”经济社会发展主要指标
主要指标  单位  2020年基期值  2025年目标值  年均增长(%)  属性
一、经济发展
1  地区生产总值  亿元  3200  4800  8.5  预期性
2  常住人口城镇化率  %  58.2  65以上  —  预期性
3  在示范区投资世界 500 强企业数量  个  12  20  —  预期性
二、绿色生态
4  单位GDP能耗降低  %  —  [15]  —  约束性
5  森林覆盖率  %  30.1  ≥32  —  约束性
第二章 构建现代产业体系"""
    rows = indicators_of(text)
    assert [r["name"] for r in rows] == [
        "地区生产总值",
        "常住人口城镇化率",
        "在示范区投资世界500强企业数量",
        "单位GDP能耗降低",
        "森林覆盖率",
    ]
    gdp = rows[0]
    assert gdp["unit"] == "亿元"
    assert gdp["baseline"] == {"year": 2020, "value": 3200}
    assert gdp["target"]["value"] == 4800
    assert gdp["target"]["annual_growth_pct"] == 8.5
    assert rows[1]["target"]["qualifier"] == "以上"
    assert rows[3]["target"]["cumulative"] is True
    assert rows[3]["baseline"]["value"] is None
    assert (rows[4]["target"]["qualifier"], rows[4]["attribute"]) == ("≥", "binding")
    assert rows[4]["category"] == "绿色生态"


def test_single_spaced_table_with_letter_spaced_header():
    text = """临河县主要发展指标
指 标 2022 年 2027 年
1 乡村旅游接待人次（万人次） 120 200 以上
2 新建高标准农田（万亩） — 15
本规划由县人民政府组织实施。"""
    rows = indicators_of(text)
    assert [(r["name"], r["unit"]) for r in rows] == [
        ("乡村旅游接待人次", "万人次"),
        ("新建高标准农田", "万亩"),
    ]
    assert rows[0]["baseline"] == {"year": 2022, "value": 120}
    assert (rows[0]["target"]["value"], rows[0]["target"]["qualifier"]) == (200, "以上")
    assert rows[1]["baseline"]["value"] is None
    assert rows[1]["target"] == {
        "year": 2027,
        "value": 15,
        "qualifier": None,
        "text": None,
        "annual_growth_pct": None,
        "cumulative": False,
    }


def test_tab_table_with_category_column_and_qualifiers():
    text = "\n".join(
        [
            "附表 某某县“十四五”规划主要指标",
            "类别\t序号\t指标名称\t单位\t2020年\t2025年\t属性",
            "经济发展\t1\t地区生产总值\t亿元\t120\t180以上\t预期性",
            "\t2\t一般公共预算收入\t亿元\t8.5\t12左右\t预期性",
            "民生福祉\t3\t城镇新增就业\t万人\t[1.2]\t[6]\t预期性",
            "\t4\t城镇调查失业率\t%\t4.5\t<5.5\t约束性",
            "注：[]内为五年累计数。",
        ]
    )
    rows = indicators_of(text)
    assert [(r["name"], r["unit"], r["category"]) for r in rows] == [
        ("地区生产总值", "亿元", "经济发展"),
        ("一般公共预算收入", "亿元", "经济发展"),
        ("城镇新增就业", "万人", "民生福祉"),
        ("城镇调查失业率", "%", "民生福祉"),
    ]
    assert (rows[0]["target"]["value"], rows[0]["target"]["qualifier"]) == (180, "以上")
    assert (rows[1]["target"]["value"], rows[1]["target"]["qualifier"]) == (12, "左右")
    assert rows[2]["target"]["cumulative"] is True
    assert rows[3]["attribute"] == "binding"
    assert [r["source_line"] for r in rows] == [3, 4, 5, 6]


def test_two_level_header_with_plan_and_result_groups():
    text = "\n".join(
        [
            "专栏1 “十三五”规划主要指标完成情况",
            "\t规划目标\t\t完成情况\t\t属性",
            "指标\t2020年\t年均增长(%)\t2020年\t年均增长(%)",
            "1. 地区生产总值(亿元)\t500\t8\t480\t7.2\t预期性",
            "2. 新增城镇就业(万人)\t[5]\t—\t[5.6]\t—\t预期性",
            "3. 森林覆盖率(%)\t\t\t完成省定\t\t约束性",
            "\t\t目标",
        ]
    )
    rows = indicators_of(text)
    assert len(rows) == 3
    gdp = rows[0]
    assert gdp["target"]["year"] == 2020
    assert (gdp["target"]["value"], gdp["target"]["annual_growth_pct"]) == (500, 8)
    assert gdp["actual"] == {"year": 2020, "value": 480, "text": None}
    assert rows[1]["target"]["cumulative"] is True
    assert rows[1]["actual"]["value"] == 5.6
    forest = rows[2]
    assert forest["target"]["value"] is None
    assert forest["actual"] == {"year": 2020, "value": None, "text": "完成省定目标"}


def test_header_repeated_after_a_page_break_continues_the_table():
    text = "\n".join(
        [
            "指标\t2020年\t2025年",
            "经济发展",
            "1\t工业增加值（亿元）\t100\t150",
            "指标\t2020年\t2025年",
            "2\t进出口总额（亿美元）\t57.86\t80",
        ]
    )
    rows = indicators_of(text)
    assert [(r["name"], r["category"], r["target"]["value"]) for r in rows] == [
        ("工业增加值", "经济发展", 150),
        ("进出口总额", "经济发展", 80),
    ]


def test_whole_document_is_fast():
    lines = prepare(seed_text("004").splitlines())
    started = time.perf_counter()
    extract_indicators(lines)
    assert time.perf_counter() - started < 0.5
