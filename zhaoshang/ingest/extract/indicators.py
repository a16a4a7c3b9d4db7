"""Indicator tables (主要指标表) of Chinese plan documents.

A plan's indicator table has a header naming its value columns (基期/2020年, 目标/2025年,
年均增长, 累计, 完成情况, 属性), numbered rows whose name carries the unit in parentheses,
category rows with no numbers, and cells such as "[1000]" (five-year total), "15以上",
">7.0", "—" or "市定目标". Tables reach us flattened by PDF conversion: tab-separated cells
(empty cells kept, trailing ones stripped) or space-separated tokens, names broken across
cells, header rows repeated, cells wrapped onto the next line.

The extractor finds a header first and only then reads rows, so prose never becomes an
indicator. Columns are matched from the header's roles, not from fixed positions, and
values are read cell by cell, so a document whose digits were stripped yields rows with
null values instead of numbers shifted into the wrong column.
"""

import re
from dataclasses import dataclass, field
from itertools import pairwise

from zhaoshang.ingest.normalize import Line

# --- Text helpers ----------------------------------------------------------------------

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# A space matters only between two ASCII words ("GDP per"); PDF conversion scatters spaces
# between Chinese characters and around numbers, which readers do not see.
_INNER_SPACE = re.compile(r"(?<![A-Za-z0-9.])\s+|\s+(?![A-Za-z0-9])")
_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")


def _clean(text: str) -> str:
    return _INNER_SPACE.sub("", text.strip())


# --- Cells -----------------------------------------------------------------------------

_PREFIX_QUALIFIERS = (
    ">=",
    "<=",
    "≥",
    "≤",
    ">",
    "<",
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "大于",
    "小于",
    "超过",
    "低于",
    "高于",
    "约",
)
_SUFFIX_QUALIFIERS = ("及以上", "以上", "以下", "以内", "左右", "上下")
_PREFIX = "|".join(re.escape(q) for q in _PREFIX_QUALIFIERS)
_SUFFIX = "|".join(re.escape(q) for q in _SUFFIX_QUALIFIERS)
_NUMBER_CELL = re.compile(
    rf"^(?P<pre>{_PREFIX})?(?P<num>[+-]?\d+(?:\.\d+)?)(?P<pct>[%‰])?(?P<post>{_SUFFIX})?"
)
_QUALIFIER_ONLY = re.compile(rf"^(?P<pre>{_PREFIX})?[%‰]?(?P<post>{_SUFFIX})?$")
_BRACKETED = re.compile(r"^[\[［【〔](?P<inner>.*?)[\]］】〕]?$")
# Whatever has no letter, digit or Chinese character is a "no value" mark: _, —, -, /, …
_HAS_CONTENT = re.compile(rf"[0-9A-Za-z{_CJK}]")
_MISSING_WORDS = {"无", "暂无", "空"}
# 预期性 / 约束性, including the OCR slips 约東性 → 约东性 seen in converted tables.
_ATTRIBUTE = re.compile(r"^(?P<kind>预期|约[束東东])性?$|^(?P<loose>[预约]).{1,2}性$")


@dataclass
class _Cell:
    kind: str  # "missing", "number", "qualifier", "text", "attribute"
    value: float | int | None = None
    qualifier: str | None = None
    cumulative: bool = False
    text: str | None = None
    attribute: str | None = None


def _number(raw: str) -> float | int:
    return float(raw) if "." in raw else int(raw)


def _attribute(text: str) -> str | None:
    match = _ATTRIBUTE.match(_clean(text))
    if not match:
        return None
    head = (match.group("kind") or match.group("loose"))[0]
    return "expected" if head == "预" else "binding"


