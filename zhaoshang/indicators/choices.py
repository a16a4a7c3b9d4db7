from django.db import models


class Attribute(models.TextChoices):
    EXPECTED = "expected", "预期性"
    BINDING = "binding", "约束性"
