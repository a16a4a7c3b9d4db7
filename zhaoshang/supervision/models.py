"""The five rhythms of supervision: weekly updates, bulletins, rankings, site reviews, summaries."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhaoshang.core.models import TimestampedModel

from .choices import Normalization, ScopeKind


class WeeklyUpdate(TimestampedModel):
    """A county's or zone's 周动态: free text plus the week's recorded changes, filled in."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name="县(市、区)",
        on_delete=models.PROTECT,
        related_name="weekly_updates",
        null=True,
        blank=True,
    )
    zone = models.ForeignKey(
        "regions.DevelopmentZone",
        verbose_name="开发区",
        on_delete=models.PROTECT,
        related_name="weekly_updates",
        null=True,
        blank=True,
    )
    week_start = models.DateField(
        verbose_name="周一日期",
    )
    text = models.TextField(
        verbose_name="本周工作动态",
    )
    activity = models.JSONField(
        verbose_name="本周阶段变更与到位资金",
        default=dict,
        blank=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "周动态"
        verbose_name_plural = "周动态"
        ordering = ["-week_start", "region", "zone"]
        constraints = [
            # One constraint per kind of scope: NULLs never collide, so a single constraint
            # over (region, zone, week) would not fire.
            models.UniqueConstraint(
                fields=["region", "week_start"],
                condition=Q(region__isnull=False),
                name="weekly_update_once_per_region_week",
                violation_error_message="本周已报送过周动态，请修改原报送",
            ),
            models.UniqueConstraint(
                fields=["zone", "week_start"],
                condition=Q(zone__isnull=False),
                name="weekly_update_once_per_zone_week",
                violation_error_message="本周已报送过周动态，请修改原报送",
            ),
            models.CheckConstraint(
                name="weekly_update_one_scope",
                condition=Q(region__isnull=False, zone__isnull=True)
                | Q(region__isnull=True, zone__isnull=False),
                violation_error_message="周动态须属于一个县(市、区)或一个开发区",
            ),
        ]

    def __str__(self):
        return f"{self.region or self.zone} {self.week_start} 周动态"


class Bulletin(models.Model):
    """A published 月通报, frozen with the inputs it was computed from."""

    period_code = models.CharField(
        verbose_name="期间",
        max_length=20,
    )
    number = models.PositiveIntegerField(
        verbose_name="期号",
    )
    title = models.CharField(
        verbose_name="标题",
        max_length=200,
    )
    snapshot = models.JSONField(
        verbose_name="发布时的数据",
    )
    docx = models.FileField(
        verbose_name="Word 文件",
        upload_to="bulletins/",
    )
    pdf = models.FileField(
        verbose_name="PDF 文件",
        upload_to="bulletins/",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(
        verbose_name="发布时间",
        auto_now_add=True,
    )

    class Meta:
        verbose_name = "月通报"
        verbose_name_plural = "月通报"
        ordering = ["-period_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_code"],
                name="bulletin_once_per_period",
                violation_error_message="该月的通报已发布",
            ),
        ]

    def __str__(self):
        return self.title


class RankingConfig(models.Model):
    """The weights and normalisation of one year's 季排名, set by the city administrator."""

    year = models.PositiveSmallIntegerField(
        verbose_name="年度",
    )
    weights = models.JSONField(
        verbose_name="权重",
        help_text="各指标的权重（合计100）",
    )
    normalization = models.CharField(
        verbose_name="标准化方法",
        max_length=20,
        choices=Normalization.choices,
        default=Normalization.MIN_MAX,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="设置人",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField(
        verbose_name="设置时间",
        auto_now=True,
    )

    class Meta:
        verbose_name = "排名规则"
        verbose_name_plural = "排名规则"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                name="ranking_config_per_year",
                violation_error_message="该年度已有排名规则",
            ),
        ]

    def __str__(self):
        return f"{self.year}年排名规则"


class PublishedRanking(models.Model):
    """A published 季排名 of counties or zones, frozen with its inputs and rules."""

    period_code = models.CharField(
        verbose_name="期间",
        max_length=20,
    )
    scope_kind = models.CharField(
        verbose_name="排名对象",
        max_length=10,
        choices=ScopeKind.choices,
    )
    snapshot = models.JSONField(
        verbose_name="发布时的排名与数据",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(
        verbose_name="发布时间",
        auto_now_add=True,
    )

    class Meta:
        verbose_name = "已发布排名"
        verbose_name_plural = "已发布排名"
        ordering = ["-period_code", "scope_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_code", "scope_kind"],
                name="ranking_once_per_period",
                violation_error_message="该期排名已发布",
            ),
        ]

    def __str__(self):
        return f"{self.period_code} {self.get_scope_kind_display()}排名"
