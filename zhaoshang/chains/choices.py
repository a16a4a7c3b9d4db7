from django.db import models

from zhaoshang.projects.choices import VisitKind


class Position(models.TextChoices):
    UPSTREAM = "upstream", "上游"
    MIDSTREAM = "midstream", "中游"
    DOWNSTREAM = "downstream", "下游"


class NodeStatus(models.TextChoices):
    STRONG = "strong", "优势"
    WEAK = "weak", "薄弱"
    GAP = "gap", "空白"


class ChiefRole(models.TextChoices):
    GROUP_CHIEF = "group_chief", "群链长"
    CHIEF = "chief", "链长"
    LEAD_DEPARTMENT = "lead_department", "责任单位"
    LEADING_FIRM = "leading_firm", "盟会长单位"


# Roles held by people (city leaders); the conversion funnel is counted per person.
PERSON_ROLES = frozenset({ChiefRole.GROUP_CHIEF, ChiefRole.CHIEF})


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", "高校"
    RESEARCH_INSTITUTE = "research_institute", "科研院所"
    LAB = "lab", "实验室"
    PLATFORM = "platform", "创新平台/联盟"


class TargetAction(models.TextChoices):
    FILL = "fill", "补链"
    EXTEND = "extend", "延链"
    STRENGTHEN = "strengthen", "强链"


class TargetStatus(models.TextChoices):
    NOT_CONTACTED = "not_contacted", "未接触"
    CONTACTED = "contacted", "已对接"
    NEGOTIATING = "negotiating", "洽谈中"
    SIGNED = "signed", "已签约"


# 四个遍访: the four kinds of project visit that are also recorded against a chain.
CHAIN_VISIT_KINDS = [
    VisitKind.LEADER,
    VisitKind.ASSOCIATION,
    VisitKind.RESEARCH_TEAM,
    VisitKind.CUSTOMER,
]
CHAIN_VISIT_CHOICES = [(kind.value, kind.label) for kind in CHAIN_VISIT_KINDS]