def _parse_cell(raw: str) -> _Cell:
    text = _clean(raw.replace("−", "-").replace("～", "~"))
    if not text or text in _MISSING_WORDS:
        return _Cell("missing")
    attribute = _attribute(text)
    if attribute:
        return _Cell("attribute", attribute=attribute, text=text)
    inner, cumulative = text, False
    bracket = _BRACKETED.match(text)
    if bracket and text[0] in "[［【〔":
        inner, cumulative = bracket.group("inner"), True
    if not _HAS_CONTENT.search(inner):
        only = _QUALIFIER_ONLY.match(inner)
        if only and (only.group("pre") or only.group("post")):
            # A comparison sign with its number gone (digits stripped by the publisher).
            return _Cell("qualifier", qualifier=only.group("pre") or only.group("post"), text=text)
        return _Cell("missing")
    match = _NUMBER_CELL.match(inner)
    if match:
        return _Cell(
            "number",
            value=_number(match.group("num")),
            qualifier=match.group("pre") or match.group("post"),
            cumulative=cumulative,
            text=text,
        )
    only = _QUALIFIER_ONLY.match(inner)
    if only and (only.group("pre") or only.group("post")):
        return _Cell("qualifier", qualifier=only.group("pre") or only.group("post"), text=text)
    return _Cell("text", text=text, cumulative=cumulative)


def _written(cell: _Cell) -> str | None:
    """A cell's wording for the schema's ``text``: only targets written in words (市定目标)."""
    return cell.text if cell.kind == "text" else None


def _is_value_token(token: str) -> bool:
    """Whether a space-separated token can be a value cell rather than part of a name."""
    cell = _parse_cell(token)
    if cell.kind != "number":
        return cell.kind != "text"
    # "500强" or "3岁" is a name fragment; a value is a number with its qualifier only.
    inner = _clean(token).strip("[]［］【】〔〕")
    return _NUMBER_CELL.match(inner).end() == len(inner)


# --- Header ----------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_PERIOD = re.compile(r"十[一二三四五六七八九]五")
_HEADER_WORDS = re.compile(
    "指标|序号|名称|项目|主要|单位|计量|基数|基期|基准|基年|现状|目标|规划|预期|预计|完成|实际"
    "|实现|情况|年均|增长|增速|增幅|累计|属性|性质|期间|备注|说明|类别|分类|领域|内容|数值"
    "|年末|年度|年|值|或|数|末|及"
)
_NAME_COLUMNS = {
    "序号",
    "指标",
    "指标名称",
    "名称",
    "主要指标",
    "指标内容",
    "项目",
    "类别",
    "分类",
    "领域",
    "指标类别",
}
_GROUP_WORDS = re.compile("目标|完成|实际|实现|规划|情况|基期|现状")
_GROWTH_WORDS = re.compile("年均|增长|增速|增幅")
_ACTUAL_WORDS = re.compile("完成|实际|实现")
_BASE_WORDS = re.compile("基数|基期|基准|基年|现状")
_TARGET_WORDS = re.compile("目标|规划|预期|预计")


def _header_remainder(cell: str) -> str:
    text = _clean(cell).translate(_QUOTES)
    text = _YEAR.sub("", text)
    text = _PERIOD.sub("", text)
    text = _HEADER_WORDS.sub("", text)
    return re.sub(r"[()（）\[\]、/%‰:：,，.·\-—_]", "", text)


def _is_header_cell(cell: str) -> bool:
    rest = _header_remainder(cell)
    return len(rest) <= 1 and not re.search(r"\d", rest)


_WIDE_GAP = re.compile(r"\S {2,}\S")


def _split(text: str, mode: str) -> list[str]:
    if mode == "tab":
        return [cell.strip() for cell in text.split("\t")]
    # Layout-preserving converters separate cells by runs of spaces and keep single spaces
    # inside cells ("完成市定 目标"); plain ones leave one space between everything.
    if _WIDE_GAP.search(text.strip()):
        return _merge_single_chars(re.split(r" {2,}", text.strip()))
    return _merge_single_chars(text.split())


def _merge_single_chars(tokens: list[str]) -> list[str]:
    # Headers are often letter-spaced ("指 标", "属 性"); rejoin lone Chinese characters.
    out: list[str] = []
    for token in tokens:
        if (
            out
            and len(token) == 1
            and re.match(rf"[{_CJK}]", token)
            and len(out[-1]) == 1
            and re.match(rf"[{_CJK}]", out[-1])
        ):
            out[-1] += token
        else:
            out.append(token)
    return out


def _mode(text: str) -> str:
    return "tab" if "\t" in text else "space"


