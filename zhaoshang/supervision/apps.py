from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zhaoshang.supervision"
    verbose_name = "督导问效"
