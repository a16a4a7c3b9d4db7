from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "zhaoshang.projects"
    verbose_name = "项目库"

    def ready(self):
        from . import signals  # noqa: F401
