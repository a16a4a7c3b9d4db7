"""Readable change history (who, when, field, old → new) from django-simple-history records."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from zhaoshang.utils import money


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: str
    reason: str
    changes: list


def _display(model, field_name, value, cache):
    if value in (None, ""):
        return "（空）"
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        key = (field.related_model, value)
        if key not in cache:
            obj = field.related_model._default_manager.filter(pk=value).first()
            cache[key] = str(obj) if obj else f"#{value}"
        return cache[key]
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(field, models.DecimalField):
        return money.wan(value)
    return str(value)


def change_log(obj, limit=50):
    """The newest ``limit`` changes of ``obj``, each listing the fields that changed."""
    model = type(obj)
    records = list(obj.history.select_related("history_user").order_by("-history_id")[: limit + 1])
    cache = {}
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is None:
            if newer.history_type != "+":
                continue
        else:
            for change in newer.diff_against(older).changes:
                try:
                    label = str(model._meta.get_field(change.field).verbose_name)
                except FieldDoesNotExist:
                    label = change.field
                changes.append(
                    FieldChange(
                        label,
                        _display(model, change.field, change.old, cache),
                        _display(model, change.field, change.new, cache),
                    )
                )
            if not changes:
                continue
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=str(newer.history_user) if newer.history_user else "系统",
                reason=newer.history_change_reason or ("新建" if older is None else "修改"),
                changes=changes,
            )
        )
    return entries
