"""The project spreadsheet: one column contract for export, the template and import."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.core.excel import (
    CellError,
    Column,
    RowError,
    choice_parser,
    parse_date,
    parse_decimal,
    parse_text,
    read_workbook,
    write_workbook,
    yes_no,
)
from zhaoshang.enterprises.services import resolve_investor
from zhaoshang.industries.models import IndustryCluster, IndustryCode
from zhaoshang.regions.models import DevelopmentZone, Region
from zhaoshang.utils.codes import normalize_uscc, validate_project_code, validate_uscc

from . import services, stages
from .choices import ProjectKind, SourceRegion, Stage
from .models import Project


def _validated(validator):
    def parse(value):
        text = str(value).strip()
        try:
            validator(text)
        except ValidationError as exc:
            raise CellError(exc.messages[0]) from exc
        return text

    return parse


def _uscc(value):
    return normalize_uscc(_validated(validate_uscc)(value))


def _project_id(value):
    text = str(value).strip().removesuffix(".0")
    if not text.isdigit():
        raise CellError(f"“{value}”不是有效的项目编号")
    return int(text)


def _division_code(value):
    """Excel turns the code 06 into the number 6; restore the two digits."""
    text = str(value).strip().removesuffix(".0")
    return text.zfill(2) if text.isdigit() else text


def _label(attr):
    def get(project):
        related = getattr(project, attr)
        return str(related) if related else None

    return get


COLUMNS = [
    Column("项目编号", "id", lambda p: p.id, width=9, note="导出时自动生成；导入时不填"),
    Column(
        "项目名称",
        "name",
        lambda p: p.name,
        parse_text,
        required=True,
        width=36,
        example="年产20万吨绿色纤维项目",
    ),
    Column(
        "投资项目代码",
        "project_code",
        lambda p: p.project_code,
        _validated(validate_project_code),
        width=28,
        note="24位，如 2021-410700-28-03-012345；填写后按此代码识别项目",
        example="2021-410700-28-03-012345",
    ),
    Column(
        "投资方",
        "investor_name",
        lambda p: p.investor.name if p.investor else None,
        parse_text,
        width=30,
        example="某某新材料股份有限公司",
    ),
    Column(
        "投资方统一社会信用代码",
        "investor_uscc",
        lambda p: p.investor.uscc if p.investor else None,
        _uscc,
        width=22,
        note="18位，系统校验第18位校验码",
        example="91410700MA44XXXXXX",
    ),
    Column(
        "项目类型",
        "kind",
        lambda p: p.get_kind_display(),
        choice_parser(ProjectKind.choices, "项目类型"),
        width=8,
        example="新建",
    ),
    Column(
        "原项目编号",
        "extends",
        lambda p: p.extends_id,
        _project_id,
        width=10,
        note="增资、扩产项目填写原项目的项目编号",
    ),
    Column(
        "来源地",
        "source_region",
        lambda p: p.get_source_region_display() or None,
        choice_parser(SourceRegion.choices, "来源地"),
        width=12,
        example="长三角",
    ),
    Column("产业集群", "cluster", _label("cluster"), parse_text, width=14, example="轻纺"),
    Column(
        "行业代码",
        "industry_code",
        lambda p: p.industry_code.code if p.industry_code else None,
        _division_code,
        width=10,
        note="国民经济行业分类大类代码，如 28",
        example="28",
    ),
    Column(
        "总投资（万元）",
        "total_investment",
        lambda p: p.total_investment,
        parse_decimal,
        money=True,
        example=450000,
    ),
    Column(
        "合同投资额（万元）",
        "contracted_investment",
        lambda p: p.contracted_investment,
        parse_decimal,
        money=True,
        example=450000,
    ),
    Column(
        "合同外资（万美元）",
        "foreign_investment_usd",
        lambda p: p.foreign_investment_usd,
        parse_decimal,
        money=True,
    ),
    Column(
        "签约日期",
        "contract_date",
        lambda p: p.contract_date,
        parse_date,
        width=12,
        example="2025-03-18",
    ),
    Column(
        "约定开工日期", "planned_start_date", lambda p: p.planned_start_date, parse_date, width=12
    ),
    Column(
        "约定投产日期",
        "planned_production_date",
        lambda p: p.planned_production_date,
        parse_date,
        width=12,
    ),
    Column(
        "责任县(市、区)",
        "region",
        _label("region"),
        parse_text,
        required=True,
        width=12,
        example="红旗区",
    ),
    Column(
        "落地开发区", "zone", _label("zone"), parse_text, width=26, example="新乡经济技术开发区"
    ),
    Column(
        "阶段",
        "stage",
        lambda p: p.get_stage_display(),
        choice_parser(Stage.choices, "阶段"),
        required=True,
        width=8,
        example="签约",
    ),
    Column("进入阶段日期", "stage_date", lambda p: p.stage_date, parse_date, width=12),
    Column("推进状态", "status", lambda p: p.get_status_display(), None, width=8),
    Column("领衔市级领导", "lead_official", lambda p: p.lead_official or None, parse_text),
    Column("分包县区领导", "assigned_official", lambda p: p.assigned_official or None, parse_text),
    Column("服务官", "service_officer", lambda p: p.service_officer or None, parse_text),
    Column("省外项目", "is_out_of_province", lambda p: yes_no(p.is_out_of_province), width=8),
    Column("外资项目", "is_foreign", lambda p: yes_no(p.is_foreign), width=8),
    Column("10亿元以上", "is_major", lambda p: yes_no(p.is_major), width=9),
    Column("演示数据", "is_demo", lambda p: yes_no(p.is_demo), width=8),
]

IMPORT_NOTES = [
    "填写说明",
    "1. 第一行为表头，请勿修改；从第二行起每行一个项目。金额单位为万元（外资为万美元），保留两位小数。",
    "2. 填写“投资项目代码”的行按代码识别项目；未填写的按“项目名称 + 责任县(市、区)”识别。"
    "已存在的项目会被更新，不会重复新建。",
    "3. 阶段可选：" + "、".join(Stage.labels) + "。签约及以后阶段须填写签约日期和合同投资额。",
    "4. 来源地可选：" + "、".join(SourceRegion.labels) + "。",
    "5. 项目编号、推进状态和“是/否”列由系统生成，导入时忽略。",
    "6. 导入前会逐行校验并显示预览；只要有一行有误，整批都不会写入。",
]


def export_projects(queryset):
    """The filtered list as .xlsx bytes (Chinese headers, 万元 with two decimals)."""
    objects = queryset.select_related(
        "investor", "region", "zone", "cluster", "industry_code"
    ).iterator(chunk_size=2000)
    return write_workbook(COLUMNS, objects, "招商项目")


def template_workbook():
    """An empty import template with one example row and the filling instructions."""
    cols = [c for c in COLUMNS if c.parse is not None]
    return write_workbook(
        [
            Column(c.header, c.key, lambda row, key=c.key: row[key], money=c.money, width=c.width)
            for c in cols
        ],
        [{c.key: c.example for c in cols}],
        "项目导入模板",
        notes=[*IMPORT_NOTES, "", *(f"{c.header}：{c.note}" for c in cols if c.note)],
    )


@dataclass
class ImportPlan:
    """The outcome of checking a file: rows to create, rows to update, and every error."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def creates(self):
        return sum(1 for r in self.rows if r["existing"] is None)

    @property
    def updates(self):
        return sum(1 for r in self.rows if r["existing"] is not None)


