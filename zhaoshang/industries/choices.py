from django.db import models


class ClusterTier(models.TextChoices):
    TRADITIONAL = "traditional", "传统产业"
    EMERGING = "emerging", "新兴产业"
    FUTURE = "future", "未来产业"


class CodeLevel(models.TextChoices):
    SECTION = "section", "门类"
    DIVISION = "division", "大类"
    GROUP = "group", "中类"
    CLASS = "class", "小类"
