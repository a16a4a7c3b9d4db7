from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="projects:list"), name="home"),
    path("favicon.ico", RedirectView.as_view(url="/static/img/favicon.svg", permanent=True)),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("projects/", include("zhaoshang.projects.urls")),
    path("enterprises/", include("zhaoshang.enterprises.urls")),
    path("zones/", include("zhaoshang.regions.urls")),
    path("plans/", include("zhaoshang.ingest.urls")),
    path("indicators/", include("zhaoshang.indicators.urls")),
    path("supervision/", include("zhaoshang.supervision.urls")),
    path("chains/", include("zhaoshang.chains.urls")),
    path("api/", include("zhaoshang.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
