from django.contrib import admin

from .models import DevelopmentZone, Park, Region, ZoneIndustry


class ZoneIndustryInline(admin.TabularInline):
    model = ZoneIndustry
    extra = 0


@admin.register(DevelopmentZone)
class DevelopmentZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "region"]
    inlines = [ZoneIndustryInline]


admin.site.register(Region, list_display=["code", "name", "level"])
admin.site.register(Park, list_display=["name", "zone", "region"])
