import unicodedata

from django.core.management.base import BaseCommand, CommandError

from zhaoshang.supervision import ranking
from zhaoshang.supervision.choices import ScopeKind
from zhaoshang.supervision.models import PublishedRanking
from zhaoshang.supervision.views_rankings import _display


def _width(text):
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text, width, right=False):
    gap = " " * max(width - _width(text), 0)
    return gap + text if right else text + gap


class Command(BaseCommand):
    help = "打印某季度的县(市、区)或开发区排名：已发布的按发布时数据，未发布的按当前数据计算"

    def add_arguments(self, parser):
        parser.add_argument("period", help="季度，如 2025Q2")
        parser.add_argument("--zones", action="store_true", help="排名开发区（默认排名县(市、区)）")

    def handle(self, *args, period, zones, **options):
        try:
            quarter = ranking.period_of(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        scope = ScopeKind.ZONE if zones else ScopeKind.REGION
        published = PublishedRanking.objects.filter(
            period_code=quarter.code, scope_kind=scope
        ).first()
        data = ranking.frozen(published) if published else ranking.compute_ranking(quarter, scope)
        state = "已发布" if published else "未发布，按当前数据计算"
        self.stdout.write(f"{data['period_label']}{ScopeKind(scope).label}排名（{state}）")
        config = data["config"]
        weights = "、".join(f"{c.label}{config['weights'][c.key]}" for c in ranking.COMPONENTS)
        self.stdout.write(f"规则：{config['normalization_label']}；权重 {weights}")
        headers = ["名次", ScopeKind(scope).label, "总分", *(c.label for c in ranking.COMPONENTS)]
        lines = [
            [
                str(row["rank"]),
                row["name"],
                f"{row['score']:.2f}",
                *(_display(k, row["components"][k]["value"]) for k in ranking.COMPONENT_KEYS),
            ]
            for row in data["rows"]
        ]
        widths = [max(_width(x) for x in column) for column in zip(headers, *lines, strict=True)]
        for line in [headers, *lines]:
            cells = [
                _pad(text, width, right=i >= 2)
                for i, (text, width) in enumerate(zip(line, widths, strict=True))
            ]
            self.stdout.write("  ".join(cells).rstrip())