def _is_header_line(text: str) -> bool:
    if len(text) > 160 or re.search("[。；，]", text):
        return False
    cells = [c for c in _split(text, _mode(text)) if c]
    return len(cells) >= 2 and all(_is_header_cell(c) for c in cells)


@dataclass
class _Column:
    role: str
    year: int | None


@dataclass
class _Header:
    mode: str
    columns: list[_Column]
    end: int  # index into lines just after the header block

    @property
    def roles(self) -> list[str]:
        return [c.role for c in self.columns]

    def column(self, role: str) -> _Column | None:
        return next((c for c in self.columns if c.role == role), None)


def _classify_column(text: str) -> str | None:
    text = _clean(text).translate(_QUOTES)
    if not text:
        return None
    if "属性" in text or "性质" in text:
        return "attribute"
    if "单位" in text or "计量" in text:
        return "unit"
    if "备注" in text or "说明" in text:
        return "note"
    if text in _NAME_COLUMNS:
        return "name"
    actual = bool(_ACTUAL_WORDS.search(text))
    growth = bool(_GROWTH_WORDS.search(text))
    if growth and "累计" in text and not actual:
        return "growth_or_cumulative"
    if growth:
        return "actual_growth" if actual else "target_growth"
    if "累计" in text:
        return "actual" if actual else "cumulative"
    if actual:
        return "actual"
    if _BASE_WORDS.search(text):
        return "baseline"
    if _TARGET_WORDS.search(text):
        return "target"
    if _YEAR.search(text) or "年" in text:
        return "year"
    return None


def _merge_header_cells(rows: list[list[str]]) -> list[str]:
    """Stack header lines column by column; a group label spans the empty cells after it."""
    width = max(len(r) for r in rows)
    padded = [r + [""] * (width - len(r)) for r in rows]
    filled = []
    for row in padded:
        out = list(row)
        for i in range(1, width):
            left = out[i - 1]
            others = any(other[i] for other in padded if other is not row)
            is_group = (
                _GROUP_WORDS.search(left)
                and not _YEAR.search(left)
                and not _GROWTH_WORDS.search(left)
                and "属性" not in left
            )
            if not out[i] and others and is_group:
                out[i] = left
        filled.append(out)
    return [" ".join(r[i] for r in filled if r[i]) for i in range(width)]


def _merge_space_header(rows: list[list[str]]) -> list[str]:
    """Stack space-separated header lines, which keep no empty cells to align by.

    The line with the most cells names the leaf columns; a line with as many cells adds to
    them one by one, a line of group labels ("规划目标 完成情况") is spread evenly over them,
    and an 属性 column found only on a group line is added at the end.
    """
    values = [[c for c in row if _clean(c) not in _NAME_COLUMNS] for row in rows]
    leaf = max(values, key=len)
    merged = list(leaf)
    extra = []
    for other in values:
        if other is leaf:
            continue
        if len(other) == len(leaf):
            merged = [f"{m} {o}" for m, o in zip(merged, other, strict=True)]
            continue
        extra += [c for c in other if _classify_column(c) == "attribute"]
        groups = [c for c in other if _classify_column(c) != "attribute"]
        if groups and len(leaf) % len(groups) == 0:
            span = len(leaf) // len(groups)
            merged = [f"{groups[i // span]} {m}" for i, m in enumerate(merged)]
    if not any(_classify_column(m) == "attribute" for m in merged):
        merged += extra[:1]
    return merged


def _resolve_years(columns: list[_Column]) -> list[_Column]:
    """Bare year columns: the earliest is the baseline, the latest the target."""
    years = [c for c in columns if c.role == "year"]
    has_base = any(c.role == "baseline" for c in columns)
    has_target = any(c.role == "target" for c in columns)
    if years:
        if not has_base and not has_target:
            if len(years) >= 2:
                years[0].role = "baseline"
            years[-1].role = "target"
        elif not has_target:
            years[-1].role = "target"
        elif not has_base:
            years[0].role = "baseline"
    # Only one column per role is read; a second 目标 column (e.g. 2035年) is kept aside.
    seen = set()
    for column in columns:
        if column.role in seen or column.role == "year":
            column.role = "other"
        seen.add(column.role)
    return columns


