"""Validators for the national identifier codes the platform stores.

统一社会信用代码 follows GB 32100-2015: 18 characters from a 31-symbol alphabet (digits and
capital letters without I, O, Z, S, V), the 18th a check character over the first 17 (weights
3^i mod 31). 投资项目代码 is the 24-character code issued by the national investment-project
online approval platform: YYYY-AAAAAA-CC-TT-NNNNNN (year, 6-digit division code, 2-digit
industry, 2-digit kind, 6-digit serial).
"""

import re

from django.core.exceptions import ValidationError

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_PROJECT_CODE = re.compile(r"^(19|20)\d{2}-\d{6}-\d{2}-\d{2}-\d{6}$")


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100-2015 check character for the first 17 characters of a code."""
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalize_uscc(value: str) -> str:
    """Upper-case and strip a code the way users type or paste it (spaces, full-width forms)."""
    value = (value or "").strip().upper()
    return value.translate({0xFF10 + i: ord("0") + i for i in range(10)}).replace(" ", "")


def validate_uscc(value: str) -> None:
    """Raise a Chinese ValidationError naming what is wrong with a 统一社会信用代码."""
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(
            "统一社会信用代码应为18位，当前为%(n)d位：%(v)s",
            code="uscc_length",
            params={"n": len(code), "v": value},
        )
    if not _USCC_SHAPE.match(code):
        raise ValidationError(
            "统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）：%(v)s",
            code="uscc_chars",
            params={"v": value},
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            "统一社会信用代码校验位错误：%(v)s 的第18位应为 %(e)s",
            code="uscc_check",
            params={"v": value, "e": expected},
        )


def validate_project_code(value: str) -> None:
    """Raise a Chinese ValidationError unless the value has the 投资项目代码 format."""
    code = (value or "").strip()
    if len(code) != 24:
        raise ValidationError(
            "投资项目代码应为24位（如 2021-410700-26-03-012345），当前为%(n)d位",
            code="project_code_length",
            params={"n": len(code)},
        )
    if not _PROJECT_CODE.match(code):
        raise ValidationError(
            "投资项目代码格式应为“年份-行政区划代码-行业代码-类型-流水号”，如 2021-410700-26-03-012345",
            code="project_code_format",
        )
