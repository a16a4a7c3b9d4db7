"""One filter set for the project list page, the API and the Excel export."""

import django_filters
from django import forms

from zhaoshang.core.forms import style_form
from zhaoshang.industries.models import IndustryCluster
from zhaoshang.regions.models import DevelopmentZone, Region

from .choices import SourceRegion, Stage, Status
from .models import Project

YES_NO = forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])


def _yes_no(label):
    return django_filters.BooleanFilter(label=label, widget=YES_NO)


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search")
    region = django_filters.ModelChoiceFilter(
        label="县(市、区)", queryset=Region.objects.filter(level="county")
    )
    zone = django_filters.ModelChoiceFilter(label="开发区", queryset=DevelopmentZone.objects.all())
    # A plain column: no join can duplicate rows, so no DISTINCT (it made counting slow).
    stage = django_filters.MultipleChoiceFilter(
        label="阶段（可多选）",
        choices=Stage.choices,
        distinct=False,
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    status = django_filters.ChoiceFilter(label="推进状态", choices=Status.choices)
    cluster = django_filters.ModelChoiceFilter(
        label="产业集群", queryset=IndustryCluster.objects.all()
    )
    source_region = django_filters.ChoiceFilter(label="来源地", choices=SourceRegion.choices)
    investment_min = django_filters.NumberFilter(
        label="总投资不低于（万元）", field_name="total_investment", lookup_expr="gte"
    )
    investment_max = django_filters.NumberFilter(
        label="总投资不高于（万元）", field_name="total_investment", lookup_expr="lte"
    )
    contract_from = django_filters.DateFilter(
        label="签约日期自", field_name="contract_date", lookup_expr="gte", widget=_date_input()
    )
    contract_to = django_filters.DateFilter(
        label="签约日期至", field_name="contract_date", lookup_expr="lte", widget=_date_input()
    )
    is_major = _yes_no("10亿元以上")
    is_out_of_province = _yes_no("省外项目")
    is_foreign = _yes_no("外资项目")
    is_demo = _yes_no("演示数据")
    sort = django_filters.OrderingFilter(
        label="排序",
        fields=(
            ("total_investment", "total_investment"),
            ("contract_date", "contract_date"),
            ("name", "name"),
            ("updated_at", "updated_at"),
            ("id", "id"),
        ),
        field_labels={
            "total_investment": "总投资",
            "contract_date": "签约日期",
            "name": "项目名称",
            "updated_at": "更新时间",
            "id": "录入顺序",
        },
    )

    class Meta:
        model = Project
        fields = []

    @property
    def form(self):
        return style_form(super().form)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # One indexed column holds the project name, the investor's name and the project code
        # (trigram-indexed on PostgreSQL), so a search never scans the enterprise table.
        return queryset.filter(search_text__icontains=value)
