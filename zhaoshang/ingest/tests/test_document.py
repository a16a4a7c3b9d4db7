"""Document metadata, web-chrome stripping, page-break joins and stripped digits, on the seeds."""

import pytest
from django.conf import settings

from zhaoshang.ingest.cleanup import has_missing_numbers, join_broken_lines, strip_chrome
from zhaoshang.ingest.extract.document import extract_document_meta
from zhaoshang.ingest.normalize import Line, prepare

SEEDS = settings.SHARED_DIR / "seeds"
SEED_IDS = ["000", "001", "002", "003", "004"]


def seed(prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return prepare(path.read_text(encoding="utf-8").splitlines())


def cleaned(prefix):
    return join_broken_lines(strip_chrome(seed(prefix)))


def by_number(lines):
    return {line.no: line.text for line in lines}


# --- metadata -----------------------------------------------------------------------------------

PLAN_001 = "新乡市“十四五”深化区域合作融入对接国家省重大战略规划"
EXPECTED = {
    # The news copy: the year of "1月28日" went with the other digits, and no organ is named.
    "000": {"title": PLAN_001, "issuer": None, "date": None, "region": "新乡市"},
    # Issued by notice (新政〔2022〕33号); signed 2022-12-30, not the 2022-11-02 meeting nor
    # the office's 2023-01-03 印发 date.
    "001": {
        "title": PLAN_001,
        "issuer": "新乡市人民政府",
        "date": "2022-12-30",
        "region": "新乡市",
    },
    # A web copy: issuer and date come from its 来源/发布时间 line; "河南鹤壁市:" is the site's
    # prefix, not part of the title.
    "002": {
        "title": "关于推进“三区”协同打造高质量发展样板区的若干意见",
        "issuer": "鹤壁市人民政府",
        "date": "2021-02-07",
        "region": "鹤壁市",
    },
    # The page shows no issuer; its date line is "2022-12-07 00:00".
    "003": {
        "title": "新乡市“十四五”招商引资和承接产业转移规划",
        "issuer": None,
        "date": "2022-12-07",
        "region": "新乡市",
    },
    # Jointly issued; the zone's city is the one the document itself names (新乡市).
    "004": {
        "title": "新乡经济技术开发区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
        "issuer": "新乡经开区党工委 新乡经开区管委会",
        "date": "2021-09-10",
        "region": "新乡市",
    },
}


@pytest.mark.parametrize("prefix", SEED_IDS)
def test_seed_metadata(prefix):
    assert extract_document_meta(seed(prefix)) == EXPECTED[prefix]


@pytest.mark.parametrize("prefix", SEED_IDS)
def test_metadata_survives_cleanup(prefix):
    # The pipeline reads the metadata after strip_chrome and join_broken_lines.
    assert extract_document_meta(cleaned(prefix)) == EXPECTED[prefix]


def meta_of(text):
    return extract_document_meta(prepare(text.splitlines()))


def test_issuing_notice_of_another_city_with_chinese_numeral_date():
    meta = meta_of(
        "郑州市人民政府办公厅关于印发郑州市加快制造业高质量发展若干政策的通知\n"
        "郑政办〔2022〕12号\n"
        "各区县（市）人民政府，市人民政府各部门：\n"
        "《郑州市加快制造业高质量发展若干政策》已经市政府同意，现印发给你们。\n"
        "郑州市人民政府办公厅\n"
        "二〇二二年五月十日\n"
    )
    assert meta == {
        "title": "郑州市加快制造业高质量发展若干政策",
        "issuer": "郑州市人民政府办公厅",
        "date": "2022-05-10",
        "region": "郑州市",
    }


def test_county_title_split_over_two_lines():
    meta = meta_of("获嘉县“十四五”招商引资和\n承接产业转移规划\n一、发展基础\n获嘉县人民政府将……。")
    assert meta["title"] == "获嘉县“十四五”招商引资和承接产业转移规划"
    assert meta["region"] == "获嘉县"
    assert meta["issuer"] is None and meta["date"] is None


def test_zone_issuer_takes_the_city_the_document_names():
    meta = meta_of(
        "郑州航空港经济综合实验区管理委员会关于印发航空港区招商引资考核办法的通知\n"
        "各局办：现印发给你们，郑州市各有关单位参照执行。\n"
        "2022年1月5日\n"
    )
    assert meta["issuer"] == "郑州航空港经济综合实验区管理委员会"
    assert meta["region"] == "郑州市"  # not 航空港区, which is no administrative division


def test_a_noun_ending_in_city_is_no_region():
    assert meta_of("智慧城市建设三年行动计划\n为加快智慧城市建设，制定本计划。")["region"] is None
    assert meta_of("晋城市招商引资三年行动计划\n为加快发展，制定本计划。")["region"] == "晋城市"


def test_reference_to_another_document_is_not_the_title():
    meta = meta_of(
        "为贯彻落实《河南省人民政府关于印发河南省招商引资办法的通知》精神，现提出如下意见。"
    )
    assert meta["title"] is None and meta["issuer"] is None


def test_nothing_found():
    assert meta_of("正文第一段。\n正文第二段。") == {
        "title": None,
        "issuer": None,
        "date": None,
        "region": None,
    }


# --- web chrome ---------------------------------------------------------------------------------


def test_chrome_at_both_ends_of_002():
    lines = seed("002")
    kept = by_number(strip_chrome(lines))
    assert kept[1].startswith("河南鹤壁市:关于推进")  # the title stays
    assert kept[3].startswith("来源:鹤壁市人民政府 发布时间:2021-02-07")  # publication line
    assert 4 not in kept and 6 not in kept  # "分享:" and its share counter
    assert kept[8].startswith("为贯彻落实")
    assert kept[138].endswith("塑造鹤壁市高质量发展特色品牌。")  # last body line
    assert max(kept) == 138
    tail = [line for line in lines if line.no > 138]
    assert tail and all(line.no not in kept for line in tail)
    assert any("转载请注明" in line.text for line in tail)
    body = [line for line in lines if 8 <= line.no <= 138]
    assert all(line.no in kept for line in body)


def test_chrome_at_the_end_of_003():
    lines = seed("003")
    kept = by_number(strip_chrome(lines))
    assert kept[494].endswith("提供高效、便利的服务。")
    assert max(kept) == 494
    assert kept[1].startswith("新乡市“十四五”招商引资")
    assert kept[3] == "2022-12-07 00:00"
    gone = [line.text.strip() for line in lines if line.no not in kept]
    assert gone[:3] == ["展开", "投资咨询热线", "400-168-6016"]
    assert "免费下载产业扶持资料" in gone
    assert len(kept) == len(lines) - len(gone) == len([ln for ln in lines if ln.no <= 494])


def test_newsroom_credits_at_the_end_of_000():
    kept = by_number(strip_chrome(seed("000")))
    assert max(kept) == 134
    assert all(n not in kept for n in (135, 136, 137))  # 责编/审核/总监


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_official_copies_lose_nothing(prefix):
    # 001 ends with its colophon (主办/督办/印发), which is part of the document, not a website.
    assert strip_chrome(seed(prefix)) == seed(prefix)


def test_signature_above_a_site_footer_stays():
    lines = prepare(
        [
            "首页 > 政务公开 > 政策文件",
            "洛阳市人民政府关于加快推进产业转型升级的实施意见",
            "发布日期：2022-05-12  来源：洛阳市人民政府办公室  浏览次数：123",
            "【字体：大 中 小】 【打印】 【关闭】",
            "为加快推进产业转型升级，现提出如下意见。",
            "洛阳市人民政府",
            "2022年5月8日",
            "责任编辑：张三",
            "打印本页 关闭窗口",
            "网站地图 | 联系我们 | 隐私声明 | 网站声明",
            "主办单位：洛阳市人民政府办公室 豫ICP备12345678号",
        ]
    )
    assert [line.no for line in strip_chrome(lines)] == [2, 3, 5, 6, 7]


# --- page-break joins ---------------------------------------------------------------------------


def test_join_synthetic_page_break():
    lines = [
        Line(1, "第一节 发展基础"),
        Line(3, "“十三五”期间，我市充分发挥比较优势，主动对接并积极融"),
        Line(5, "入重大国家省战略，全市累计实际使用外资57.86亿美元，"),
        Line(7, "位居全省第三位。"),
        Line(9, "（二）主要指标"),
        Line(10, "序号\t指标\t2020年\t2025年"),
        Line(11, "1\t地区生产总值（亿元）\t133\t261"),
        Line(13, "产业整体迈向中高端，建成全国一流的区域性综合交通物流枢纽"),
        Line(15, "——推动交通区位优势向枢纽经济优势转变。"),
        Line(17, "加快建设国家物流枢纽和区域性冷链物流中心，与哈密等国家物流枢"),
        Line(19, "第二节 机遇挑战"),
        Line(21, "新乡市人民政府"),
        Line(22, "2022年12月30日"),
    ]
    joined = join_broken_lines(lines)
    assert joined[1] == Line(
        3,
        "“十三五”期间，我市充分发挥比较优势，主动对接并积极融入重大国家省战略，"
        "全市累计实际使用外资57.86亿美元，位居全省第三位。",
    )
    # Headings, table rows, list items, the next heading and a signature stay apart.
    assert [line.no for line in joined] == [1, 3, 9, 10, 11, 13, 15, 17, 19, 21, 22]


def test_indented_next_line_starts_a_paragraph():
    lines = [Line(1, "全市招商引资工作取得明显成效，引进项目数量稳步增加"), Line(2, "    二是质量")]
    assert join_broken_lines(lines) == lines
    lines = [Line(1, "全市招商引资工作取得明显成效，引进项目数量稳步增加"), Line(2, "    质量提升")]
    assert join_broken_lines(lines) == lines


def test_join_real_page_breaks():
    joined = by_number(cleaned("001"))
    assert "主动对接并积极融入重大国家省战略" in joined[27]
    assert 29 not in joined
    assert joined[105].endswith("文化共兴、服务共享。")
    joined = by_number(cleaned("004"))
    assert "全面推行行业黑名单管理制度。加强政府债务风险监控" in joined[824]
    assert 826 not in joined
    assert joined[25].endswith("在国家级经开区综合考评中连续 4年实现晋位升级。")


@pytest.mark.parametrize("prefix", SEED_IDS)
def test_joins_leave_headings_and_tables_alone(prefix):
    before = seed(prefix)
    after = by_number(cleaned(prefix))
    for line in before:
        text = line.text.strip()
        if "\t" in line.text or (text.startswith(("第", "专栏")) and len(text) < 40):
            assert line.no in after, line
            assert after[line.no].strip() == text, line


# --- stripped digits ----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", SEED_IDS)
def test_missing_numbers(prefix):
    assert has_missing_numbers(seed(prefix)) is (prefix == "000")
    assert has_missing_numbers(cleaned(prefix)) is (prefix == "000")


def test_missing_numbers_needs_enough_text():
    assert has_missing_numbers([Line(1, "到年,一批世界强企业落户。")]) is False
