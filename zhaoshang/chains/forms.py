"""Forms of the chain pages; they collect input, the services validate and write."""

from django import forms

from zhaoshang.core.forms import StyledForm, StyledModelForm
from zhaoshang.regions.models import Region

from .choices import NodeStatus, TargetAction, TargetStatus
from .models import ChainVisit, ChainWorkItem

DATE = forms.DateInput(attrs={"type": "date"})


def counties():
    return Region.objects.filter(level="county").order_by("code")


class NodeStatusForm(StyledForm):
    status = forms.ChoiceField(
        label="人工认定状态",
        choices=[("", "按规则计算（取消人工认定）"), *NodeStatus.choices],
        required=False,
    )
    reason = forms.CharField(label="理由", max_length=500, required=False)


class LocalFirmForm(StyledForm):
    name = forms.CharField(label="企业名称", max_length=200)
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    region = forms.ModelChoiceField(label="所在县(市、区)", queryset=None, required=False)
    revenue = forms.DecimalField(
        label="年营业收入（万元）", max_digits=14, decimal_places=2, required=False, min_value=0
    )
    is_chain_leader = forms.BooleanField(label="链主企业", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = counties()


class TargetForm(StyledForm):
    name = forms.CharField(label="目标企业名称", max_length=200)
    action = forms.ChoiceField(label="招商方式", choices=TargetAction.choices)
    region = forms.ModelChoiceField(label="责任县(市、区)", queryset=None, required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = counties()
        if user is not None and user.is_officer:
            own = user.region_id or (user.zone.region_id if user.zone_id else None)
            regions = regions.filter(pk=own)
            self.fields["region"].required = True
        self.fields["region"].queryset = regions


class TargetUpdateForm(StyledForm):
    status = forms.ChoiceField(
        label="对接状态",
        choices=TargetStatus.choices,
        widget=forms.Select({"class": "form-select-sm w-auto", "aria-label": "对接状态"}),
    )
    project_id = forms.IntegerField(
        label="形成的招商项目编号",
        help_text="项目库中的项目编号；已签约须填写",
        required=False,
        min_value=1,
        widget=forms.NumberInput(
            {"class": "form-control-sm w-auto", "placeholder": "项目编号（签约必填）"}
        ),
    )
    note = forms.CharField(label="说明", max_length=500, required=False)


class PlanTargetForm(StyledForm):
    node = forms.ModelChoiceField(label="归入环节", queryset=None)
    action = forms.ChoiceField(label="招商方式", choices=TargetAction.choices)

    def __init__(self, *args, chain=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = chain.nodes.all()


class WorkItemForm(StyledModelForm):
    class Meta:
        model = ChainWorkItem
        fields = ["logged_on", "node", "region", "content", "action_item", "owner", "due_date"]
        widgets = {"logged_on": DATE, "due_date": DATE, "content": forms.Textarea({"rows": 2})}

    def __init__(self, *args, chain=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = chain.nodes.all()
        self.fields["region"].queryset = counties()


class VisitForm(StyledModelForm):
    class Meta:
        model = ChainVisit
        fields = ["kind", "date", "visited", "node", "region", "participants", "summary"]
        widgets = {"date": DATE, "summary": forms.Textarea({"rows": 2})}

    def __init__(self, *args, chain=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = chain.nodes.all()
        self.fields["region"].queryset = counties()
