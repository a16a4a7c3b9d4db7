from django.apps import AppConfig


class IndustriesConfig(AppConfig):
    name = "zhaoshang.industries"
    verbose_name = "产业分类"
