"""Numeric targets stated in a plan's prose.

A target is a number with its unit in a sentence that looks forward — "到2025年，…营业收入
达到500亿元", "力争每年…引进10个重点合作项目", "“十四五”期间，完成100万人次职业技能培训" —
or in a section titled as goals. The measured noun phrase is read before the number
("营业收入达到500亿元") or, for counted things, after it ("引进10个重点合作项目").
Indicator tables, project boxes and reviews of past achievements are left to other
extractors or skipped.
"""

import re
from itertools import pairwise

from zhaoshang.ingest.cleanup import has_missing_numbers
from zhaoshang.ingest.normalize import Line

from ._common import (
    as_number,
    build_blocks,
    cjk_year,
    is_project_box,
    sentences,
    split_top,
    squeeze,
)

# --- numbers and units --------------------------------------------------------------------------


def _words(alternatives: str) -> list[str]:
    return alternatives.split("|")


_COUNTERS = _words(
    "人次|人|名|个|家|项|座|所|条|套|台|辆|件|户|批|对|支|栋|幢|块|间|张|处|场|次|床|只|款|部|种"
)
_MEASURES = _words(
    "公里|千米|米|吨|亩|平方米|平方公里|立方米|千瓦|兆瓦|天|小时|倍|个工作日|工作日|个月"
)
_MONEY = _words("亿美元|万美元|美元|亿元|万元|元")
_PERCENT = ["%", "％", "‰", "个百分点"]
_UNITS = sorted(
    [f"{m}{u}" for m in ("万", "亿", "千", "百") for u in _COUNTERS + _MEASURES]
    + _COUNTERS
    + _MEASURES
    + [f"{money}/亩" for money in _MONEY]
    + _MONEY
    + _PERCENT
    + ["亿", "万"],
    key=len,
    reverse=True,
)
_VALUE = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)(?:\s*[-—–~～]\s*(\d+(?:\.\d+)?))?\s*("
    + "|".join(re.escape(unit) for unit in _UNITS)
    + r")(以上|以下|以内|左右|多|余)?"
)
_COUNTER_UNIT = re.compile(rf"^(?:[万亿千百])?(?:{'|'.join(_COUNTERS)})$")

# --- forward-looking markers --------------------------------------------------------------------

_MARKERS = re.compile(
    r"(?P<range>20\d\d)\s*[-—–~至到]\s*(?P<range_end>20\d\d)\s*年|"
    r"(?:到|至|力争到|预计到)\s*(?P<year>20\d\d|[〇零一二三四五六七八九]{4})\s*年(?:末|底)?|"
    r"(?P<missing>(?:到|至)年)|"
    r"(?P<every>每年)|"
    r"[“\"]?(?P<plan>[十][一二三四五六七八九]五)[”\"]?\s*(?P<plan_part>期间|时期|末期|末|内)|"
    r"(?:通过|经过|用|力争)\s*(?P<span>\d+\s*年(?:左右|内|以内))|"
    r"(?P<force>力争|争取|确保|预计|目标是|目标为|目标实现|实现\S{0,10}?目标)"
)
# Sentences about the past, even inside a forward section.
_PAST = re.compile(r"十三五|截至|截止|已经|已达|同比|比上年|去年|目前")

# --- subjects -----------------------------------------------------------------------------------

_LEADING = re.compile(
    r"^(?:(?:到|至|力争到|预计到)\s*(?:20\d\d|[〇零一二三四五六七八九]{4})\s*年(?:末|底)?|到年|每年|力争|争取|"
    r"确保|预计|[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间|时期|末期|末|内)?|其中|同时|并|另外|此外|"
    r"全市|全区|全县|全省|"
    r"我市|我区|培育建设|引进培育|培育|引进|建成|建设|创建|设立|打造|实施|引入|吸引|完成|组织|开展|"
    r"申建|筹建|实现)+"
)
_TRAILING = re.compile(
    r"(?:达到|超过|突破|提高到|提高至|提升到|提升至|增加到|增长到|保持在|控制在|稳定在|压减至|压减到|"
    r"降低到|降至|下降到|达|超|为|不低于|不少于|不超过|力争|争取|分别|均|要|将|总量为|约|累计达)+$"
)
# Subjects that only say how the previous one changes ("年均增长18%", "累计完成150亿元").
_CHANGE_ONLY = re.compile(
    r"^(?:年均)?(?:增长|增速|提高|下降|降低|增加)率?$|^(?:累计)?(?:完成|实现)?$"
)
_POST_CUT = re.compile(r"并|来|落户|入驻|实现|取得|参与|进入|全部|搬迁|以上|左右|[)）]")
_VERB_FIRST = re.compile(r"^(?:取得|达到|实现|来|到|落户|入驻|参与|以上|左右|的|进入)")
_NOT_SUBJECT = re.compile(r"^(?:较|比|同比|相比|居|位居|排名|排|第[\d一二三四五六七八九十]+[位名])")
# "压减至40个工作日以内", "引进…2000名以上…人才": a planned bound, even without a date.
_BOUND = re.compile(
    r"(?:达到|超过|压减至|压减到|控制在|降至|降低到|下降到|提高到|提升到|不低于|不少于|不超过|引进|引入|"
    r"培育|新增|新建|建成)\S*$"
)


