from django.urls import path

from . import views

app_name = "chains"
urlpatterns = [
    path("", views.chain_list, name="list"),
    path("gaps/", views.gap_report, name="gaps"),
    path("<int:pk>/", views.chain_detail, name="detail"),
    path("<int:pk>/map.json", views.chain_map_json, name="map_json"),
    path("<int:pk>/brief.pdf", views.chain_brief, name="brief"),
    path("<int:pk>/work/", views.work_add, name="work_add"),
    path("<int:pk>/visits/", views.visit_add, name="visit_add"),
    path("<int:pk>/plan-targets/<int:link_id>/", views.plan_target_place, name="plan_target"),
    path("nodes/<int:pk>/", views.node_panel, name="node"),
    path("nodes/<int:pk>/status/", views.node_status, name="node_status"),
    path("nodes/<int:pk>/firms/", views.node_add_firm, name="node_firm"),
    path("nodes/<int:pk>/targets/", views.node_add_target, name="node_target"),
    path("targets/<int:pk>/", views.target_update, name="target"),
    path("work/<int:pk>/done/", views.work_done, name="work_done"),
]
