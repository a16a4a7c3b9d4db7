"""The plan ingestion flow end to end: command, upload, review, provenance, versions."""

import json

import jsonschema
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from zhaoshang.enterprises.models import Enterprise, EnterpriseAlias
from zhaoshang.indicators.models import Indicator
from zhaoshang.ingest import services
from zhaoshang.ingest.choices import DraftKind, DraftStatus
from zhaoshang.ingest.models import DraftItem, PlanDocument, Provenance
from zhaoshang.ingest.schema import OUTPUT_SCHEMA
from zhaoshang.projects.models import Project

SEEDS = settings.SHARED_DIR / "seeds"
SEED_001 = SEEDS / "001_02454f3cbb1df4b6.txt"
SEED_004 = SEEDS / "004_7e57f287e5d0df84.txt"

LISTING = (
    "某市“十四五”产业合作规划\n"
    "某市人民政府\n"
    "(一)新材料产业\n"
    "重点对接中国石油化工股份有限公司、华为技术有限公司等龙头企业，积极对接清华大学、"
    "中国科学院化学研究所等机构。\n"
)


def ingest(user, data, name="plan.txt"):
    return services.ingest_document(acting_user=user, data=data, filename=name)


def test_command_writes_json_that_follows_the_schema(tmp_path, capsys, db):
    out = tmp_path / "out.json"
    call_command("ingest", str(SEED_001), str(SEED_004), "--json", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, OUTPUT_SCHEMA)
    assert len(data) == 2 and len(data[0]["indicators"]) == 10
    assert "指标 10" in capsys.readouterr().out


def test_command_refuses_an_empty_file_with_a_chinese_message(tmp_path, db):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(Exception, match="1 个文件未能解析"):
        call_command("ingest", str(empty))


@pytest.mark.django_db
def test_ingesting_the_same_document_again_changes_nothing(city_admin):
    data = SEED_001.read_bytes()
    document, created = ingest(city_admin, data)
    drafts = DraftItem.objects.count()
    again, created_again = ingest(city_admin, data)
    assert created and not created_again and again == document
    assert DraftItem.objects.count() == drafts and PlanDocument.objects.count() == 1


@pytest.mark.django_db
def test_a_new_version_shows_what_changed(city_admin):
    text = SEED_001.read_text(encoding="utf-8")
    first, _ = ingest(city_admin, text.encode())
    indicator = first.drafts.filter(kind=DraftKind.INDICATOR).first()
    line = text.splitlines()[indicator.source_line - 1]
    second, _ = ingest(city_admin, text.replace(line, "").encode(), "plan-v2.txt")
    assert second.previous == first
    added, removed, changed = services.version_diff(second)
    assert [d.key for d in removed] == [indicator.key]
    assert (added, changed) == ([], [])


@pytest.mark.django_db
def test_approving_an_indicator_keeps_its_source_line_and_sentence(city_admin, login):
    document, _ = ingest(city_admin, SEED_001.read_bytes())
    draft = document.drafts.filter(kind=DraftKind.INDICATOR).first()
    indicator = services.approve_draft(draft, acting_user=city_admin)
    source = Provenance.objects.get(object_id=indicator.pk)
    assert (source.document, source.line) == (document, draft.source_line)
    assert draft.data["name"] in source.quote
    page = login(city_admin).get("/indicators/").content.decode()
    assert f"第 {draft.source_line} 行" in page


@pytest.mark.django_db
def test_a_reviewer_edit_is_what_gets_stored(city_admin, login):
    document, _ = ingest(city_admin, SEED_001.read_bytes())
    draft = document.drafts.filter(kind=DraftKind.INDICATOR).first()
    form = {f"{k}": v for k, v in {"name": "改过的指标名称", "target__value": "123.5"}.items()}
    for path in ("unit", "category", "baseline__year", "baseline__value", "target__year"):
        value = draft.data
        for part in path.split("__"):
            value = (value or {}).get(part)
        form[path] = "" if value is None else value
    login(city_admin).post(f"/plans/{document.pk}/drafts/{draft.pk}/", form)
    stored = Indicator.objects.get()
    assert stored.name == "改过的指标名称" and float(stored.target_value) == 123.5


@pytest.mark.django_db
def test_a_doubtful_enterprise_match_is_offered_never_merged(city_admin):
    existing = Enterprise.objects.create(name="中国石油化工集团")
    document, _ = ingest(city_admin, LISTING.encode())
    draft = document.drafts.get(kind=DraftKind.ENTERPRISE, data__name="中国石油化工股份有限公司")
    assert draft.candidates == [{"id": existing.pk, "name": "中国石油化工集团", "sure": False}]
    with pytest.raises(ValidationError, match="名称相近"):
        services.approve_draft(draft, acting_user=city_admin)
    services.approve_draft(draft, acting_user=city_admin, enterprise_choice=str(existing.pk))
    assert Enterprise.objects.filter(name__startswith="中国石油化工").count() == 1
    assert EnterpriseAlias.objects.get().enterprise == existing
    link = existing.industry_links.get()
    assert link.relation == "target" and "新材料" in link.industry


