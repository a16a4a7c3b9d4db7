"""Base models shared by every domain app."""

from django.db import models


class TimestampedModel(models.Model):
    """A record that knows when it was created and last changed."""

    created_at = models.DateTimeField(
        verbose_name="创建时间",
        auto_now_add=True,
    )
    updated_at = models.DateTimeField(
        verbose_name="更新时间",
        auto_now=True,
    )

    class Meta:
        abstract = True


class ScopedQuerySet(models.QuerySet):
    """A queryset whose model declares who may see and change which rows.

    The model's manager is built from this class and the model defines
    ``scope_filter(user, action)`` returning a Q object (or None for "everything").
    Every read for a user goes through ``restrict``: views, exports, API and
    commands never filter by region on their own.
    """

    def restrict(self, user, action="view"):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        q = self.model.scope_filter(user, action)
        if q is None:
            return self
        if q is False:
            return self.none()
        return self.filter(q)
