from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "role", "region", "zone", "is_active"]
    list_filter = ["role", "region", "zone", "is_active"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("角色与范围", {"fields": ["role", "region", "zone"]}),
    ]
