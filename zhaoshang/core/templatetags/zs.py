from django import template

from zhaoshang.utils import money

register = template.Library()


@register.filter
def wan(value):
    """Amount in 万元 with two decimals."""
    return money.wan(value)


@register.filter
def yi(value):
    """Amount given in 万元, shown in 亿元."""
    return money.yi(value)
