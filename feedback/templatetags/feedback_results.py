"""Counts on the results page: exact for the team lead, "fewer than 5" below 5 for everyone else."""

from django import template

from feedback.selectors import FEWER, SUPPRESS_BELOW

register = template.Library()


@register.simple_tag
def count(value: int, exact: bool) -> int | str:
    return value if exact or value >= SUPPRESS_BELOW else FEWER


@register.simple_tag
def percent(numerator: int, denominator: int, exact: bool) -> str:
    if not denominator:
        return "–"
    if not exact and (numerator < SUPPRESS_BELOW or denominator < SUPPRESS_BELOW):
        return FEWER
    return f"{round(100 * numerator / denominator)}%"
