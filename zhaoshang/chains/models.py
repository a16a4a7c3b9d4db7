"""Industry chains (产业链图谱): nodes, the firms and institutions on them, targets, chiefs,
the chain work log and the 四个遍访 visits."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from zhaoshang.accounts.choices import Role
from zhaoshang.core.models import ScopedQuerySet, TimestampedModel

from .choices import (
    CHAIN_VISIT_CHOICES,
    ChiefRole,
    InstitutionKind,
    NodeStatus,
    Position,
    TargetAction,
    TargetStatus,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


def is_chain_editor(user):
    """City staff and the city administrator maintain the chain maps."""
    return user.is_city_admin or user.role == Role.CITY_STAFF


def reference_scope(user, action):
    """Chains are city-wide reference data: everyone signed in reads, city staff edit."""
    if action == "view" or is_chain_editor(user):
        return None
    return False


def county_scope(user, action):
    """Records with a responsible county: everyone reads; city staff edit all of them and an
    officer edits those of their own county (a zone officer: the zone's county)."""
    if action == "view" or is_chain_editor(user):
        return None
    if user.is_officer:
        region_id = user.region_id or (user.zone.region_id if user.zone_id else None)
        return Q(region_id=region_id) if region_id else False
    return False


class IndustryChain(TimestampedModel):
    """An industry chain of one "542" cluster, drawn as ordered upstream → downstream nodes."""

    name = models.CharField(
        verbose_name="产业链名称",
        max_length=100,
    )
    cluster = models.ForeignKey(
        "industries.IndustryCluster",
        verbose_name="所属产业集群",
        on_delete=models.PROTECT,
        related_name="chains",
    )
    order = models.PositiveSmallIntegerField(
        verbose_name="顺序",
        default=0,
    )
    description = models.TextField(
        verbose_name="链条说明",
        blank=True,
    )
    source = models.CharField(
        verbose_name="来源",
        help_text="规划名称及专栏/章节",
        max_length=300,
        blank=True,
    )
    is_demo = models.BooleanField(
        verbose_name="演示数据",
        default=False,
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "产业链"
        verbose_name_plural = "产业链"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], name="chain_name_unique", violation_error_message="已有同名产业链"
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def scope_filter(cls, user, action):
        return reference_scope(user, action)


class ChainNode(models.Model):
    """A link (环节) of a chain, possibly inside a larger one (双极板 inside 燃料电池系统)."""

    chain = models.ForeignKey(
        IndustryChain,
        verbose_name="产业链",
        on_delete=models.CASCADE,
        related_name="nodes",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级环节",
        on_delete=models.CASCADE,
        related_name="children",
        null=True,
        blank=True,
    )
    name = models.CharField(
        verbose_name="环节名称",
        max_length=100,
    )
    position = models.CharField(
        verbose_name="位置",
        max_length=12,
        choices=Position.choices,
    )
    order = models.PositiveSmallIntegerField(
        verbose_name="顺序",
        default=0,
    )
    industry_codes = models.ManyToManyField(
        "industries.IndustryCode",
        verbose_name="对应国民经济行业",
        related_name="chain_nodes",
        blank=True,
    )
    keywords = models.JSONField(
        verbose_name="关键词",
        help_text="用于匹配开发区承接领域的细分领域",
        default=list,
        blank=True,
    )
    status_override = models.CharField(
        verbose_name="人工认定状态",
        max_length=10,
        choices=NodeStatus.choices,
        blank=True,
    )
    override_reason = models.CharField(
        verbose_name="人工认定理由",
        max_length=500,
        blank=True,
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "产业链环节"
        verbose_name_plural = "产业链环节"
        ordering = ["chain", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "name"],
                name="chain_node_unique",
                violation_error_message="该产业链已有同名环节",
            ),
            models.CheckConstraint(
                name="chain_node_override_has_reason",
                condition=Q(status_override="") | ~Q(override_reason=""),
                violation_error_message="人工认定环节状态时必须填写理由",
            ),
        ]

    def __str__(self):
        return f"{self.chain}·{self.name}"

    @classmethod
    def scope_filter(cls, user, action):
        return reference_scope(user, action)


