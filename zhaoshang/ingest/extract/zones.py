"""Development zones and the industries each should attract.

Plans list them one paragraph per zone: "X开发区。主要承接装备制造(起重机械、…)、汽车制造(…)
等领域。" — the zone's name as the paragraph title, then a verb of attraction or focus and a
list of industries, each optionally detailing its sub-items in parentheses.
"""

import re

from zhaoshang.ingest.normalize import Line

from ._common import build_blocks, lead_of, split_top, squeeze

_ZONE_SUFFIX = (
    r"(?:开发区|高新区|经开区|产业集聚区|集聚区|示范区|产业园区|产业园|工业园区|工业园|园区|新区|"
    r"保税区|合作区|功能区|片区|港区|产业基地|科技城)"
)
_ZONE_NAME = re.compile(rf"^[^\s，,。；;、]{{1,25}}?{_ZONE_SUFFIX}$")
_NOT_A_NAME = re.compile(
    r"^(?:建设|打造|推进|加快|支持|依托|围绕|创建|申建|提升|完善|强化|推动|实施)"
)
# "主要承接", "重点发展", "主导产业为": what follows is the zone's industry list.
_VERB = re.compile(
    r"^(?:主要|重点|着力|优先|积极|大力)?(?:承接|发展|引进|招引|布局|培育|聚焦|打造)|"
    r"^主导产业(?:为|是|包括)?[:：]?"
)
_LIST_END = re.compile(r"(?:等)?(?:领域|产业|行业|方向|业态)?[。；;]?$")
_SAME_SENTENCE = re.compile(
    rf"^([^\s，,。；;、：:]{{2,25}}?{_ZONE_SUFFIX})[:：]?(?=(?:主要|重点|着力)?(?:承接|发展|引进)|主导产业)"
)


def _split_items(inner: str) -> list[str]:
    items = []
    for piece in re.split(r"[、,，;；]", inner):
        piece = re.sub(r"等(?:领域|产业|行业)?$", "", piece.strip())
        if piece:
            items.append(piece)
    return items


def _industries(text: str) -> list[dict]:
    """ "装备制造(起重机械、…)、汽车制造(…)等领域" → [{name, items}, …]."""
    body = _LIST_END.sub("", text.strip())
    industries = []
    for start, stop in split_top(body, "、，,"):
        chunk = body[start:stop].strip()
        # The last industry may carry the list's closing "等领域" after its parentheses.
        chunk = re.sub(r"等(?:领域|产业|行业|方向|业态)?$", "", chunk)
        match = re.match(r"^([^()（）]+?)\s*[(（](.*)[)）]$", chunk)
        if match:
            name, items = match.group(1), _split_items(match.group(2))
        else:
            name, items = chunk, []
        name = name.strip()
        if name:
            industries.append({"name": name, "items": items})
    return industries


def _zone_from(name: str, rest: str) -> list[dict] | None:
    verb = _VERB.match(rest)
    if not verb:
        return None
    sentence = re.split(r"[。；;]", rest[verb.end() :], maxsplit=1)[0]
    industries = _industries(sentence)
    closed = re.search(r"等(?:领域|产业|行业|方向|业态)?$", sentence.strip())
    detailed = any(industry["items"] for industry in industries)
    # One industry without 等 or details is a task ("承接江浙沪产业转移项目"), not a profile.
    if not industries or not (closed or detailed or len(industries) >= 2):
        return None
    return industries


def extract_zones(lines: list[Line]) -> list[dict]:
    """Zones listed with the industries they should attract, in document order.

    Each is ``{name, industries: [{name, items}], source_line}``; ``items`` are the details
    given in parentheses after an industry, split on 、 and commas, without a trailing 等.
    """
    zones = []
    for block in build_blocks(lines):
        if block.kind != "para":
            continue
        text = block.text
        lead = lead_of(text, max_len=30)
        if lead:
            name, end = lead
            name = squeeze(name)
            if _ZONE_NAME.match(name) and not _NOT_A_NAME.match(name):
                industries = _zone_from(name, text[end:].lstrip())
                if industries:
                    zones.append(
                        {"name": name, "industries": industries, "source_line": block.line_at(0)}
                    )
                continue
        match = _SAME_SENTENCE.match(text)
        if match and not _NOT_A_NAME.match(match.group(1)):
            industries = _zone_from(match.group(1), text[match.end() :])
            if industries:
                zones.append(
                    {
                        "name": match.group(1),
                        "industries": industries,
                        "source_line": block.line_at(0),
                    }
                )
    return zones
