"""Chinese text helpers with no models."""

import re
import unicodedata

# Longest first, so that 集团股份有限公司 is removed whole rather than leaving 集团股份.
COMPANY_SUFFIXES = sorted(
    [
        "集团股份有限公司",
        "集团有限责任公司",
        "集团有限公司",
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "控股集团",
        "集团公司",
        "总公司",
        "集团",
        "公司",
    ],
    key=len,
    reverse=True,
)
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")


def company_name_key(name: str) -> str:
    """The core of a company name for matching: no brackets, spaces or legal-form suffix.

    "中国石油化工股份有限公司" and "中国石油化工集团" share the key "中国石油化工".
    """
    text = unicodedata.normalize("NFKC", name or "").strip()
    text = _BRACKETS.sub("", text).replace(" ", "")
    changed = True
    while changed:
        changed = False
        for suffix in COMPANY_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text = text[: -len(suffix)]
                changed = True
                break
    return text
