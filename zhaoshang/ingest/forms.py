"""Review forms: one field per extracted value, so a reviewer can correct before approving."""

from decimal import Decimal, InvalidOperation

from django import forms

from zhaoshang.core.forms import StyledForm, style_form
from zhaoshang.regions.models import Region

from .choices import DraftKind

# (path in the draft's data, label, type); "num" numbers, "int" years, "period" year or text.
FIELDS = {
    DraftKind.INDICATOR: [
        ("name", "指标名称", "str"),
        ("unit", "单位", "str"),
        ("category", "类别", "str"),
        ("baseline.year", "基期年份", "int"),
        ("baseline.value", "基期值", "num"),
        ("target.year", "目标年份", "int"),
        ("target.value", "目标值", "num"),
        ("target.qualifier", "目标限定（以上、以内、左右…）", "str"),
        ("target.text", "文字目标", "str"),
        ("target.annual_growth_pct", "年均增长（%）", "num"),
        ("target.cumulative", "五年累计", "bool"),
        ("attribute", "属性（expected 预期性 / binding 约束性）", "str"),
    ],
    DraftKind.ENTERPRISE: [
        ("name", "名称", "str"),
        ("kind", "类型（firm 企业 / institution 机构）", "str"),
        ("industry", "所属产业", "str"),
        ("action", "招商方式（引进、对接、合作、支持）", "str"),
        ("source_region", "来源地", "str"),
    ],
    DraftKind.PROJECT: [
        ("name", "项目名称", "str"),
        ("investment_wan", "总投资（万元）", "num"),
        ("capacity", "建设规模/产能", "str"),
        ("area_mu", "用地（亩）", "num"),
        ("place", "地点", "str"),
        ("year", "目标年份", "int"),
    ],
    DraftKind.TARGET: [
        ("subject", "目标事项", "str"),
        ("value", "数值", "num"),
        ("unit", "单位", "str"),
        ("year", "年份或期间", "period"),
    ],
    DraftKind.ZONE: [("name", "开发区名称", "str")],
}


def _get(data, path):
    for part in path.split("."):
        data = (data or {}).get(part)
    return data


def _set(data, path, value):
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {}) or {}
    data[last] = value


def _number(text, label):
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise forms.ValidationError(f"{label}：“{text}”不是有效的数字") from exc
    return int(value) if value == value.to_integral_value() else float(value)


class DraftForm(StyledForm):
    """Edit form built from the draft kind's field list."""

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        for path, label, kind in FIELDS[draft.kind]:
            value = _get(draft.data, path)
            if kind == "bool":
                field = forms.BooleanField(label=label, required=False, initial=bool(value))
            else:
                field = forms.CharField(
                    label=label, required=path in ("name", "subject"), initial=value
                )
            self.fields[path.replace(".", "__")] = field
        if draft.kind == DraftKind.ZONE:
            lines = [f"{i['name']}：{'、'.join(i['items'])}" for i in draft.data["industries"]]
            self.fields["industries"] = forms.CharField(
                label="承接领域（每行一个产业，冒号后为细分领域，用顿号分隔）",
                widget=forms.Textarea(attrs={"rows": 6}),
                initial="\n".join(lines),
            )
        if draft.kind == DraftKind.PROJECT:
            self.fields["region"] = forms.ModelChoiceField(
                label="责任县(市、区)",
                queryset=Region.objects.filter(level="county"),
                required=False,
            )
        if draft.kind == DraftKind.ENTERPRISE and draft.candidates:
            choices = [(str(c["id"]), f"是已有企业：{c['name']}") for c in draft.candidates]
            self.fields["enterprise_choice"] = forms.ChoiceField(
                label="名称相近的已有企业",
                choices=[*choices, ("new", "不是，新建企业")],
                widget=forms.RadioSelect,
                initial=choices[0][0] if draft.candidates[0]["sure"] else None,
            )
        # Fields were added after StyledForm styled the (then empty) form.
        style_form(self)

    def edited_data(self):
        """The draft's data with the reviewer's values, typed as the schema wants."""
        data = {**self.draft.data}
        for key in ("baseline", "target", "actual"):
            if isinstance(data.get(key), dict):
                data[key] = {**data[key]}
        errors = []
        for path, label, kind in FIELDS[self.draft.kind]:
            raw = self.cleaned_data.get(path.replace(".", "__"))
            if kind == "bool":
                _set(data, path, bool(raw))
                continue
            text = (raw or "").strip()
            try:
                if not text:
                    value = None
                elif kind == "num":
                    value = _number(text, label)
                elif kind == "int":
                    value = int(_number(text, label))
                elif kind == "period":
                    value = int(text) if text.isdigit() else text
                else:
                    value = text
            except forms.ValidationError as exc:
                errors.append(exc)
                continue
            _set(data, path, value)
        if self.draft.kind == DraftKind.ZONE:
            industries = []
            for line in self.cleaned_data["industries"].splitlines():
                name, _, items = line.replace(":", "：").partition("：")
                if name.strip():
                    parts = [i.strip() for i in items.replace(",", "、").split("、") if i.strip()]
                    industries.append({"name": name.strip(), "items": parts})
            data["industries"] = industries
        if errors:
            raise forms.ValidationError(errors)
        return data


class UploadForm(StyledForm):
    file = forms.FileField(
        label="规划文件（.txt、.docx、.pdf，50 MB 以内）",
        error_messages={
            "empty": "文件为空，请选择有内容的规划文件",
            "required": "请选择要上传的规划文件",
        },
    )
