"""Permission matrix: every URL that takes a project id, for every role."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from zhaoshang.projects import services
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project_a(make_project, county_a, officer_a, signed_fields):
    project = make_project(county_a, acting_user=officer_a, name="红旗区项目", **signed_fields)
    change = services.change_stage(
        project,
        acting_user=officer_a,
        to_stage=Stage.UNDER_CONSTRUCTION,
        date=timezone.localdate(),
        evidence=[("construction_permit", SimpleUploadedFile("许可证.pdf", b"%PDF-1.4 test"))],
    )
    project.evidence_id = change.evidence.get().pk
    return project


def id_urls(project):
    pk, ev = project.pk, project.evidence_id
    return {
        "get": [f"/projects/{pk}/", f"/projects/{pk}/evidence/{ev}/", f"/api/projects/{pk}/"],
        "get_write": [f"/projects/{pk}/edit/"],
        "post": [
            f"/projects/{pk}/edit/",
            f"/projects/{pk}/stage/",
            f"/projects/{pk}/status/",
            f"/projects/{pk}/funds/",
            f"/projects/{pk}/visits/",
            f"/api/projects/{pk}/stage/",
        ],
    }


def test_county_officer_gets_404_for_another_countys_project_on_every_url(
    login, project_a, officer_b
):
    client = login(officer_b)
    urls = id_urls(project_a)
    for url in urls["get"] + urls["get_write"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url, {"date": "2025-01-01", "amount": "1"}).status_code == 404, url
    assert (
        client.patch(
            f"/api/projects/{project_a.pk}/", {"name": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert project_a.funds.count() == 0


def test_zone_officer_sees_only_their_zones_projects(
    login, make_project, county_a, zone_a, zone_officer, project_a
):
    in_zone = make_project(county_a, name="经开区项目", zone=zone_a)
    client = login(zone_officer)
    assert client.get(f"/projects/{in_zone.pk}/").status_code == 200
    assert client.get(f"/projects/{project_a.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["leader", "city_staff"])
def test_read_only_roles_see_everything_but_change_nothing(request, login, project_a, role):
    client = login(request.getfixturevalue(role))
    urls = id_urls(project_a)
    for url in urls["get"]:
        assert client.get(url).status_code == 200, url
    for url in urls["get_write"] + urls["post"]:
        response = client.post(url, {"date": "2025-01-01", "amount": "1"})
        assert response.status_code == 404, url
    assert client.get("/projects/new/").status_code == 403
    assert client.get("/projects/import/").status_code == 403


def test_owner_and_city_admin_can_open_every_url(login, project_a, officer_a, city_admin):
    for user in (officer_a, city_admin):
        client = login(user)
        urls = id_urls(project_a)
        for url in urls["get"] + urls["get_write"]:
            assert client.get(url).status_code == 200, (user, url)


def test_evidence_file_downloads_for_the_owner(login, project_a, officer_a):
    response = login(officer_a).get(f"/projects/{project_a.pk}/evidence/{project_a.evidence_id}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_anonymous_users_are_sent_to_login(client, project_a):
    response = client.get(f"/projects/{project_a.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get(f"/api/projects/{project_a.pk}/").status_code in (401, 403)


def test_list_export_and_api_show_an_officer_only_their_own_projects(
    login, make_project, county_b, officer_b, project_a
):
    own = make_project(county_b, acting_user=officer_b, name="长垣项目")
    client = login(officer_b)
    page = client.get("/projects/").content.decode()
    assert "长垣项目" in page and "红旗区项目" not in page
    api = client.get("/api/projects/").json()
    assert [row["id"] for row in api["results"]] == [own.pk]
    wb = load_workbook(io.BytesIO(client.get("/projects/export/").content), read_only=True)
    names = [row[1] for row in wb.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["长垣项目"]


def test_forged_region_in_the_create_form_is_refused(login, county_b, officer_a):
    client = login(officer_a)
    response = client.post(
        "/projects/new/",
        {"name": "伪造", "region": county_b.pk, "stage": "sourcing", "kind": "new"},
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Project.objects.filter(name="伪造").exists()


def test_list_page_query_count_does_not_grow_with_rows(login, make_project, county_a, city_admin):
    client = login(city_admin)
    for i in range(3):
        make_project(county_a, name=f"查询{i}")
    with CaptureQueriesContext(connection) as few:
        client.get("/projects/")
    for i in range(30):
        make_project(county_a, name=f"更多{i}")
    with CaptureQueriesContext(connection) as many:
        client.get("/projects/")
    assert len(many) == len(few)
    assert len(many) <= 12
