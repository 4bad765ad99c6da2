"""Filters for the progress pages: working minutes as signed days, and slips as words."""

from __future__ import annotations

from django import template

from projectboard.engine.diff import format_days

register = template.Library()


@register.filter
def days(minutes: int | None, minutes_per_day: int) -> str:
    """``+2 d``, ``-0.5 d``, ``0 d``; blank for none."""
    return "" if minutes is None else format_days(minutes, minutes_per_day)


@register.filter
def critical(value: bool | None) -> str:
    """Whether a task was or is critical, as a word (a baseline does not record it)."""
    return "not recorded" if value is None else "critical" if value else "not critical"
