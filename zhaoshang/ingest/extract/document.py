"""Document metadata: title, issuer, issue date and region, read from the head and signature.

Works on prepared lines with or without web chrome (``cleanup.strip_chrome`` keeps the
来源/发布时间 line at the top, the last resort for a web copy's issuer and date).
Every field is None when the document does not state it.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ..cleanup import DOC_KINDS, is_chrome, is_title_shaped
from ..normalize import Line

HEAD = 40  # lines searched for the title block, issuing formula and signature
TAIL = 20

_CJK = "\u4e00-\u9fff"

# --- organs (issuers) ---------------------------------------------------------------------------

_ORGAN_TAIL = (
    r"(?:人民政府办公[室厅]|人民政府|人民代表大会常务委员会|人大常委会|政府办公[室厅]|"
    r"管理委员会|管委会|党工委|工作委员会|委员会|办公[室厅]|[市县区州]委|局|厅|委)"
)
_ORGAN_FULL = re.compile(rf"(?:中共|中国共产党)?[{_CJK}（）()]{{1,30}}{_ORGAN_TAIL}")
# Organ names that stand for no one in particular ("市人民政府各部门" in an addressee line).
_GENERIC_ORGAN = re.compile(r"^(?:市|县|区|省|各|本|我|有关|相关|上级)")


def _organs(segment: str) -> list[str] | None:
    """Split "新乡经开区党工委 新乡经开区管委会" into organ names; None if it is not all organs."""
    parts = [p for p in re.split(r"[\s、,，]+", segment.strip()) if p]
    if not parts:
        return None
    out = []
    for part in parts:
        if not _ORGAN_FULL.fullmatch(part) or _GENERIC_ORGAN.match(part) or len(part) < 4:
            return None
        out.append(part)
    return out


# --- dates --------------------------------------------------------------------------------------

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGIT.update({"七": 7, "八": 8, "九": 9})
_CN_NUM = "〇○零一二三四五六七八九十"

_DATE = re.compile(
    rf"(?P<y>\d{{4}}|[{_CN_NUM}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,2}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日"
    r"|(?P<y2>\d{4})\s*[-/.]\s*(?P<m2>\d{1,2})\s*[-/.]\s*(?P<d2>\d{1,2})(?!\d)"
)
_TIME = r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"


def _cn_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGIT.get(tens, 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    return int("".join(str(_CN_DIGIT[ch]) for ch in text))


def _to_iso(match: re.Match) -> str | None:
    y, m, d = match.group("y", "m", "d") if match.group("y") else match.group("y2", "m2", "d2")
    try:
        value = date(_cn_int(y), _cn_int(m), _cn_int(d))
    except (KeyError, ValueError):
        return None
    if not 1949 <= value.year <= 2100:
        return None
    return value.isoformat()


def _date_only(text: str) -> tuple[str | None, list[str] | None, bool]:
    """(ISO date, organs before it, ends in 印发) when the line is a signature/date line."""
    t = text.strip()
    for match in _DATE.finditer(t):
        before = t[: match.start()].strip()
        after = t[match.end() :].strip()
        after_ok = re.fullmatch(rf"{_TIME}\s*(?:印发|发布|印)?\s*", after)
        if not after_ok:
            continue
        organs = _organs(before) if before else []
        if organs is None:
            continue
        iso = _to_iso(match)
        if iso:
            return iso, organs, "印" in after
    return None, None, False


_LABELLED_DATE = re.compile(
    r"(?P<label>成文日期|发文日期|印发日期|发布日期|发布时间|日期|时间)\s*[:：]"
)


def _labelled_dates(text: str) -> list[tuple[str, str]]:
    out = []
    for label in _LABELLED_DATE.finditer(text):
        match = _DATE.match(text, label.end()) or _DATE.match(text, label.end() + 1)
        if match and (iso := _to_iso(match)):
            out.append((label.group("label"), iso))
    return out


# --- places -------------------------------------------------------------------------------------

_PROVINCES = (
    "黑龙江|内蒙古|河南|河北|山东|山西|湖南|湖北|广东|广西|江苏|江西|浙江|安徽|福建|四川|贵州|"
    "云南|陕西|甘肃|青海|辽宁|吉林|海南|台湾|宁夏|新疆|西藏|北京|天津|上海|重庆|香港|澳门"
)
_PROVINCE = re.compile(
    rf"^(?P<name>{_PROVINCES})(?P<suffix>省|市|特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区)?"
)
_ZONE_WORDS = (
    r"经济技术开发区|高新技术产业开发区|经济开发区|高新区|经开区|开发区|示范区|产业集聚区|"
    r"综合保税区|保税区|新区|园区|实验区|试验区|合作区|工业园区|产业园|港区"
)
_CITY = re.compile(
    # "…地区" is left out: far more often 中部地区 than a prefecture.
    rf"^(?:[{_CJK}]{{2,4}}?(?:市|盟)|[{_CJK}]{{2,8}}?自治州|[{_CJK}]{{2,4}}?州)"
)
_COUNTY = re.compile(
    rf"^(?:[{_CJK}]{{2,8}}?(?:自治县|自治旗)|[{_CJK}]{{1,4}}?县|[{_CJK}]{{2,4}}?(?:区|旗|市))"
)
_NOT_PLACE = re.compile(
    r"^(?:全|各|本|我|该|市|县|区|省|中心|城乡|主城|老城|城区|辖区|社区|景区|片区|地区)"
)


def _place_unit(text: str, pattern: re.Pattern) -> str | None:
    match = pattern.match(text)
    if not match:
        return None
    unit = match.group(0)
    if _NOT_PLACE.match(unit) or re.search(_ZONE_WORDS, unit):
        return None
    # 智慧城市, 海绵城市: a noun, not a place; city names in 城 have a two-character stem (晋城市).
    if unit.endswith("城市") and len(unit) > 3:
        return None
    return unit


def _leading_place(name: str, lines_text: str, organ: bool) -> str | None:
    """The city or county a name starts with: 新乡市人民政府 → 新乡市; 河南鹤壁市 → 鹤壁市.

    A development zone ("新乡经开区", "郑州航空港…") names its city only by stem; the document's
    own mentions ("新乡市" or "新乡县") decide which, and nothing is returned when it never says.
    Outside an organ name a bare "…区" is a district only if the document names its government.
    """
    text = re.sub(r"^(?:中共|中国共产党)", "", name.strip())
    province = None
    if match := _PROVINCE.match(text):
        rest = text[match.end() :]
        # With its suffix it names a province, or a municipality (北京市) that is a city itself.
        if match.group("suffix"):
            province = match.group(0)
        text = rest
    city = _place_unit(text, _CITY)
    if city:
        county = _place_unit(text[len(city) :], _COUNTY)
        return county or city
    county = _place_unit(text, _COUNTY)
    if county and (organ or not county.endswith("区") or _has_government(county, lines_text)):
        return county
    if not organ and not re.search(_ZONE_WORDS, text):
        # Only an organ or a zone name is known to start with its place ("智慧城市…" does not).
        return province
    for size in (2, 3, 4):
        stem = text[:size]
        if len(stem) < size or _NOT_PLACE.match(stem) or not re.fullmatch(f"[{_CJK}]+", stem):
            continue
        counts = Counter(re.findall(rf"{re.escape(stem)}(市|县)", lines_text)).most_common()
        if counts and (len(counts) == 1 or counts[1][1] < counts[0][1]):
            return stem + counts[0][0]
    return province


def _has_government(unit: str, lines_text: str) -> bool:
    pattern = rf"{re.escape(unit)}(?:人民政府|政府|委员会|区委|党委|管委会)"
    return re.search(pattern, lines_text) is not None


# --- titles -------------------------------------------------------------------------------------

_ISSUING = re.compile(r"关于(?:印发|转发|发布|颁布)(?P<title>.+?)的(?:通知|决定|通告|公告)")
_TITLE_KIND_END = re.compile(rf"(?:{DOC_KINDS})(?:[(（][^()（）]{{1,8}}[)）])?$")
_QUOTED = re.compile(r"《(?P<title>[^《》]{4,120})》")
_REFERENCE_BEFORE = re.compile(
    r"(?:依据|根据|按照|结合|落实|贯彻|对照|参照|依照|执行|遵循|衔接)[^。，,]{0,6}$"
)
_SITE_PREFIX = re.compile(rf"^(?P<place>[{_CJK}]{{2,10}}?(?:省|市|县|区|州|盟|旗))\s*[:：]\s*")


def _tidy_title(title: str) -> str:
    title = title.strip().strip("《》")
    # Line wraps inside a title leave spaces between Chinese characters.
    return re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", title)


def _issuing_candidates(texts: list[str]):
    """(index, text) of the issuing formula: one line, or two when it wraps after the organs."""
    for index, text in enumerate(texts):
        if "。" in text:
            continue
        yield index, text
        if index + 1 < len(texts) and "。" not in texts[index + 1]:
            yield index, text + " " + texts[index + 1]


def _unquoted(text: str, position: int) -> bool:
    """Whether ``position`` is outside 《》, i.e. not inside a reference to another document."""
    before = text[:position]
    return before.count("《") <= before.count("》")


def _issuing_title(texts: list[str]) -> tuple[str, int] | None:
    for index, candidate in _issuing_candidates(texts):
        match = _ISSUING.search(candidate)
        if match and _unquoted(candidate, match.start()):
            title = match.group("title")
            quoted = _QUOTED.search(title)
            return _tidy_title(quoted.group("title") if quoted else title), index
    return None


def _heading_title(texts: list[str]) -> str | None:
    """The first title-shaped line (or two or three wrapped lines) before the body starts."""
    for index, text in enumerate(texts):
        if "。" in text:
            return None
        for span in (1, 2, 3):
            parts = texts[index : index + span]
            if len(parts) < span or any(
                "。" in p or len(p.strip()) > 80 or is_chrome(p) for p in parts
            ):
                break
            candidate = _tidy_title("".join(p.strip() for p in parts))
            candidate = _SITE_PREFIX.sub("", candidate)
            if is_title_shaped(candidate) and not _ISSUING.search(candidate):
                return candidate
    return None


def _quoted_title(texts: list[str]) -> str | None:
    for text in texts:
        for match in _QUOTED.finditer(text):
            title = match.group("title")
            if _REFERENCE_BEFORE.search(text[: match.start()]):
                continue
            if _TITLE_KIND_END.search(title):
                return _tidy_title(title)
    return None


# --- the extractor ------------------------------------------------------------------------------


def extract_document_meta(lines: list[Line]) -> dict:
    """Title, issuer, issue date (YYYY-MM-DD) and region of a plan document.

    title: the plan named by an issuing formula (关于印发《…》的通知), else the title line at the
    head, else a 《…》 plan title in the first lines. issuer: 发文机关, the organs before 关于 in
    the issuing formula, a red-header "…文件", a signature, or a 来源 that is an organ. date:
    成文日期, the signature date near the head, a 发布时间 near the head, the signature at the
    end, the 印发 date. region: the city or county the issuer or title starts with.
    """
    texts = [line.text.strip() for line in lines]
    head = texts[:HEAD]
    tail = texts[-TAIL:] if len(texts) > HEAD else []
    all_text = "\n".join(texts)

    title, title_line = _find_title(head)
    issuer = _find_issuer(head, tail)
    issued = _find_date(head, tail)

    region = None
    candidates = [(issuer, True), (title_line, False), (title, False)]
    for name, organ in candidates:
        if name and (region := _leading_place(name.split()[-1], all_text, organ)):
            break

    return {"title": title, "issuer": issuer, "date": issued, "region": region}


def _find_title(head: list[str]) -> tuple[str | None, str | None]:
    """The title, and the line it came from (for the region: "河南鹤壁市:关于……")."""
    for text in head:
        if match := re.match(r"^(?:标题|文件名称|名称)\s*[:：]\s*(.+)$", text):
            return _tidy_title(match.group(1)), match.group(1)
    if found := _issuing_title(head):
        title, index = found
        return title, head[index]
    if title := _heading_title(head):
        source = next((t for t in head if title[:6] in _tidy_title(t)), title)
        return title, source
    if title := _quoted_title(head[:5]):
        return title, title
    return None, None


def _find_issuer(head: list[str], tail: list[str]) -> str | None:
    organs = next((found for found in _issuer_candidates(head, tail) if found), None)
    # Joint issuers are listed as the document prints them, one space apart.
    return " ".join(dict.fromkeys(organs)) if organs else None


def _issuer_candidates(head: list[str], tail: list[str]):
    """Organ lists naming the issuer, strongest evidence first."""
    for text in head:
        if match := re.search(r"发文机关\s*[:：]\s*(\S+)", text):
            yield _organs(match.group(1))
    for _index, candidate in _issuing_candidates(head):
        position = candidate.find("关于")
        if (
            position > 0
            and _unquoted(candidate, position)
            and re.search(rf"(?:{DOC_KINDS})", candidate[position:])
        ):
            yield _organs(candidate[:position])
    for text in head:
        if match := re.fullmatch(r"(.+?)\s*文件", text):  # the red header "新乡市人民政府文件"
            yield _organs(match.group(1))
    for region in (head, tail):
        for index, text in enumerate(region):
            iso, organs, printed = _date_only(text)
            if iso and not printed:
                yield organs
            following = region[index + 1] if index + 1 < len(region) else ""
            next_iso, next_organs, next_printed = _date_only(following)
            if next_iso and next_organs == [] and not next_printed:
                yield _organs(text)
    for text in head + tail:
        if match := re.match(r"^(?:信息来源|文章来源|来源)\s*[:：]\s*(\S+)", text):
            yield _organs(match.group(1))


def _find_date(head: list[str], tail: list[str]) -> str | None:
    for text in head:
        for label, iso in _labelled_dates(text):
            if label in ("成文日期", "发文日期"):
                return iso
    for text in head:
        iso, _organs_found, printed = _date_only(text)
        if iso and not printed:
            return iso
    for text in head:
        for _label, iso in _labelled_dates(text):
            return iso
    printed_date = None
    for text in reversed(tail):
        iso, _organs_found, printed = _date_only(text)
        if iso and not printed:
            return iso
        if iso and printed and printed_date is None:
            printed_date = iso
    if printed_date:
        return printed_date
    for text in head:
        iso, _organs_found, printed = _date_only(text)
        if iso:
            return iso
    return None
