from django.db import models


class DraftKind(models.TextChoices):
    INDICATOR = "indicator", "指标"
    ENTERPRISE = "enterprise", "企业与机构"
    ZONE = "zone", "开发区承接领域"
    PROJECT = "project", "重点项目"
    TARGET = "target", "数值目标"


class DraftStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已驳回"


# Keys of the extractor output, in the order drafts are shown.
KIND_KEYS = {
    DraftKind.INDICATOR: "indicators",
    DraftKind.ENTERPRISE: "enterprises",
    DraftKind.ZONE: "zones",
    DraftKind.PROJECT: "projects",
    DraftKind.TARGET: "targets",
}
