from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render

from zhaoshang.ingest.models import PlanDocument

from .models import Indicator


@login_required
def indicator_list(request):
    """Indicators grouped by plan, each with the line it was taken from."""
    plans = (
        PlanDocument.objects.filter(indicators__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("category", "id"))
        )
    )
    loose = Indicator.objects.filter(plan__isnull=True)
    return render(request, "indicators/list.html", {"plans": plans, "loose": loose})
