"""Dutch first, English on request: ?lang=en (kept in a cookie), no JavaScript needed."""

SUPPORTED = ("nl", "en")
COOKIE = "meedoen_lang"


def asked_language(request):
    """The language asked for in this request: ?lang=, a switch button, or the form's hidden field."""
    for asked in (request.GET.get("lang"), request.POST.get("switch_lang"), request.POST.get("lang")):
        if asked in SUPPORTED:
            return asked
    return None


def current_language(request):
    asked = asked_language(request)
    if asked in SUPPORTED:
        return asked
    cookie = request.COOKIES.get(COOKIE)
    return cookie if cookie in SUPPORTED else "nl"


def remember_language(request, response):
    asked = asked_language(request)
    if asked is not None:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    return response
