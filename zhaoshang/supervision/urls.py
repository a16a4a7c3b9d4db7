from django.urls import include, path

app_name = "supervision"
urlpatterns = [
    path("", include("zhaoshang.supervision.urls_dashboard")),
    path("bulletins/", include("zhaoshang.supervision.urls_bulletins")),
    path("rankings/", include("zhaoshang.supervision.urls_rankings")),
    path("", include("zhaoshang.supervision.urls_rhythms")),
]
