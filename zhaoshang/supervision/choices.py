from django.db import models


class ScopeKind(models.TextChoices):
    REGION = "region", "县(市、区)"
    ZONE = "zone", "开发区"


class Normalization(models.TextChoices):
    MIN_MAX = "min_max", "极差标准化（最高者100分、最低者0分）"
    SHARE_OF_MAX = "share_of_max", "占最高值比例（最高者100分）"
    RANK = "rank", "名次得分（第1名100分，依次递减）"
