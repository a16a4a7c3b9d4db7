"""Demo chiefs, work log and visits for the plans' chains, every row flagged ``is_demo``.

The plans name no chain chiefs, so the demo names say they are placeholders.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from .choices import CHAIN_VISIT_KINDS, ChiefRole
from .models import ChainChief, ChainVisit, ChainWorkItem, IndustryChain

DEMO_LEADERS = ["演示市领导甲", "演示市领导乙", "演示市领导丙"]
DEMO_DEPARTMENTS = ["市工业和信息化局", "市发展和改革委员会", "市商务局", "市科学技术局"]
DEMO_ACTIONS = ["赴长三角对接目标企业", "梳理环节企业清单", "召开产业链链长工作会", "走访链主企业"]


@transaction.atomic
def generate_demo_chains(seed=20250630):
    """Add demo 双长制 roles, action items (some overdue) and visits to every real chain."""
    rng = random.Random(seed)  # noqa: S311 (demo data: same seed, same rows)
    today = timezone.localdate()
    count = 0
    for i, chain in enumerate(IndustryChain.objects.filter(is_demo=False)):
        ChainChief.objects.get_or_create(
            chain=chain,
            role=ChiefRole.CHIEF,
            name=DEMO_LEADERS[i % len(DEMO_LEADERS)],
            defaults={"title": "市级领导（演示）", "is_demo": True},
        )
        ChainChief.objects.get_or_create(
            chain=chain,
            role=ChiefRole.LEAD_DEPARTMENT,
            name=DEMO_DEPARTMENTS[i % len(DEMO_DEPARTMENTS)],
            defaults={"is_demo": True},
        )
        for k in range(3):
            ChainWorkItem.objects.create(
                chain=chain,
                logged_on=today - datetime.timedelta(days=40 * (k + 1)),
                content="链长工作例会（演示）",
                action_item=rng.choice(DEMO_ACTIONS),
                owner=DEMO_DEPARTMENTS[(i + k) % len(DEMO_DEPARTMENTS)],
                due_date=today + datetime.timedelta(days=rng.choice([-20, 15, 45])),
                is_demo=True,
            )
        for k in range(6):
            ChainVisit.objects.create(
                chain=chain,
                kind=rng.choice(CHAIN_VISIT_KINDS),
                date=today - datetime.timedelta(days=rng.randint(0, 300)),
                visited=f"演示走访对象{k + 1}",
                is_demo=True,
            )
        count += 1
    return count
