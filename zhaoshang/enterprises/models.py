"""Enterprises: investors, local firms and targets."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from zhaoshang.core.models import ScopedQuerySet, TimestampedModel
from zhaoshang.utils.chinese import company_name_key
from zhaoshang.utils.codes import validate_uscc

from .choices import EnterpriseKind, IndustryRelation, TagKind


class Enterprise(TimestampedModel):
    """A company known to the platform, identified by its 统一社会信用代码 where known."""

    name = models.CharField(
        verbose_name="企业名称",
        max_length=200,
        db_index=True,
    )
    name_key = models.CharField(
        verbose_name="名称主干",
        help_text="去掉“有限公司”“集团”等后缀的名称，用于识别同一企业",
        max_length=200,
        db_index=True,
        editable=False,
        default="",
    )
    # NULL, not "", for an unknown code: the unique constraint must ignore missing codes.
    uscc = models.CharField(  # noqa: DJ001
        verbose_name="统一社会信用代码",
        max_length=18,
        null=True,
        blank=True,
        validators=[validate_uscc],
    )
    kind = models.CharField(
        verbose_name="类型",
        max_length=12,
        choices=EnterpriseKind.choices,
        default=EnterpriseKind.FIRM,
    )
    is_local = models.BooleanField(
        verbose_name="在新企业",
        default=False,
    )
    home_region = models.CharField(
        verbose_name="总部所在地",
        max_length=100,
        blank=True,
    )
    industry_code = models.ForeignKey(
        "industries.IndustryCode",
        verbose_name="行业",
        on_delete=models.SET_NULL,
        related_name="enterprises",
        null=True,
        blank=True,
    )
    cluster = models.ForeignKey(
        "industries.IndustryCluster",
        verbose_name="产业集群",
        on_delete=models.SET_NULL,
        related_name="enterprises",
        null=True,
        blank=True,
    )
    description = models.TextField(
        verbose_name="简介",
        blank=True,
    )
    is_demo = models.BooleanField(
        verbose_name="演示数据",
        default=False,
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                name="enterprise_uscc_unique",
                violation_error_message="已有企业使用该统一社会信用代码",
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def scope_filter(cls, user, action):
        """Every signed-in user may look up companies; officers and the admin record them."""
        if action == "view" or user.can_write_projects:
            return None
        return False

    def normalize(self):
        """Derive the stored forms; bulk writers call this since they bypass ``save``."""
        # Blank codes are stored as NULL so that the unique constraint ignores them.
        self.uscc = self.uscc.strip().upper() if self.uscc else None
        self.name_key = company_name_key(self.name)
        return self

    def save(self, *args, **kwargs):
        self.normalize()
        super().save(*args, **kwargs)
        # Projects are searched by their investor's name: keep their search column current,
        # without a history entry (nothing the user edited on the project changed).
        for project in self.projects.only("id", "name", "project_code", "investor_id"):
            project.investor = self
            self.projects.filter(pk=project.pk).update(
                search_text=project.refresh_search_text().search_text
            )


class EnterpriseTag(models.Model):
    """A distinction of an enterprise, such as 世界500强 in a given year at a given rank."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="tags",
    )
    kind = models.CharField(
        verbose_name="标签",
        max_length=30,
        choices=TagKind.choices,
    )
    year = models.PositiveSmallIntegerField(
        verbose_name="年份",
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    rank = models.PositiveIntegerField(
        verbose_name="排名",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "企业标签"
        verbose_name_plural = "企业标签"
        ordering = ["enterprise", "kind", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "year"],
                name="enterprise_tag_unique",
                violation_error_message="该企业已有同年份的同一标签",
            ),
        ]

    def __str__(self):
        parts = [self.get_kind_display()]
        if self.year:
            parts.append(f"{self.year}年")
        if self.rank:
            parts.append(f"第{self.rank}位")
        return " ".join(parts)


class EnterpriseAlias(models.Model):
    """Another name the same enterprise is known by (简称, former name, a plan's wording)."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="aliases",
    )
    name = models.CharField(
        verbose_name="别名",
        max_length=200,
    )

    class Meta:
        verbose_name = "企业别名"
        verbose_name_plural = "企业别名"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="enterprise_alias_unique",
                violation_error_message="该别名已被使用",
            ),
        ]

    def __str__(self):
        return self.name


class IndustryEnterprise(models.Model):
    """An enterprise's place in an industry: a target to attract or a local firm."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="industry_links",
    )
    relation = models.CharField(
        verbose_name="关系",
        max_length=10,
        choices=IndustryRelation.choices,
        default=IndustryRelation.TARGET,
    )
    industry = models.CharField(
        verbose_name="产业",
        max_length=100,
        blank=True,
    )
    cluster = models.ForeignKey(
        "industries.IndustryCluster",
        verbose_name="产业集群",
        on_delete=models.SET_NULL,
        related_name="enterprise_links",
        null=True,
        blank=True,
    )
    action = models.CharField(
        verbose_name="方式",
        help_text="规划中的动词，如引进、对接、合作、支持",
        max_length=10,
        blank=True,
    )
    source_region = models.CharField(
        verbose_name="来源地",
        max_length=30,
        blank=True,
    )

    class Meta:
        verbose_name = "产业目标/在新企业"
        verbose_name_plural = "产业目标/在新企业"
        ordering = ["industry", "enterprise"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "relation", "industry"],
                name="industry_enterprise_unique",
                violation_error_message="该企业已在此产业中登记",
            ),
        ]

    def __str__(self):
        return f"{self.industry}·{self.enterprise}（{self.get_relation_display()}）"
