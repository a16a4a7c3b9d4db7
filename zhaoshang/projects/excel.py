"""The project spreadsheet: one column contract for export, the template and import."""

import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from zhaoshang.core.db import refresh_statistics
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
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.industries.models import IndustryCluster, IndustryCode
from zhaoshang.regions.models import DevelopmentZone, Region
from zhaoshang.utils.codes import normalize_uscc, validate_project_code, validate_uscc

from . import stages
from .choices import ProjectKind, SourceRegion, Stage
from .models import EDITABLE_FIELDS, Project, StageChange
from .services import refresh_reached


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


# Fields an import sets from its columns (原项目编号 is read as an id; 简介 is not imported).
PROJECT_KEYS = [f for f in EDITABLE_FIELDS if f not in ("extends", "description")]
TEXT_KEYS = {"source_region", "lead_official", "assigned_official", "service_officer"}
HEADERS = {c.key: c.header for c in COLUMNS} | {"extends": "原项目编号", "__all__": "项目"}
UPDATE_FIELDS = [*PROJECT_KEYS, "extends", "investor", "stage", "stage_date", "search_text"]
RELATIONS = ["investor", "extends", "cluster", "industry_code", "region", "zone", "created_by"]


def _candidate(values, existing):
    """The project a row would store: a copy of the existing one with the file's columns set.

    Only columns present in the file are applied, so a trimmed sheet never blanks the others.
    """
    project = copy.copy(existing) if existing is not None else Project(stage=values["stage"])
    for key in PROJECT_KEYS:
        if key in values:
            value = values[key]
            setattr(project, key, ("" if value is None else value) if key in TEXT_KEYS else value)
    if "extends" in values:
        project.extends_id = values["extends"]
    if existing is None and not values.get("kind"):
        project.kind = ProjectKind.NEW
    return project


def _model_problems(project):
    """The model's own rules (Project.clean and field validators) as (header, message) pairs."""
    try:
        project.clean_fields(exclude=RELATIONS)
        project.clean()
    except ValidationError as exc:
        return [
            (HEADERS.get(name, "项目"), message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


def plan_import(upload, *, acting_user):
    """Check every row of an uploaded file without writing anything.

    Returns an ImportPlan; a file-level problem raises core.excel.FileError.
    """
    parsed = read_workbook(upload, COLUMNS)
    lookups = _Lookups()
    plan = ImportPlan()
    codes = [r.values["project_code"] for r in parsed if r.values.get("project_code")]
    by_code = {p.project_code: p for p in Project.objects.filter(project_code__in=codes)}
    names = [r.values["name"] for r in parsed if r.values.get("name")]
    by_name = {}
    for p in Project.objects.filter(name__in=names, project_code__isnull=True).order_by("id"):
        by_name.setdefault((p.name, p.region_id), p)
    known = [p.pk for p in (*by_code.values(), *by_name.values())]
    editable = set(
        Project.objects.restrict(acting_user, "change")
        .filter(pk__in=known)
        .values_list("pk", flat=True)
    )
    extends_ids = [r.values["extends"] for r in parsed if r.values.get("extends")]
    viewable = set(
        Project.objects.restrict(acting_user, "view")
        .filter(pk__in=extends_ids)
        .values_list("pk", flat=True)
    )
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
        if v.get("stage_date") and v["stage_date"] > today:
            err("进入阶段日期", "日期不能晚于今天")
        if len(v.get("investor_name") or "") > 200:
            err("投资方", "名称不能超过200个字")
        if v.get("investor_uscc") and not v.get("investor_name"):
            err("投资方", "填写了信用代码时请同时填写投资方名称")
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
        if existing is not None and existing.pk not in editable:
            err("投资项目代码", "该代码已被其他县(市、区)的项目使用，不能导入")
            existing = None
        elif existing is not None and v.get("stage") and v["stage"] != existing.stage:
            for problem in stages.transition_problems(
                existing, v["stage"], v.get("stage_date") or today, existing.stage_date
            ):
                err("阶段", problem)
        if v.get("extends") and v["extends"] not in viewable:
            err("原项目编号", f"找不到编号为 {v['extends']} 的项目")
        # Requirements and model rules are judged on the record as it would be stored, so a
        # sheet without the contract columns is checked against the stored contract data.
        project = _candidate(v, existing)
        if v.get("stage"):
            for problem in stages.stage_requirements(
                v["stage"],
                contract_date=project.contract_date,
                contracted_investment=project.contracted_investment,
            ):
                err("阶段", problem)
        for header, message in _model_problems(project):
            err(header, message)
        plan.errors += errors
        plan.rows.append({"row": row.row, "values": v, "existing": existing, "project": project})
    return plan


def _investors(rows, acting_user):
    """Resolve every row's investor in a few queries; create the unknown ones in bulk.

    The credit code wins over the name, as in ``enterprises.services.resolve_investor``.
    """
    wanted = {}
    for item in rows:
        v = item["values"]
        name, uscc = (v.get("investor_name") or "").strip(), v.get("investor_uscc")
        if name or uscc:
            wanted[item["row"]] = (name, uscc)
    codes = {u for _, u in wanted.values() if u}
    by_code = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=codes)}
    plain = {n for n, u in wanted.values() if not u}
    by_name = {}
    for e in Enterprise.objects.filter(name__in=plain).order_by("id"):
        by_name.setdefault(e.name, e)
    new = {}
    for name, uscc in wanted.values():
        found = by_code.get(uscc) if uscc else by_name.get(name)
        key = uscc or name
        if found is None and key not in new:
            new[key] = Enterprise(name=name, uscc=uscc).normalize()
    if new:
        created = bulk_create_with_history(
            list(new.values()), Enterprise, batch_size=1000, default_user=acting_user
        )
        for enterprise in created:
            if enterprise.uscc:
                by_code[enterprise.uscc] = enterprise
            else:
                by_name[enterprise.name] = enterprise
    return {row: (by_code[uscc] if uscc else by_name[name]) for row, (name, uscc) in wanted.items()}


