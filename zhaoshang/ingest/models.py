"""Ingested plan documents, the draft records proposed from them, and provenance."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from zhaoshang.core.models import TimestampedModel

from .choices import DraftKind, DraftStatus


class PlanDocument(TimestampedModel):
    """A plan (规划) uploaded as text, Word or PDF, with its decoded text kept for quoting."""

    title = models.CharField(
        verbose_name="标题",
        max_length=300,
        blank=True,
    )
    issuer = models.CharField(
        verbose_name="发文机关",
        max_length=200,
        blank=True,
    )
    issued_on = models.CharField(
        verbose_name="发文日期",
        max_length=20,
        blank=True,
    )
    region_name = models.CharField(
        verbose_name="地区",
        max_length=50,
        blank=True,
    )
    original_name = models.CharField(
        verbose_name="文件名",
        max_length=255,
    )
    file_format = models.CharField(
        verbose_name="格式",
        max_length=10,
    )
    sha256 = models.CharField(
        verbose_name="内容摘要",
        max_length=64,
    )
    text = models.TextField(
        verbose_name="解码后的全文",
    )
    warnings = models.JSONField(
        verbose_name="解析提示",
        default=list,
        blank=True,
    )
    previous = models.ForeignKey(
        "self",
        verbose_name="上一版本",
        on_delete=models.SET_NULL,
        related_name="next_versions",
        null=True,
        blank=True,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "规划文件"
        verbose_name_plural = "规划文件"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"],
                name="plan_document_unique_content",
                violation_error_message="该文件已导入过",
            ),
        ]

    def __str__(self):
        return self.title or self.original_name

    def line(self, number):
        """The decoded text of a 1-based line number ('' when out of range)."""
        lines = self.text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""


class DraftItem(models.Model):
    """A record proposed by the extractor, waiting for a person to approve, edit or reject it."""

    document = models.ForeignKey(
        PlanDocument,
        verbose_name="规划文件",
        on_delete=models.CASCADE,
        related_name="drafts",
    )
    kind = models.CharField(
        verbose_name="类别",
        max_length=12,
        choices=DraftKind.choices,
    )
    key = models.CharField(
        verbose_name="识别键",
        help_text="同一规划不同版本之间比对用",
        max_length=300,
    )
    data = models.JSONField(
        verbose_name="提取内容",
    )
    source_line = models.PositiveIntegerField(
        verbose_name="原文行号",
    )
    source_quote = models.TextField(
        verbose_name="原文",
    )
    candidates = models.JSONField(
        verbose_name="疑似已有记录",
        default=list,
        blank=True,
    )
    status = models.CharField(
        verbose_name="审核状态",
        max_length=10,
        choices=DraftStatus.choices,
        default=DraftStatus.PENDING,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(
        verbose_name="审核时间",
        null=True,
        blank=True,
    )
    result_type = models.ForeignKey(
        ContentType,
        verbose_name="生成记录类型",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    result_id = models.PositiveBigIntegerField(
        verbose_name="生成记录",
        null=True,
        blank=True,
    )
    result = GenericForeignKey("result_type", "result_id")

    class Meta:
        verbose_name = "待审核条目"
        verbose_name_plural = "待审核条目"
        ordering = ["document", "kind", "source_line", "id"]
        indexes = [
            models.Index(fields=["document", "kind", "status"], name="draft_doc_kind_status")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.key}"


class Provenance(models.Model):
    """Where a platform record came from: document, line and the quoted source sentence."""

    content_type = models.ForeignKey(
        ContentType,
        verbose_name="记录类型",
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(
        verbose_name="记录",
    )
    record = GenericForeignKey("content_type", "object_id")
    document = models.ForeignKey(
        PlanDocument,
        verbose_name="规划文件",
        on_delete=models.CASCADE,
        related_name="provenance",
    )
    line = models.PositiveIntegerField(
        verbose_name="行号",
    )
    quote = models.TextField(
        verbose_name="原文",
    )

    class Meta:
        verbose_name = "数据来源"
        verbose_name_plural = "数据来源"
        ordering = ["document", "line"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="provenance_record")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "document", "line"],
                name="provenance_unique",
                violation_error_message="该来源已登记",
            ),
        ]

    def __str__(self):
        return f"{self.document} 第{self.line}行"