@pytest.mark.django_db
def test_an_institution_is_stored_as_an_institution(city_admin):
    document, _ = ingest(city_admin, LISTING.encode())
    draft = document.drafts.get(kind=DraftKind.ENTERPRISE, data__name="清华大学")
    assert services.approve_draft(draft, acting_user=city_admin).kind == "institution"


@pytest.mark.django_db
def test_bulk_approval_is_all_or_nothing(city_admin, county_a):
    document, _ = ingest(city_admin, SEED_004.read_bytes())
    drafts = list(document.drafts.filter(kind=DraftKind.PROJECT))
    with pytest.raises(ValidationError, match="责任县"):
        services.review_drafts(drafts, acting_user=city_admin, approve=True)
    assert not document.drafts.filter(status=DraftStatus.APPROVED).exists()
    count = services.review_drafts(drafts, acting_user=city_admin, approve=True, region=county_a)
    assert count == len(drafts) == Project.objects.filter(region=county_a).count()
    fibre = Project.objects.get(name__contains="20万吨")
    assert fibre.total_investment == 450000


@pytest.mark.django_db
def test_upload_page_reports_bad_files_in_chinese_and_stores_nothing(city_admin, login):
    client = login(city_admin)
    for name, data, message in [
        ("empty.txt", b"", "为空"),
        ("blob.bin", bytes(range(256)) * 8, "二进制"),
        ("note.txt", "今天天气很好。".encode(), "未在文件中识别到"),
    ]:
        response = client.post("/plans/", {"file": SimpleUploadedFile(name, data)})
        assert message in response.content.decode(), name
    assert not PlanDocument.objects.exists()


@pytest.mark.django_db
def test_officers_do_not_see_plans_and_staff_cannot_review(
    officer_a, city_staff, login, city_admin
):
    document, _ = ingest(city_admin, SEED_001.read_bytes())
    assert login(officer_a).get(f"/plans/{document.pk}/").status_code == 404
    client = login(city_staff)
    assert client.get(f"/plans/{document.pk}/").status_code == 200
    draft = document.drafts.first()
    assert client.post(f"/plans/{document.pk}/drafts/{draft.pk}/").status_code == 403


@pytest.mark.django_db
def test_a_home_firm_the_plan_backs_is_linked_as_local(city_admin):
    text = LISTING + "支持新乡化纤股份有限公司、新乡白鹭投资集团有限公司等骨干企业做大做强。\n"
    document, _ = ingest(city_admin, text.encode())
    draft = document.drafts.get(kind=DraftKind.ENTERPRISE, data__name="新乡化纤股份有限公司")
    enterprise = services.approve_draft(draft, acting_user=city_admin)
    assert enterprise.is_local and enterprise.industry_links.get().relation == "local"


def test_quotes_narrow_a_long_sentence_to_the_clause_naming_the_item():
    long_line = (
        "聚焦装备产业，"
        + "发展高端装备、" * 20
        + "，积极对接清华大学、上海交通大学等机构，大力引进徐工集团等企业。"
    )
    assert services.quote([long_line], 1, "清华大学") == "积极对接清华大学、上海交通大学等机构"
    assert services.quote(["短句一。对接清华大学。"], 1, "清华大学") == "对接清华大学。"


def test_highlighting_a_name_escapes_the_quote():
    from zhaoshang.ingest.templatetags.provenance import highlight

    html = highlight("<b>对接清华大学</b>", "清华大学")
    assert html == "&lt;b&gt;对接<mark>清华大学</mark>&lt;/b&gt;"


@pytest.mark.django_db
def test_indicator_list_queries_do_not_grow_with_sourced_indicators(city_admin, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    document, _ = ingest(city_admin, SEED_001.read_bytes())
    drafts = list(document.drafts.filter(kind=DraftKind.INDICATOR))
    client = login(city_admin)
    services.approve_draft(drafts[0], acting_user=city_admin)
    with CaptureQueriesContext(connection) as one:
        client.get("/indicators/")
    for draft in drafts[1:]:
        services.approve_draft(draft, acting_user=city_admin)
    with CaptureQueriesContext(connection) as ten:
        page = client.get("/indicators/").content.decode()
    assert len(ten) == len(one)
    assert page.count("第 ") >= len(drafts)
