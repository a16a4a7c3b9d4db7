"""Enterprises and institutions a plan names as partners or targets.

Plans name them in lists: "积极对接A、B等机构", "大力引进C、D等龙头企业", "重点推动与E、F等
企业合作", "支持G、H等骨干企业与…开展战略合作", or one at a time ("推动X有限公司与某区共建…").
A list is recognised by its shape — items joined by 、 and closed by 等 plus a noun naming
organisations — and kept only when a verb of attraction or cooperation governs it, so
achievements ("A、B等企业在我市投资") and fields ("聚焦A、B等领域") are left out.
"""

import re

from zhaoshang.ingest.normalize import Line

from ._common import Block, build_blocks, lead_of, region_in, sentences, split_top

# --- verbs governing a list ---------------------------------------------------------------------


def _words(alternatives: str) -> list[str]:
    return alternatives.split("|")


# Words that may precede a list ("积极对接", "重点推动与"); single characters that often open
# a name (可, 将, 和, 同…) are left out or handled apart.
_ADVERBS = _words(
    "积极|大力|重点|加快|着力|主动|持续|进一步|继续|全面|深入|切实|努力|优先|不断|协同|精准|"
    "有序|全力|集中力量|广泛|高水平|深度|共同|定向|择优|并|同时|力争|争取"
)
_INTRO = _words("引进|引入|招引|吸引|瞄准|紧盯|承接|争取引进|招商")
_DOCK = _words("对接|联系|走访")
_SUPPORT = _words("支持|鼓励|引导")
_WEAK = _words("推动|加强|深化|强化|促进|推进|扩大|拓展|提升")
_JOINT = _words("联合|携手")
_OTHER = _words("谋划|依托|整合|培育|落地|聘请|邀请")
_PREPOSITIONS = ("与", "同")
_VERBS = set(_INTRO + _DOCK + _SUPPORT + _WEAK + _JOINT + _OTHER)
_CHAIN = sorted(set(_ADVERBS) | _VERBS, key=len, reverse=True)

# What cooperation looks like after the list ("…等企业开展战略合作", "…与郑州企业的配套").
_COOPERATION = re.compile(r"合作|对接|协作|配套|共建|共办|互设|交流|联合|携手|结对|联系")
_ATTRACTION = re.compile(r"引进|招引|吸引")

# --- the noun after 等 -------------------------------------------------------------------------

_FIRM_CLASS = re.compile(r"企业|公司|集团|粮企|央企|国企|民企|外企|厂商|[制服供运开]\w{0,2}商|银行")
_INSTITUTION_CLASS = re.compile(
    r"机构|高校|大学|院校|院所|大院大所|学校|名校|医院|研究院|研究所|实验室|协会|商会|联盟"
)
_NEUTRAL_CLASS = re.compile(r"单位")
# "等优质教育资源", "等第三方资本": organisations only when attracted by name.
_WEAK_CLASS = re.compile(r"资源|资本")
_INSTITUTION_FIELD = re.compile(r"教育|医疗|科研|学术|卫生|科教")
# Where the noun phrase after 等 ends.
_HEAD_END = re.compile(
    r"的|在|开展|合作|参与|发挥|加强|对接|争创|建设|建立|互设|来|到|落户|投资|与|同|进行|共同|联合|"
    r"实施|推进|为|向|等"
)

# --- names --------------------------------------------------------------------------------------

