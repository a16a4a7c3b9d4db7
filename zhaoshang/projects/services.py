"""Every write to a project goes through these functions (views, API, importer, commands)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Min, OuterRef, Subquery
from django.utils import timezone

from zhaoshang.core.errors import ConcurrentEditError

from . import stages
from .choices import Stage
from .models import FundsArrival, Project, StageChange, StageEvidence, Visit

REFRESH_SLICE = 500


def _first_reached(stage):
    """The earliest date a project's stage changes reached ``stage`` or a later one."""
    return Subquery(
        StageChange.objects.filter(project=OuterRef("pk"), to_stage__in=stages.from_stage(stage))
        .order_by()
        .values("project")
        .annotate(first=Min("date"))
        .values("first")
    )


def refresh_reached(project_ids=None):
    """Recompute ``signed_on``, ``started_on`` and ``producing_on`` from the stage changes.

    Called whenever stage changes are written (a signal covers single rows, bulk writers call
    it with the ids they touched); ``None`` refreshes every project. A re-signing or a change
    back to an earlier stage never moves a first date later: it is the earliest change.
    """
    dates = {
        "signed_on": _first_reached(Stage.SIGNED),
        "started_on": _first_reached(Stage.UNDER_CONSTRUCTION),
        "producing_on": _first_reached(Stage.IN_PRODUCTION),
    }
    if project_ids is None:
        Project.objects.update(**dates)
        return
    ids = list(project_ids)
    # In slices: SQLite caps the number of parameters of one statement.
    for i in range(0, len(ids), REFRESH_SLICE):
        Project.objects.filter(pk__in=ids[i : i + REFRESH_SLICE]).update(**dates)


def plan_project_description(data, source=""):
    """The description of a key project taken from a plan: capacity, land, place, target year
    (each when stated) and the source, joined as one line."""
    parts = [
        f"产能：{data['capacity']}" if data.get("capacity") else "",
        f"用地：{data['area_mu']}亩" if data.get("area_mu") else "",
        f"地点：{data['place']}" if data.get("place") else "",
        f"目标年份：{data['year']}年" if data.get("year") else "",
        f"来源：{source}" if source else "",
    ]
    return "；".join(p for p in parts if p)


def _check_scope(project, acting_user):
    """Refuse a write that the acting user's scope does not cover (forged form or request)."""
    if acting_user is None:
        return
    if not acting_user.can_write_projects:
        raise ValidationError("当前角色只能查看，不能修改项目")
    if acting_user.is_officer:
        own = (acting_user.region_id and project.region_id == acting_user.region_id) or (
            acting_user.zone_id and project.zone_id == acting_user.zone_id
        )
        if not own:
            raise ValidationError("只能录入或修改本县(市、区)/本开发区的项目")


def _save_with_history(project, acting_user, reason):
    project._history_user = acting_user
    project._change_reason = reason
    project.full_clean()
    project.save()


@transaction.atomic
def create_project(*, acting_user, initial_stage_date=None, **fields):
    """Create a project, validate it fully, and record its initial stage.

    A project created at a stage past 谋划 must already meet that stage's requirements.
    """
    project = Project(**fields)
    if acting_user and acting_user.is_officer and acting_user.zone_id and not project.zone_id:
        project.zone_id = acting_user.zone_id
    _check_scope(project, acting_user)
    problems = stages.stage_requirements(
        project.stage,
        contract_date=project.contract_date,
        contracted_investment=project.contracted_investment,
    )
    if problems:
        raise ValidationError({"stage": problems})
    project.stage_date = initial_stage_date or project.contract_date or timezone.localdate()
    project.created_by = acting_user if acting_user and acting_user.pk else None
    _save_with_history(project, acting_user, "新建项目")
    StageChange.objects.create(
        project=project,
        from_stage="",
        to_stage=project.stage,
        date=project.stage_date,
        note="录入项目",
        created_by=project.created_by,
    )
    return project


@transaction.atomic
def update_project(project, *, acting_user, expected_version, **fields):
    """Apply edits unless someone else saved the project since ``expected_version``.

    The stage is not edited here: it changes only through ``change_stage``.
    """
    fields.pop("stage", None)
    bumped = Project.objects.filter(pk=project.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not bumped:
        current = Project.objects.get(pk=project.pk)
        last = current.history.first()
        who = f"{last.history_user}" if last and last.history_user else "其他用户"
        when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M")
        raise ConcurrentEditError(
            f"保存失败：该项目已被{who}于{when}修改。为避免覆盖他人的修改，"
            "请刷新页面查看最新内容后重新编辑。"
        )
    _check_scope(project, acting_user)
    for name, value in fields.items():
        setattr(project, name, value)
    project.version = expected_version + 1
    # Checked again after the edit so that an officer cannot move a project out of their scope.
    _check_scope(project, acting_user)
    if stages.is_at_least(project.stage, Stage.SIGNED):
        problems = stages.stage_requirements(
            project.stage,
            contract_date=project.contract_date,
            contracted_investment=project.contracted_investment,
        )
        if problems:
            raise ValidationError(problems)
    _save_with_history(project, acting_user, "编辑项目")
    return project


@transaction.atomic
def change_stage(project, *, acting_user, to_stage, date, note="", evidence=()):
    """Move a project to ``to_stage`` on ``date``, with optional evidence files.

    ``evidence`` is a sequence of (kind, uploaded_file). Refusals carry every reason in Chinese.
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    _check_scope(project, acting_user)
    last = project.stage_changes.order_by("-date", "-id").first()
    problems = stages.transition_problems(project, to_stage, date, last.date if last else None)
    if problems:
        raise ValidationError(problems)
    change = StageChange.objects.create(
        project=project,
        from_stage=project.stage,
        to_stage=to_stage,
        date=date,
        note=note,
        created_by=acting_user,
    )
    for kind, upload in evidence:
        StageEvidence.objects.create(
            stage_change=change, kind=kind, file=upload, original_name=upload.name[:255]
        )
    project.stage = to_stage
    project.stage_date = date
    project.version += 1
    _save_with_history(project, acting_user, f"阶段变更为{Stage(to_stage).label}")
    return change


@transaction.atomic
def set_status(project, *, acting_user, status, reason="", lost_to_region=""):
    """Set the progress status (正常推进/滞后/停滞/终止) with its reason."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _check_scope(project, acting_user)
    project.status = status
    project.status_reason = reason
    project.lost_to_region = lost_to_region
    project.version += 1
    _save_with_history(project, acting_user, "变更推进状态")
    return project


@transaction.atomic
def record_funds(project, *, acting_user, date, amount, amount_usd=None, note=""):
    """Record funds that arrived for a project on a date."""
    _check_scope(project, acting_user)
    funds = FundsArrival(
        project=project,
        date=date,
        amount=amount,
        amount_usd=amount_usd,
        note=note,
        created_by=acting_user,
    )
    errors = {}
    if date and date > timezone.localdate():
        errors["date"] = "到位日期不能晚于今天"
    if amount is not None and amount <= 0:
        errors["amount"] = "到位金额必须大于0"
    if errors:
        raise ValidationError(errors)
    funds.full_clean()
    funds.save()
    return funds


@transaction.atomic
def record_visit(project, *, acting_user, date, kind, summary, participants=""):
    """Record a visit or negotiation for a project."""
    _check_scope(project, acting_user)
    if date and date > timezone.localdate():
        raise ValidationError({"date": "走访日期不能晚于今天"})
    visit = Visit(
        project=project,
        date=date,
        kind=kind,
        summary=summary,
        participants=participants,
        created_by=acting_user,
    )
    visit.full_clean()
    visit.save()
    return visit
