"""Small view helpers shared by the domain apps."""

from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import HttpResponse

from .excel import XLSX_CONTENT_TYPE


def paginate(request, queryset, per_page=50, count=None):
    """One page of ``queryset``; pass ``count`` when it is already known to save a query."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    # RFC 5987 form so that Chinese file names survive every browser.
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
