"""Real key projects from the plans, and deterministic demo data flagged as demo.

Demo rows are written with bulk inserts so that the same generator can build the 50,000-project
benchmark database; every demo row has ``is_demo=True`` and can be left out or deleted.
"""

import datetime
import json
import random
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from zhaoshang.enterprises.choices import TagKind
from zhaoshang.enterprises.models import Enterprise, EnterpriseTag
from zhaoshang.industries.models import IndustryCluster, IndustryCode
from zhaoshang.regions.models import DevelopmentZone, Region
from zhaoshang.utils.codes import USCC_ALPHABET, uscc_check_char
from zhaoshang.utils.units import USD_TO_CNY

from . import services, stages
from .choices import ProjectKind, SourceRegion, Stage, Status
from .models import FundsArrival, Project, StageChange

KEY_PROJECTS = Path(__file__).parent / "data" / "key_projects.json"
KEY_PROJECT_ZONE = "新乡经济技术开发区"
BOX_CLUSTER = {"纺织服装": "轻纺", "装备制造": "装备制造"}


@transaction.atomic
def load_key_projects(acting_user=None):
    """Create (or refresh) the key projects named with amounts in the 经开区 plan's boxes."""
    zone = DevelopmentZone.objects.get(name=KEY_PROJECT_ZONE)
    region = zone.region or Region.objects.filter(level="county").first()
    clusters = {c.name: c for c in IndustryCluster.objects.all()}
    created = 0
    for item in json.loads(KEY_PROJECTS.read_text(encoding="utf-8")):
        cluster = next(
            (clusters.get(c) for key, c in BOX_CLUSTER.items() if key in item["box"]), None
        )
        description = services.plan_project_description(
            item, f"新乡经济技术开发区“十四五”规划 {item['box']}（第{item['source_line']}行）"
        )
        project, was_created = Project.objects.update_or_create(
            name=item["name"],
            region=region,
            defaults={
                "zone": zone,
                "cluster": cluster,
                "total_investment": Decimal(str(item["total_investment_wan"])),
                "description": description,
                "is_demo": False,
            },
        )
        if was_created:
            created += 1
            project.stage_date = timezone.localdate()
            project.save(update_fields=["stage_date"])
            StageChange.objects.create(
                project=project,
                to_stage=Stage.SOURCING,
                date=project.stage_date,
                note="依据规划录入",
                created_by=acting_user,
            )
    return created


def fake_uscc(rng):
    first = "91" + "410700" + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return first + uscc_check_char(first)


COMPANY_HEADS = "华豫中科远航新能恒泰金源天瑞宏达鑫盛博创东方凯德瑞丰汇通永兴百川嘉和"
COMPANY_TRADES = [
    "新材料",
    "智能装备",
    "生物科技",
    "食品",
    "纺织",
    "新能源",
    "电子",
    "化工",
    "医疗器械",
    "汽车零部件",
    "环保科技",
    "数字科技",
]
COMPANY_SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司"]
PROJECT_PRODUCTS = [
    "年产{n}万吨{t}",
    "{t}生产基地",
    "{t}产业园",
    "年产{n}万套{t}部件",
    "{t}研发中心及产业化",
    "{t}智能制造",
    "{t}扩能改造",
]
STAGE_WEIGHTS = [12, 18, 22, 10, 20, 14, 4]
SOURCE_WEIGHTS = [14, 22, 12, 14, 12, 10, 8, 8]
HOME_REGIONS = {
    SourceRegion.BEIJING_TIANJIN_HEBEI: ["北京市", "天津市", "石家庄市"],
    SourceRegion.YANGTZE_DELTA: ["上海市", "杭州市", "苏州市", "南京市"],
    SourceRegion.GREATER_BAY: ["深圳市", "广州市", "香港"],
    SourceRegion.OTHER_PROVINCE: ["成都市", "西安市", "济南市", "武汉市"],
    SourceRegion.ZHENGZHOU_METRO: ["郑州市", "开封市"],
    SourceRegion.HENAN_OTHER: ["洛阳市", "南阳市"],
    SourceRegion.LOCAL: ["新乡市"],
    SourceRegion.OVERSEAS: ["新加坡", "德国", "日本", "韩国"],
}
DEMO_START = datetime.date(2023, 1, 1)
DEMO_END = datetime.date(2026, 6, 30)


