"""Document structure shared by the list extractors.

PDF conversion breaks sentences across lines and pages, so extractors work on ``Block``s:
paragraphs rebuilt from consecutive lines, each knowing which original line every character
came from and which headings (chapter, section, 专栏 box) it sits under.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from zhaoshang.ingest.normalize import Line

CN_DIGITS = "一二三四五六七八九十百零〇两"

# (level, pattern) in the usual nesting 第一章 > 第一节 > 一、 > (一); a document may skip levels.
_HEADINGS = [
    (1, re.compile(rf"^\s*第[{CN_DIGITS}\d]+[章篇部]\s*")),
    (2, re.compile(rf"^\s*第[{CN_DIGITS}\d]+节\s*")),
    (3, re.compile(rf"^\s*[{CN_DIGITS}]+\s*、\s*")),
    (4, re.compile(rf"^\s*[(（]\s*[{CN_DIGITS}]+\s*[)）]\s*")),
]
_BOX = re.compile(r"^\s*专栏\s*[\d一二三四五六七八九十]*(?:\s*[-－—.．]\s*\d+)*\s*[:：]?\s*")
# A box sits inside whatever heading precedes it and ends at the next heading of any level.
BOX_LEVEL = 5

# Sections that review the past (成绩, 发展基础, 十三五…): their lists are achievements, not plans.
_RETRO = re.compile(
    r"发展基础|规划基础|现实基础|工作基础|基础条件|成绩|成就|回顾|十三五|现状|成效|问题|挑战|形势|背景"
)
# Sections that state goals: numbers there are targets even without "到2025年".
_GOALS = re.compile(r"目标(?!完成)")

_SENTENCE_END = "。！？!?"
_CLOSED_END = re.compile(r"(?:[。！？!?；;:：]|[。！？!?]\*\*)\s*$")
_NON_ASCII_SPACE = re.compile(r"(?<=[^\x00-\x7f])[ \t\u3000]+|[ \t\u3000]+(?=[^\x00-\x7f])")
_OPEN = '(（[【《“‘"'
_CLOSE = ')）]】》”’"'


def squeeze(text: str) -> str:
    """Drop the spaces PDF conversion puts between Chinese characters ("绿色纤 维")."""
    return _NON_ASCII_SPACE.sub("", text.strip())


def clean_title(text: str) -> str:
    """A heading without its numbering ("第四章 ", "(一)", "专栏 2-1:")."""
    text = text.strip()
    match = _BOX.match(text)
    if match:
        return squeeze(text[match.end() :])
    for _level, pattern in _HEADINGS:
        match = pattern.match(text)
        if match:
            return squeeze(text[match.end() :])
    return squeeze(text)


@dataclass
class Block:
    """A paragraph (or heading, or table row) with its original line numbers."""

    kind: str  # "para", "heading" or "table"
    text: str
    starts: list  # character offsets where each source line begins
    numbers: list  # the Line.no of each of those lines
    headings: tuple  # (level, title) of the enclosing headings, outermost first

    def line_at(self, offset: int) -> int:
        return self.numbers[max(0, bisect_right(self.starts, offset) - 1)]

    @property
    def box(self) -> str | None:
        for level, title in reversed(self.headings):
            if level == BOX_LEVEL:
                return title
        return None

    @property
    def retro(self) -> bool:
        return any(_RETRO.search(title) for _level, title in self.headings)

    @property
    def goals_heading(self) -> str | None:
        for _level, title in reversed(self.headings):
            if _GOALS.search(title):
                return title
        return None

    def titles(self) -> list[str]:
        """Enclosing heading titles, innermost first."""
        return [title for _level, title in reversed(self.headings)]


def _heading_level(text: str) -> int | None:
    if _BOX.match(text):
        return BOX_LEVEL
    for level, pattern in _HEADINGS:
        if pattern.match(text):
            return level
    return None


def _is_minor_heading(text: str) -> bool:
    """A short line without sentence punctuation: a title, a table caption, page chrome."""
    body = text.strip()
    return len(body) <= 30 and not re.search(r"[。，,；;、：:！？!?]", body)


def build_blocks(lines: list[Line]) -> list[Block]:
    """Rebuild paragraphs and attach the heading context to each."""
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []
    current: Block | None = None

    def close():
        nonlocal current
        if current is not None:
            blocks.append(current)
            current = None

    def start(kind: str, text: str, number: int) -> Block:
        return Block(kind, text, [0], [number], tuple(stack))

    for line in lines:
        raw = line.text
        if "\t" in raw:
            close()
            blocks.append(start("table", raw, line.no))
            continue
        text = squeeze(raw)
        if not text:
            continue
        level = _heading_level(raw)
        after_table = bool(blocks) and blocks[-1].kind == "table" and current is None
        if after_table and (level == 3 or (level is None and _is_minor_heading(raw))):
            # "一、经济发展" between table rows is a category row whose empty cells were stripped.
            blocks.append(start("table", raw, line.no))
            continue
        if level is not None:
            close()
            title = clean_title(raw)
            # "(一)基本思路。以习近平…": the heading is the lead, the rest is its paragraph.
            lead = re.split(r"[。:：]", title, maxsplit=1)[0][:40]
            # A chapter or section heading also ends any open box.
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, lead))
            blocks.append(start("heading", text, line.no))
            if len(title) > len(lead) + 1:
                current = start("para", text, line.no)
            continue
        if current is not None and not _CLOSED_END.search(current.text):
            current.starts.append(len(current.text))
            current.numbers.append(line.no)
            current.text += text
            continue
        close()
        # Inside a box a short line is an item's title ("纺织学院"), not a heading.
        if _is_minor_heading(raw) and not any(depth == BOX_LEVEL for depth, _title in stack):
            blocks.append(start("heading", text, line.no))
            continue
        current = start("para", text, line.no)
    close()
    return blocks


def split_top(text: str, separators: str, start: int = 0, end: int | None = None) -> list:
    """(start, end) spans of ``text[start:end]`` cut at separators outside brackets/quotes."""
    end = len(text) if end is None else end
    spans, depth, begin = [], 0, start
    for index in range(start, end):
        char = text[index]
        if char in _OPEN and not (char == '"' and depth):
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        elif char in separators and depth == 0:
            spans.append((begin, index))
            begin = index + 1
    spans.append((begin, end))
    return spans


def sentences(text: str) -> list:
    """Sentence spans (ends after 。！？), including the final punctuation."""
    spans = []
    for begin, stop in split_top(text, _SENTENCE_END):
        stop = min(stop + 1, len(text))
        if text[begin:stop].strip():
            spans.append((begin, stop))
    return spans


_BULLET = re.compile(r"^(?:\s|[-•·*]|——|一一|—|\d{1,2}[.、．](?!\d)|[(（]\d{1,2}[)）])+")


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text)


def lead_of(text: str, begin: int = 0, max_len: int = 25, allow_dun: bool = False):
    """The short title opening a paragraph ("装备制造业。…", "商务中心项目:…").

    Returns (title, end offset of the title's terminator) or None.
    """
    body = text[begin:]
    stripped = strip_bullet(body)
    offset = begin + len(body) - len(stripped)
    match = re.match(rf"(\*\*)?([^。:：]{{2,{max_len}}}?)[。:：](\*\*)?", stripped)
    if not match:
        return None
    title = match.group(2).strip("* ")
    forbidden = "，,；;！？!?" if allow_dun else "，,；;！？!?、"
    if any(char in title for char in forbidden) or len(title) < 2:
        return None
    return title, offset + match.end()


REGIONS = [
    ("粤港澳", re.compile(r"粤港澳|大湾区|珠三角|珠江三角洲")),
    ("京津冀", re.compile(r"京津冀|京津")),
    ("长三角", re.compile(r"长三角|长江三角洲")),
    ("成渝", re.compile(r"成渝")),
    ("境外", re.compile(r"境外|海外|国外|外资|外商|跨国|国际合作")),
]


def region_in(text: str | None) -> str | None:
    """The source region a heading or phrase names, in its short form."""
    if not text:
        return None
    for name, pattern in REGIONS:
        if pattern.search(text):
            return name
    return None


# A box of projects says so in its title; "重大项目和事项" boxes list tasks and partners.
_PROJECT_BOX = re.compile(r"(?:项目|项目表|项目库|项目清单)$|重[点大]项目")


def is_project_box(title: str | None) -> bool:
    return bool(title) and bool(_PROJECT_BOX.search(title)) and "事项" not in title


def as_number(value: Decimal | str | None):
    """A Decimal or numeric string → int when whole, else float (JSON numbers)."""
    if value is None:
        return None
    value = Decimal(value).normalize()
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def cjk_year(text: str) -> int | None:
    """2035 from "2035" or "二〇三五"."""
    if text.isdigit():
        return int(text)
    table = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
    table["零"] = "0"
    digits = "".join(table.get(char, "") for char in text)
    return int(digits) if len(digits) == 4 else None
