"""Template context shared by every page."""

from .language import current_language


def language(request):
    lang = current_language(request)
    return {"lang": lang, "other_lang": "en" if lang == "nl" else "nl"}
