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


class OutreachAction(models.TextChoices):
    ATTRACT = "引进", "引进"
    CONNECT = "对接", "对接"
    COOPERATE = "合作", "合作"
    SUPPORT = "支持", "支持"


class EnterpriseKind(models.TextChoices):
    FIRM = "firm", "企业"
    INSTITUTION = "institution", "机构"
