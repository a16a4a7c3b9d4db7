"""Writes to the enterprise library."""

from django.db import transaction

from zhaoshang.utils.codes import normalize_uscc

from .models import Enterprise


@transaction.atomic
def resolve_investor(*, acting_user, name, uscc=None, is_demo=False):
    """Return the enterprise an investor name/code refers to, creating it when unknown.

    The credit code wins over the name: a known code returns that company even if the name
    was typed differently. Without a code, an exact name match is reused.
    """
    name = (name or "").strip()
    uscc = normalize_uscc(uscc) or None
    if not name and not uscc:
        return None
    if uscc:
        found = Enterprise.objects.filter(uscc=uscc).first()
        if found:
            return found
    else:
        found = Enterprise.objects.filter(name=name).order_by("id").first()
        if found:
            return found
    enterprise = Enterprise(name=name, uscc=uscc, is_demo=is_demo)
    enterprise._history_user = acting_user
    enterprise.full_clean()
    enterprise.save()
    return enterprise
