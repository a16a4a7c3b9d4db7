from django.contrib import admin

from .models import IndustryCluster, IndustryCode

admin.site.register(IndustryCluster, list_display=["name", "tier", "order"])
admin.site.register(
    IndustryCode, list_display=["code", "name", "level"], search_fields=["code", "name"]
)