_FIRM_SUFFIXES = "公司|集团|股份|控股|厂|银行|事务所|商行|药业|制药"
_INSTITUTION_SUFFIXES = (
    "大学|学院|学校|中学|小学|附中|[一二三四五六七八九十]中|研究院|研究所|科学院|工程院|院|所|"
    "实验室|中心|协会|商会|学会|联合会|联盟|基金会|医院|委员会|研究会|促进会"
)
_FIRM_SUFFIX = re.compile(f"(?:{_FIRM_SUFFIXES})$")
_INSTITUTION_SUFFIX = re.compile(f"(?:{_INSTITUTION_SUFFIXES})$")
_ANY_SUFFIX = re.compile(f"(?:{_FIRM_SUFFIXES}|{_INSTITUTION_SUFFIXES})$")
# Suffixes that leave no doubt: "…技术创新中心" may be a kind of centre, "…有限公司" is a firm.
_STRONG_SUFFIX = re.compile(
    r"(?:公司|集团|股份|控股|厂|银行|大学|学院|研究院|研究所|科学院|工程院|医院|联合会|商会|协会)$"
)
_TRAILING_PAREN = re.compile(r"[(（][^()（）]*[)）]$")
_COMPANY = re.compile(r"有限责任公司|股份有限公司|有限公司")
# A name standing alone runs until the verb that follows it.
_NAME_CUT = re.compile(
    r"与|同|和|在|开展|合作|对接|共建|建设|参与|发挥|加强|深化|争创|设立|落户|入驻|来|到|为|实现|"
    r"推进|打造|联合|整合|创建|申报|等|战略|深度|全面"
)
# After a name: it is to settle here ("争取佛山照明设立研发机构") or to cooperate ("鼓励新飞与…").
_SETTLES = re.compile(r"^(?:设立|落户|入驻|在\S{1,8}?设立)")
_COOPERATES = re.compile(r"^(?:与|同).{1,30}?(?:合作|对接|协作|配套)")
_HOME_PLACE = re.compile(r"^[^、，,]{2,12}?[区市县镇乡](?=[与同])")

# Items that name a kind of organisation, a place or a sector, not one organisation.
_GENERIC_START = re.compile(
    r"^(?:国内外|境内外|海内外|知名|龙头|行业|相关|各类|各地|各|一批|一些|优质|大型|骨干|重点|先进|"
    r"头部|领军|上下游|关联|一流|其他|其它|有关|部分|更多|众多|主要|世界一流|国际一流|国内一流|我市|"
    r"本地|当地|驻|涉农|涉外|在外|新兴|中小|高端|高新技术|专精特新|跨国|全球知名|国际知名|国内知名|区域内|"
    r"域内|域外|区内|市内|省内|省外|市外|沿线|周边|国家和|国家级|省级|市级|县级|省市|该|本|品牌|商业|"
    r"星级|连锁)"
)
_GENERIC_END = re.compile(
    r"(?:企业|机构|院所|院校|高校|单位|央企|国企|民企|外企|团队|人才|项目|资源|组织|平台|园区|载体|"
    r"基地|产业|领域|力量|主体|地区|城市|国家|省份|外资|内资|外商|资本|合作社)$"
)
_VERB_START = re.compile(
    r"^(?:组建|建设|建立|设立|成立|打造|培育|发展|搭建|开展|实施|推进|加快|完善|提升|申建|创建|共建|"
    r"引进|引入|围绕|依托|聚焦|其)"
)
_RANK = re.compile(r"(?:\d+|[百千十])\s*强$")
_PLACE = re.compile(
    r"^(?:北京|上海|天津|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|"
    r"湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门)"
    r"(?:省|市|自治区|特别行政区)?$|^[^\W\d_]{1,4}[省市县州盟]$"
)
# "大湾区互联网", "现代商贸", "健康养老托育": sectors listed where firms were expected.
_SECTOR = re.compile(
    r"(?:京津冀|长三角|珠三角|大湾区|粤港澳|国内|国外|境外|海外)?(?:现代|新型|传统|高端|绿色|智能|数字)?"
    r"(?:互联网|金融|保险|证券|物流|制造业?|服务业?|医药|医疗|能源|新能源|新材料|材料|装备|电子|信息|"
    r"技术|农业|旅游|文化|教育|健康|养老|托育|商贸|贸易|电商|跨境电商|软件|大数据|云计算|芯片|化工|"
    r"纺织|食品|汽车|新能源汽车|电池|动力电池|服务){1,3}"
)
# "贸易公司", "购物中心", "企业研发中心": a function plus an organisation word names no one.
_DESCRIPTOR = re.compile(
    r"(?:企业|贸易|财务|资产管理|金融|购物|研发|技术|物流|商业|综合|服务|管理|投资|咨询|培训|检测|"
    r"孵化|创新|科技|养老|医疗|教育|文化|体育|信息|数据|研究|工程|设计|营销|运营|结算|采购|物业|"
    r"信用|家政|托育|餐饮|酒店|商贸){1,4}"
)
_PERSON = re.compile(r"院士|教授|专家|博士")


