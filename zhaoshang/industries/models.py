"""Industry classification (GB/T 4754-2017) and the "542" industry clusters."""

from django.db import models

from .choices import ClusterTier, CodeLevel


class IndustryCode(models.Model):
    """A code of 国民经济行业分类 GB/T 4754-2017: section letter or 2/3/4-digit code."""

    code = models.CharField(
        verbose_name="代码",
        max_length=5,
    )
    name = models.CharField(
        verbose_name="名称",
        max_length=100,
    )
    level = models.CharField(
        verbose_name="层级",
        max_length=10,
        choices=CodeLevel.choices,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    section = models.CharField(
        verbose_name="门类",
        max_length=1,
    )

    class Meta:
        verbose_name = "国民经济行业分类"
        verbose_name_plural = "国民经济行业分类"
        ordering = ["section", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="industry_code_unique",
                violation_error_message="行业代码已存在",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class IndustryCluster(models.Model):
    """One of the "542" modern industry clusters of the city plan."""

    name = models.CharField(
        verbose_name="名称",
        max_length=50,
    )
    tier = models.CharField(
        verbose_name="类别",
        max_length=12,
        choices=ClusterTier.choices,
    )
    order = models.PositiveSmallIntegerField(
        verbose_name="顺序",
        default=0,
    )
    codes = models.ManyToManyField(
        IndustryCode,
        verbose_name="对应行业大类",
        related_name="clusters",
        blank=True,
    )

    class Meta:
        verbose_name = "产业集群"
        verbose_name_plural = "产业集群"
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="cluster_name_unique",
                violation_error_message="产业集群已存在",
            ),
        ]

    def __str__(self):
        return self.name
