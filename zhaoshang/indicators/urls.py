from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("<int:pk>/observations/", views.observation_save, name="observation_save"),
    path(
        "<int:pk>/observations/<int:observation_id>/delete/",
        views.observation_delete,
        name="observation_delete",
    ),
    path("<int:pk>/computed-by/", views.computed_by_save, name="computed_by"),
]
