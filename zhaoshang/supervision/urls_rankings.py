from django.urls import path

from . import views_rankings as views

urlpatterns = [
    path("", views.ranking_page, name="rankings"),
    path("publish/", views.ranking_publish, name="ranking_publish"),
    path("config/<int:year>/", views.ranking_config, name="ranking_config"),
]
