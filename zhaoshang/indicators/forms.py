from django import forms

from zhaoshang.core.forms import StyledForm
from zhaoshang.supervision import periods

from .progress import computed_choices


class ObservationForm(StyledForm):
    """A value of an indicator for one period, typed in by the city administrator."""

    period_code = forms.CharField(
        label="期间",
        max_length=20,
        help_text="如 2025（年）、2025H1（半年）、2025Q2（季度）、2025-06（月）",
    )
    value = forms.DecimalField(label="数值", max_digits=20, decimal_places=4)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def clean_period_code(self):
        try:
            return periods.parse(self.cleaned_data["period_code"]).code
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ComputedByForm(StyledForm):
    computed_by = forms.ChoiceField(label="数据来源", choices=computed_choices, required=False)
