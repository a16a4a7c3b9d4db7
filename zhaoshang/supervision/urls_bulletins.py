from django.urls import path

from . import views_bulletins as views

urlpatterns = [
    path("", views.bulletin_list, name="bulletin_list"),
    path("generate/", views.bulletin_generate, name="bulletin_generate"),
    path("<int:pk>/", views.bulletin_detail, name="bulletin_detail"),
    path("<int:pk>/projects/", views.bulletin_projects, name="bulletin_projects"),
    path("<int:pk>/file/<str:fmt>/", views.bulletin_download, name="bulletin_download"),
]
