from django.db import models


class Stage(models.TextChoices):
    SOURCING = "sourcing", "谋划"
    NEGOTIATING = "negotiating", "对接洽谈"
    SIGNED = "signed", "签约"
    REGISTERED = "registered", "注册"
    UNDER_CONSTRUCTION = "under_construction", "开工"
    IN_PRODUCTION = "in_production", "投产"
    AT_CAPACITY = "at_capacity", "达效"


class Status(models.TextChoices):
    ACTIVE = "active", "正常推进"
    DELAYED = "delayed", "滞后"
    STALLED = "stalled", "停滞"
    WITHDRAWN = "withdrawn", "终止"


class ProjectKind(models.TextChoices):
    NEW = "new", "新建"
    CAPITAL_INCREASE = "capital_increase", "增资"
    EXPANSION = "expansion", "扩产"


class SourceRegion(models.TextChoices):
    BEIJING_TIANJIN_HEBEI = "jjj", "京津冀"
    YANGTZE_DELTA = "yrd", "长三角"
    GREATER_BAY = "gba", "粤港澳大湾区"
    OTHER_PROVINCE = "other_province", "其他省份"
    ZHENGZHOU_METRO = "zhengzhou_metro", "郑州都市圈"
    HENAN_OTHER = "henan_other", "省内其他地市"
    LOCAL = "local", "本市"
    OVERSEAS = "overseas", "境外"


# Investors from these places bring 省外资金 (funds from outside Henan).
OUT_OF_PROVINCE_SOURCES = frozenset(
    {
        SourceRegion.BEIJING_TIANJIN_HEBEI,
        SourceRegion.YANGTZE_DELTA,
        SourceRegion.GREATER_BAY,
        SourceRegion.OTHER_PROVINCE,
    }
)


class EvidenceKind(models.TextChoices):
    CONTRACT = "contract", "投资合同"
    REGISTRATION = "registration", "营业执照"
    CONSTRUCTION_PERMIT = "construction_permit", "施工许可证"
    PRODUCTION_PROOF = "production_proof", "投产证明"
    OTHER = "other", "其他"


class VisitKind(models.TextChoices):
    LEADER = "leader", "走访龙头企业"
    ASSOCIATION = "association", "走访行业协会"
    RESEARCH_TEAM = "research_team", "走访研发团队和专家"
    CUSTOMER = "customer", "走访上下游客户"
    NEGOTIATION = "negotiation", "项目洽谈"
    OTHER = "other", "其他"
