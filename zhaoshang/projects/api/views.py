from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from zhaoshang.projects import services
from zhaoshang.projects.filters import ProjectFilterSet
from zhaoshang.projects.models import Project

from .serializers import ProjectSerializer, StageChangeSerializer


def _as_drf(exc):
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({"non_field_errors": exc.messages})


class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """招商项目：列表与筛选条件同项目库页面；写操作经服务层校验阶段规则与并发版本。"""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet

    def get_queryset(self):
        action_name = "view" if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return Project.objects.restrict(self.request.user, action_name).with_list_relations()

    def perform_create(self, serializer):
        if not self.request.user.can_write_projects:
            raise PermissionDenied("当前角色只能查看")
        data = dict(serializer.validated_data)
        data.pop("version", None)
        try:
            serializer.instance = services.create_project(acting_user=self.request.user, **data)
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        if expected is None:
            raise serializers.ValidationError(
                {"version": "请提供读取时的版本号，以免覆盖他人的修改"}
            )
        try:
            serializer.instance = services.update_project(
                serializer.instance,
                acting_user=self.request.user,
                expected_version=expected,
                **data,
            )
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc

    @extend_schema(request=StageChangeSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request, pk=None):
        """变更项目阶段（须符合阶段规则）。"""
        project = self.get_object()
        payload = StageChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.change_stage(project, acting_user=request.user, **payload.validated_data)
        except (DjangoValidationError, ValueError) as exc:
            messages = getattr(exc, "messages", ["无效的阶段"])
            raise serializers.ValidationError({"non_field_errors": messages}) from exc
        project.refresh_from_db()
        return Response(ProjectSerializer(project).data, status=status.HTTP_200_OK)
