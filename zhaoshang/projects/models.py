"""Investment projects (招商项目) and what happens to them: stages, funds, visits."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zhaoshang.core.models import ScopedQuerySet, TimestampedModel
from zhaoshang.utils.codes import validate_project_code

from .choices import (
    OUT_OF_PROVINCE_SOURCES,
    EvidenceKind,
    ProjectKind,
    SourceRegion,
    Stage,
    Status,
    VisitKind,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
REACHED_FIELDS = ("signed_on", "started_on", "producing_on")

# The fields a user records directly (form, spreadsheet, API). Stage, status, version and the
# derived flags change only through their own services.
EDITABLE_FIELDS = [
    "name",
    "project_code",
    "kind",
    "extends",
    "source_region",
    "cluster",
    "industry_code",
    "total_investment",
    "contracted_investment",
    "foreign_investment_usd",
    "contract_date",
    "planned_start_date",
    "planned_production_date",
    "region",
    "zone",
    "lead_official",
    "assigned_official",
    "service_officer",
    "description",
]


class ProjectQuerySet(ScopedQuerySet):
    def with_list_relations(self):
        return self.select_related("region", "zone", "cluster", "investor")


class Project(TimestampedModel):
    """An investment project from first lead to production, owned by one county-level region."""

    name = models.CharField(
        verbose_name="项目名称",
        max_length=200,
        db_index=True,
    )
    # NULL, not "", for an unknown code: the unique constraint must ignore missing codes.
    project_code = models.CharField(  # noqa: DJ001
        verbose_name="投资项目代码",
        max_length=24,
        null=True,
        blank=True,
        validators=[validate_project_code],
    )
    investor = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="投资方",
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
    )
    kind = models.CharField(
        verbose_name="项目类型",
        max_length=20,
        choices=ProjectKind.choices,
        default=ProjectKind.NEW,
    )
    extends = models.ForeignKey(
        "self",
        verbose_name="增资/扩产的原项目",
        on_delete=models.PROTECT,
        related_name="extensions",
        null=True,
        blank=True,
    )
    source_region = models.CharField(
        verbose_name="来源地",
        max_length=20,
        choices=SourceRegion.choices,
        blank=True,
    )
    cluster = models.ForeignKey(
        "industries.IndustryCluster",
        verbose_name="产业集群",
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
    )
    industry_code = models.ForeignKey(
        "industries.IndustryCode",
        verbose_name="国民经济行业",
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
    )
    total_investment = models.DecimalField(
        verbose_name="总投资（万元）",
        help_text="增资、扩产项目只填新增部分",
        null=True,
        blank=True,
        **MONEY,
    )
    contracted_investment = models.DecimalField(
        verbose_name="合同投资额（万元）",
        null=True,
        blank=True,
        **MONEY,
    )
    foreign_investment_usd = models.DecimalField(
        verbose_name="合同外资（万美元）",
        null=True,
        blank=True,
        **MONEY,
    )
    contract_date = models.DateField(
        verbose_name="签约日期",
        null=True,
        blank=True,
    )
    planned_start_date = models.DateField(
        verbose_name="合同约定开工日期",
        null=True,
        blank=True,
    )
    planned_production_date = models.DateField(
        verbose_name="合同约定投产日期",
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="责任县(市、区)",
        on_delete=models.PROTECT,
        related_name="projects",
    )
    zone = models.ForeignKey(
        "regions.DevelopmentZone",
        verbose_name="落地开发区",
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
    )
    lead_official = models.CharField(
        verbose_name="领衔市级领导",
        max_length=50,
        blank=True,
    )
    assigned_official = models.CharField(
        verbose_name="分包县区领导",
        max_length=50,
        blank=True,
    )
    service_officer = models.CharField(
        verbose_name="服务官",
        max_length=50,
        blank=True,
    )
    stage = models.CharField(
        verbose_name="阶段",
        max_length=20,
        choices=Stage.choices,
        default=Stage.SOURCING,
    )
    stage_date = models.DateField(
        verbose_name="进入当前阶段日期",
        null=True,
        blank=True,
    )
    # First dates the project reached 签约 / 开工 / 投产 or a later stage, kept in step with its
    # stage changes (services.refresh_reached) so that period figures are SQL aggregates
    # rather than a pass over every project's history.
    signed_on = models.DateField(
        verbose_name="首次签约日期",
        null=True,
        blank=True,
        editable=False,
    )
    started_on = models.DateField(
        verbose_name="首次开工日期",
        null=True,
        blank=True,
        editable=False,
    )
    producing_on = models.DateField(
        verbose_name="首次投产日期",
        null=True,
        blank=True,
        editable=False,
    )
    status = models.CharField(
        verbose_name="推进状态",
        max_length=12,
        choices=Status.choices,
        default=Status.ACTIVE,
    )
    status_reason = models.CharField(
        verbose_name="状态说明",
        max_length=500,
        blank=True,
    )
    lost_to_region = models.CharField(
        verbose_name="流失去向",
        max_length=100,
        blank=True,
    )
    description = models.TextField(
        verbose_name="项目简介",
        blank=True,
    )
    is_demo = models.BooleanField(
        verbose_name="演示数据",
        default=False,
    )
    search_text = models.CharField(
        verbose_name="检索文本",
        help_text="项目名称、投资方名称和投资项目代码，供列表检索",
        max_length=500,
        default="",
        editable=False,
    )
    version = models.PositiveIntegerField(
        verbose_name="版本",
        default=1,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.SET_NULL,
        related_name="created_projects",
        null=True,
        blank=True,
    )
    is_out_of_province = models.GeneratedField(
        verbose_name="省外项目",
        expression=Case(
            When(source_region__in=sorted(OUT_OF_PROVINCE_SOURCES), then=Value(True)),
            default=Value(False),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    is_foreign = models.GeneratedField(
        verbose_name="外资项目",
        expression=Case(
            When(
                Q(source_region=SourceRegion.OVERSEAS) | Q(foreign_investment_usd__gt=0),
                then=Value(True),
            ),
            default=Value(False),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    is_major = models.GeneratedField(
        verbose_name="10亿元以上",
        expression=Case(
            When(total_investment__gte=settings.MAJOR_PROJECT_THRESHOLD_WAN, then=Value(True)),
            default=Value(False),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "is_out_of_province",
            "is_foreign",
            "is_major",
            "updated_at",
            "version",
            "search_text",
            "signed_on",
            "started_on",
            "producing_on",
        ],
    )

    class Meta:
        verbose_name = "招商项目"
        verbose_name_plural = "招商项目"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project_code"],
                name="project_code_unique",
                violation_error_message="已有项目使用该投资项目代码，不能重复录入",
            ),
            models.CheckConstraint(
                name="project_amounts_not_negative",
                condition=(Q(total_investment__isnull=True) | Q(total_investment__gte=0))
                & (Q(contracted_investment__isnull=True) | Q(contracted_investment__gte=0))
                & (Q(foreign_investment_usd__isnull=True) | Q(foreign_investment_usd__gte=0)),
                violation_error_message="金额不能为负数",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "stage"], name="project_region_stage"),
            # Covers the stage funnel (count and investment per stage, withdrawn left out).
            models.Index(fields=["stage", "status", "total_investment"], name="project_funnel"),
            models.Index(fields=["zone"], name="project_zone"),
            models.Index(fields=["total_investment"], name="project_total"),
            models.Index(fields=["stage", "total_investment"], name="project_stage_total"),
            models.Index(fields=["contract_date"], name="project_contract_date"),
            models.Index(fields=["signed_on"], name="project_signed_on"),
            models.Index(fields=["planned_start_date"], name="project_planned_start"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def scope_filter(cls, user, action):
        """City roles see every project; an officer sees and edits only their own region's
        or zone's; only the city administrator and officers write."""
        if user.is_officer:
            if user.region_id:
                return Q(region_id=user.region_id)
            return Q(zone_id=user.zone_id)
        if action == "view" or user.is_city_admin:
            return None
        return False

    def clean(self):
        errors = {}
        today = timezone.localdate()
        for field in ("total_investment", "contracted_investment", "foreign_investment_usd"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = "金额不能为负数"
        if self.contract_date and self.contract_date > today:
            errors["contract_date"] = "签约日期不能晚于今天"
        if self.kind == ProjectKind.NEW and self.extends_id:
            errors["extends"] = "新建项目不需要关联原项目；增资或扩产项目才需要"
        if self.kind != ProjectKind.NEW and not self.extends_id:
            errors["extends"] = "增资、扩产项目必须关联原项目"
        if self.extends_id and self.pk and self.extends_id == self.pk:
            errors["extends"] = "项目不能关联自身"
        if self.status != Status.ACTIVE and not self.status_reason:
            errors["status_reason"] = "推进状态为滞后、停滞或终止时必须说明原因"
        if self.status == Status.WITHDRAWN and not self.lost_to_region:
            errors["lost_to_region"] = "终止的项目须注明流失去向（地区或城市；未流失填“无”）"
        if self.zone_id and self.region_id and self.zone.region_id not in (None, self.region_id):
            errors["zone"] = "所选开发区不在该责任县(市、区)"
        if errors:
            raise ValidationError(errors)

    def refresh_search_text(self):
        """Derive the search column; bulk writers call this since they bypass ``save``."""
        investor = self.investor.name if self.investor_id else ""
        self.search_text = " ".join(filter(None, [self.name, investor, self.project_code]))[:500]
        return self

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        elif not self._state.adding and not kwargs.get("force_insert"):
            # The first-reached dates belong to the stage changes (services.refresh_reached):
            # an instance read before its latest stage change must not write them back stale.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and not f.generated and f.name not in REACHED_FIELDS
            ]
        super().save(*args, **kwargs)

    @property
    def stage_index(self):
        return list(Stage.values).index(self.stage)


