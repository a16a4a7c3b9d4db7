"""Forms of the 季排名 pages: the period picker and the year's ranking rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.core.forms import StyledForm, style_form

from . import periods, ranking
from .choices import Normalization, ScopeKind


def quarter_choices(extra_codes=()):
    """Quarters from two years before the last complete one up to the current quarter (marked
    as in progress), plus ``extra_codes`` (published or requested), newest first."""
    today = timezone.localdate()
    last = ranking.last_complete_quarter(today)
    now = periods.quarter(today.year, (today.month - 1) // 3 + 1)
    codes = {now.code}
    quarter = last
    while quarter.start.year >= last.start.year - 2:
        codes.add(quarter.code)
        quarter = quarter.previous()
    for code in extra_codes:
        try:
            codes.add(ranking.period_of(code).code)
        except ValueError:
            continue
    choices = []
    for code in sorted(codes, reverse=True):
        label = periods.parse(code).label
        choices.append((code, f"{label}（进行中）" if code == now.code else label))
    return choices


class RankingFilterForm(StyledForm):
    """Which quarter and which kind of scope to rank; defaults to the last complete quarter's
    county ranking."""

    period = forms.ChoiceField(label="季度")
    scope = forms.ChoiceField(label="排名对象", choices=ScopeKind.choices)

    def __init__(self, data=None, *, extra_codes=()):
        data = data.copy() if data is not None else {}
        data.setdefault("period", ranking.last_complete_quarter().code)
        data.setdefault("scope", ScopeKind.REGION)
        super().__init__(data)
        requested = [data.get("period")] if data.get("period") else []
        self.fields["period"].choices = quarter_choices([*extra_codes, *requested])

    def selection(self):
        """(Period, scope kind) chosen, falling back to the defaults for anything invalid."""
        self.is_valid()
        code = self.cleaned_data.get("period") or ranking.last_complete_quarter().code
        scope = self.cleaned_data.get("scope") or ScopeKind.REGION
        return ranking.period_of(code), scope


class RankingConfigForm(StyledForm):
    """A year's weights (one non-negative integer per component, summing to 100) and
    normalisation method."""

    normalization = forms.ChoiceField(label="标准化方法", choices=Normalization.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for component in ranking.COMPONENTS:
            self.fields[f"w_{component.key}"] = forms.IntegerField(
                label=f"{component.label}权重",
                min_value=0,
                max_value=100,
                error_messages={
                    "invalid": "权重须为非负整数",
                    "min_value": "权重须为非负整数",
                    "required": "请填写权重（不计入排名的指标填0）",
                },
            )
        # The weight fields are added after StyledForm styled the declared ones.
        style_form(self)

    @classmethod
    def initial_for(cls, config):
        initial = {f"w_{k}": config.weights.get(k, 0) for k in ranking.COMPONENT_KEYS}
        initial["normalization"] = config.normalization
        return initial

    def weight_fields(self):
        return [self[f"w_{k}"] for k in ranking.COMPONENT_KEYS]

    def clean(self):
        data = super().clean()
        weights = {k: data.get(f"w_{k}") for k in ranking.COMPONENT_KEYS}
        if all(v is not None for v in weights.values()):
            try:
                data["weights"] = ranking.validate_weights(weights)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return data
