from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "zhaoshang.indicators"
    verbose_name = "规划指标"
