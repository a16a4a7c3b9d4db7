"""The seed command loads the plans' chains; demo chain data is flagged as demo."""

import io

import pytest
from django.core.management import call_command

from zhaoshang.chains import services
from zhaoshang.chains.demo import generate_demo_chains
from zhaoshang.chains.models import ChainChief, ChainTarget, ChainWorkItem, IndustryChain

pytestmark = pytest.mark.django_db


def test_seed_loads_the_plans_chains_without_chiefs():
    call_command("seed", "--no-demo", stdout=io.StringIO())
    assert IndustryChain.objects.filter(is_demo=False).count() == 5
    assert not ChainChief.objects.exists()


def test_demo_chiefs_and_items_are_flagged_and_some_are_overdue():
    call_command("seed", "--no-demo", stdout=io.StringIO())
    generate_demo_chains(seed=1)
    assert not ChainChief.objects.filter(is_demo=False).exists()
    assert not ChainWorkItem.objects.filter(is_demo=False).exists()
    assert ChainWorkItem.objects.filter(services.overdue_q()).exists()
    chiefs = dict(services.funnel_by_chief(ChainTarget.objects.all()))
    assert sum(f["targets"] for f in chiefs.values()) == ChainTarget.objects.count()