def _marker_value(match: re.Match):
    if match.group("range"):
        return f"{match.group('range')}-{match.group('range_end')}"
    if match.group("missing"):
        return "missing"
    if match.group("every"):
        return "每年"
    if match.group("plan"):
        # "十四五期间", "十四五末" ("末期" is the same end of the plan period).
        return match.group("plan") + match.group("plan_part").replace("末期", "末")
    if match.group("span"):
        return squeeze(match.group("span"))  # "通过3年左右的努力"
    if match.group("force"):
        return None
    return cjk_year(match.group("year"))


def _subject_before(text: str) -> str:
    subject = squeeze(text)
    previous = None
    while previous != subject:
        previous = subject
        subject = _LEADING.sub("", subject)
        subject = _TRAILING.sub("", subject).strip("，,、：: ")
    return subject


def _subject_after(text: str) -> str:
    subject = squeeze(text).lstrip("的").rstrip("。！？!?；;")
    cut = _POST_CUT.search(subject, 1)
    subject = subject[: cut.start()] if cut else subject
    # "2-3个海关“两仓”、保税物流中心等对外开放平台": the 、 starts the rest of a list.
    listed = re.search(r"、[^、]*等", subject)
    if listed:
        subject = subject[: listed.start()]
    subject = subject.strip("，,、：: ")
    # "达到50亿元规模": the word after the unit names no subject.
    return "" if re.fullmatch(r"规模|水平|目标|标准|左右", subject) else subject


_TOPIC_CUT = re.compile(
    r"高于|低于|实现|保持|持续|大幅|明显|显著|稳步|不断|进一步|基本|全面|快速|翻一番|翻番|达到|超过"
)


def _topic(text: str) -> str | None:
    """What a clause is about ("研发经费投入强度高于全国平均水平" → "研发经费投入强度")."""
    cut = _TOPIC_CUT.search(text, 2)
    topic = _subject_before(text[: cut.start()] if cut else text)
    return topic if _valid(topic) and not _VALUE.search(topic) else None


def _valid(subject: str) -> bool:
    return len(re.findall(r"[\u4e00-\u9fff]", subject)) >= 2 and not _NOT_SUBJECT.match(subject)


def _values(text: str, start: int, stop: int):
    """Candidate numbers in ``text[start:stop]``: years, ranks and modifiers left out."""
    for match in _VALUE.finditer(text, start, stop):
        after = text[match.end() : match.end() + 1]
        before = text[max(0, match.start() - 2) : match.start()]
        if after in ("的", "级", "强") or re.search(r"第|前|排名", before):
            continue
        # A range ("2—3个", "40-60亿元") is no single number to report.
        if match.group(2):
            continue
        # "总投资10亿元以上的项目100个": a money amount qualifying the noun that follows.
        if match.group(4) == "以上" and match.group(3) in _MONEY and after not in "，,。；;、":
            continue
        yield match


