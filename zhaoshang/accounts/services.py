"""Account writes."""

import os

from django.db import transaction

from zhaoshang.regions.models import DevelopmentZone, Region

from .choices import Role
from .models import User

DEMO_PASSWORD_ENV = "ZHAOSHANG_DEMO_PASSWORD"  # noqa: S105 (a variable name, not a secret)


@transaction.atomic
def ensure_demo_users():
    """Create the demo accounts if missing; return [(user, password)] for printing.

    The password comes from the environment when set, so a shared demo server need not use the
    well-known default.
    """
    password = os.environ.get(DEMO_PASSWORD_ENV, "zhaoshang2025")
    specs = [
        ("admin", "演示管理员", Role.CITY_ADMIN, None, None),
        ("staff", "市商务局工作人员", Role.CITY_STAFF, None, None),
        ("leader", "市领导", Role.LEADER, None, None),
        ("hongqi", "红旗区专员", Role.OFFICER, "410702", None),
        ("changyuan", "长垣市专员", Role.OFFICER, "410783", None),
        ("jingkai", "经开区专员", Role.OFFICER, None, "新乡经济技术开发区"),
    ]
    result = []
    for username, name, role, region_code, zone_name in specs:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": name,
                "role": role,
                "region": Region.objects.get(code=region_code) if region_code else None,
                "zone": DevelopmentZone.objects.get(name=zone_name) if zone_name else None,
                "is_staff": role == Role.CITY_ADMIN,
                "is_superuser": role == Role.CITY_ADMIN,
            },
        )
        if created:
            user.set_password(password)
            user.save()
        result.append((user, password if created else "（沿用已设置的密码）"))
    return result
