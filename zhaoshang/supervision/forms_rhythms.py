"""Forms of the weekly update, the half-year site review and the annual summary pages."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from zhaoshang.core.forms import StyledForm
from zhaoshang.projects.choices import Stage
from zhaoshang.regions.models import Region

from . import periods, reviews

FIRST_YEAR = 2021  # the 十四五 plan period the platform tracks starts in 2021


class WeeklyUpdateForm(StyledForm):
    """The officer's text; the week comes from the page's address, the scope from the user."""

    text = forms.CharField(
        label="本周工作动态",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="外出招商、客商来访、项目洽谈、签约开工、要素保障、存在问题等",
    )


def half_choices(today=None):
    """The half-years from 2021 up to the current one, newest first."""
    today = today or timezone.localdate()
    current = reviews.default_half(today)
    choices, period = [], current
    while period.start.year >= FIRST_YEAR:
        choices.append((period.code, period.label))
        period = period.previous()
    return choices


class SiteReviewForm(StyledForm):
    """The criteria of the half-year site review; every field has the usual default."""

    half = forms.ChoiceField(label="半年", choices=half_choices, required=False)
    min_investment = forms.DecimalField(
        label="总投资不低于（万元）",
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        initial=reviews.DEFAULT_MIN_INVESTMENT,
        # Left blank (e.g. a link with only the half-year) means the usual 亿元以上.
        required=False,
    )
    stage = forms.ChoiceField(
        label="期内首次进入阶段",
        choices=[(s.value, s.label) for s in Stage if s.value not in ("sourcing", "negotiating")],
        initial=reviews.DEFAULT_STAGE,
        required=False,
    )
    region = forms.ModelChoiceField(
        label="县(市、区)",
        queryset=Region.objects.none(),
        required=False,
        empty_label="全市",
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        regions = Region.objects.filter(level="county").order_by("code")
        if user.is_officer and user.region_id:
            regions = regions.filter(pk=user.region_id)
        self.fields["region"].queryset = regions
        self.fields["half"].initial = reviews.default_half(timezone.localdate()).code

    def criteria(self):
        """The criteria of a valid form, or the defaults when nothing was asked yet."""
        data = self.cleaned_data if self.is_bound else {}
        half = data.get("half") or self.fields["half"].initial
        return reviews.Criteria(
            period=periods.parse(half),
            min_investment=data.get("min_investment")
            if data.get("min_investment") is not None
            else reviews.DEFAULT_MIN_INVESTMENT,
            stage=data.get("stage") or reviews.DEFAULT_STAGE,
            region=data.get("region"),
        )


def year_choices(today=None):
    today = today or timezone.localdate()
    return [(y, f"{y}年") for y in range(today.year, FIRST_YEAR - 1, -1)]
