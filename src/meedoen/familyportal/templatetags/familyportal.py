"""Template filters of the family portal: dates in words, vocabulary labels, the other side of a pair."""

from datetime import datetime

from django import template
from django.utils import timezone

from meedoen.casework import vocabulary as v
from meedoen.rules.explain import format_date

from ..texts import EXTRA_LOG_CATEGORIES

register = template.Library()


@register.filter
def day(value, lang="nl"):
    """1 maart 2026 / 1 March 2026 (a moment in the local time zone); empty when missing."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_date(value, lang)


@register.filter
def moment(value, lang="nl"):
    """1 maart 2026, 14:05 (local time)."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local.date(), lang)}, {local:%H:%M}"


LABELS = {
    "category": v.CATEGORIES, "log_category": {**v.LOG_CATEGORIES, **EXTRA_LOG_CATEGORIES}, "purpose": v.PURPOSES,
    "log_purpose": v.LOG_PURPOSES, "log_action": v.LOG_ACTIONS, "action_status": v.ACTION_STATUSES,
    "referral_status": v.REFERRAL_STATUSES, "conference_status": v.CONFERENCE_STATUSES, "domain": v.LIFE_DOMAINS,
    "member_role": v.MEMBER_ROLES,
}


@register.simple_tag
def label(kind, key, lang):
    """The (nl or en) label of ``key`` in one of the vocabulary's mappings."""
    return v.label(LABELS[kind], key, lang)


@register.simple_tag
def fmt(text, **values):
    """A text with {placeholders} filled in (the result is escaped like any variable)."""
    return text.format(**values)


@register.filter
def get_item(mapping, key):
    """mapping[key], or None (for keys with a dash, like form field ids)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
