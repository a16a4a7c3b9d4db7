from django.contrib import admin

from .models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "baseline_value", "target_year", "target_value", "plan"]
    list_filter = ["plan", "attribute"]
    search_fields = ["name"]
