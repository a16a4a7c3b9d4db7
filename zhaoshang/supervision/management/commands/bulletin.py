"""`zhaoshang bulletin 2025-06 --out DIR`: write a month's bulletin as .docx and .pdf."""

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.supervision import bulletin


class Command(BaseCommand):
    help = "生成某月的招商引资工作月通报（Word 和 PDF）；加 --publish 同时发布并存档"

    def add_arguments(self, parser):
        parser.add_argument("month", help="月份，如 2025-06")
        parser.add_argument("--out", default=".", help="输出目录（默认当前目录）")
        parser.add_argument(
            "--publish", action="store_true", help="同时发布：存档到系统并编入当年期号"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="与 --publish 一起使用：该月已发布时重新生成并替换原文件（期号不变）",
        )

    def handle(self, month, out, publish, force, **options):
        started = time.monotonic()
        out_dir = Path(out)
        out_dir.mkdir(parents=True, exist_ok=True)
        try:
            period = bulletin.month_of(month)
            if publish:
                published = bulletin.publish_bulletin(period, force=force)
                title = published.title
                with published.docx.open("rb") as f:
                    docx_bytes = f.read()
                with published.pdf.open("rb") as f:
                    pdf_bytes = f.read()
            else:
                if force:
                    raise CommandError("--force 只能与 --publish 一起使用")
                title, docx_bytes, pdf_bytes = bulletin.bulletin_files(period)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        paths = [out_dir / f"{title}.docx", out_dir / f"{title}.pdf"]
        paths[0].write_bytes(docx_bytes)
        paths[1].write_bytes(pdf_bytes)
        elapsed = time.monotonic() - started
        for path in paths:
            self.stdout.write(str(path))
        action = "已发布并写出" if publish else "已写出"
        self.stdout.write(self.style.SUCCESS(f"{action}《{title}》，用时 {elapsed:.1f} 秒"))