def _read_header(lines: list[Line], start: int) -> _Header | None:
    if not _is_header_line(lines[start].text):
        return None
    end = start
    while end < len(lines) and _is_header_line(lines[end].text):
        end += 1
    block = [lines[i].text for i in range(start, end)]
    joined = _clean("".join(block))
    if "指标" not in joined and "属性" not in joined:
        # A header of bare names and years needs a title naming it an indicator table.
        titles = [lines[j].text for j in range(max(0, start - 2), start)]
        if not any("指标" in t and len(_clean(t)) <= 40 for t in titles):
            return None
    mode = "tab" if any("\t" in t for t in block) else "space"
    if mode == "tab":
        merged = _merge_header_cells([_split(t, mode) for t in block])
    else:
        merged = _merge_space_header([_split(t, mode) for t in block])
    columns = []
    for text in merged:
        role = _classify_column(text)
        if role is None or role == "name":
            continue
        year = _YEAR.search(text)
        columns.append(_Column(role, int(year.group(1)) if year else None))
    columns = _resolve_years(columns)
    value_roles = {"baseline", "target", "target_growth", "growth_or_cumulative", "cumulative"}
    if not value_roles & {c.role for c in columns}:
        return None
    return _Header(mode, columns, end)


# --- Rows ------------------------------------------------------------------------------

_ROW_NUMBER_CELL = re.compile(r"^(\d{1,3})[.、．)）]?$")
_ROW_NUMBER_PREFIX = re.compile(r"^(\d{1,3})[.、．]\s*(?=[^\d\s])")
_UNIT_AT_END = re.compile(r"[(（]+(?P<unit>[^()（）]{1,20})[)）]+$")
_UNIT_ANYWHERE = re.compile(r"[(（]+(?P<unit>[^()（）]{1,20})[)）]+")
_UNIT_CHARS = re.compile(
    r"^[%‰元万亿千百个家项件人岁年月天日米公里平方亩吨瓦时度顷标准煤立方户座所张床辆台套次倍"
    r"间处条部辆只份GDPA-Za-z0-9/·²³.]+$"
)
_COUNT_SUFFIX = re.compile(r"[(（]\s*\d*\s*[个项类]\s*[)）]$")
_CATEGORY_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）])"
)
_NOTE = re.compile(r"^(?:注|备注|说明|资料来源|数据来源)\s*[:：\d]")
_HEADING = re.compile(r"^(?:第[一二三四五六七八九十百零\d]+[章节篇部]|专栏|附[件表录])")


def _has_unit(text: str) -> bool:
    return bool(_UNIT_AT_END.search(_clean(text)))


@dataclass
class _Row:
    line: int
    number: int | None
    name_parts: list[str]
    cells: dict[str, str] = field(default_factory=dict)
    category: str | None = None
    parent: "_Row | None" = None

    def has_values(self) -> bool:
        return any(_parse_cell(v).kind != "missing" for v in self.cells.values())


@dataclass
class _Split:
    number: int | None
    name_parts: list[str]
    cells: dict[str, str]
    first_index: int
    lead_category: str | None = None


def _split_tab_row(text: str, header: _Header) -> _Split | None:
    cells = _split(text, "tab")
    filled = [i for i, c in enumerate(cells) if c]
    if not filled:
        return None
    first = filled[0]
    start = first
    lead_category = None
    # A 类别 column holds the category on the first row of its group only.
    if (
        start + 1 < len(cells)
        and _ROW_NUMBER_CELL.match(cells[start + 1])
        and not _ROW_NUMBER_CELL.match(cells[start])
        and _parse_cell(cells[start]).kind == "text"
    ):
        lead_category = cells[start]
        start += 1
    number = None
    head = _ROW_NUMBER_CELL.match(cells[start])
    if head and start + 1 < len(cells) and cells[start + 1]:
        number = int(head.group(1))
        start += 1
    else:
        prefix = _ROW_NUMBER_PREFIX.match(cells[start])
        if prefix:
            number = int(prefix.group(1))
            cells[start] = cells[start][prefix.end() :]
    roles = header.roles
    rest = cells[start + 1 :]
    ends_with_attribute = "attribute" in roles and _attribute(cells[filled[-1]]) is not None
    if ends_with_attribute or len(rest) > len(roles):
        # Counted from the right: names broken over two cells push values rightwards.
        used = min(len(roles), len(rest))
        values = cells[len(cells) - used :] if used else []
        names = cells[start : len(cells) - used]
        mapping = dict(zip(roles[len(roles) - used :], values, strict=True))
    else:
        # Counted from the left: trailing empty cells were stripped with the line's end.
        names = [cells[start]]
        mapping = dict(zip(roles, rest, strict=False))
    return _Split(number, names, mapping, first, lead_category)


