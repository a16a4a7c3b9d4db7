"""From decoded text to the extractor's JSON object (the schema in ``schema.py``)."""

from .cleanup import has_missing_numbers, join_broken_lines, strip_chrome
from .extract.document import extract_document_meta
from .extract.enterprises import extract_enterprises
from .extract.indicators import extract_indicators
from .extract.projects import extract_projects
from .extract.targets import extract_targets
from .extract.zones import extract_zones
from .normalize import prepare

MISSING_NUMBERS = "文档中的数字缺失（可能被发布方删除），未提取任何数值，请核对原件"


def extract(source):
    """Run every extractor over a ``reader.SourceText``; return (result, warnings)."""
    # The list extractors rebuild paragraphs themselves and keep each character's own line
    # number; only the metadata reader wants sentences broken by page ends joined first.
    lines = strip_chrome(prepare(source.lines))
    warnings = []
    if has_missing_numbers(lines):
        warnings.append(MISSING_NUMBERS)
    result = {
        "document": extract_document_meta(join_broken_lines(lines)),
        "indicators": extract_indicators(lines),
        "enterprises": extract_enterprises(lines),
        "zones": extract_zones(lines),
        "projects": extract_projects(lines),
        "targets": extract_targets(lines),
    }
    return result, warnings


def is_empty(result):
    return not any(
        result[key] for key in ("indicators", "enterprises", "zones", "projects", "targets")
    )
