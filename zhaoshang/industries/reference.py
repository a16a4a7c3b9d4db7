"""Loads GB/T 4754-2017 and the "542" clusters from the committed fact files (see data/SOURCES.md)."""

import csv
import json
from pathlib import Path

DATA = Path(__file__).parent / "data"
LEVELS = {"1": "section", "2": "division", "3": "group", "4": "class"}


def load_industry_codes(apps):
    IndustryCode = apps.get_model("industries", "IndustryCode")
    with open(DATA / "gbt4754_2017.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    existing = set(IndustryCode.objects.values_list("code", flat=True))
    IndustryCode.objects.bulk_create(
        IndustryCode(code=r["code"], name=r["name"], level=LEVELS[r["level"]], section=r["section"])
        for r in rows
        if r["code"] not in existing
    )
    by_code = {c.code: c for c in IndustryCode.objects.all()}
    linked = []
    for r in rows:
        if r["parent_code"]:
            code = by_code[r["code"]]
            code.parent = by_code[r["parent_code"]]
            linked.append(code)
    IndustryCode.objects.bulk_update(linked, ["parent"], batch_size=500)


def load_clusters(apps):
    IndustryCluster = apps.get_model("industries", "IndustryCluster")
    IndustryCode = apps.get_model("industries", "IndustryCode")
    clusters = json.loads((DATA / "clusters.json").read_text(encoding="utf-8"))
    for item in clusters:
        cluster, _ = IndustryCluster.objects.update_or_create(
            name=item["name"], defaults={"tier": item["tier"], "order": item["order"]}
        )
        cluster.codes.set(IndustryCode.objects.filter(code__in=item["gbt_divisions"]))