def _strip_chain(text: str):
    """Split "积极对接清华大学" into (["积极", "对接"], "清华大学")."""
    words, index = [], 0
    while index < len(text):
        for word in _CHAIN:
            if text.startswith(word, index):
                words.append(word)
                index += len(word)
                break
        else:
            # 与/同 introduce the partner — once, and not right after 引进 ("引进同仁堂").
            if (
                text[index] in _PREPOSITIONS
                and not any(word in _PREPOSITIONS for word in words)
                and not (words and words[-1] in _INTRO + _DOCK)
            ):
                words.append(text[index])
                index += 1
                continue
            # 和 only joins two verbs ("引进和整合"); "和光科技" keeps its 和.
            if text[index] == "和" and words and _starts_with_verb(text[index + 1 :]):
                index += 1
                continue
            break
    return words, text[index:]


def _starts_with_verb(text: str) -> bool:
    return any(text.startswith(word) for word in _VERBS)


def _action(words: list[str], tail: str) -> str | None:
    """The action a list is named for, from the verbs before it and what follows it.

    引进, 对接 or 合作 for outside partners; for home firms urged to cooperate or attract
    others, the urging verb itself (支持, 鼓励, 引导, 推动, 加强…). None when neither applies.
    """
    if any(word in _PREPOSITIONS for word in words):
        # "加强与X对接合作", "与X的密切联系": the first verb says which.
        verb = _COOPERATION.search(tail)
        if not verb:
            return None
        return "对接" if verb.group() in ("对接", "联系") else "合作"
    for word in words:
        if word in _INTRO:
            return "引进"
        if word in _DOCK:
            return "对接"
    if any(word in _JOINT for word in words):
        return "合作"
    # Home firms and institutions the plan backs ("支持新乡学院…", "引导华兰生物…").
    for word in words:
        if word in _SUPPORT:
            return word
    engaged = _COOPERATION.search(tail) or _ATTRACTION.search(tail)
    for word in words:
        if word in _WEAK:
            # "推动X公司与某区共建…": the firm named is the partner of a joint project.
            if word == "推动" and _COOPERATION.search(tail):
                return "合作"
            return word if engaged else None
    if words and words[-1] == "争取":
        return "引进"
    return None


def _tidy(name: str) -> str:
    name = name.strip(" “”\"'‘’《》")
    if name.count("(") > name.count(")"):
        name += ")"
    if name.count("（") > name.count("）"):
        name += "）"
    return name


def _base(name: str) -> str:
    return _TRAILING_PAREN.sub("", name)


def _is_generic(name: str) -> bool:
    base = _base(name)
    return (
        len(base) < 2
        or len(name) > 40
        or bool(_RANK.search(base))
        or bool(_GENERIC_START.match(base))
        or bool(_GENERIC_END.search(base))
        or bool(_VERB_START.match(base))
        or bool(_PLACE.match(base))
        or bool(_SECTOR.fullmatch(base))
        or bool(_ANY_SUFFIX.fullmatch(base))
        or bool(_DESCRIPTOR.fullmatch(_ANY_SUFFIX.sub("", base)))
        or bool(_PERSON.search(base))
        or bool(re.search(r"\d+\s*[家个所]", base))
    )


def _kind(name: str, default: str) -> str:
    base = _base(name)
    if _COMPANY.search(name) or _FIRM_SUFFIX.search(base):
        return "firm"
    if _INSTITUTION_SUFFIX.search(base):
        return "institution"
    return default


