"""The project stage machine, defined once: allowed moves and what each stage requires."""

from django.utils import timezone

from .choices import Stage, Status

ORDER = list(Stage.values)

# Forward moves follow the lifecycle; registration may come after construction starts in
# practice, so 签约 may go straight to 开工. The one backward move is talks falling back.
TRANSITIONS = {
    Stage.SOURCING: {Stage.NEGOTIATING},
    Stage.NEGOTIATING: {Stage.SIGNED, Stage.SOURCING},
    Stage.SIGNED: {Stage.REGISTERED, Stage.UNDER_CONSTRUCTION},
    Stage.REGISTERED: {Stage.UNDER_CONSTRUCTION},
    Stage.UNDER_CONSTRUCTION: {Stage.IN_PRODUCTION},
    Stage.IN_PRODUCTION: {Stage.AT_CAPACITY},
    Stage.AT_CAPACITY: set(),
}


def is_at_least(stage, threshold):
    return ORDER.index(stage) >= ORDER.index(threshold)


def from_stage(stage):
    """``stage`` and every later one: reaching any of them means ``stage`` was reached."""
    return ORDER[ORDER.index(stage) :]


def allowed_targets(project):
    """The stages the project may move to next, in lifecycle order."""
    if project.status == Status.WITHDRAWN:
        return []
    return [s for s in ORDER if s in TRANSITIONS[Stage(project.stage)]]


def stage_requirements(stage, *, contract_date, contracted_investment):
    """Chinese messages for what a project lacks to be in ``stage`` (empty when it qualifies)."""
    problems = []
    if is_at_least(stage, Stage.SIGNED):
        label = Stage(stage).label
        if not contract_date:
            problems.append(f"进入“{label}”阶段须先填写签约日期")
        if not contracted_investment or contracted_investment <= 0:
            problems.append(f"进入“{label}”阶段须先填写大于0的合同投资额")
    return problems


def transition_problems(project, to_stage, date, last_date=None):
    """Every reason the move of ``project`` to ``to_stage`` on ``date`` is refused."""
    problems = []
    to_stage = Stage(to_stage)
    if project.status == Status.WITHDRAWN:
        return ["项目已终止，不能再变更阶段"]
    if to_stage == project.stage:
        return [f"项目已处于“{to_stage.label}”阶段"]
    if to_stage not in TRANSITIONS[Stage(project.stage)]:
        allowed = "、".join(Stage(s).label for s in allowed_targets(project)) or "无"
        problems.append(
            f"不能从“{Stage(project.stage).label}”直接变更为“{to_stage.label}”；可变更为：{allowed}"
        )
    if date is None:
        problems.append("请填写阶段变更日期")
    else:
        if date > timezone.localdate():
            problems.append("阶段变更日期不能晚于今天")
        if last_date and date < last_date:
            problems.append(f"阶段变更日期不能早于上一次阶段变更（{last_date}）")
    if to_stage == Stage.UNDER_CONSTRUCTION and not is_at_least(project.stage, Stage.SIGNED):
        problems.append("项目须先签约才能开工")
    problems += stage_requirements(
        to_stage,
        contract_date=project.contract_date,
        contracted_investment=project.contracted_investment,
    )
    return problems
