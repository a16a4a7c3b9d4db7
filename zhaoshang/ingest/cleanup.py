"""Cleaning prepared lines: web-page chrome at the edges, page-break splits, stripped digits.

All three work on ``Line`` objects from ``normalize.prepare`` and keep original line numbers.
"""

from __future__ import annotations

import re

from .normalize import Line

# --- shared line shapes -------------------------------------------------------------------------

_CJK = r"\u4e00-\u9fff"

# Document kinds a title ends with (公文文种 and plan kinds).
DOC_KINDS = (
    "规划纲要|规划|纲要|实施意见|指导意见|若干意见|意见|实施方案|行动方案|工作方案|方案|"
    "管理办法|实施办法|暂行办法|办法|实施细则|细则|行动计划|工作计划|计划|通知|决定|条例|"
    "规定|措施|若干措施|报告|政策|要点|工作要点|指南|指引|通告|公告|批复|函|规则|标准"
)
_TITLE_TAIL = re.compile(
    rf"(?:{DOC_KINDS})(?:[(（](?:试行|暂行|征求意见稿|草案|修订|修订稿|送审稿)[)）])?[》”\"]?$"
)

_HEADING = re.compile(
    r"^(?:"
    r"第[一二三四五六七八九十百零〇两\d]+[章节篇部分编条款]"
    r"|[一二三四五六七八九十]+[、.．]"
    r"|[(（][一二三四五六七八九十\d]+[)）]"
    r"|\d+(?:\.\d+)*[、.．](?!\d)"
    r"|专栏|附件|附表|附录|序言|前言|结语|目录"
    r"|[①-⑳]"
    r")"
)

# A new item (list, bullet, enumerated point) rather than the rest of a sentence.
_ITEM_START = re.compile(
    r"^(?:——|—|一一|--|-\s|[•·●▪►◆◇■□※★☆*]"
    r"|\d+[)）]|[(（]\d+[)）]|[a-zA-Z][.)）]\s"
    r"|[一二三四五六七八九十]是)"
)

_SENTENCE_END = '。；！？：”"…;!?:'
_MID_SENTENCE_END = "，、,"


def _clean(text: str) -> str:
    return text.strip()


def _is_table_row(text: str) -> bool:
    if "\t" in text:
        return True
    if re.search(r"[，。,；]", text):
        return False
    # Tables flattened into space-separated cells: several wide gaps or several bare numbers.
    if len(re.findall(r"\S {2,}(?=\S)", text.strip())) >= 2:
        return True
    return len(re.findall(r"(?:^|\s)[-+]?\d+(?:\.\d+)?%?(?=\s|$)", text)) >= 3


def is_heading(text: str) -> bool:
    """A heading, title or label line: chapter/section numbering, 专栏, a document title."""
    t = _clean(text)
    if not t:
        return False
    if _HEADING.match(t):
        # "1.推动区域协调发展。立足……" is a numbered paragraph, not a heading.
        body = t.rstrip(_SENTENCE_END)
        return "。" not in body and len(t) <= 60
    if is_title_shaped(t):
        return True
    # Very short lines without punctuation are labels ("序言", "展开", a signature).
    return len(t) <= 12 and not re.search(r"[，。；、,;]", t)


def is_title_shaped(text: str) -> bool:
    """A line that reads as a document title: ends with a document kind, no sentence inside."""
    t = _clean(text)
    # Commas mark a sentence cut at a page end ("…落实各项优惠政策"), not a title.
    if not (4 <= len(t) <= 120) or re.search(r"[。；;，,]", t):
        return False
    if re.match(r"^(?:依据|根据|按照|为了?|现将|经|我[市县区省]|请)", t):
        return False
    return bool(_TITLE_TAIL.search(t))


# --- web-page chrome ----------------------------------------------------------------------------

