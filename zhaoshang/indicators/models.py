"""Plan indicators (指标): a baseline, a target, and where the figure came from."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models

from zhaoshang.core.models import TimestampedModel

from .choices import Attribute

VALUE = {"max_digits": 20, "decimal_places": 4, "null": True, "blank": True}


class Indicator(TimestampedModel):
    """An indicator of a plan, e.g. 实际利用省外资金(亿元) from 2021 to 2025."""

    name = models.CharField(
        verbose_name="指标名称",
        max_length=200,
    )
    unit = models.CharField(
        verbose_name="单位",
        max_length=30,
        blank=True,
    )
    category = models.CharField(
        verbose_name="类别",
        max_length=50,
        blank=True,
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属地区",
        on_delete=models.PROTECT,
        related_name="indicators",
        null=True,
        blank=True,
    )
    plan = models.ForeignKey(
        "ingest.PlanDocument",
        verbose_name="所属规划",
        on_delete=models.SET_NULL,
        related_name="indicators",
        null=True,
        blank=True,
    )
    baseline_year = models.PositiveSmallIntegerField(
        verbose_name="基期年份",
        null=True,
        blank=True,
    )
    baseline_value = models.DecimalField(
        verbose_name="基期值",
        **VALUE,
    )
    target_year = models.PositiveSmallIntegerField(
        verbose_name="目标年份",
        null=True,
        blank=True,
    )
    target_value = models.DecimalField(
        verbose_name="目标值",
        **VALUE,
    )
    target_qualifier = models.CharField(
        verbose_name="目标限定",
        help_text="以上、以内、左右等",
        max_length=10,
        blank=True,
    )
    target_text = models.CharField(
        verbose_name="文字目标",
        help_text="如“市定目标”",
        max_length=100,
        blank=True,
    )
    annual_growth_pct = models.DecimalField(
        verbose_name="年均增长（%）",
        **VALUE,
    )
    cumulative = models.BooleanField(
        verbose_name="五年累计",
        default=False,
    )
    actual_year = models.PositiveSmallIntegerField(
        verbose_name="实际完成年份",
        null=True,
        blank=True,
    )
    actual_value = models.DecimalField(
        verbose_name="实际完成值",
        **VALUE,
    )
    actual_text = models.CharField(
        verbose_name="实际完成（文字）",
        max_length=100,
        blank=True,
    )
    attribute = models.CharField(
        verbose_name="属性",
        max_length=10,
        choices=Attribute.choices,
        blank=True,
    )
    sources = GenericRelation(
        "ingest.Provenance",
        related_query_name="indicator",
    )
    computed_by = models.CharField(
        verbose_name="自动计算口径",
        help_text="由平台数据计算的指标，不需手工填报",
        max_length=40,
        blank=True,
    )

    class Meta:
        verbose_name = "规划指标"
        verbose_name_plural = "规划指标"
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name", "target_year"],
                name="indicator_unique_per_plan",
                violation_error_message="该规划中已有同名、同目标年份的指标",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.unit}）" if self.unit else self.name


class IndicatorObservation(models.Model):
    """A value an indicator reached in a period (entered by hand or computed)."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name="指标",
        on_delete=models.CASCADE,
        related_name="observations",
    )
    period_code = models.CharField(
        verbose_name="期间",
        help_text="如 2025、2025H1、2025Q2、2025-06",
        max_length=20,
    )
    period_end = models.DateField(
        verbose_name="期末日期",
    )
    value = models.DecimalField(
        verbose_name="数值",
        max_digits=20,
        decimal_places=4,
    )
    note = models.CharField(
        verbose_name="说明",
        max_length=200,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name="录入人",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "指标监测值"
        verbose_name_plural = "指标监测值"
        ordering = ["indicator", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_code"],
                name="observation_once_per_period",
                violation_error_message="该指标本期已有监测值",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.period_code}：{self.value}"
