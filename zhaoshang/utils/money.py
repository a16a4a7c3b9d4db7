"""Money display helpers. Amounts are stored as Decimal 万元."""

from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def wan(value) -> str:
    """Format an amount in 万元 with two decimals and thousands separators, or "—"."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP):,}"


def yi(value) -> str:
    """Format an amount given in 万元 as 亿元 with two decimals, or "—"."""
    if value is None or value == "":
        return "—"
    return f"{(Decimal(value) / 10000).quantize(TWO_PLACES, rounding=ROUND_HALF_UP):,}"
