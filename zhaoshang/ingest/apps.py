from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "zhaoshang.ingest"
    verbose_name = "规划解析"