class _Lookups:
    """Reference tables read once per import instead of once per row."""

    def __init__(self):
        self.regions = {r.name: r for r in Region.objects.filter(level="county")}
        self.zones = {z.name: z for z in DevelopmentZone.objects.all()}
        self.clusters = {c.name: c for c in IndustryCluster.objects.all()}
        self.codes = {c.code: c for c in IndustryCode.objects.filter(level="division")}


def plan_import(upload, *, acting_user):
    """Check every row of an uploaded file without writing anything.

    Returns an ImportPlan; a file-level problem raises core.excel.FileError.
    """
    parsed = read_workbook(upload, COLUMNS)
    lookups = _Lookups()
    plan = ImportPlan()
    visible = Project.objects.restrict(acting_user, "change")
    codes = [r.values.get("project_code") for r in parsed if r.values.get("project_code")]
    by_code = {p.project_code: p for p in Project.objects.filter(project_code__in=codes)}
    names = [r.values.get("name") for r in parsed if r.values.get("name")]
    by_name = {}
    for p in Project.objects.filter(name__in=names, project_code__isnull=True):
        by_name.setdefault((p.name, p.region_id), p)
    seen = {}
    today = timezone.localdate()
    for row in parsed:
        errors = list(row.errors)
        v = row.values

        def err(column, message, errors=errors, number=row.row):
            errors.append(RowError(number, column, message))

        for key, table, header in (
            ("region", lookups.regions, "责任县(市、区)"),
            ("zone", lookups.zones, "落地开发区"),
            ("cluster", lookups.clusters, "产业集群"),
            ("industry_code", lookups.codes, "行业代码"),
        ):
            if v.get(key):
                found = table.get(v[key])
                if found is None:
                    err(header, f"找不到“{v[key]}”")
                v[key] = found
        if not v.get("kind"):
            v["kind"] = ProjectKind.NEW
        for key, header in (("contract_date", "签约日期"), ("stage_date", "进入阶段日期")):
            if v.get(key) and v[key] > today:
                err(header, "日期不能晚于今天")
        if v.get("stage"):
            for problem in stages.stage_requirements(
                v["stage"],
                contract_date=v.get("contract_date"),
                contracted_investment=v.get("contracted_investment"),
            ):
                err("阶段", problem)
        region = v.get("region")
        if region and acting_user.is_officer:
            if acting_user.region_id and region.pk != acting_user.region_id:
                err("责任县(市、区)", f"只能导入本县(市、区)（{acting_user.region}）的项目")
            if acting_user.zone_id and (
                v.get("zone") is None or v["zone"].pk != acting_user.zone_id
            ):
                err("落地开发区", f"只能导入本开发区（{acting_user.zone}）的项目")
        key = v.get("project_code") or (v.get("name"), region.pk if region else None)
        if key in seen:
            err(
                "项目名称" if not v.get("project_code") else "投资项目代码",
                f"与第{seen[key]}行重复",
            )
        seen[key] = row.row
        existing = by_code.get(key) if v.get("project_code") else by_name.get(key)
        if existing is not None:
            if not visible.filter(pk=existing.pk).exists():
                err("投资项目代码", "该代码已被其他县(市、区)的项目使用，不能导入")
                existing = None
            elif v.get("stage") and v["stage"] != existing.stage:
                problems = stages.transition_problems(
                    existing, v["stage"], v.get("stage_date") or today, existing.stage_date
                )
                for problem in problems:
                    err("阶段", problem)
        if v.get("extends") and not visible.filter(pk=v["extends"]).exists():
            err("原项目编号", f"找不到编号为 {v['extends']} 的项目")
        plan.errors += errors
        plan.rows.append({"row": row.row, "values": v, "existing": existing, "ok": not errors})
    return plan


