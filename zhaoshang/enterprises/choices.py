from django.db import models


class TagKind(models.TextChoices):
    FORTUNE_GLOBAL_500 = "fortune_global_500", "世界500强"
    CHINA_500 = "china_500", "中国500强"
    PRIVATE_500 = "private_500", "民营500强"
    CENTRAL_SOE = "central_soe", "央企"
    LISTED = "listed", "上市公司"
    INDUSTRY_LEADER = "industry_leader", "行业龙头"
    SPECIALIZED = "specialized", "专精特新"
    LITTLE_GIANT = "little_giant", "专精特新“小巨人”"
    SINGLE_CHAMPION = "single_champion", "单项冠军"
    UNICORN = "unicorn", "独角兽"
    GAZELLE = "gazelle", "瞪羚"
    HIDDEN_CHAMPION = "hidden_champion", "隐形冠军"


class IndustryRelation(models.TextChoices):
    TARGET = "target", "目标企业"
    LOCAL = "local", "在新企业"


# Verbs with which a plan urges its own firms rather than courting outside ones.
LOCAL_ACTIONS = frozenset({"支持", "鼓励", "引导", "推动", "加强"})


class EnterpriseKind(models.TextChoices):
    FIRM = "firm", "企业"
    INSTITUTION = "institution", "机构"
