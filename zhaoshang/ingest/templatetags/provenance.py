from django import template

from zhaoshang.ingest.services import provenance_for

register = template.Library()


@register.inclusion_tag("ingest/_provenance.html")
def provenance(record):
    """The documents, lines and quoted sentences a record came from."""
    return {"sources": provenance_for(record)}