def _named(name: str, strong: bool = False) -> bool:
    """True for a name that says it is an organisation ("…有限公司", "…大学", "…中心")."""
    base = _base(name)
    return bool((_STRONG_SUFFIX if strong else _ANY_SUFFIX).search(base)) or bool(
        _COMPANY.search(name)
    )


def _drop_sectors(name: str) -> str:
    """Cut the sectors off a firm named with them ("日产新能源汽车及动力电池" → "日产")."""
    if _named(name):
        return name
    parts = re.split(r"及|和", name, maxsplit=1)
    if len(parts) < 2 or not _SECTOR.fullmatch(parts[1]):
        return name
    match = re.match(rf"(.{{2,}}?)(?:{_SECTOR.pattern})$", parts[0])
    return match.group(1) if match else parts[0]


def _bare_name(text: str, words: list[str]) -> str | None:
    """A name without suffix, accepted where the sentence says what it is to do.

    "争取佛山照明设立研发分支机构" (to settle here), "鼓励新飞与…开展深度合作" (a home firm to
    cooperate).
    """
    for length in range(2, min(8, len(text) - 1) + 1):
        name, after = text[:length], text[length:]
        if any(w in _INTRO or w == "争取" for w in words) and _SETTLES.match(after):
            return name
        if any(w in _SUPPORT for w in words) and _COOPERATES.match(after):
            return name
    return None


def _cut_single(text: str) -> str | None:
    """The organisation name opening ``text`` ("X有限公司与红旗区共建…" → "X有限公司")."""
    company = _COMPANY.search(text)
    if company:
        end = company.end()
        paren = re.match(r"[(（][^()（）]{1,10}[)）]", text[end:])
        return text[: end + (paren.end() if paren else 0)]
    # The first cut that leaves a name: "…北京同仁医院合作" must not stop at the 同 of 同仁.
    for cut in _NAME_CUT.finditer(text, 2):
        name = text[: cut.start()]
        if _named(name):
            return None if "与" in name else name
    # No verb follows: the whole text is the name, 与 included ("上海微系统与信息技术研究所").
    return text if _named(text) else None


# --- context ------------------------------------------------------------------------------------

_SUB_LEAD = re.compile(r"(?:^|[。；;])\s*([^，,。；;、]{2,10}?(?:产业|工业|业))[,，]")
_SUB_LEAD_VERB = re.compile(
    r"^(?:围绕|依托|聚焦|加强|推动|加快|发展|支持|立足|以|在|对|按照|结合|面向|瞄准|紧扣|坚持|大力|积极|"
    r"着力|重点|培育|壮大|做强|做大|提升|推进|鼓励|引导|引进|承接|构建|打造|促进|深化)"
)


class _Context:
    """Industry and region of the paragraph being read."""

    def __init__(self, block: Block):
        self.block = block
        self.titles = block.titles()
        lead = lead_of(block.text, max_len=20)
        self.lead = lead[0] if lead else None
        # "轻纺工业。纺织服装产业,聚焦…;…。现代家居产业,聚焦…": the industry within the paragraph.
        self.sub_leads = [
            (match.start(), match.group(1))
            for match in _SUB_LEAD.finditer(block.text)
            if not _SUB_LEAD_VERB.match(match.group(1))
        ]

    def industry(self, offset: int) -> str | None:
        sub = [name for start, name in self.sub_leads if start <= offset]
        if sub:
            return sub[-1]
        if self.lead and not region_in(self.lead):
            return self.lead
        return self.titles[0] if self.titles else None

    def region(self, phrase: str) -> str | None:
        for text in [phrase, self.lead, *self.titles]:
            found = region_in(text)
            if found:
                return found
        return None


# --- lists --------------------------------------------------------------------------------------


