"""Text normalisation for plan documents, keeping every line's original 1-based number.

Extractors work on ``Line`` objects: ``no`` is the line number in the decoded input (what
``source_line`` reports), ``text`` the cleaned text.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Line:
    no: int
    text: str


# Full-width letters, digits and ASCII-like symbols become half-width; Chinese punctuation
# (，。、；：“”（）) stays, because extractors rely on it as sentence structure.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
for _keep in "，。、；：！？（）【】《》":
    _FULLWIDTH.pop(ord(_keep), None)
_FULLWIDTH[0x3000] = 0x20

# PDF conversion splits "10.7" into "10. 7" and "57.86亿美元" into "57.86 亿美元". Separate
# numbers ("3000 4500" in a space-separated table) are left apart.
_SPLIT_DECIMAL = re.compile(r"(?<=\d\.) (?=\d)")
_ROW_NUMBER = re.compile(r"^\s*\d{1,2}\.\s")
_SPACE_BEFORE_UNIT = re.compile(r"(?<=\d) +(?=(万|亿|千|百|%|个|家|项|亩|年|吨|平方))")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def normalize_text(text: str) -> str:
    """Normalise one line: NFC, full-width forms, traditional characters, split numbers."""
    text = unicodedata.normalize("NFC", text).translate(_FULLWIDTH)
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    text = to_simplified(text)
    head = _ROW_NUMBER.match(text)
    head = head.group(0) if head else ""
    body = _SPLIT_DECIMAL.sub("", text[len(head) :])
    body = _SPACE_BEFORE_UNIT.sub("", body)
    return (head + body).rstrip()


def prepare(lines: list[str]) -> list[Line]:
    """Normalise decoded lines into ``Line`` objects numbered from 1 (blank lines dropped)."""
    out = []
    for number, raw in enumerate(lines, start=1):
        text = normalize_text(raw)
        if text.strip():
            out.append(Line(number, text))
    return out
