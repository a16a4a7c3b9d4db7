"""Writes to the enterprise library."""

from django.db import transaction

from zhaoshang.utils.chinese import company_name_key
from zhaoshang.utils.codes import normalize_uscc

from .models import Enterprise, EnterpriseAlias


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


def match_enterprise(name):
    """Resolve a name to (sure_match, doubtful_candidates).

    A sure match is an exact name or a known alias. Names that only share the core left after
    the company-suffix rules (集团, 股份有限公司, 有限公司…) are doubtful: they are offered to a
    person, never merged silently.
    """
    name = (name or "").strip()
    exact = Enterprise.objects.filter(name=name).order_by("id").first()
    if exact is None:
        alias = EnterpriseAlias.objects.select_related("enterprise").filter(name=name).first()
        exact = alias.enterprise if alias else None
    if exact is not None:
        return exact, []
    key = company_name_key(name)
    candidates = list(Enterprise.objects.filter(name_key=key).order_by("id")[:5]) if key else []
    return None, candidates


@transaction.atomic
def add_alias(enterprise, name):
    """Remember ``name`` as another name of ``enterprise`` (ignored when it is its own name)."""
    name = (name or "").strip()
    if name and name != enterprise.name:
        EnterpriseAlias.objects.get_or_create(name=name, defaults={"enterprise": enterprise})