class ChainChief(models.Model):
    """A role of 双长制 on a chain: 群链长 or 链长 (city leaders), 责任单位, 盟会长单位."""

    chain = models.ForeignKey(
        IndustryChain,
        verbose_name="产业链",
        on_delete=models.CASCADE,
        related_name="chiefs",
    )
    role = models.CharField(
        verbose_name="职责",
        max_length=20,
        choices=ChiefRole.choices,
    )
    name = models.CharField(
        verbose_name="姓名/单位",
        max_length=100,
    )
    title = models.CharField(
        verbose_name="职务",
        max_length=100,
        blank=True,
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        help_text="盟会长单位对应的企业",
        on_delete=models.SET_NULL,
        related_name="chain_roles",
        null=True,
        blank=True,
    )
    is_demo = models.BooleanField(
        verbose_name="演示数据",
        default=False,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "链长制职责"
        verbose_name_plural = "链长制职责"
        ordering = ["chain", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "role", "name"],
                name="chain_chief_unique",
                violation_error_message="该产业链已登记此职责人/单位",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}：{self.name}"

    @classmethod
    def scope_filter(cls, user, action):
        return reference_scope(user, action)


class NodeEnterprise(models.Model):
    """A local firm (在新企业) working in a node; its size decides the node's status."""

    node = models.ForeignKey(
        ChainNode,
        verbose_name="环节",
        on_delete=models.CASCADE,
        related_name="firms",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="chain_nodes",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所在县(市、区)",
        on_delete=models.PROTECT,
        related_name="chain_firms",
        null=True,
        blank=True,
    )
    revenue = models.DecimalField(
        verbose_name="年营业收入（万元）",
        null=True,
        blank=True,
        **MONEY,
    )
    is_chain_leader = models.BooleanField(
        verbose_name="链主企业",
        default=False,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "环节在新企业"
        verbose_name_plural = "环节在新企业"
        ordering = ["node", "-revenue", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "enterprise"],
                name="node_enterprise_unique",
                violation_error_message="该企业已在此环节中",
            ),
            models.CheckConstraint(
                name="node_enterprise_revenue_not_negative",
                condition=Q(revenue__isnull=True) | Q(revenue__gte=0),
                violation_error_message="营业收入不能为负数",
            ),
        ]
        indexes = [models.Index(fields=["region", "node"], name="node_enterprise_region")]

    def __str__(self):
        return f"{self.node.name}·{self.enterprise}"

    @classmethod
    def scope_filter(cls, user, action):
        return reference_scope(user, action)


class NodeInstitution(models.Model):
    """A university, research institute or lab serving a node (创新链)."""

    node = models.ForeignKey(
        ChainNode,
        verbose_name="环节",
        on_delete=models.CASCADE,
        related_name="institutions",
    )
    institution = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="机构",
        on_delete=models.CASCADE,
        related_name="chain_node_roles",
    )
    kind = models.CharField(
        verbose_name="机构类型",
        max_length=20,
        choices=InstitutionKind.choices,
    )
    note = models.CharField(
        verbose_name="合作方向",
        max_length=200,
        blank=True,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "环节创新机构"
        verbose_name_plural = "环节创新机构"
        ordering = ["node", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "institution"],
                name="node_institution_unique",
                violation_error_message="该机构已在此环节中",
            ),
        ]

    def __str__(self):
        return f"{self.node.name}·{self.institution}"

    @classmethod
    def scope_filter(cls, user, action):
        return reference_scope(user, action)


class SupplyLink(models.Model):
    """One local firm supplying another on a chain (供应链)."""

    chain = models.ForeignKey(
        IndustryChain,
        verbose_name="产业链",
        on_delete=models.CASCADE,
        related_name="supply_links",
    )
    supplier = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="供应方",
        on_delete=models.CASCADE,
        related_name="supplies",
    )
    customer = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="采购方",
        on_delete=models.CASCADE,
        related_name="purchases",
    )
    product = models.CharField(
        verbose_name="产品",
        max_length=100,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "供应关系"
        verbose_name_plural = "供应关系"
        ordering = ["chain", "supplier", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "supplier", "customer", "product"],
                name="supply_link_unique",
                violation_error_message="该供应关系已登记",
            ),
            models.CheckConstraint(
                name="supply_link_two_firms",
                condition=~Q(supplier=F("customer")),
                violation_error_message="供应方和采购方不能是同一企业",
            ),
        ]

    def __str__(self):
        return f"{self.supplier} → {self.customer}（{self.product}）"

    @classmethod
    def scope_filter(cls, user, action):
        return reference_scope(user, action)


