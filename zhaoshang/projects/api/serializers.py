from rest_framework import serializers

from zhaoshang.projects.models import EDITABLE_FIELDS, Project


class ProjectSerializer(serializers.ModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    zone_name = serializers.CharField(
        source="zone.name", read_only=True, default=None, allow_null=True
    )
    investor_name = serializers.CharField(
        source="investor.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Project
        fields = [
            "id",
            *EDITABLE_FIELDS,
            "investor",
            "investor_name",
            "region_name",
            "zone_name",
            "stage",
            "stage_label",
            "stage_date",
            "status",
            "status_label",
            "status_reason",
            "lost_to_region",
            "is_out_of_province",
            "is_foreign",
            "is_major",
            "is_demo",
            "version",
            "updated_at",
        ]
        read_only_fields = [
            "stage_date",
            "status",
            "status_reason",
            "lost_to_region",
            "is_out_of_province",
            "is_foreign",
            "is_major",
            "is_demo",
            "updated_at",
        ]
        # Uniqueness and model rules are checked by the service layer, in one place.
        validators = []


class StageChangeSerializer(serializers.Serializer):
    to_stage = serializers.CharField()
    date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