def _head_after_deng(text: str, start: int, stop: int) -> str:
    head = re.sub(r"^(?:一批|一系列|多家|\d+\s*[家个所])", "", text[start:stop])
    cut = _HEAD_END.search(head)
    return head[: cut.start()] if cut else head


def _class_kind(head: str) -> str | None:
    """What the noun after 等 says: "firm", "institution", "neutral", "weak" or None.

    The first noun decides ("等跨境电商综合试验区和企业" lists zones); a firm noun anywhere
    makes unsuffixed items firms ("等国际一流高校、科研院所和知名粮企").
    """
    first = re.split(r"[、和及与或]", head, maxsplit=1)[0]
    # "等领域专业化企业", "等关联生产企业": the items are fields or products.
    if re.match(
        r"(?:重点|相关|新兴|细分|关联|配套|上下游|多种)?"
        r"(?:领域|方面|环节|门类|品类|产品|业态|生产|形式|方式|模式|途径|手段)",
        first,
    ):
        return None
    if not (_FIRM_CLASS.search(first) or _INSTITUTION_CLASS.search(first)):
        if _NEUTRAL_CLASS.search(first):
            return "neutral"
        return "weak" if _WEAK_CLASS.search(first) else None
    if _FIRM_CLASS.search(head):
        return "firm"
    return "institution"


def _deng_positions(text: str, start: int, stop: int):
    for match in re.finditer(r"等", text[start:stop]):
        index = start + match.start()
        before = text[index - 1] if index > 0 else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        # 高等院校, 同等, 平等, 中等职业, 等级 are words, not the end of a list ("北京四中等" is).
        if before in "高同平对均相上初次优何" or after in "级同":
            continue
        if before == "中" and re.match(
            r"职业|专业|学校|教育|收入|规模|水平|城市|发达", text[index + 1 :]
        ):
            continue
        yield index


def _lists_in_clause(text: str, clause: tuple, sentence_end: int, ctx: _Context, out: list):
    begin, stop = clause
    # Cooperation must follow closely: "支持A等企业，与…开展战略合作", not a clause far away.
    tail_all = text[stop:sentence_end][:40]
    list_start = begin
    for deng in _deng_positions(text, begin, stop):
        if deng <= list_start:
            continue
        head = _head_after_deng(text, deng + 1, stop)
        class_kind = _class_kind(head)
        items = split_top(text, "、", list_start, deng)
        list_start = deng
        first_start, first_end = items[0]
        words, first = _strip_chain(text[first_start:first_end])
        names = [first] + [text[a:b] for a, b in items[1:]]
        offsets = [first_end - len(first)] + [a for a, _b in items[1:]]
        after_list = text[deng + 1 : stop]
        action = _action(words, after_list + tail_all)
        if (
            action is None
            and not words
            and re.search(r"^.{0,20}?(?:与|同).{0,20}?(?:合作|对接|协作)", after_list)
        ):
            # "A、B等企业与我市开展合作": the list is the subject of the cooperation.
            action = "合作"
        if action is None:
            continue
        strongly_named = 2 * sum(_named(name, strong=True) for name in names) >= len(names)
        if class_kind is None:
            # "重点推动与A、B等合作", "引进A集团、B集团等第三方资本": no organisation noun,
            # so the items must say themselves that they are organisations.
            if not strongly_named and (head.strip() or action != "合作"):
                continue
            class_kind = "weak"
        attracted = any(word in _INTRO + _DOCK for word in words)
        if (
            class_kind == "weak"
            and not attracted
            and 2 * sum(_named(name) for name in names) < len(names)
        ):
            continue
        default = "institution" if class_kind == "institution" else "firm"
        if class_kind == "weak" and _INSTITUTION_FIELD.search(head):
            default = "institution"
        region = ctx.region(head + text[first_start:first_end])
        for name, offset in zip(names, offsets, strict=True):
            # "区域总部和研发等功能性机构": an institution without a suffix is a short name.
            if class_kind == "institution" and not _named(name) and re.search(r"[和及在的]", name):
                continue
            _emit(_drop_sectors(name), offset, default, action, region, ctx, out)
    if list_start == begin:
        _named_without_deng(text, clause, tail_all, ctx, out)