class ChainTarget(TimestampedModel):
    """An enterprise to attract into a gap or weak node (招商链), and how far outreach got."""

    node = models.ForeignKey(
        ChainNode,
        verbose_name="环节",
        on_delete=models.CASCADE,
        related_name="targets",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="目标企业",
        on_delete=models.PROTECT,
        related_name="chain_targets",
    )
    action = models.CharField(
        verbose_name="招商方式",
        max_length=12,
        choices=TargetAction.choices,
        default=TargetAction.FILL,
    )
    status = models.CharField(
        verbose_name="对接状态",
        max_length=16,
        choices=TargetStatus.choices,
        default=TargetStatus.NOT_CONTACTED,
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="责任县(市、区)",
        on_delete=models.PROTECT,
        related_name="chain_targets",
        null=True,
        blank=True,
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="形成的招商项目",
        on_delete=models.SET_NULL,
        related_name="chain_targets",
        null=True,
        blank=True,
    )
    plan_link = models.ForeignKey(
        "enterprises.IndustryEnterprise",
        verbose_name="规划目标企业",
        help_text="规划解析得到的目标企业记录",
        on_delete=models.SET_NULL,
        related_name="chain_targets",
        null=True,
        blank=True,
    )
    note = models.CharField(
        verbose_name="说明",
        max_length=500,
        blank=True,
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = "目标企业"
        verbose_name_plural = "目标企业"
        ordering = ["node", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "enterprise"],
                name="chain_target_unique",
                violation_error_message="该企业已是此环节的目标企业",
            ),
            models.CheckConstraint(
                name="chain_target_signed_has_project",
                condition=~Q(status=TargetStatus.SIGNED) | Q(project__isnull=False),
                violation_error_message="已签约的目标企业须关联其形成的招商项目",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="chain_target_status")]

    def __str__(self):
        return f"{self.node.name}·{self.enterprise}"

    @classmethod
    def scope_filter(cls, user, action):
        return county_scope(user, action)


class ChainWorkItem(TimestampedModel):
    """An entry of a chain's work log: what was done and the action item that follows."""

    chain = models.ForeignKey(
        IndustryChain,
        verbose_name="产业链",
        on_delete=models.CASCADE,
        related_name="work_items",
    )
    node = models.ForeignKey(
        ChainNode,
        verbose_name="环节",
        on_delete=models.SET_NULL,
        related_name="work_items",
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="责任县(市、区)",
        on_delete=models.PROTECT,
        related_name="chain_work_items",
        null=True,
        blank=True,
    )
    logged_on = models.DateField(
        verbose_name="日期",
    )
    content = models.TextField(
        verbose_name="工作内容",
    )
    action_item = models.CharField(
        verbose_name="待办事项",
        max_length=300,
        blank=True,
    )
    owner = models.CharField(
        verbose_name="责任人/单位",
        max_length=100,
        blank=True,
    )
    due_date = models.DateField(
        verbose_name="完成时限",
        null=True,
        blank=True,
    )
    done_on = models.DateField(
        verbose_name="完成日期",
        null=True,
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
    is_demo = models.BooleanField(
        verbose_name="演示数据",
        default=False,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "链长工作台账"
        verbose_name_plural = "链长工作台账"
        ordering = ["chain", "-logged_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="chain_work_item_action_has_owner_and_due",
                condition=Q(action_item="") | (~Q(owner="") & Q(due_date__isnull=False)),
                violation_error_message="待办事项须写明责任人/单位和完成时限",
            ),
        ]
        indexes = [models.Index(fields=["done_on", "due_date"], name="chain_work_item_open")]

    def __str__(self):
        return f"{self.chain} {self.logged_on}"

    @classmethod
    def scope_filter(cls, user, action):
        return county_scope(user, action)


class ChainVisit(TimestampedModel):
    """One of the 四个遍访 made for a chain: to leading firms, associations, research teams
    or up- and downstream customers."""

    chain = models.ForeignKey(
        IndustryChain,
        verbose_name="产业链",
        on_delete=models.CASCADE,
        related_name="visits",
    )
    node = models.ForeignKey(
        ChainNode,
        verbose_name="环节",
        on_delete=models.SET_NULL,
        related_name="visits",
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="责任县(市、区)",
        on_delete=models.PROTECT,
        related_name="chain_visits",
        null=True,
        blank=True,
    )
    kind = models.CharField(
        verbose_name="遍访类型",
        max_length=20,
        choices=CHAIN_VISIT_CHOICES,
    )
    date = models.DateField(
        verbose_name="日期",
    )
    visited = models.CharField(
        verbose_name="走访对象",
        max_length=200,
    )
    participants = models.CharField(
        verbose_name="参加人员",
        max_length=200,
        blank=True,
    )
    summary = models.TextField(
        verbose_name="情况摘要",
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
    is_demo = models.BooleanField(
        verbose_name="演示数据",
        default=False,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "四个遍访"
        verbose_name_plural = "四个遍访"
        ordering = ["chain", "-date", "-id"]
        indexes = [models.Index(fields=["chain", "date"], name="chain_visit_date")]

    def __str__(self):
        return f"{self.chain} {self.get_kind_display()} {self.visited}"

    @classmethod
    def scope_filter(cls, user, action):
        return county_scope(user, action)