def _split_space_row(text: str, header: _Header) -> _Split | None:
    tokens = _split(text, "space")
    if not tokens:
        return None
    wide = bool(_WIDE_GAP.search(text.strip()))
    number = None
    head = _ROW_NUMBER_CELL.match(tokens[0])
    if head and len(tokens) > 1:
        number = int(head.group(1))
        tokens = tokens[1:]
    else:
        prefix = _ROW_NUMBER_PREFIX.match(tokens[0])
        if prefix:
            number = int(prefix.group(1))
            tokens[0] = tokens[0][prefix.end() :]
    value_roles = [r for r in header.roles if r != "unit"]
    values: list[str] = []
    # Peel values off the right: names may themselves contain spaced numbers ("世界 500 强").
    while len(tokens) > 1 and len(values) < len(value_roles):
        token = tokens[-1]
        cell = _parse_cell(token)
        if (
            cell.kind == "qualifier"
            and len(tokens) > 2
            and _parse_cell(tokens[-2]).kind == "number"
        ):
            tokens = [*tokens[:-2], tokens[-2] + token]
            continue
        # Between wide gaps a whole cell may be a value in words ("完成市定 目标") or with a
        # remark ("77.4(含 红旗区)"); other cells with parentheses end the name ("资(亿元)").
        in_words = wide and (
            not re.search("[()（）]", token) or re.match(r"[\[［【〔]?[<>≤≥]?\d", token)
        )
        if not _is_value_token(token) and not in_words:
            break
        values.insert(0, token)
        tokens = tokens[:-1]
    mapping: dict[str, str] = {}
    if values and "attribute" in value_roles and _attribute(values[-1]):
        mapping["attribute"] = values.pop()
    others = [r for r in value_roles if r != "attribute"]
    mapping.update(zip(others, values, strict=False))
    if "unit" in header.roles and len(tokens) > 1 and _UNIT_CHARS.match(tokens[-1]):
        mapping["unit"] = tokens.pop()
    return _Split(number, tokens, mapping, 0)


def _join_name(parts: list[str]) -> str:
    """Join name fragments; a character doubled at a cell break ("投资|资(亿元)") counts once."""
    name = ""
    for part in parts:
        part = _clean(part).lstrip(":：,，、.．")
        if not part:
            continue
        if name and part[0] == name[-1] and re.match(rf"[{_CJK}]", part[0]):
            part = part[1:]
        name += part
    return name


def _name_and_unit(parts: list[str]) -> tuple[str, str | None]:
    name = _join_name(parts)
    match = _UNIT_AT_END.search(name)
    if match:
        return name[: match.start()].strip(), _clean(match.group("unit")) or None
    # A unit stranded mid-name when the name wrapped around it ("二氧低(%)|化碳排放降").
    for match in _UNIT_ANYWHERE.finditer(name):
        if _UNIT_CHARS.match(match.group("unit")):
            return (name[: match.start()] + name[match.end() :]).strip(), match.group("unit")
    return name, None


def _clean_category(text: str) -> str:
    text = _CATEGORY_PREFIX.sub("", _clean(text))
    return _COUNT_SUFFIX.sub("", text).strip()


def _is_end(text: str, mode: str) -> bool:
    stripped = text.strip()
    if _NOTE.match(stripped) or _HEADING.match(stripped):
        return True
    if re.search("[。；]", stripped):
        return True
    if mode == "tab":
        # Category rows lose their trailing tabs; anything longer without a tab is prose.
        return "\t" not in stripped and len(stripped) > 30
    return len(stripped) > 80 or stripped.count("，") >= 2


