"""Project library pages. Views stay thin: scoping via restrict/access_object, writes via
services."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Count, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core.access import access_object
from zhaoshang.core.errors import ConcurrentEditError
from zhaoshang.core.excel import FileError
from zhaoshang.core.history import change_log
from zhaoshang.core.views import paginate, query_without_page, xlsx_response
from zhaoshang.enterprises.services import resolve_investor

from . import excel, services, stages
from .choices import Stage
from .filters import ProjectFilterSet
from .forms import FundsForm, ProjectForm, StageChangeForm, StatusForm, VisitForm
from .models import Project, StageEvidence


def _require_writer(user):
    if not user.can_write_projects:
        raise PermissionDenied("当前角色只能查看")


def _add_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _filtered(request):
    base = Project.objects.restrict(request.user, "view").with_list_relations()
    return ProjectFilterSet(request.GET or None, queryset=base, request=request)


@login_required
def project_list(request):
    filterset = _filtered(request)
    qs = filterset.qs if filterset.is_bound else filterset.queryset
    summary = qs.order_by().aggregate(count=Count("pk"), total=Sum("total_investment"))
    context = {
        "filter": filterset,
        "page": paginate(request, qs, count=summary["count"]),
        "query": query_without_page(request),
        "total_investment": summary["total"],
    }
    template = "projects/_table.html" if request.headers.get("HX-Request") else "projects/list.html"
    return render(request, template, context)


@login_required
def project_export(request):
    filterset = _filtered(request)
    qs = filterset.qs if filterset.is_bound else filterset.queryset
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    return xlsx_response(excel.export_projects(qs), f"招商项目_{stamp}.xlsx")


@login_required
def project_detail(request, pk):
    project = access_object(
        Project,
        request.user,
        pk,
        queryset=Project.objects.with_list_relations().select_related("industry_code", "extends"),
    )
    can_edit = Project.objects.restrict(request.user, "change").filter(pk=pk).exists()
    targets = stages.allowed_targets(project)
    today = timezone.localdate().isoformat()
    context = {
        "project": project,
        "can_edit": can_edit,
        "timeline": project.stage_changes.select_related("created_by").prefetch_related("evidence"),
        "funds": project.funds.all(),
        "funds_total": project.funds.aggregate(total=Sum("amount"))["total"],
        "visits": project.visits.all(),
        "history": change_log(project),
        "extensions": project.extensions.restrict(request.user, "view"),
        "stage_form": StageChangeForm(targets=targets, initial={"date": today}),
        "status_form": StatusForm(initial={"status": project.status}),
        "funds_form": FundsForm(initial={"date": today}),
        "visit_form": VisitForm(initial={"date": today}),
        "stage_steps": Stage.choices,
    }
    return render(request, "projects/detail.html", context)


@login_required
def project_create(request):
    _require_writer(request.user)
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            investor = resolve_investor(
                acting_user=request.user,
                name=form.cleaned_data["investor_name"],
                uscc=form.cleaned_data["investor_uscc"],
            )
            project = services.create_project(
                acting_user=request.user, investor=investor, **form.project_fields()
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"已创建项目“{project.name}”")
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "creating": True})


@login_required
def project_edit(request, pk):
    project = access_object(Project, request.user, pk, action="change")
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            investor = resolve_investor(
                acting_user=request.user,
                name=form.cleaned_data["investor_name"],
                uscc=form.cleaned_data["investor_uscc"],
            )
            # The bound form has already written the new values onto ``project``; the
            # service needs the stored record to check scope and version against.
            services.update_project(
                Project.objects.get(pk=pk),
                acting_user=request.user,
                expected_version=form.cleaned_data.get("version") or 0,
                investor=investor,
                **form.project_fields(),
            )
        except ConcurrentEditError as exc:
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("projects:detail", pk=pk)
    return render(request, "projects/form.html", {"form": form, "project": project})


def _action(request, pk, form_class, apply, success, form_kwargs):
    project = access_object(Project, request.user, pk, action="change")
    form = form_class(request.POST, request.FILES, **form_kwargs(project))
    if form.is_valid():
        try:
            apply(project, form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, success)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
    return redirect("projects:detail", pk=pk)


@login_required
@require_POST
def project_stage(request, pk):
    def apply(project, data):
        evidence = (
            [(data["evidence_kind"] or "other", data["evidence"])] if data["evidence"] else []
        )
        services.change_stage(
            project,
            acting_user=request.user,
            to_stage=data["to_stage"],
            date=data["date"],
            note=data["note"],
            evidence=evidence,
        )

    return _action(
        request,
        pk,
        StageChangeForm,
        apply,
        "阶段已变更",
        form_kwargs=lambda p: {"targets": stages.allowed_targets(p)},
    )


@login_required
@require_POST
def project_status(request, pk):
    def apply(project, data):
        services.set_status(
            project,
            acting_user=request.user,
            status=data["status"],
            reason=data["reason"],
            lost_to_region=data["lost_to_region"],
        )

    return _action(request, pk, StatusForm, apply, "推进状态已更新", form_kwargs=lambda p: {})


@login_required
@require_POST
def project_funds(request, pk):
    def apply(project, data):
        services.record_funds(project, acting_user=request.user, **data)

    return _action(request, pk, FundsForm, apply, "已记录到位资金", form_kwargs=lambda p: {})


@login_required
@require_POST
def project_visit(request, pk):
    def apply(project, data):
        services.record_visit(project, acting_user=request.user, **data)

    return _action(request, pk, VisitForm, apply, "已记录走访洽谈", form_kwargs=lambda p: {})


@login_required
def evidence_download(request, pk, evidence_id):
    project = access_object(Project, request.user, pk)
    try:
        item = StageEvidence.objects.get(pk=evidence_id, stage_change__project=project)
    except StageEvidence.DoesNotExist as exc:
        raise Http404("材料不存在") from exc
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)


@login_required
def import_template(request):
    return xlsx_response(excel.template_workbook(), "招商项目导入模板.xlsx")


@login_required
def project_import(request):
    """Upload → preview listing every bad row → confirm commits all rows or none."""
    _require_writer(request.user)
    context = {"max_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        path = _pending_path(request, token)
        if not default_storage.exists(path):
            messages.error(request, "导入文件已过期，请重新上传")
            return redirect("projects:import")
        with default_storage.open(path, "rb") as f:
            try:
                plan = excel.plan_import(f, acting_user=request.user)
                created, updated, unchanged = excel.commit_import(plan, acting_user=request.user)
            except (FileError, ValidationError) as exc:
                messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
                return redirect("projects:import")
        default_storage.delete(path)
        messages.success(
            request,
            f"导入完成：新建 {created} 个项目，更新 {updated} 个项目，{unchanged} 个项目内容未变",
        )
        return redirect("projects:list")
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = "请选择要导入的 Excel 文件"
        else:
            try:
                plan = excel.plan_import(upload, acting_user=request.user)
            except FileError as exc:
                context["error"] = str(exc)
            else:
                context["plan"] = plan
                if not plan.errors:
                    token = uuid.uuid4().hex
                    upload.seek(0)
                    default_storage.save(_pending_path(request, token), upload)
                    context["token"] = token
    return render(request, "projects/import.html", context)


def _pending_path(request, token):
    if not token.isalnum():
        raise Http404
    return f"imports/{request.user.pk}/{token}.xlsx"
