from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("export/", views.project_export, name="export"),
    path("import/", views.project_import, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/stage/", views.project_stage, name="stage"),
    path("<int:pk>/status/", views.project_status, name="status"),
    path("<int:pk>/funds/", views.project_funds, name="funds"),
    path("<int:pk>/visits/", views.project_visit, name="visit"),
    path("<int:pk>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
]
