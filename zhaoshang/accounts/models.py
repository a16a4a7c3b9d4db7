"""Users and the roles that decide what each one sees."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from .choices import Role


class User(AbstractUser):
    """A platform user: city staff, a county or zone officer, or a leader."""

    role = models.CharField(
        verbose_name="角色",
        max_length=20,
        choices=Role.choices,
        default=Role.CITY_STAFF,
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="所属县(市、区)",
        on_delete=models.PROTECT,
        related_name="officers",
        null=True,
        blank=True,
    )
    zone = models.ForeignKey(
        "regions.DevelopmentZone",
        verbose_name="所属开发区",
        on_delete=models.PROTECT,
        related_name="officers",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                name="officer_has_one_scope",
                condition=~Q(role=Role.OFFICER)
                | (Q(region__isnull=False, zone__isnull=True))
                | (Q(region__isnull=True, zone__isnull=False)),
                violation_error_message="县区/开发区专员必须且只能归属一个县(市、区)或一个开发区",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_city_admin(self):
        return self.role == Role.CITY_ADMIN or self.is_superuser

    @property
    def is_officer(self):
        return self.role == Role.OFFICER and not self.is_superuser

    @property
    def can_write_projects(self):
        return self.is_city_admin or self.is_officer

    @property
    def scope_label(self):
        if self.is_officer:
            return str(self.region or self.zone)
        return "新乡市"