def _append_fragment(row: _Row, fragment: str) -> None:
    """A wrapped cell continues on the next line: add it to the row's unfinished text cell."""
    for role in reversed(list(row.cells)):
        if role == "attribute":
            continue
        if _parse_cell(row.cells[role]).kind == "text":
            row.cells[role] = row.cells[role] + fragment
            return


def _read_rows(lines: list[Line], header: _Header) -> tuple[list[_Row], int]:
    rows: list[_Row] = []
    category = None
    parent: _Row | None = None
    name_index: int | None = None
    numbered = False
    strikes = 0
    i = header.end
    while i < len(lines):
        line = lines[i]
        text = line.text
        if _is_end(text, header.mode):
            break
        repeated = _read_header(lines, i)
        if repeated is not None:
            if repeated.roles != header.roles:
                break
            # The header repeated after a page break: the table goes on.
            i = repeated.end
            continue
        split = (
            _split_tab_row(text, header) if header.mode == "tab" else _split_space_row(text, header)
        )
        i += 1
        if split is None:
            continue
        if split.lead_category:
            category = _clean_category(split.lead_category)
        kinds = [_parse_cell(v).kind for v in split.cells.values()]
        filled = [k for k in kinds if k != "missing"]
        # Text alone in the value columns ("民生|福祉(6个)") is a wrapped category label,
        # unless the name carries a unit or several cells are filled.
        has_values = (
            any(k in ("number", "qualifier", "attribute") for k in filled)
            or len(filled) > 1
            or (filled and _has_unit(_join_name(split.name_parts)))
        )
        if split.number is not None:
            row = _Row(line.no, split.number, split.name_parts, split.cells, category)
            rows.append(row)
            parent, numbered, strikes = row, True, 0
            if name_index is None:
                name_index = split.first_index
            continue
        if has_values:
            strikes = 0
            if numbered and parent is not None:
                if not parent.has_values() and not _has_unit(_join_name(parent.name_parts)):
                    # The numbered line held only the start of the name; this line finishes it.
                    parent.name_parts += split.name_parts
                    parent.cells = split.cells
                    continue
                names = [p for p in split.name_parts if _clean(p)]
                if len(names) > 1 and not _has_unit(names[0]):
                    # The parent's wrapped name ("主要污染物排放|减少") precedes the sub-item.
                    parent.name_parts.append(names[0])
                    names = names[1:]
                rows.append(_Row(line.no, None, names, split.cells, category, parent=parent))
                continue
            rows.append(_Row(line.no, None, split.name_parts, split.cells, category))
            continue
        name = _join_name(split.name_parts)
        shown = [v for v in split.cells.values() if _parse_cell(v).kind != "missing"]
        joined = _join_name([*split.name_parts, *shown])
        if (
            header.mode == "tab"
            and rows
            and split.first_index > max(name_index or 0, 1)
            and not _has_unit(joined)
        ):
            _append_fragment(rows[-1], _join_name([c for c in text.split("\t") if c.strip()]))
            continue
        counted = _COUNT_SUFFIX.search(joined)
        # "经济发展(6个)" counts its rows; with digits stripped "(个)" is a category only
        # where categories stand, in the first column.
        is_category = bool(joined) and len(joined) <= 24 and not _has_unit(name)
        is_category |= bool(counted) and (
            re.search(r"\d", counted.group(0)) is not None or split.first_index == 0
        )
        if is_category:
            category, parent, strikes = _clean_category(joined), None, 0
            continue
        if _has_unit(name):
            # A row whose numbers are all gone: keep the indicator, with no values.
            rows.append(_Row(line.no, None, split.name_parts, split.cells, category))
            strikes = 0
            continue
        strikes += 1
        if strikes >= 2:
            break
    return rows, i


def _complete_split_texts(rows: list[_Row]) -> None:
    """Rejoin a merged cell that the converter split over two rows ("完成市" / "定目标")."""
    whole = {
        _clean(v)
        for row in rows
        for v in row.cells.values()
        if _parse_cell(v).kind == "text" and len(_clean(v)) > 4
    }
    for upper, lower in pairwise(rows):
        for role, top in upper.cells.items():
            bottom = lower.cells.get(role)
            if not bottom:
                continue
            if _parse_cell(top).kind != "text" or _parse_cell(bottom).kind != "text":
                continue
            joined = _clean(top) + _clean(bottom)
            if joined in whole and joined not in (_clean(top), _clean(bottom)):
                upper.cells[role] = lower.cells[role] = joined