PROJECT_KEYS = [
    "name",
    "project_code",
    "kind",
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
]


def commit_import(plan, *, acting_user):
    """Write every row of a checked plan in one transaction, or nothing.

    A row that fails the services' own validation aborts the whole import with its row number.
    """
    if plan.errors:
        raise ValidationError("文件中有错误的行，未导入任何数据")
    with transaction.atomic():
        for item in plan.rows:
            v = item["values"]
            fields = {k: v.get(k) for k in PROJECT_KEYS}
            for key in ("lead_official", "assigned_official", "service_officer", "source_region"):
                fields[key] = fields[key] or ""
            fields["extends_id"] = v.get("extends")
            try:
                investor = resolve_investor(
                    acting_user=acting_user,
                    name=v.get("investor_name"),
                    uscc=v.get("investor_uscc"),
                )
                existing = item["existing"]
                if existing is None:
                    services.create_project(
                        acting_user=acting_user,
                        investor=investor,
                        stage=v["stage"],
                        initial_stage_date=v.get("stage_date"),
                        **fields,
                    )
                else:
                    project = services.update_project(
                        existing,
                        acting_user=acting_user,
                        expected_version=existing.version,
                        investor=investor,
                        **fields,
                    )
                    if v["stage"] != project.stage:
                        services.change_stage(
                            project,
                            acting_user=acting_user,
                            to_stage=v["stage"],
                            date=v.get("stage_date") or timezone.localdate(),
                            note="Excel导入",
                        )
            except ValidationError as exc:
                raise ValidationError(f"第{item['row']}行：" + "；".join(exc.messages)) from exc
    return plan.creates, plan.updates
