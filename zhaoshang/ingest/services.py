"""Ingesting plan documents into drafts, and turning reviewed drafts into platform records."""

import hashlib
import re
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.enterprises.choices import LOCAL_ACTIONS, IndustryRelation
from zhaoshang.enterprises.models import Enterprise, IndustryEnterprise
from zhaoshang.enterprises.services import add_alias, match_enterprise
from zhaoshang.indicators.models import Indicator
from zhaoshang.industries.models import IndustryCluster
from zhaoshang.industries.reference import cluster_for
from zhaoshang.projects import services as project_services
from zhaoshang.projects.models import Project
from zhaoshang.regions.models import DevelopmentZone, Region, ZoneIndustry

from . import pipeline
from .choices import KIND_KEYS, DraftKind, DraftStatus
from .errors import IngestError
from .models import DraftItem, PlanDocument, Provenance
from .reader import read_bytes

NO_CONTENT = "未在文件中识别到指标、企业、开发区、重点项目或数值目标，请确认上传的是规划类文件"
_SENTENCE_END = re.compile(r"(?<=[。；！？;])")
_CLAUSE_END = re.compile(r"(?<=[,，])")
_LONG_SENTENCE = 120


def draft_key(kind, data):
    """What identifies the same item across two versions of a plan."""
    if kind == DraftKind.INDICATOR:
        return f"{data['name']}|{data['target']['year']}"
    if kind == DraftKind.ENTERPRISE:
        return f"{data['name']}|{data.get('industry') or ''}"
    if kind == DraftKind.TARGET:
        return f"{data['subject']}|{data.get('year') or ''}"
    return data["name"]


def quote(lines, number, needle=""):
    """The words of line ``number`` that mention ``needle``: its sentence, or for a long
    sentence the clause (between commas) that names it; the whole line without a needle."""
    text = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    if needle and needle in text:
        sentence = next(s for s in _SENTENCE_END.split(text) if needle in s).strip()
        if len(sentence) <= _LONG_SENTENCE:
            return sentence
        clause = next((c for c in _CLAUSE_END.split(sentence) if needle in c), sentence)
        return clause.strip(" ,，")
    return text[:500]


def _needle(kind, data):
    if kind == DraftKind.ZONE:
        return ""
    return data.get("subject") if kind == DraftKind.TARGET else data.get("name", "")


def _candidates(name):
    exact, doubtful = match_enterprise(name)
    if exact is not None:
        return [{"id": exact.pk, "name": exact.name, "sure": True}]
    return [{"id": e.pk, "name": e.name, "sure": False} for e in doubtful]


def can_review(user):
    return user.is_authenticated and user.is_city_admin


def run_extraction(data, filename):
    """Read and extract one file without touching the database: (source, result, warnings)."""
    source = read_bytes(data, filename)
    result, warnings = pipeline.extract(source)
    if pipeline.is_empty(result):
        raise IngestError(f"{filename}：{NO_CONTENT}")
    return source, result, warnings


@transaction.atomic
def ingest_document(*, acting_user, data, filename, extracted=None):
    """Store an uploaded plan and its draft items; return (document, created).

    The same file again returns the stored document and changes nothing. A file whose title
    matches an earlier document becomes its new version, so the review page can show a diff.
    ``extracted`` is what ``run_extraction`` already returned for the same bytes, if anything.
    """
    digest = hashlib.sha256(data).hexdigest()
    existing = PlanDocument.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing, False
    source, result, warnings = extracted or run_extraction(data, filename)
    meta = result["document"]
    previous = None
    if meta.get("title"):
        previous = PlanDocument.objects.filter(title=meta["title"]).order_by("-id").first()
    document = PlanDocument.objects.create(
        title=meta.get("title") or "",
        issuer=meta.get("issuer") or "",
        issued_on=meta.get("date") or "",
        region_name=meta.get("region") or "",
        original_name=filename[:255],
        file_format=source.format,
        sha256=digest,
        text=source.text,
        warnings=warnings,
        previous=previous,
        uploaded_by=acting_user,
    )
    lines = source.lines
    drafts = []
    for kind, key in KIND_KEYS.items():
        for item in result[key]:
            drafts.append(
                DraftItem(
                    document=document,
                    kind=kind,
                    key=draft_key(kind, item)[:300],
                    data=item,
                    source_line=item["source_line"],
                    source_quote=quote(lines, item["source_line"], _needle(kind, item)),
                    candidates=_candidates(item["name"]) if kind == DraftKind.ENTERPRISE else [],
                )
            )
    DraftItem.objects.bulk_create(drafts, batch_size=500)
    return document, True


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _document_region(document):
    return (
        Region.objects.filter(name=document.region_name).first() if document.region_name else None
    )


