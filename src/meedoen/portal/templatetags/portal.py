from django import template

register = template.Library()


@register.filter
def tr(value, lang):
    """Pick the language from a {nl, en} dict."""
    if isinstance(value, dict):
        return value.get(lang) or value.get("nl", "")
    return value or ""


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def mark(result):
    return {True: "✓", False: "✗", None: "?"}[result]


@register.filter
def result_class(result):
    return {True: "yes", False: "no", None: "unknown"}[result]