def _named_without_deng(text: str, clause: tuple, tail: str, ctx: _Context, out: list):
    """'积极对接东软集团、太极集团', '推动X有限公司与某区共建…': without 等 every item must be a name."""
    begin, stop = clause
    words, rest = _strip_chain(text[begin:stop])
    if not words or not rest:
        return
    rest_start = stop - len(rest)
    # "支持新乡经开区与河南省物资集团战略合作": the home place comes first, the partner after 与.
    home = _HOME_PLACE.match(rest)
    if home:
        rest_start += home.end() + 1
        words = [*words, "与"]
    items = split_top(text, "、", rest_start, stop)
    names, offsets, pairs = [], [], False
    for index, (a, b) in enumerate(items):
        piece = text[a:b]
        # "首都医科大学—新乡医学院'一对一'合作": the partner, then the home institution.
        pair = re.match(r"^([^—\-－]{2,30})[—\-－]([^—\-－]{2,30}?)(?=[“\"'‘]|$)", piece)
        if pair and _named(pair.group(1)) and _named(re.split(r"[“\"'‘]", pair.group(2))[0]):
            piece, pairs = pair.group(1), True
        elif index == len(items) - 1:
            piece = _cut_single(piece) or _bare_name(piece, words) or ""
        if piece and (_named(piece) or len(items) == 1):
            names.append(piece)
            offsets.append(a)
    if not names:
        return
    after = text[offsets[-1] + len(names[-1]) : stop] + tail
    action = "合作" if pairs and _COOPERATION.search(after) else _action(words, after)
    if action is None:
        return
    # "与…共建产业技术创新战略联盟" names a kind of body; only 对接/引进 lists keep weak names.
    if not any(w in _INTRO + _DOCK for w in words):
        names_offsets = [
            (n, o)
            for n, o in zip(names, offsets, strict=True)
            if _named(n, strong=True) or not _named(n)
        ]
    else:
        names_offsets = list(zip(names, offsets, strict=True))
    region = ctx.region(text[begin:stop])
    for name, offset in names_offsets:
        _emit(name, offset, "firm", action, region, ctx, out)


def _emit(name, offset, default, action, region, ctx: _Context, out: list):
    name = _tidy(name)
    if _is_generic(name):
        return
    out.append(
        {
            "name": name,
            "kind": _kind(name, default),
            "industry": ctx.industry(offset),
            "action": action,
            "source_region": region,
            "source_line": ctx.block.line_at(offset),
        }
    )


def extract_enterprises(lines: list[Line]) -> list[dict]:
    """Enterprises and institutions named as partners or targets, in document order.

    Each is ``{name, kind, industry, action, source_region, source_line}``: ``kind`` is
    "institution" for universities, institutes, labs, centres, associations…, else "firm";
    ``industry`` the sub-industry, paragraph title or heading it is listed under; ``action``
    引进/对接/合作 for outside partners, or the verb urging a home firm (支持, 推动, 鼓励,
    引导, 加强…); ``source_region`` the region its section names (京津冀, 长三角, 粤港澳,
    境外…) or None. Sections reviewing past achievements are skipped.
    """
    found: list[dict] = []
    for block in build_blocks(lines):
        if block.kind != "para" or block.retro:
            continue
        ctx = _Context(block)
        text = block.text
        for sentence_start, sentence_end in sentences(text):
            for clause in split_top(text, "，,；;：:。！？", sentence_start, sentence_end):
                if clause[1] > clause[0]:
                    _lists_in_clause(text, clause, sentence_end, ctx, found)
    # A box printed twice is reported twice (each copy has its own line); only an entry
    # found twice on the same line is dropped.
    unique, seen = [], set()
    for item in found:
        key = (item["name"], item["action"], item["source_line"])
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
