"""Administrative divisions and the carriers (载体) projects land in."""

from django.db import models

from zhaoshang.core.models import ScopedQuerySet, TimestampedModel

from .choices import RegionLevel, ZoneLevel


class Region(models.Model):
    """An administrative division: 新乡市 or one of its county-level units."""

    code = models.CharField(
        verbose_name="区划代码",
        max_length=12,
    )
    name = models.CharField(
        verbose_name="名称",
        max_length=50,
    )
    level = models.CharField(
        verbose_name="层级",
        max_length=10,
        choices=RegionLevel.choices,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], name="region_code_unique", violation_error_message="区划代码已存在"
            ),
        ]

    def __str__(self):
        return self.name


class DevelopmentZone(TimestampedModel):
    """A development zone (开发区) with the industries it is to attract (承接领域)."""

    name = models.CharField(
        verbose_name="名称",
        max_length=100,
    )
    level = models.CharField(
        verbose_name="级别",
        max_length=12,
        choices=ZoneLevel.choices,
        blank=True,
    )
    region = models.ForeignKey(
        Region,
        verbose_name="所在县(市、区)",
        on_delete=models.PROTECT,
        related_name="zones",
        null=True,
        blank=True,
    )
    source = models.CharField(
        verbose_name="来源",
        max_length=200,
        blank=True,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "开发区"
        verbose_name_plural = "开发区"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], name="zone_name_unique", violation_error_message="开发区名称已存在"
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def scope_filter(cls, user, action):
        """Zones are public reference data; only the city administrator edits them."""
        if action == "view" or user.is_city_admin:
            return None
        return False


class ZoneIndustry(models.Model):
    """An industry a zone is to attract, with its detailed items (装备制造: 起重机械、…)."""

    zone = models.ForeignKey(
        DevelopmentZone,
        verbose_name="开发区",
        on_delete=models.CASCADE,
        related_name="industries",
    )
    name = models.CharField(
        verbose_name="产业",
        max_length=100,
    )
    cluster = models.ForeignKey(
        "industries.IndustryCluster",
        verbose_name="所属产业集群",
        on_delete=models.SET_NULL,
        related_name="zone_industries",
        null=True,
        blank=True,
    )
    items = models.JSONField(
        verbose_name="细分领域",
        default=list,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(
        verbose_name="顺序",
        default=0,
    )

    class Meta:
        verbose_name = "承接领域"
        verbose_name_plural = "承接领域"
        ordering = ["zone", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="zone_industry_unique",
                violation_error_message="该开发区已有同名承接领域",
            ),
        ]

    def __str__(self):
        return f"{self.zone}·{self.name}"


class Park(TimestampedModel):
    """A named park (专业园区/产业园) inside or beside a development zone."""

    name = models.CharField(
        verbose_name="名称",
        max_length=100,
    )
    zone = models.ForeignKey(
        DevelopmentZone,
        verbose_name="所属开发区",
        on_delete=models.PROTECT,
        related_name="parks",
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        Region,
        verbose_name="所在县(市、区)",
        on_delete=models.PROTECT,
        related_name="parks",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "专业园区"
        verbose_name_plural = "专业园区"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], name="park_name_unique", violation_error_message="园区名称已存在"
            ),
        ]

    def __str__(self):
        return self.name