# --- Output ----------------------------------------------------------------------------


def _indicator(row: _Row, header: _Header) -> dict:
    name, unit = _name_and_unit(row.name_parts)
    if row.parent is not None:
        parent_name, parent_unit = _name_and_unit(row.parent.name_parts)
        name = f"{parent_name}：{name}" if name else parent_name
        unit = unit or parent_unit
    cells = {role: _parse_cell(text) for role, text in row.cells.items()}
    if not unit and _clean(row.cells.get("unit", "")):
        unit = _clean(row.cells["unit"])

    def year_of(role: str) -> int | None:
        column = header.column(role)
        return column.year if column else None

    if header.column("target"):
        target_year = year_of("target")
    else:
        # Only a 累计/增长 column: the plan's horizon is the latest year the header names.
        target_year = max(
            (c.year for c in header.columns if c.year and c.role not in ("baseline", "actual")),
            default=None,
        )
    baseline = {"year": None, "value": None}
    base = cells.get("baseline")
    if base and base.kind in ("number", "text", "qualifier"):
        baseline = {"year": year_of("baseline"), "value": base.value}

    target = {
        "year": None,
        "value": None,
        "qualifier": None,
        "text": None,
        "annual_growth_pct": None,
        "cumulative": False,
    }
    goal = cells.get("target")
    if goal and goal.kind in ("number", "text", "qualifier"):
        target.update(
            value=goal.value,
            qualifier=goal.qualifier,
            text=_written(goal),
            cumulative=goal.cumulative,
        )
    growth = cells.get("target_growth")
    if growth and growth.kind == "number":
        target["annual_growth_pct"] = growth.value
    for role in ("growth_or_cumulative", "cumulative"):
        cell = cells.get(role)
        if not cell or cell.kind == "missing":
            continue
        is_total = cell.cumulative or role == "cumulative"
        if (
            cell.kind == "number"
            and not is_total
            and not (cell.qualifier and target["value"] is None)
        ):
            target["annual_growth_pct"] = cell.value
        elif target["value"] is None and target["text"] is None:
            # A five-year total, a bounded level ("<5.0") or a sentence stands for the target.
            target.update(
                value=cell.value,
                qualifier=cell.qualifier,
                text=_written(cell),
                cumulative=is_total and cell.kind == "number",
            )
    if any(target[k] is not None for k in ("value", "text", "qualifier", "annual_growth_pct")):
        target["year"] = target_year

    actual = None
    done = cells.get("actual")
    if header.column("actual") and done and done.kind in ("number", "text", "qualifier"):
        actual = {"year": year_of("actual"), "value": done.value, "text": _written(done)}

    attribute_cell = cells.get("attribute")
    return {
        "name": name,
        "unit": unit,
        "category": row.category,
        "baseline": baseline,
        "target": target,
        "actual": actual,
        "attribute": attribute_cell.attribute if attribute_cell else None,
        "source_line": row.line,
    }


def extract_indicators(lines: list[Line]) -> list[dict]:
    """Indicator rows of every indicator table in ``lines`` (from ``normalize.prepare``).

    A table is recognised only by a header naming its value columns (years, 基期/目标,
    年均增长, 累计, 完成情况, 属性) next to an 指标 column, so documents without such a table
    give ``[]``. Each row becomes one dict of the ``indicators`` schema: the unit comes from
    the parentheses closing the name (or a 单位 column), the category from the last row
    without numbers, ``[...]`` marks a cumulative total, 以上/以内/</> become the qualifier,
    预期性/约束性 the attribute. A value the text does not show is null, never guessed.
    """
    found: list[dict] = []
    i = 0
    while i < len(lines):
        header = _read_header(lines, i)
        if header is None:
            i += 1
            continue
        rows, end = _read_rows(lines, header)
        _complete_split_texts(rows)
        for row in rows:
            heading = row.number is not None and not row.has_values()
            if heading and not _has_unit(_join_name(row.name_parts)):
                continue  # a numbered heading after the table, not an indicator
            found.append(_indicator(row, header))
        i = max(end, header.end)
    return found