def _apply_indicator(draft, **_):
    data = draft.data
    target, baseline, actual = data["target"], data["baseline"], data.get("actual") or {}
    indicator, _ = Indicator.objects.update_or_create(
        plan=draft.document,
        name=data["name"],
        target_year=target["year"],
        defaults={
            "unit": data.get("unit") or "",
            "category": data.get("category") or "",
            "region": _document_region(draft.document),
            "baseline_year": baseline["year"],
            "baseline_value": _decimal(baseline["value"]),
            "target_value": _decimal(target["value"]),
            "target_qualifier": target.get("qualifier") or "",
            "target_text": target.get("text") or "",
            "annual_growth_pct": _decimal(target.get("annual_growth_pct")),
            "cumulative": bool(target.get("cumulative")),
            "actual_year": actual.get("year"),
            "actual_value": _decimal(actual.get("value")),
            "actual_text": actual.get("text") or "",
            "attribute": data.get("attribute") or "",
        },
    )
    return indicator


def _apply_target(draft, **_):
    data = draft.data
    year = data.get("year")
    indicator, _ = Indicator.objects.update_or_create(
        plan=draft.document,
        name=data["subject"],
        target_year=year if isinstance(year, int) else None,
        defaults={
            "unit": data.get("unit") or "",
            "category": "数值目标",
            "region": _document_region(draft.document),
            "target_value": _decimal(data.get("value")),
            "target_text": year if isinstance(year, str) else "",
        },
    )
    return indicator


def _clusters():
    return {c.name: c for c in IndustryCluster.objects.all()}


def _apply_enterprise(draft, *, acting_user, enterprise_choice=None, **_):
    data = draft.data
    name = data["name"]
    sure = [c for c in draft.candidates if c["sure"]]
    if enterprise_choice == "new":
        enterprise = None
    elif enterprise_choice:
        enterprise = Enterprise.objects.get(pk=int(enterprise_choice))
        add_alias(enterprise, name)
    elif sure:
        enterprise = Enterprise.objects.get(pk=sure[0]["id"])
    elif draft.candidates:
        names = "、".join(c["name"] for c in draft.candidates)
        raise ValidationError(f"“{name}”与已有企业“{names}”名称相近，请确认是否为同一企业后再通过")
    else:
        enterprise = None
    local = data.get("action") in LOCAL_ACTIONS
    if enterprise is None:
        enterprise = Enterprise(name=name, kind=data.get("kind") or "firm", is_local=local)
        enterprise._history_user = acting_user
        enterprise.full_clean()
        enterprise.save()
    IndustryEnterprise.objects.get_or_create(
        enterprise=enterprise,
        relation=IndustryRelation.LOCAL if local else IndustryRelation.TARGET,
        industry=(data.get("industry") or "")[:100],
        defaults={
            "action": data.get("action") or "",
            "source_region": data.get("source_region") or "",
            "cluster": cluster_for(data.get("industry"), _clusters()),
        },
    )
    return enterprise


def _apply_zone(draft, **_):
    data = draft.data
    zone, _ = DevelopmentZone.objects.get_or_create(
        name=data["name"], defaults={"source": str(draft.document)[:200]}
    )
    clusters = _clusters()
    for order, industry in enumerate(data["industries"]):
        row, created = ZoneIndustry.objects.get_or_create(
            zone=zone,
            name=industry["name"],
            defaults={
                "items": industry["items"],
                "order": order,
                "cluster": cluster_for(industry["name"], clusters),
            },
        )
        if not created:
            row.items = row.items + [i for i in industry["items"] if i not in row.items]
            row.save(update_fields=["items"])
    return zone


