import pytest
from django.core.management import call_command

from zhaoshang.projects.models import Project

pytestmark = pytest.mark.django_db


def test_real_key_projects_load_without_demo_and_reload_idempotently():
    call_command("seed", "--no-demo", stdout=None)
    fibre = Project.objects.get(name="年产20万吨绿色纤维项目")
    assert fibre.total_investment == 450000 and not fibre.is_demo and fibre.is_major
    assert fibre.zone.name == "新乡经济技术开发区"
    count = Project.objects.count()
    call_command("seed", "--no-demo", stdout=None)
    assert Project.objects.count() == count
    assert not Project.objects.filter(is_demo=True).exists()


def test_demo_data_is_deterministic_and_flagged():
    from zhaoshang.projects.seed import generate_demo

    generate_demo(projects=40, enterprises=20, seed=7)
    first = list(Project.objects.filter(is_demo=True).values_list("name", "total_investment"))
    Project.objects.filter(is_demo=True).delete()
    from zhaoshang.enterprises.models import Enterprise

    Enterprise.objects.filter(is_demo=True).delete()
    generate_demo(projects=40, enterprises=20, seed=7)
    second = list(Project.objects.filter(is_demo=True).values_list("name", "total_investment"))
    assert first == second and len(first) == 40
    for project in Project.objects.filter(is_demo=True, stage="signed"):
        assert project.contract_date and project.contracted_investment


def test_demo_projects_are_labelled_in_the_list(login, city_admin):
    from zhaoshang.projects.seed import generate_demo

    generate_demo(projects=3, enterprises=3, seed=1)
    page = login(city_admin).get("/projects/?is_demo=true").content.decode()
    assert page.count(">演示</span>") == 3