class StageChange(models.Model):
    """A dated move of a project from one stage to the next."""

    project = models.ForeignKey(
        Project,
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    from_stage = models.CharField(
        verbose_name="原阶段",
        max_length=20,
        choices=Stage.choices,
        blank=True,
    )
    to_stage = models.CharField(
        verbose_name="新阶段",
        max_length=20,
        choices=Stage.choices,
    )
    date = models.DateField(
        verbose_name="日期",
    )
    note = models.CharField(
        verbose_name="说明",
        max_length=500,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(
        verbose_name="记录时间",
        auto_now_add=True,
    )

    class Meta:
        verbose_name = "阶段变更"
        verbose_name_plural = "阶段变更"
        ordering = ["project", "date", "id"]
        indexes = [models.Index(fields=["to_stage", "date"], name="stagechange_stage_date")]

    def __str__(self):
        return f"{self.project}：{self.get_to_stage_display()}（{self.date}）"


def evidence_path(instance, filename):
    return f"evidence/{instance.stage_change.project_id}/{filename}"


class StageEvidence(models.Model):
    """A file proving a stage change: contract, 施工许可证, production proof."""

    stage_change = models.ForeignKey(
        StageChange,
        verbose_name="阶段变更",
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(
        verbose_name="材料类型",
        max_length=30,
        choices=EvidenceKind.choices,
        default=EvidenceKind.OTHER,
    )
    file = models.FileField(
        verbose_name="文件",
        upload_to=evidence_path,
    )
    original_name = models.CharField(
        verbose_name="原文件名",
        max_length=255,
    )
    uploaded_at = models.DateTimeField(
        verbose_name="上传时间",
        auto_now_add=True,
    )

    class Meta:
        verbose_name = "阶段佐证材料"
        verbose_name_plural = "阶段佐证材料"
        ordering = ["stage_change", "id"]

    def __str__(self):
        return self.original_name


class FundsArrival(models.Model):
    """An amount of a project's investment that actually arrived on a date (到位资金)."""

    project = models.ForeignKey(
        Project,
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="funds",
    )
    date = models.DateField(
        verbose_name="到位日期",
    )
    amount = models.DecimalField(
        verbose_name="到位金额（万元）",
        **MONEY,
    )
    amount_usd = models.DecimalField(
        verbose_name="其中外资（万美元）",
        null=True,
        blank=True,
        **MONEY,
    )
    note = models.CharField(
        verbose_name="说明",
        max_length=200,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "到位资金"
        verbose_name_plural = "到位资金"
        ordering = ["project", "date", "id"]
        constraints = [
            models.CheckConstraint(
                name="funds_amount_positive",
                condition=Q(amount__gt=0),
                violation_error_message="到位金额必须大于0",
            ),
        ]
        indexes = [models.Index(fields=["date"], name="funds_date")]

    def __str__(self):
        return f"{self.project} {self.date} {self.amount}万元"


class Visit(models.Model):
    """A visit or negotiation with an investor (走访/洽谈)."""

    project = models.ForeignKey(
        Project,
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="visits",
    )
    date = models.DateField(
        verbose_name="日期",
    )
    kind = models.CharField(
        verbose_name="类型",
        max_length=20,
        choices=VisitKind.choices,
        default=VisitKind.NEGOTIATION,
    )
    participants = models.CharField(
        verbose_name="参加人员",
        max_length=200,
        blank=True,
    )
    summary = models.TextField(
        verbose_name="情况摘要",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "走访洽谈"
        verbose_name_plural = "走访洽谈"
        ordering = ["project", "-date", "-id"]

    def __str__(self):
        return f"{self.project} {self.date}"
