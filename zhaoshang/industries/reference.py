"""Loads GB/T 4754-2017 and the "542" clusters from the committed fact files (see data/SOURCES.md)."""

import csv
import json
from pathlib import Path

DATA = Path(__file__).parent / "data"
LEVELS = {"1": "section", "2": "division", "3": "group", "4": "class"}

# Industry names the plans use (e.g. in zones' 承接领域) → the "542" cluster they belong to.
INDUSTRY_CLUSTER = {
    "装备制造": "装备制造",
    "汽车制造": "装备制造",
    "生物医药": "生物与新医药",
    "现代化工": "化工",
    "现代轻纺": "轻纺",
    "绿色食品": "食品制造",
    "绿色建材": "建材",
    "电子信息": "新一代信息技术",
    "节能环保": "节能环保",
    "电池及新能源": "电池及新能源",
}


def cluster_for(industry, clusters):
    """The cluster an industry name belongs to, from ``clusters`` ({name: cluster}), or None.

    The plans' own names are mapped first; otherwise a name containing a cluster's name (or
    contained in it) belongs to that cluster.
    """
    if not industry:
        return None
    if industry in INDUSTRY_CLUSTER:
        return clusters.get(INDUSTRY_CLUSTER[industry])
    return next((c for name, c in clusters.items() if name in industry or industry in name), None)


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
