"""Keep each project's first-reached stage dates in step with its stage changes.

A signal rather than calls in the services because stage changes are also added, corrected and
deleted in the admin and in tests; bulk writers (Excel import, demo data) bypass signals and call
``services.refresh_reached`` themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import StageChange


@receiver([post_save, post_delete], sender=StageChange)
def _stage_change_written(sender, instance, **kwargs):
    from .services import refresh_reached

    refresh_reached([instance.project_id])
