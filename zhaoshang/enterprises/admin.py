from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Enterprise, EnterpriseTag


class EnterpriseTagInline(admin.TabularInline):
    model = EnterpriseTag
    extra = 1


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "uscc", "is_local", "cluster", "is_demo"]
    list_filter = ["is_local", "is_demo", "cluster"]
    search_fields = ["name", "uscc"]
    raw_id_fields = ["industry_code"]
    inlines = [EnterpriseTagInline]
