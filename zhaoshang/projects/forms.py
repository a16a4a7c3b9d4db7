from django import forms
from django.conf import settings

from zhaoshang.core.forms import StyledForm, StyledModelForm
from zhaoshang.regions.models import DevelopmentZone, Region
from zhaoshang.utils.codes import normalize_uscc, validate_uscc

from .choices import EvidenceKind, Stage, Status, VisitKind
from .models import EDITABLE_FIELDS, Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(StyledModelForm):
    """Create/edit form. The region choices follow the user's scope; the stage is chosen only
    when creating (later it moves through the stage action)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    investor_name = forms.CharField(label="投资方", max_length=200, required=False)
    investor_uscc = forms.CharField(
        label="投资方统一社会信用代码", max_length=30, required=False, validators=[validate_uscc]
    )

    class Meta:
        model = Project
        fields = [*EDITABLE_FIELDS, "stage"]
        widgets = {
            "contract_date": DATE,
            "planned_start_date": DATE,
            "planned_production_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "extends": forms.NumberInput(attrs={"placeholder": "原项目编号"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        regions = Region.objects.filter(level="county")
        zones = DevelopmentZone.objects.all()
        if user.is_officer:
            regions = regions.filter(pk=user.region_id) if user.region_id else regions
            zones = zones.filter(pk=user.zone_id) if user.zone_id else zones
        self.fields["region"].queryset = regions
        self.fields["zone"].queryset = zones
        self.fields["extends"].queryset = Project.objects.restrict(user, "view")
        self.fields["extends"].help_text = "增资、扩产项目填写原项目的编号（见项目页标题旁）"
        if self.instance.investor_id:
            self.fields["investor_name"].initial = self.instance.investor.name
            self.fields["investor_uscc"].initial = self.instance.investor.uscc
        self.fields["industry_code"].queryset = self.fields["industry_code"].queryset.filter(
            level="division"
        )
        if self.instance.pk:
            del self.fields["stage"]
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["stage"].choices = [
                (s.value, s.label)
                for s in Stage
                if s in (Stage.SOURCING, Stage.NEGOTIATING, Stage.SIGNED)
            ]
            del self.fields["version"]

    def clean_project_code(self):
        return (self.cleaned_data.get("project_code") or "").strip() or None

    def clean_investor_uscc(self):
        return normalize_uscc(self.cleaned_data.get("investor_uscc")) or None

    def clean(self):
        data = super().clean()
        if data.get("investor_uscc") and not data.get("investor_name"):
            self.add_error("investor_name", "填写了信用代码时请同时填写投资方名称")
        return data

    def project_fields(self):
        """The cleaned values that map onto Project fields."""
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}


class StageChangeForm(StyledForm):
    to_stage = forms.ChoiceField(label="变更为", choices=Stage.choices)
    date = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="说明", required=False, max_length=500)
    evidence_kind = forms.ChoiceField(
        label="佐证材料类型", choices=EvidenceKind.choices, required=False
    )
    evidence = forms.FileField(label="佐证材料", required=False)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, Stage(s).label) for s in targets]

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload and upload.size > settings.MAX_UPLOAD_BYTES:
            limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"佐证材料不能超过 {limit} MB")
        return upload


class StatusForm(StyledForm):
    status = forms.ChoiceField(label="推进状态", choices=Status.choices)
    reason = forms.CharField(label="原因说明", required=False, max_length=500)
    lost_to_region = forms.CharField(label="流失去向", required=False, max_length=100)


class FundsForm(StyledForm):
    date = forms.DateField(label="到位日期", widget=DATE)
    amount = forms.DecimalField(label="到位金额（万元）", max_digits=14, decimal_places=2)
    amount_usd = forms.DecimalField(
        label="其中外资（万美元）", max_digits=14, decimal_places=2, required=False
    )
    note = forms.CharField(label="说明", required=False, max_length=200)


class VisitForm(StyledForm):
    date = forms.DateField(label="日期", widget=DATE)
    kind = forms.ChoiceField(label="类型", choices=VisitKind.choices)
    participants = forms.CharField(label="参加人员", required=False, max_length=200)
    summary = forms.CharField(label="情况摘要", widget=forms.Textarea(attrs={"rows": 3}))
