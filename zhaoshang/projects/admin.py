from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FundsArrival, Project, StageChange, Visit


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "zone", "stage", "status", "total_investment", "is_demo"]
    list_filter = ["stage", "status", "region", "is_demo"]
    search_fields = ["name", "project_code", "investor__name"]
    raw_id_fields = ["investor", "extends", "industry_code", "created_by"]
    # Stage moves go through the stage machine on the project page, never a raw edit.
    readonly_fields = ["stage", "stage_date", "version"]


admin.site.register(
    StageChange,
    list_display=["project", "from_stage", "to_stage", "date"],
    raw_id_fields=["project"],
)
admin.site.register(
    FundsArrival, list_display=["project", "date", "amount"], raw_id_fields=["project"]
)
admin.site.register(Visit, list_display=["project", "date", "kind"], raw_id_fields=["project"])
