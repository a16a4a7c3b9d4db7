import pytest

from zhaoshang.projects.models import Project
from zhaoshang.utils.codes import uscc_check_char

pytestmark = pytest.mark.django_db


def form_data(region, **overrides):
    data = {
        "name": "年产3万吨新材料项目",
        "kind": "new",
        "region": region.pk,
        "stage": "negotiating",
        "total_investment": "12000",
        "investor_name": "河南某某材料有限公司",
        "investor_uscc": "914107000000000" + "12" + uscc_check_char("91410700000000012"),
    }
    data.update(overrides)
    return data


def test_officer_creates_a_project_with_its_investor(login, officer_a, county_a):
    response = login(officer_a).post("/projects/new/", form_data(county_a))
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert project.investor.name == "河南某某材料有限公司"
    assert project.created_by == officer_a


def test_a_wrong_credit_code_is_shown_next_to_the_field(login, officer_a, county_a):
    response = login(officer_a).post(
        "/projects/new/", form_data(county_a, investor_uscc="914107000000000120")
    )
    assert "校验位错误" in response.content.decode()
    assert not Project.objects.exists()


def test_the_later_save_of_two_open_edit_forms_is_refused_with_a_message(
    login, officer_a, county_a
):
    client = login(officer_a)
    client.post("/projects/new/", form_data(county_a))
    project = Project.objects.get()
    first = form_data(county_a, version=project.version, service_officer="刘洋")
    second = form_data(county_a, version=project.version, service_officer="陈静")
    assert client.post(f"/projects/{project.pk}/edit/", first).status_code == 302
    response = client.post(f"/projects/{project.pk}/edit/", second)
    assert "为避免覆盖他人的修改" in response.content.decode()
    project.refresh_from_db()
    assert project.service_officer == "刘洋"


def test_project_page_shows_the_change_history(login, officer_a, county_a):
    client = login(officer_a)
    client.post("/projects/new/", form_data(county_a))
    project = Project.objects.get()
    client.post(
        f"/projects/{project.pk}/edit/",
        form_data(county_a, version=project.version, total_investment="15000"),
    )
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "总投资（万元）" in page and "12,000.00" in page and "15,000.00" in page


def test_a_refused_stage_change_flashes_the_reason(login, officer_a, county_a):
    client = login(officer_a)
    client.post("/projects/new/", form_data(county_a))
    project = Project.objects.get()
    response = client.post(
        f"/projects/{project.pk}/stage/", {"to_stage": "signed", "date": "2025-01-01"}, follow=True
    )
    assert "进入“签约”阶段须先填写签约日期" in response.content.decode()


def test_list_filters_by_stage_and_investment_range(login, city_admin, make_project, county_a):
    make_project(county_a, name="小项目", total_investment=100)
    make_project(county_a, name="大项目", total_investment=200000)
    page = login(city_admin).get("/projects/?investment_min=1000").content.decode()
    assert "大项目" in page and "小项目" not in page


def test_search_finds_a_project_by_investor_name(login, officer_a, county_a):
    client = login(officer_a)
    client.post("/projects/new/", form_data(county_a))
    page = client.get("/projects/?q=某某材料").content.decode()
    assert "年产3万吨新材料项目" in page


def test_openapi_schema_describes_the_project_api(login, city_admin):
    schema = login(city_admin).get("/api/schema/?format=json").json()
    assert "/api/projects/{id}/stage/" in schema["paths"]


def test_renaming_an_investor_keeps_its_projects_findable(login, officer_a, county_a):
    client = login(officer_a)
    client.post("/projects/new/", form_data(county_a))
    investor = Project.objects.get().investor
    investor.name = "河南更名后新材料集团有限公司"
    investor.save()
    assert "年产3万吨新材料项目" in client.get("/projects/?q=更名后").content.decode()
    assert Project.objects.get().history.count() == 1
