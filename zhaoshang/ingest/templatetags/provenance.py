from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from zhaoshang.ingest.services import provenance_for

register = template.Library()


@register.inclusion_tag("ingest/_provenance.html")
def provenance(record):
    """The documents, lines and quoted sentences a record came from."""
    return {"sources": provenance_for(record)}


@register.filter
def highlight(text, needle):
    """Escape ``text`` and mark every occurrence of ``needle`` in it."""
    escaped = conditional_escape(text)
    if not needle:
        return escaped
    mark = format_html("<mark>{}</mark>", needle)
    return mark_safe(escaped.replace(conditional_escape(needle), mark))  # noqa: S308 (escaped above)
