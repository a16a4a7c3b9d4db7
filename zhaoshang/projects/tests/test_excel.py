import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from zhaoshang.core.excel import FileError
from zhaoshang.projects import excel
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import Project
from zhaoshang.utils.codes import uscc_check_char

pytestmark = pytest.mark.django_db

IMPORT_HEADERS = [c.header for c in excel.COLUMNS if c.parse is not None]


def valid_uscc(n):
    first = f"9141070000000{n:04d}"
    return first + uscc_check_char(first)


def row(**overrides):
    values = {
        "项目名称": "年产5万吨新材料项目",
        "投资项目代码": "2025-410700-28-03-000001",
        "投资方": "河南某新材料有限公司",
        "投资方统一社会信用代码": valid_uscc(1),
        "项目类型": "新建",
        "来源地": "长三角",
        "产业集群": "轻纺",
        "行业代码": "28",
        "总投资（万元）": 12000,
        "合同投资额（万元）": 10000,
        "签约日期": datetime.date(2025, 3, 1),
        "责任县(市、区)": "红旗区",
        "阶段": "签约",
        "进入阶段日期": datetime.date(2025, 3, 1),
    }
    values.update(overrides)
    return values


def xlsx(rows, headers=IMPORT_HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append([r.get(h) for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("projects.xlsx", buffer.getvalue())


def test_import_creates_projects_and_reimport_updates_without_duplicates(city_admin):
    rows = [row(), row(**{"项目名称": "第二个项目", "投资项目代码": "2025-410700-28-03-000002"})]
    plan = excel.plan_import(xlsx(rows), acting_user=city_admin)
    assert plan.errors == []
    assert excel.commit_import(plan, acting_user=city_admin) == (2, 0, 0)
    project = Project.objects.get(project_code="2025-410700-28-03-000001")
    assert project.stage == Stage.SIGNED and project.investor.uscc == valid_uscc(1)

    rows[0]["总投资（万元）"] = 15000
    plan = excel.plan_import(xlsx(rows), acting_user=city_admin)
    assert excel.commit_import(plan, acting_user=city_admin) == (0, 1, 1)
    assert Project.objects.count() == 2
    project.refresh_from_db()
    assert project.total_investment == 15000
    assert project.history.first().history_user == city_admin


def test_every_bad_row_is_listed_with_row_column_and_reason_and_nothing_is_written(city_admin):
    rows = [
        row(),
        row(
            **{
                "投资项目代码": "2025-410700-28-03-000009",
                "投资方统一社会信用代码": "91410700000000001X",
            }
        ),
        row(**{"投资项目代码": "2025-410700-28-03-000010", "总投资（万元）": "十二亿"}),
        row(**{"投资项目代码": "2025-410700-28-03-000011", "责任县(市、区)": "不存在县"}),
        row(**{"投资项目代码": "2025-410700-28-03-000012", "签约日期": None}),
        row(**{"投资项目代码": "2025-410700-28-03-000001", "项目名称": "重复代码"}),
    ]
    plan = excel.plan_import(xlsx(rows), acting_user=city_admin)
    found = {(e.row, e.column) for e in plan.errors}
    assert (3, "投资方统一社会信用代码") in found
    assert (4, "总投资（万元）") in found
    assert (5, "责任县(市、区)") in found
    assert (6, "阶段") in found
    assert (7, "投资项目代码") in found
    reasons = {(e.row, e.column): e.message for e in plan.errors}
    assert "校验位错误" in reasons[(3, "投资方统一社会信用代码")]
    assert reasons[(7, "投资项目代码")] == "与第2行重复"
    with pytest.raises(Exception, match="未导入任何数据"):
        excel.commit_import(plan, acting_user=city_admin)
    assert Project.objects.count() == 0


def test_an_officer_cannot_import_another_countys_rows(officer_a):
    plan = excel.plan_import(xlsx([row(**{"责任县(市、区)": "长垣市"})]), acting_user=officer_a)
    assert [(e.column, e.message) for e in plan.errors] == [
        ("责任县(市、区)", "只能导入本县(市、区)（红旗区）的项目")
    ]


def test_a_file_that_is_not_excel_gets_a_chinese_message(city_admin):
    with pytest.raises(FileError, match="无法读取该文件"):
        excel.plan_import(SimpleUploadedFile("x.xlsx", b"not a zip"), acting_user=city_admin)


def test_an_oversized_file_is_refused_before_reading(city_admin, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    with pytest.raises(FileError, match="文件过大"):
        excel.plan_import(SimpleUploadedFile("x.xlsx", b"0" * 2048), acting_user=city_admin)


def test_a_file_with_unknown_headers_is_refused(city_admin):
    with pytest.raises(FileError, match="表头缺少必填列"):
        excel.plan_import(xlsx([{"名字": "x"}], headers=["名字"]), acting_user=city_admin)


def test_import_through_the_pages_previews_then_commits(login, city_admin):
    client = login(city_admin)
    response = client.post("/projects/import/", {"file": xlsx([row()])})
    page = response.content.decode()
    assert "校验通过" in page and Project.objects.count() == 0
    token = response.context["token"]
    response = client.post("/projects/import/", {"token": token}, follow=True)
    assert "导入完成：新建 1 个项目" in response.content.decode()
    assert Project.objects.count() == 1


def test_exported_file_reimports_as_updates(login, city_admin):
    excel.commit_import(
        excel.plan_import(xlsx([row()]), acting_user=city_admin), acting_user=city_admin
    )
    client = login(city_admin)
    content = client.get("/projects/export/").content
    plan = excel.plan_import(SimpleUploadedFile("e.xlsx", content), acting_user=city_admin)
    assert plan.errors == [] and (plan.creates, plan.updates) == (0, 1)


def test_export_has_chinese_headers_and_two_decimal_money(login, city_admin):
    excel.commit_import(
        excel.plan_import(xlsx([row()]), acting_user=city_admin), acting_user=city_admin
    )
    response = login(city_admin).get("/projects/export/?stage=signed")
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in ws[1]]
    assert headers[:2] == ["项目编号", "项目名称"]
    money = ws.cell(row=2, column=headers.index("总投资（万元）") + 1)
    assert money.value == 12000 and money.number_format == "#,##0.00"


def test_template_downloads_with_instructions(login, city_admin):
    response = login(city_admin).get("/projects/import/template/")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["项目导入模板", "填写说明"]
    assert [c.value for c in wb["项目导入模板"][1]] == IMPORT_HEADERS


def test_a_trimmed_sheet_leaves_the_missing_columns_alone(city_admin):
    excel.commit_import(
        excel.plan_import(xlsx([row(**{"服务官": "刘洋"})]), acting_user=city_admin),
        acting_user=city_admin,
    )
    headers = ["项目名称", "投资项目代码", "责任县(市、区)", "阶段", "总投资（万元）"]
    values = row(**{"总投资（万元）": 13000})
    plan = excel.plan_import(xlsx([values], headers=headers), acting_user=city_admin)
    assert excel.commit_import(plan, acting_user=city_admin) == (0, 1, 0)
    project = Project.objects.get()
    assert (project.total_investment, project.service_officer) == (13000, "刘洋")


def test_an_edit_after_the_preview_aborts_the_import(city_admin):
    excel.commit_import(
        excel.plan_import(xlsx([row()]), acting_user=city_admin), acting_user=city_admin
    )
    plan = excel.plan_import(xlsx([row(**{"总投资（万元）": 20000})]), acting_user=city_admin)
    Project.objects.update(version=99)
    with pytest.raises(Exception, match="预览之后已被其他用户修改"):
        excel.commit_import(plan, acting_user=city_admin)
    assert Project.objects.get().total_investment == 12000


def test_model_rules_are_reported_per_row(city_admin):
    plan = excel.plan_import(
        xlsx([row(**{"项目类型": "扩产", "投资项目代码": "2025-410700-28-03-000077"})]),
        acting_user=city_admin,
    )
    assert [(e.row, e.column) for e in plan.errors] == [(2, "原项目编号")]
