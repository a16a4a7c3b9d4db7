from django.db import models


class RegionLevel(models.TextChoices):
    CITY = "city", "地级市"
    COUNTY = "county", "县(市、区)"


class ZoneLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
