"""The one-page PDF brief of a chain (WeasyPrint): the chain drawn as coloured boxes, its
gap and weak nodes with targets, the funnel and the open action items."""

from django.template.loader import render_to_string
from django.utils import timezone

from . import services
from .choices import Position
from .models import ChainTarget, ChainWorkItem

# One A4 page holds this much; the web page has the rest.
MAX_TARGET_NAMES = 6
MAX_ITEMS = 5


def brief_context(chain, user, region=None):
    states = services.chain_states(chain, region)
    targets = ChainTarget.objects.restrict(user, "view").filter(node__chain=chain)
    work = ChainWorkItem.objects.restrict(user, "view").filter(chain=chain)
    if region:
        targets, work = targets.filter(region=region), work.filter(region=region)
    names = {}
    for target in targets.select_related("enterprise").order_by("id"):
        names.setdefault(target.node_id, []).append(target.enterprise.name)
    roots = services.top_level(states)
    columns = [(p.label, [s for s in roots if s.node.position == p]) for p in Position]
    needing = [
        (s, names.get(s.node.pk, [])[:MAX_TARGET_NAMES], len(names.get(s.node.pk, [])))
        for s in states
        if s.needs_targets
    ]
    funnel = services.funnel(targets)
    return {
        "chain": chain,
        "region": region,
        "today": timezone.localdate(),
        "columns": columns,
        "colors": {s.value: c for s, c in services.STATUS_COLORS.items()},
        "counts": services.status_counts(states),
        "chiefs": services.chiefs_by_role(chain),
        "needing": needing,
        "funnel": [(label, funnel[key]) for key, label in services.FUNNEL_STEPS],
        "items": services.open_action_items(work)[:MAX_ITEMS],
        "rules": [text for _, text in services.STATUS_RULES],
    }


def render_brief(chain, user, region=None):
    """PDF bytes of the brief, as ``user`` may see it."""
    from weasyprint import HTML

    html = render_to_string("chains/brief_pdf.html", brief_context(chain, user, region))
    return HTML(string=html).write_pdf()
