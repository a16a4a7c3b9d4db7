"""Parsing amounts and units written in Chinese plan documents."""

import re
from decimal import Decimal

# Multipliers to 万元 (ten thousand yuan).
TO_WAN = {
    "元": Decimal("0.0001"),
    "万元": Decimal(1),
    "万": Decimal(1),
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
}
# USD amounts are converted at a fixed planning rate only where a 万元 figure is required.
USD_TO_CNY = Decimal("7")
TO_WAN_USD = {"万美元": Decimal(1), "亿美元": Decimal(10000), "美元": Decimal("0.0001")}

_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(亿美元|万美元|美元|亿元|万元|亿|万|元)")


def amount_to_wan(value, unit: str) -> Decimal | None:
    """Convert ``value`` in ``unit`` (万元, 亿元, 亿美元, …) to 万元 (USD at USD_TO_CNY)."""
    value = Decimal(str(value))
    if unit in TO_WAN:
        return value * TO_WAN[unit]
    if unit in TO_WAN_USD:
        return value * TO_WAN_USD[unit] * USD_TO_CNY
    return None


def find_amount_wan(text: str) -> Decimal | None:
    """The first money amount in ``text``, in 万元, or None."""
    match = _AMOUNT.search(text)
    if not match:
        return None
    return amount_to_wan(match.group(1), match.group(2))
