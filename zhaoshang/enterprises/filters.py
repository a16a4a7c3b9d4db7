import django_filters
from django.db.models import Q

from zhaoshang.core.forms import style_form
from zhaoshang.projects.filters import YES_NO

from .choices import TagKind
from .models import Enterprise


class EnterpriseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="名称或信用代码", method="search")
    tag = django_filters.ChoiceFilter(
        label="标签", choices=TagKind.choices, field_name="tags__kind"
    )
    is_local = django_filters.BooleanFilter(label="在新企业", widget=YES_NO)

    class Meta:
        model = Enterprise
        fields = []

    @property
    def form(self):
        return style_form(super().form)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(uscc=value.upper()))
