from rest_framework import serializers, viewsets

from zhaoshang.enterprises.filters import EnterpriseFilterSet
from zhaoshang.enterprises.models import Enterprise, EnterpriseTag


class EnterpriseTagSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = EnterpriseTag
        fields = ["kind", "kind_label", "year", "rank"]


class EnterpriseSerializer(serializers.ModelSerializer):
    tags = EnterpriseTagSerializer(many=True, read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name", "uscc", "is_local", "home_region", "cluster", "tags", "is_demo"]


class EnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    """企业库（只读）。"""

    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet

    def get_queryset(self):
        return Enterprise.objects.restrict(self.request.user, "view").prefetch_related("tags")