_LABELS = (
    "来源|信息来源|文章来源|稿件来源|稿源|出处|责任编辑|责编|编辑|审核|审校|审签|校对|终审|总监|"
    "监制|作者|记者|通讯员|摄影|发布时间|发布日期|发布者|发布人|更新时间|浏览次数|浏览量|"
    "阅读次数|阅读数|阅读量|点击数|点击量|点击率|访问量|访问次数|字号|字体|分享到|分享|"
    "当前位置|您的位置|您现在的位置|所在位置|关键词|标签|主办单位|承办单位|主管单位|协办单位|"
    "运营单位|技术支持|联系电话|联系方式|联系地址|地址|邮编|电子邮箱|邮箱|传真|网站标识码"
)
_STRONG = [
    # "来源:鹤壁市人民政府 发布时间:…" — a site's label and value, at the start of a line.
    re.compile(rf"^[【\[]?(?:{_LABELS})\s*[】\]]?\s*[:：]"),
    re.compile(
        r"^[【\[]?(?:分享到|打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏本页|加入收藏|"
        r"返回顶部|回到顶部|返回首页|返回列表|返回|网站地图|联系我们|关于我们|免责声明|"
        r"隐私政策|隐私声明|网站声明|使用帮助|相关阅读|相关链接|相关文章|相关新闻|相关文件|"
        r"相关推荐|推荐阅读|热门阅读|热门推荐|热点推荐|猜你喜欢|延伸阅读|上一篇|下一篇|上一条|"
        r"下一条|扫一扫|手机扫一扫|扫码|微信扫一扫|展开全文|展开|收起|更多|查看更多|"
        r"本文来源|文章转载|【字体|字体[:：]?\s*大)"
    ),
    re.compile(r"^首页\s*[>›»/＞]"),
    re.compile(
        r"ICP\s*备|ICP证|公网安备|网安备|备案号|版权所有|Copyright|copyright|COPYRIGHT|©|"
        r"转载请注明|本站只提供|本站(?:所有|声明)|All Rights Reserved"
    ),
    re.compile(r"(?:^|\s)[【\[]?\s*(?:打印本页|关闭窗口|打印|关闭)\s*[】\]]"),
    re.compile(r"(?:字号|字体)\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*小"),
]

_PHONE = re.compile(r"^[\s\d\-—()（）+]{7,}$")
_FURNITURE_WORDS = re.compile(
    r"热线|客服|二维码|公众号|客户端|手机版|APP下载|在线咨询|电话咨询|在线留言|免费下载|"
    r"政策下载|点赞|订阅|关注我们|我要纠错|用户登录|注册登录"
)
_BULLET = re.compile(r"^[•·●▪►◆◇■□※★☆>»›\-]\s*\S")


def _is_strong_chrome(text: str) -> bool:
    t = _clean(text)
    return len(t) <= 250 and any(p.search(t) for p in _STRONG)


def is_chrome(text: str) -> bool:
    """Whether a line is unmistakably web-page furniture (来源:, 分享到, 打印本页, ICP 备案 …)."""
    return _is_strong_chrome(text)


def _is_nav_bar(t: str) -> bool:
    parts = [p for p in re.split(r"[|｜·•\s]+", t) if p]
    return (
        len(parts) >= 4
        and all(2 <= len(p) <= 6 for p in parts)
        and not re.search(r"\d|[，。；、：:]", t)
    )


def _is_weak_chrome(text: str) -> bool:
    t = _clean(text)
    if not t or len(t) > 40 or t[-1] in "。；！？;!?":
        return False
    return bool(
        _BULLET.match(t)
        or _PHONE.match(t)
        or _is_nav_bar(t)
        or (len(t) <= 20 and _FURNITURE_WORDS.search(t))
    )


def _is_prose(text: str) -> bool:
    t = _clean(text)
    return "。" in t or (len(t) > 60 and bool(re.search(r"[，,；;]", t)))


def _is_short(text: str) -> bool:
    t = _clean(text)
    return len(t) <= 40 and t[-1:] not in ("。", "！", "？", "；")


# Publication metadata a site prints above the text: who issued or published it, and when.
_PUBLICATION = re.compile(
    r"^[【\[]?(?:来源|信息来源|文章来源|发布机构|发文机关|发布时间|发布日期|成文日期|发文日期|"
    r"索引号|发文字号|文号)\s*[】\]]?\s*[:：]\s*\S"
)


def strip_chrome(lines: list[Line]) -> list[Line]:
    """Drop web-page furniture (source, share, print, footer, site links) at the document edges.

    The end: the trailing run of chrome-like or short lines is cut from its first chrome line,
    so that a signature or date just above the site footer stays. The start: chrome lines before
    the first paragraph of prose are dropped one by one, with the bare counter that may follow
    one ("分享:" / "4"), leaving the title and the issuing lines. A publication line at the top
    ("来源:鹤壁市人民政府 发布时间:2021-02-07") stays: in a web copy it is often the only place
    that states the issuer and the date.
    """
    if not lines:
        return []
    end = _tail_cut(lines)
    lines = lines[:end]
    start_keep = []
    dropped_previous = False
    for index, line in enumerate(lines):
        if index >= 15 or (_is_prose(line.text) and not _is_strong_chrome(line.text)):
            start_keep.extend(lines[index:])
            break
        t = _clean(line.text)
        if _PUBLICATION.match(t):
            dropped_previous = False
            start_keep.append(line)
            continue
        # At the top, titles and headings win over furniture words they may contain.
        chrome = _is_strong_chrome(t) or (
            _is_weak_chrome(t) and not is_title_shaped(t) and not _HEADING.match(t)
        )
        counter = dropped_previous and re.fullmatch(r"[\d\s,.万+]{1,8}", t) is not None
        if chrome or counter:
            dropped_previous = True
            continue
        dropped_previous = False
        start_keep.append(line)
    return start_keep


