"""Key projects listed in a plan's project boxes (专栏 …重点项目).

Inside such a box every paragraph opens with the project's name as a title ("年产20万吨绿色纤维
项目。计划总投资45亿元，…" or "商务中心项目：规划…"). PDF conversion may run several
projects into one line; a later one is recognised by a bold title ("**纺织学院。**") or a
title ending in a project word and a colon ("。公共服务项目：…").
"""

import re

from zhaoshang.ingest.cleanup import has_missing_numbers
from zhaoshang.ingest.normalize import Line
from zhaoshang.utils.units import amount_to_wan

from ._common import as_number, build_blocks, is_project_box, lead_of, squeeze

# Only explicit project words: "。八所学校基建改造：…" details the project above it.
_MID_TITLE = re.compile(
    r"\*\*([^*。，,；;]{2,30}?)[。:：]?\*\*|(?<=[。；;])([^*。，,；;、:：]{2,25}?(?:项目|工程))[:：]"
)

_NUMBER = r"(\d+(?:\.\d+)?)"
_INVESTMENT = re.compile(
    r"(总)?投资(?:额|计划|规模)?(?:约需|约为|约|需|合计|共计|为|达|预计|计划|估算)*\s*"
    + _NUMBER
    + r"\s*(亿美元|万美元|美元|亿元|万元|亿|万|元)(?!平方|吨|人|亩)"
)
_AMOUNT = re.compile(_NUMBER + r"\s*(亿美元|万美元|美元|亿元|万元|亿|万|元)(?!平方|吨|人|亩|/)")
# Amounts a project yields rather than costs ("实现产值20亿元", "年产20亿元").
_OUTPUT = re.compile(
    r"产值|年产|税收|收入|营收|销售|出口|进出口|利润|产出|规模|增加值|GDP|实现|打造"
)
_AREA = re.compile(_NUMBER + r"\s*亩(?!均)")
_CAPACITY = re.compile(
    r"年产(?:能)?\s*(?:达到)?\s*"
    + _NUMBER
    + r"\s*(?:万|亿|千|百)?\s*(?:吨|件|台|套|辆|米|平方米|千瓦|兆瓦|只|条|双|片|粒|支|瓶|头|箱|立方米|千升|升|"
    r"块|张|部|副|组|颗|枚|根|盒|袋|包|吨标煤)"
)
_TARGET_YEAR = re.compile(r"(?:到|至|于)\s*(20\d\d)\s*年")
_YEAR = re.compile(r"(20\d\d)\s*年")
_PLACE = re.compile(
    r"(?:位于|坐落于|选址于?)([^，,。；;]{2,30})|在([^，,。；;、的]{2,12}?)[,，]?(?:选址|建设|打造)"
)


def _segments(text: str):
    """(title, start, body start, end) of each project run into ``text``."""
    first = lead_of(text, max_len=30, allow_dun=True)
    starts = []
    if first:
        starts.append((first[0], 0, first[1]))
    for match in _MID_TITLE.finditer(text):
        if first and match.start() < first[1]:
            continue
        title = (match.group(1) or match.group(2)).strip()
        starts.append((title, match.start(), match.end()))
    for index, (title, start, body_start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        yield title, start, body_start, end


def _investment(body: str):
    """Total investment in 万元.

    The first 总投资 wins; without one, the amounts named 投资 are added up ("估算投资40万元…
    估算投资340万元"), and without any 投资 the costs listed ("新建教学楼…需1872.57万元。
    …配套需827.48万元").
    """
    matches = list(_INVESTMENT.finditer(body))
    totals = [m for m in matches if m.group(1)]
    pairs = [(m.group(2), m.group(3)) for m in (totals[:1] or matches)]
    if not pairs:
        pairs = [
            (m.group(1), m.group(2))
            for m in _AMOUNT.finditer(body)
            if not _OUTPUT.search(body[max(0, m.start() - 8) : m.start()])
        ]
    if not pairs:
        return None
    wan = [amount_to_wan(number, unit) for number, unit in pairs]
    if any(value is None for value in wan):
        return None
    return as_number(sum(wan))


def _project(title: str, body: str, line: int, numbers_ok: bool) -> dict:
    name = squeeze(title).strip("*")
    text = name + "。" + body
    capacity = _CAPACITY.search(text)
    area = _AREA.search(body)
    year = _TARGET_YEAR.search(body) or _YEAR.search(body)
    place = _PLACE.search(body)
    project = {
        "name": name,
        "investment_wan": _investment(body),
        "capacity": squeeze(capacity.group(0)) if capacity else None,
        "area_mu": as_number(area.group(1)) if area else None,
        "place": (place.group(1) or place.group(2)).strip() if place else None,
        "year": int(year.group(1)) if year else None,
        "source_line": line,
    }
    if not numbers_ok:
        # Digits stripped by the publisher: a surviving fragment would be a wrong number.
        project.update(investment_wan=None, capacity=None, area_mu=None, year=None)
    return project


def extract_projects(lines: list[Line]) -> list[dict]:
    """Projects listed in 专栏 boxes of key projects, in document order.

    Each is ``{name, investment_wan, capacity, area_mu, place, year, source_line}``:
    ``investment_wan`` the (total) investment in 万元 (亿元, 亿美元… converted), ``capacity``
    the yearly output as written ("年产20万吨"), ``area_mu`` the site in 亩, ``place`` where
    the text says it is located, ``year`` the target year; other absent values are None.
    Entries without an investment amount are left out, so a copy whose digits were stripped
    yields no projects rather than guessed ones.
    """
    numbers_ok = not has_missing_numbers(lines)
    projects: list[dict] = []
    current_box = None
    for block in build_blocks(lines):
        box = block.box
        if block.kind != "para" or not is_project_box(box):
            current_box = None
            continue
        found = False
        for title, start, body_start, end in _segments(block.text):
            found = True
            projects.append(
                _project(title, block.text[body_start:end], block.line_at(start), numbers_ok)
            )
        if not found and projects and current_box == box:
            # A paragraph without a title continues the project above it.
            last = projects[-1]
            merged = _project(last["name"], block.text, last["source_line"], numbers_ok)
            for key, value in merged.items():
                if last[key] is None:
                    last[key] = value
        current_box = box
    # A key project is reported with its money; an entry without it is a heading or a wish.
    return [project for project in projects if project["investment_wan"] is not None]
