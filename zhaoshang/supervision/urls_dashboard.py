from django.urls import path

from . import views_dashboard

urlpatterns = [
    path("", views_dashboard.dashboard_page, name="dashboard"),
    path("data/", views_dashboard.dashboard_data, name="dashboard_data"),
    path("drilldown/", views_dashboard.drilldown, name="drilldown"),
    path("formulas/", views_dashboard.formulas, name="formulas"),
]