def _date_between(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


@transaction.atomic
def generate_demo(projects=300, enterprises=200, seed=20250630, batch_size=2000):
    """Build a deterministic demo data set: same seed, same rows. Returns (enterprises, projects)."""
    rng = random.Random(seed)
    counties = list(Region.objects.filter(level="county"))
    zones_by_region = {}
    for zone in DevelopmentZone.objects.all():
        zones_by_region.setdefault(zone.region_id, []).append(zone)
    clusters = list(IndustryCluster.objects.prefetch_related("codes"))
    codes = {c.pk: list(c.codes.all()) for c in clusters}
    divisions = list(IndustryCode.objects.filter(level="division"))

    used = set(Enterprise.objects.exclude(uscc=None).values_list("uscc", flat=True))
    new_enterprises = []
    for i in range(enterprises):
        uscc = fake_uscc(rng)
        while uscc in used:
            uscc = fake_uscc(rng)
        used.add(uscc)
        source = rng.choices(list(SourceRegion), weights=SOURCE_WEIGHTS)[0]
        name = (
            rng.choice(HOME_REGIONS[source]).removesuffix("市")
            + "".join(rng.sample(COMPANY_HEADS, 2))
            + rng.choice(COMPANY_TRADES)
            + rng.choice(COMPANY_SUFFIXES)
        )
        cluster = rng.choice(clusters)
        new_enterprises.append(
            Enterprise(
                name=f"{name}（演示{i + 1}）",
                uscc=uscc,
                is_local=source == SourceRegion.LOCAL,
                home_region=rng.choice(HOME_REGIONS[source]),
                cluster=cluster,
                is_demo=True,
            ).normalize()
        )
    Enterprise.objects.bulk_create(new_enterprises, batch_size=batch_size)
    investors = list(Enterprise.objects.filter(is_demo=True).order_by("id")[: max(enterprises, 1)])
    tags = [
        EnterpriseTag(enterprise=e, kind=rng.choice(list(TagKind)), year=rng.randint(2019, 2025))
        for e in investors[:: max(len(investors) // 50, 1)]
    ]
    EnterpriseTag.objects.bulk_create(tags, ignore_conflicts=True)

    new_projects = []
    plans = []
    for _ in range(projects):
        region = rng.choice(counties)
        zone_options = zones_by_region.get(region.pk, [])
        zone = rng.choice(zone_options) if zone_options and rng.random() < 0.7 else None
        cluster = rng.choice(clusters)
        code_options = codes[cluster.pk] or divisions
        stage = rng.choices(list(Stage), weights=STAGE_WEIGHTS)[0]
        source = rng.choices(list(SourceRegion), weights=SOURCE_WEIGHTS)[0]
        total = Decimal(rng.choice([800, 1500, 3000, 5000, 8000, 12000, 20000, 50000, 120000]))
        total = (total * Decimal(rng.uniform(0.6, 1.4))).quantize(Decimal("0.01"))
        signed = stages.is_at_least(stage, Stage.SIGNED)
        contract_date = _date_between(rng, DEMO_START, DEMO_END) if signed else None
        trade = rng.choice(COMPANY_TRADES)
        name = rng.choice(PROJECT_PRODUCTS).format(n=rng.randint(1, 50), t=trade)
        status = rng.choices(list(Status), weights=[80, 10, 6, 4])[0]
        new_projects.append(
            Project(
                name=f"{region.name}{name}项目",
                investor=rng.choice(investors) if investors else None,
                kind=ProjectKind.NEW,
                source_region=source,
                cluster=cluster,
                industry_code=rng.choice(code_options),
                total_investment=total,
                contracted_investment=total if signed else None,
                foreign_investment_usd=(
                    (total / 7 * Decimal("0.5")).quantize(Decimal("0.01"))
                    if source == SourceRegion.OVERSEAS
                    else None
                ),
                contract_date=contract_date,
                planned_start_date=(
                    contract_date + datetime.timedelta(days=rng.randint(30, 180))
                    if contract_date
                    else None
                ),
                planned_production_date=(
                    contract_date + datetime.timedelta(days=rng.randint(300, 720))
                    if contract_date
                    else None
                ),
                region=region,
                zone=zone,
                lead_official=rng.choice(["", "张市长", "李副市长", "王副市长"]),
                service_officer=rng.choice(["", "刘洋", "陈静", "赵磊", "孙敏"]),
                stage=stage,
                status=status,
                status_reason="" if status == Status.ACTIVE else "演示：要素保障待协调",
                lost_to_region="郑州市" if status == Status.WITHDRAWN else "",
                is_demo=True,
            ).refresh_search_text()
        )
        plans.append((stage, contract_date))
    # History is dated at the start of the demo period, so that the status of a demo project
    # "as of" any reporting period is known (supervision figures read it from history).
    created = bulk_create_with_history(
        new_projects,
        Project,
        batch_size=batch_size,
        default_change_reason="演示数据",
        default_date=timezone.make_aware(datetime.datetime.combine(DEMO_START, datetime.time())),
    )
    changes = []
    funds = []
    for project, (stage, contract_date) in zip(created, plans, strict=True):
        reached = stages.ORDER[: stages.ORDER.index(stage) + 1]
        if contract_date:
            # Talks start some weeks before signing; later stages follow the signing.
            day = contract_date - datetime.timedelta(days=rng.randint(30, 90))
            reached = reached[1:]
        else:
            day = _date_between(rng, DEMO_START, DEMO_END)
        previous = ""
        for step in reached:
            if step == Stage.SIGNED:
                day = contract_date
            changes.append(
                StageChange(project=project, from_stage=previous, to_stage=step, date=day)
            )
            previous = step
            day = min(day + datetime.timedelta(days=rng.randint(20, 120)), DEMO_END)
        project.stage_date = changes[-1].date
        if contract_date and stages.is_at_least(stage, Stage.UNDER_CONSTRUCTION):
            for _ in range(rng.randint(1, 3)):
                amount = (project.total_investment * Decimal(rng.uniform(0.05, 0.3))).quantize(
                    Decimal("0.01")
                )
                funds.append(
                    FundsArrival(
                        project=project,
                        date=_date_between(rng, contract_date, DEMO_END),
                        amount=amount,
                        # An overseas investor's money arrives in US dollars (万美元).
                        amount_usd=(
                            (amount / USD_TO_CNY).quantize(Decimal("0.01"))
                            if project.source_region == SourceRegion.OVERSEAS
                            else None
                        ),
                    )
                )
    StageChange.objects.bulk_create(changes, batch_size=batch_size)
    services.refresh_reached(p.pk for p in created)
    FundsArrival.objects.bulk_create(funds, batch_size=batch_size)
    Project.objects.bulk_update(created, ["stage_date"], batch_size=batch_size)
    return len(new_enterprises), len(created)
