from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.zone_list, name="zone_list"),
    path("<int:pk>/", views.zone_detail, name="zone_detail"),
]
