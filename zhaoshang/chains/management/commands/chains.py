from django.core.management.base import BaseCommand, CommandError

from zhaoshang.chains import services
from zhaoshang.chains.choices import NodeStatus
from zhaoshang.chains.models import ChainNode, IndustryChain
from zhaoshang.regions.models import Region


class Command(BaseCommand):
    help = "列出各产业链的环节数及空白、薄弱环节"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="按该县(市、区)的在新企业计算环节状态")

    def handle(self, *args, **options):
        region = None
        if options["region"]:
            region = Region.objects.filter(name=options["region"], level="county").first()
            if region is None:
                raise CommandError(f"没有名为“{options['region']}”的县(市、区)")
        chains = list(IndustryChain.objects.select_related("cluster"))
        if not chains:
            self.stdout.write("尚未载入产业链（请先运行 seed）")
            return
        states = services.node_states(ChainNode.objects.filter(chain__in=chains), region)
        for chain in chains:
            mine = [s for s in states if s.node.chain_id == chain.pk]
            gaps = [s.node.name for s in mine if s.status == NodeStatus.GAP]
            weak = [s.node.name for s in mine if s.status == NodeStatus.WEAK]
            self.stdout.write(f"{chain.name}（{chain.cluster}）：{len(mine)} 个环节")
            self.stdout.write(f"  空白环节：{'、'.join(gaps) or '无'}")
            self.stdout.write(f"  薄弱环节：{'、'.join(weak) or '无'}")