def _sentence_targets(block, sentence: tuple, out: list):
    text = block.text
    begin, end = sentence
    body = text[begin:end]
    if _PAST.search(body):
        return
    markers = [(m.start() + begin, _marker_value(m)) for m in _MARKERS.finditer(body)]
    if any(value == "missing" for _pos, value in markers):
        return  # "到年": the publisher stripped this sentence's numbers
    # A goals section ("发展目标") states targets without repeating "到2025年"; elsewhere an
    # undated sentence only counts for its planned bounds.
    bounds_only = not markers and not block.goals_heading
    previous_subject = None
    # "创建2个国家级、5个省级现代农业产业园": a 、 before a number also ends a clause.
    pieces = []
    for a, b in split_top(text, "，,；;：:", begin, end):
        cuts = [a, *(a + m.end() for m in re.finditer(r"、(?=\d)", text[a:b])), b]
        pieces += list(pairwise(cuts))
    for index, (a, b) in enumerate(pieces):
        found = list(_values(text, a, b))
        clause = text[a:b].rstrip("、。！？!?")
        if not found:
            # "研发经费投入强度高于全国平均水平，占GDP比重达到4.2%": the next clause's topic.
            previous_subject = _topic(clause) or previous_subject
            continue
        if "分别" in clause and len(found) >= 2:
            previous_subject = _respectively(block, clause, found, markers, out)
            continue
        for match in found:
            if bounds_only and not (
                match.group(4) in ("以上", "以内", "以下")
                and _BOUND.search(text[a : match.start()])
            ):
                continue
            subject = _subject_for(text, a, b, match, pieces, index, previous_subject)
            if subject is None:
                continue
            previous_subject = subject
            out.append(_target(block, subject, match, markers))


def _subject_for(text, a, b, match, pieces, index, previous_subject):
    pre = _subject_before(text[a : match.start()])
    post = _subject_after(text[match.end() : b])
    counted = _COUNTER_UNIT.match(match.group(3))
    # "(20万吨长丝、30万吨氨纶)": inside brackets the noun follows whatever the unit.
    bracketed = text[a : match.start()].rstrip().endswith(("(", "（"))
    if (bracketed or not pre) and post and not _VERB_FIRST.match(post) and not counted:
        subject = post
    elif counted and post and (not _VERB_FIRST.match(post) or not pre):
        subject = post
        # "创建2个国家级、5个省级现代农业产业园": 国家级 borrows the noun of the next piece.
        if re.search(r"[级类型]$", subject) and index + 1 < len(pieces):
            following = _VALUE.search(text, *pieces[index + 1])
            if following:
                noun = _subject_after(text[following.end() : pieces[index + 1][1]])
                subject += re.sub(r"^.*?[级类型]", "", noun)
    elif pre:
        subject = pre
    elif previous_subject:
        subject = previous_subject  # "外贸进出口总额实现翻一番，达到50亿元规模"
    else:
        subject = post
    if _CHANGE_ONLY.match(subject) or subject.startswith("占"):
        if not previous_subject:
            return None
        base = re.sub(r"(?:年均)?(?:增长|增速|提高|下降|降低|增加)率?$", "", previous_subject)
        subject = base + subject.rstrip("的")
    return subject if _valid(subject) else None


def _respectively(block, clause, found, markers, out):
    """Pair subjects and values: "实际使用外资和省外资金分别达到15亿美元和850亿元"."""
    head = _subject_before(clause[: clause.index("分别")])
    parts = [part for part in re.split(r"和|、|及", head) if part]
    # "营业收入超千亿、超500亿的开发区": the noun after 的 belongs to every part.
    shared = re.search(r"的([^的]+)$", parts[-1]) if parts else None
    if shared:
        parts = [p if p.endswith(shared.group(1)) else f"{p}的{shared.group(1)}" for p in parts]
    subjects = parts if len(parts) == len(found) else [head] * len(found)
    for subject, match in zip(subjects, found, strict=True):
        if _valid(subject):
            out.append(_target(block, subject, match, markers))
    return subjects[-1] if subjects else None


def _target(block, subject: str, match: re.Match, markers) -> dict:
    year = None
    for position, value in markers:
        if position < match.start() and value is not None:
            year = value
    return {
        "subject": subject,
        "value": as_number(match.group(1)),
        "unit": match.group(3),
        "year": year,
        "source_line": block.line_at(match.start()),
    }


def extract_targets(lines: list[Line]) -> list[dict]:
    """Numeric targets in the prose, in document order.

    Each is ``{subject, value, unit, year, source_line}``: ``value`` the number as written
    (ranges such as "2—3个" are left out), ``unit`` as written ("亿元", "家", "%"), ``year``
    the year the sentence gives (2025), else the period it names as written ("每年",
    "十四五期间", "十四五末", "3年左右", "2021-2025") or None. A copy whose digits were
    stripped by its publisher yields no targets at all: the numbers that survive there
    cannot be trusted.
    """
    if has_missing_numbers(lines):
        return []
    targets: list[dict] = []
    for block in build_blocks(lines):
        if block.kind != "para" or block.retro:
            continue
        if is_project_box(block.box):
            continue  # project details belong to the projects extractor
        for sentence in sentences(block.text):
            _sentence_targets(block, sentence, targets)
    return targets