def _tail_cut(lines: list[Line]) -> int:
    """Index where the trailing site furniture starts (len(lines) when there is none)."""
    block_start = len(lines)
    while block_start > 0:
        t = lines[block_start - 1].text
        if _is_strong_chrome(t) or _is_weak_chrome(t) or _is_short(t):
            block_start -= 1
        else:
            break
    # Never eat the whole document: the block must follow some body text.
    if block_start == 0:
        return len(lines)
    block = lines[block_start:]
    for offset, line in enumerate(block):
        if _is_strong_chrome(line.text):
            return block_start + offset
    weak = [i for i, line in enumerate(block) if _is_weak_chrome(line.text)]
    if len(weak) >= 2:
        return block_start + weak[0]
    return len(lines)


# --- page-break joins ---------------------------------------------------------------------------


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _can_continue(first: str, nxt: str) -> bool:
    a, b = _clean(first), _clean(nxt)
    if not a or not b:
        return False
    if a[-1] in _SENTENCE_END:
        return False
    if _is_table_row(first) or _is_table_row(nxt):
        return False
    if is_heading(a) or is_heading(b) or _ITEM_START.match(b):
        return False
    if _is_strong_chrome(a) or _is_strong_chrome(b) or _is_weak_chrome(b):
        return False
    # An indented next line starts a paragraph (首行缩进) unless everything is indented alike.
    if _indent(nxt) > _indent(first):
        return False
    # Short unpunctuated lines are labels and signatures, not a sentence cut by a page end.
    return a[-1] in _MID_SENTENCE_END or len(a) >= 20 or bool(re.search(r"[，、,；]", a))


def _glue(a: str, b: str) -> str:
    b = b.lstrip()
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


def join_broken_lines(lines: list[Line]) -> list[Line]:
    """Join a sentence split across lines by a page break; the result keeps the first number.

    A line is continued when it stops mid-sentence (no 。；！？：” at its end), is neither a
    heading, title, table row nor chrome, and the next line is not a heading, list item, table
    row or a newly indented paragraph.
    """
    out: list[Line] = []
    for line in lines:
        if out and _can_continue(out[-1].text, line.text):
            out[-1] = Line(out[-1].no, _glue(out[-1].text.rstrip(), line.text))
        else:
            out.append(line)
    return out


# --- digits stripped by the publisher -----------------------------------------------------------

# Places where a number must stand; each match is a number that is gone.
_GAPS = [
    re.compile(r"(?:到|至|截至|截止|截止到)年[,，、]"),  # 到2025年，
    re.compile(r"(?:世界|中国|全国|国内|全球|民营|行业|全省)强(?=[、，,及和与企的或名])"),  # 500强
    re.compile(r"专栏\s*[:：]"),  # 专栏1：
    re.compile(
        r"[(（]\s*[—\-~～至]\s*年\s*[)）]|(?<![\d〇零一二三四五六七八九十])年\s*[—\-~～至]\s*年"
    ),
    re.compile(rf"(?<=[{_CJK}，,、])\.\d"),  # 3233.6 → .6
    re.compile(rf"[{_CJK}]%(?=[{_CJK}，。、；,;])"),  # 增长10%， → 增长%，
    re.compile(r"第[届次批位名期]"),  # 第3届
]


def missing_number_gaps(lines) -> int:
    """How many places in the text lack the number they need (see ``has_missing_numbers``)."""
    text = "\n".join(getattr(line, "text", line) for line in lines)
    return sum(len(p.findall(text)) for p in _GAPS)


def has_missing_numbers(lines) -> bool:
    """True for a copy whose publisher stripped the digits ("到年", "世界强", "专栏：").

    Needs several such gaps and, unless they are many, a text with very few digits for its
    length — a real plan has a number every few hundred characters.
    """
    text = "\n".join(getattr(line, "text", line) for line in lines)
    hanzi = len(re.findall(rf"[{_CJK}]", text))
    if hanzi < 200:
        return False
    gaps = missing_number_gaps(lines)
    numbers_per_thousand = 1000 * len(re.findall(r"\d+", text)) / hanzi
    return gaps >= 6 or (gaps >= 2 and numbers_per_thousand < 3)
