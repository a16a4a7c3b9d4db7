from rest_framework import serializers, viewsets

from zhaoshang.regions.models import DevelopmentZone, Region, ZoneIndustry


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent"]


class ZoneIndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = ZoneIndustry
        fields = ["name", "cluster", "items"]


class ZoneSerializer(serializers.ModelSerializer):
    industries = ZoneIndustrySerializer(many=True, read_only=True)

    class Meta:
        model = DevelopmentZone
        fields = ["id", "name", "level", "region", "industries"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """行政区划（新乡市及所辖县(市、区)）。"""

    serializer_class = RegionSerializer
    queryset = Region.objects.all()


class ZoneViewSet(viewsets.ReadOnlyModelViewSet):
    """开发区及其承接领域。"""

    serializer_class = ZoneSerializer

    def get_queryset(self):
        return DevelopmentZone.objects.restrict(self.request.user, "view").prefetch_related(
            "industries"
        )
