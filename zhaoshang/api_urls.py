from rest_framework.routers import DefaultRouter

from zhaoshang.enterprises.api.views import EnterpriseViewSet
from zhaoshang.projects.api.views import ProjectViewSet
from zhaoshang.regions.api.views import RegionViewSet, ZoneViewSet

router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("regions", RegionViewSet, basename="region")
router.register("zones", ZoneViewSet, basename="zone")

urlpatterns = router.urls
