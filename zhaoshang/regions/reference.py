"""Loads 新乡市's divisions and its 13 development zones from the committed fact files."""

import csv
import json
from pathlib import Path

from zhaoshang.industries.reference import cluster_for

DATA = Path(__file__).parent / "data"


def load_regions(apps):
    Region = apps.get_model("regions", "Region")
    with open(DATA / "regions.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            parent = Region.objects.get(code=row["parent_code"]) if row["parent_code"] else None
            Region.objects.update_or_create(
                code=row["code"],
                defaults={"name": row["name"], "level": row["level"], "parent": parent},
            )


def load_zones(apps):
    Region = apps.get_model("regions", "Region")
    DevelopmentZone = apps.get_model("regions", "DevelopmentZone")
    ZoneIndustry = apps.get_model("regions", "ZoneIndustry")
    IndustryCluster = apps.get_model("industries", "IndustryCluster")
    clusters = {c.name: c for c in IndustryCluster.objects.all()}
    for item in json.loads((DATA / "zones.json").read_text(encoding="utf-8")):
        region = Region.objects.get(code=item["region_code"]) if item["region_code"] else None
        zone, _ = DevelopmentZone.objects.update_or_create(
            name=item["name"],
            defaults={"level": item["level"] or "", "region": region, "source": item["source"]},
        )
        for order, industry in enumerate(item["industries"]):
            ZoneIndustry.objects.update_or_create(
                zone=zone,
                name=industry["name"],
                defaults={
                    "items": industry["items"],
                    "order": order,
                    "cluster": cluster_for(industry["name"], clusters),
                },
            )