def _apply_project(draft, *, acting_user, region=None, **_):
    data = draft.data
    region = region or _document_region(draft.document)
    if region is None or region.level != "county":
        raise ValidationError(f"请为重点项目“{data['name']}”选择责任县(市、区)")
    existing = Project.objects.filter(name=data["name"], region=region).first()
    if existing is not None:
        return existing
    zone = DevelopmentZone.objects.filter(name=data.get("place") or "").first()
    return project_services.create_project(
        acting_user=acting_user,
        name=data["name"][:200],
        region=region,
        zone=zone if zone and zone.region_id in (None, region.pk) else None,
        total_investment=_decimal(data.get("investment_wan")),
        description=project_services.plan_project_description(data),
    )


APPLY = {
    DraftKind.INDICATOR: _apply_indicator,
    DraftKind.TARGET: _apply_target,
    DraftKind.ENTERPRISE: _apply_enterprise,
    DraftKind.ZONE: _apply_zone,
    DraftKind.PROJECT: _apply_project,
}


def _record_provenance(record, draft):
    Provenance.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        document=draft.document,
        line=draft.source_line,
        defaults={"quote": draft.source_quote},
    )


@transaction.atomic
def approve_draft(draft, *, acting_user, data=None, enterprise_choice=None, region=None):
    """Approve one draft (optionally with the reviewer's edits) and create its record."""
    if not can_review(acting_user):
        raise ValidationError("只有市级管理员可以审核规划解析结果")
    draft = DraftItem.objects.select_for_update().select_related("document").get(pk=draft.pk)
    if draft.status != DraftStatus.PENDING:
        raise ValidationError(f"“{draft.key}”已审核，不能重复审核")
    if data is not None:
        draft.data = data
    record = APPLY[draft.kind](
        draft, acting_user=acting_user, enterprise_choice=enterprise_choice, region=region
    )
    _record_provenance(record, draft)
    draft.status = DraftStatus.APPROVED
    draft.reviewed_by = acting_user
    draft.reviewed_at = timezone.now()
    draft.result = record
    draft.save()
    return record


@transaction.atomic
def reject_draft(draft, *, acting_user):
    """Reject a draft: nothing is created from it."""
    if not can_review(acting_user):
        raise ValidationError("只有市级管理员可以审核规划解析结果")
    updated = DraftItem.objects.filter(pk=draft.pk, status=DraftStatus.PENDING).update(
        status=DraftStatus.REJECTED, reviewed_by=acting_user, reviewed_at=timezone.now()
    )
    if not updated:
        raise ValidationError(f"“{draft.key}”已审核，不能重复审核")


@transaction.atomic
def review_drafts(drafts, *, acting_user, approve, region=None):
    """Approve or reject several drafts at once: all of them, or none when one fails."""
    count = 0
    for draft in drafts:
        try:
            if approve:
                approve_draft(draft, acting_user=acting_user, region=region)
            else:
                reject_draft(draft, acting_user=acting_user)
        except ValidationError as exc:
            raise ValidationError(
                f"“{draft.key.split('|')[0]}”：" + "；".join(exc.messages)
            ) from exc
        count += 1
    return count


def _position(draft):
    return (draft.kind, draft.source_line)


def version_diff(document):
    """What changed since the previous version: (added, removed, changed) draft lists."""
    if document.previous is None:
        return None
    old = {(d.kind, d.key): d for d in document.previous.drafts.all()}
    new = {(d.kind, d.key): d for d in document.drafts.all()}

    def comparable(draft):
        return {k: v for k, v in draft.data.items() if k != "source_line"}

    added = [new[k] for k in new.keys() - old.keys()]
    removed = [old[k] for k in old.keys() - new.keys()]
    changed = [
        (old[k], new[k])
        for k in new.keys() & old.keys()
        if comparable(old[k]) != comparable(new[k])
    ]
    return (
        sorted(added, key=_position),
        sorted(removed, key=_position),
        sorted(changed, key=lambda pair: _position(pair[1])),
    )


def provenance_for(record):
    """The sources of a platform record, newest document first.

    Records with a ``sources`` relation may have them prefetched (list pages do); others are
    looked up here.
    """
    if hasattr(record, "sources"):
        return record.sources.all()
    return provenance_queryset().filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )


def provenance_queryset():
    return Provenance.objects.select_related("document").order_by("-document_id", "line")
