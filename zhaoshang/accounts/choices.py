from django.db import models


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", "市级管理员"
    CITY_STAFF = "city_staff", "市级工作人员"
    OFFICER = "officer", "县区/开发区专员"
    LEADER = "leader", "领导"
