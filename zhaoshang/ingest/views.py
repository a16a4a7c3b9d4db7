"""Plan ingestion pages: upload, review drafts (singly or in bulk), version diff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhaoshang.regions.models import Region

from . import services
from .choices import DraftKind, DraftStatus
from .errors import IngestError
from .forms import DraftForm, UploadForm
from .models import DraftItem, PlanDocument
from .reader import check_size


def _require_city(user):
    """Plans are a city-level function: officers of a county or zone do not see them."""
    if user.is_officer:
        raise Http404("页面不存在")


def _require_reviewer(user):
    if not services.can_review(user):
        raise PermissionDenied("只有市级管理员可以上传和审核规划")


@login_required
def document_list(request):
    _require_city(request.user)
    form = UploadForm()
    if request.method == "POST":
        _require_reviewer(request.user)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check_size(upload.name, upload.size)
                document, created = services.ingest_document(
                    acting_user=request.user, data=upload.read(), filename=upload.name
                )
            except IngestError as exc:
                form.add_error("file", str(exc))
            else:
                if created:
                    messages.success(request, f"已解析“{document}”，请逐条审核")
                else:
                    messages.info(request, f"该文件与已导入的“{document}”相同，未做任何改动")
                url = reverse("ingest:document", args=[document.pk])
                if request.headers.get("HX-Request"):
                    return HttpResponse(headers={"HX-Redirect": url})
                return redirect(url)
        if request.headers.get("HX-Request"):
            return render(request, "ingest/_upload.html", {"form": form})
    documents = PlanDocument.objects.annotate(
        pending=Count("drafts", filter=Q(drafts__status=DraftStatus.PENDING)),
        total=Count("drafts"),
    ).select_related("uploaded_by")
    return render(
        request,
        "ingest/document_list.html",
        {"documents": documents, "form": form, "can_review": services.can_review(request.user)},
    )


@login_required
def document_detail(request, pk):
    _require_city(request.user)
    document = get_object_or_404(PlanDocument, pk=pk)
    kind = request.GET.get("kind") or DraftKind.INDICATOR
    if kind not in DraftKind.values:
        raise Http404
    status = request.GET.get("status", "")
    drafts = document.drafts.filter(kind=kind)
    if status in DraftStatus.values:
        drafts = drafts.filter(status=status)
    counts = dict(document.drafts.values_list("kind").annotate(n=Count("id")))
    tabs = [(value, label, counts.get(value, 0)) for value, label in DraftKind.choices]
    return render(
        request,
        "ingest/document_detail.html",
        {
            "document": document,
            "drafts": drafts.select_related("reviewed_by"),
            "kind": kind,
            "status": status,
            "tabs": tabs,
            "statuses": DraftStatus.choices,
            "regions": Region.objects.filter(level="county"),
            "can_review": services.can_review(request.user),
            "diff": services.version_diff(document),
        },
    )


@login_required
def draft_review(request, pk, draft_id):
    _require_city(request.user)
    _require_reviewer(request.user)
    draft = get_object_or_404(DraftItem, pk=draft_id, document_id=pk)
    form = DraftForm(request.POST or None, draft=draft)
    if request.method == "POST":
        if request.POST.get("action") == "reject":
            try:
                services.reject_draft(draft, acting_user=request.user)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, "已驳回")
            return redirect(_back(draft))
        if form.is_valid():
            try:
                services.approve_draft(
                    draft,
                    acting_user=request.user,
                    data=form.edited_data(),
                    enterprise_choice=form.cleaned_data.get("enterprise_choice"),
                    region=form.cleaned_data.get("region"),
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, "已通过并写入平台")
                return redirect(_back(draft))
    return render(request, "ingest/draft_review.html", {"draft": draft, "form": form})


def _back(draft):
    return f"{reverse('ingest:document', args=[draft.document_id])}?kind={draft.kind}"


@login_required
@require_POST
def bulk_review(request, pk):
    _require_city(request.user)
    _require_reviewer(request.user)
    document = get_object_or_404(PlanDocument, pk=pk)
    ids = request.POST.getlist("draft")
    drafts = list(document.drafts.filter(pk__in=ids, status=DraftStatus.PENDING))
    kind = request.POST.get("kind", DraftKind.INDICATOR)
    region = Region.objects.filter(pk=request.POST.get("region") or None, level="county").first()
    if not drafts:
        messages.error(request, "请先勾选待审核的条目")
    else:
        try:
            count = services.review_drafts(
                drafts,
                acting_user=request.user,
                approve=request.POST.get("action") == "approve",
                region=region,
            )
        except ValidationError as exc:
            messages.error(request, "批量审核未执行（全部未改动）：" + "；".join(exc.messages))
        else:
            verb = "通过" if request.POST.get("action") == "approve" else "驳回"
            messages.success(request, f"已{verb} {count} 条")
    return redirect(f"{reverse('ingest:document', args=[pk])}?kind={kind}")
