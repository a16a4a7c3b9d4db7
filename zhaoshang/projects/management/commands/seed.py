from django.core.management.base import BaseCommand

from zhaoshang.accounts.services import ensure_demo_users
from zhaoshang.chains.demo import generate_demo_chains
from zhaoshang.chains.reference import load_reference_chains
from zhaoshang.core.db import refresh_statistics
from zhaoshang.projects.models import Project
from zhaoshang.projects.seed import DEMO_END, generate_demo, load_key_projects
from zhaoshang.supervision import periods, ranking
from zhaoshang.supervision.choices import ScopeKind


class Command(BaseCommand):
    help = "载入规划中的重点项目（真实数据）及演示数据（可用 --no-demo 省略）"

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="只载入真实数据，不生成演示数据")
        parser.add_argument("--projects", type=int, default=300, help="演示项目数量")
        parser.add_argument("--enterprises", type=int, default=200, help="演示企业数量")
        parser.add_argument(
            "--seed", type=int, default=20250630, help="随机种子（相同种子生成相同数据）"
        )

    def handle(self, *args, **options):
        created = load_key_projects()
        self.stdout.write(f"规划重点项目：新增 {created} 个")
        self.stdout.write(f"规划产业链：{load_reference_chains()} 条")
        if options["no_demo"]:
            return
        if Project.objects.filter(is_demo=True).exists():
            self.stdout.write("演示数据已存在，未重复生成")
            return
        enterprises, projects = generate_demo(
            projects=options["projects"], enterprises=options["enterprises"], seed=options["seed"]
        )
        generate_demo_chains(seed=options["seed"])
        refresh_statistics()
        self.stdout.write(f"演示数据：企业 {enterprises} 家，项目 {projects} 个（均标记为演示）")
        self.publish_demo_rankings()

    def publish_demo_rankings(self):
        """Publish the demo's quarterly rankings, as the city administrator would each quarter,
        so the dashboard and the year-end summary have them."""
        admin = next(user for user, _ in ensure_demo_users() if user.is_city_admin)
        quarters = [
            periods.quarter(year, q)
            for year in range(DEMO_END.year - 1, DEMO_END.year + 1)
            for q in range(1, 5)
        ]
        published = 0
        for quarter in quarters:
            if quarter.end > DEMO_END:
                continue
            for scope in ScopeKind:
                ranking.publish_ranking(quarter, scope, acting_user=admin)
                published += 1
        self.stdout.write(f"演示季度排名：已发布 {published} 份")
