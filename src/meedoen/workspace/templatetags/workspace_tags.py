from django import template

from meedoen.rules.money import format_eur

register = template.Library()


@register.filter
def eur(cents, lang="nl"):
    """Cents as euros: €1.250,00 (nl) or €1,250.00 (en); empty when unknown."""
    if cents is None or isinstance(cents, bool):
        return ""
    return format_eur(int(cents), lang)


@register.filter
def short_hash(value):
    return (value or "")[:12]