def _changes(project, original):
    """The columns a row changes, as {attname: new value}."""
    changed = {}
    for name in UPDATE_FIELDS:
        attname = Project._meta.get_field(name).attname
        value = getattr(project, attname)
        if value != getattr(original, attname):
            changed[attname] = value
    return changed


@transaction.atomic
def commit_import(plan, *, acting_user):
    """Write a checked plan in one transaction, in bulk, or nothing.

    Returns (created, updated, unchanged). Rows whose project someone else saved after the
    preview abort the whole import, so no update is silently lost.
    """
    if plan.errors:
        raise ValidationError("文件中有错误的行，未导入任何数据")
    today = timezone.localdate()
    investors = _investors(plan.rows, acting_user)
    creates, updates, changes = [], [], []
    for item in plan.rows:
        project, v = item["project"], item["values"]
        if item["row"] in investors or "investor_name" in v or "investor_uscc" in v:
            project.investor = investors.get(item["row"])
        project.refresh_search_text()
        if item["existing"] is None:
            project.created_by = acting_user
            project.stage_date = v.get("stage_date") or project.contract_date or today
            creates.append(project)
        else:
            updates.append(item)
    if updates:
        versions = dict(
            Project.objects.select_for_update()
            .filter(pk__in=[i["existing"].pk for i in updates])
            .values_list("pk", "version")
        )
        for item in updates:
            if versions.get(item["existing"].pk) != item["existing"].version:
                raise ValidationError(
                    f"第{item['row']}行：该项目在预览之后已被其他用户修改，为避免覆盖，"
                    "本次未导入任何数据，请重新上传"
                )
    created = bulk_create_with_history(
        creates,
        Project,
        batch_size=1000,
        default_user=acting_user,
        default_change_reason="Excel导入",
    )
    changes += [
        StageChange(
            project=p, to_stage=p.stage, date=p.stage_date, note="Excel导入", created_by=acting_user
        )
        for p in created
    ]
    changed = []
    now = timezone.now()
    for item in updates:
        project, original = item["project"], item["existing"]
        if project.stage != original.stage:
            project.stage_date = item["values"].get("stage_date") or today
            changes.append(
                StageChange(
                    project=project,
                    from_stage=original.stage,
                    to_stage=project.stage,
                    date=project.stage_date,
                    note="Excel导入",
                    created_by=acting_user,
                )
            )
        columns = _changes(project, original)
        if columns:
            project.version = original.version + 1
            project.updated_at = now
            # One UPDATE of just the changed columns per row: Django's bulk_update builds a
            # CASE over every row and column, which SQLite executes far more slowly.
            Project.objects.filter(pk=project.pk).update(
                **columns, version=project.version, updated_at=now
            )
            changed.append(project)
    Project.history.bulk_history_create(
        changed, update=True, default_user=acting_user, default_change_reason="Excel导入"
    )
    StageChange.objects.bulk_create(changes, batch_size=1000)
    refresh_reached({change.project_id for change in changes})
    transaction.on_commit(refresh_statistics)
    return len(created), len(changed), len(updates) - len(changed)
