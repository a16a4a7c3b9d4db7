import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhaoshang.accounts.models import User
from zhaoshang.ingest.errors import IngestError
from zhaoshang.ingest.reader import check_size
from zhaoshang.ingest.services import ingest_document, run_extraction

SUMMARY_KEYS = [
    ("indicators", "指标"),
    ("enterprises", "企业与机构"),
    ("zones", "开发区"),
    ("projects", "重点项目"),
    ("targets", "数值目标"),
]


class Command(BaseCommand):
    help = "解析规划文件（文本、Word、PDF），打印摘要；--json 写出结构化结果，--save 生成待审核条目"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="规划文件路径")
        parser.add_argument(
            "--json", dest="json_out", help="把结果写成 JSON 数组（每个文件一个对象）"
        )
        parser.add_argument("--save", action="store_true", help="同时存入平台，生成待审核条目")
        parser.add_argument("--user", default=None, help="--save 时记录为上传人的用户名")

    def handle(self, *args, files, json_out, save, user, **options):
        acting_user = User.objects.filter(username=user).first() if user else None
        if save and user and acting_user is None:
            raise CommandError(f"找不到用户 {user}")
        results, failures = [], 0
        for name in files:
            path = Path(name)
            started = time.perf_counter()
            try:
                if not path.is_file():
                    raise IngestError(f"{name}：文件不存在")
                check_size(path.name, path.stat().st_size)
                data = path.read_bytes()
                extracted = run_extraction(data, path.name)
                _, result, warnings = extracted
                if save:
                    document, created = ingest_document(
                        acting_user=acting_user, data=data, filename=path.name, extracted=extracted
                    )
            except IngestError as exc:
                failures += 1
                self.stderr.write(f"✗ {exc}")
                continue
            results.append(result)
            counts = "，".join(f"{label} {len(result[key])}" for key, label in SUMMARY_KEYS)
            title = result["document"]["title"] or path.name
            elapsed = time.perf_counter() - started
            self.stdout.write(f"✓ {path.name}《{title}》：{counts}（{elapsed:.2f} 秒）")
            for warning in warnings:
                self.stdout.write(f"  ! {warning}")
            if save:
                state = "已存入，待审核" if created else "与已导入的文件相同，未做改动"
                self.stdout.write(f"  → {state}：{document}")
        if json_out:
            Path(json_out).write_text(
                json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            self.stdout.write(f"已写出 {json_out}（{len(results)} 个文件）")
        if failures:
            raise CommandError(f"{failures} 个文件未能解析")
