"""Dutch first, English on request: ?lang=en (kept in a cookie), no JavaScript needed."""

SUPPORTED = ("nl", "en")
COOKIE = "meedoen_lang"


def current_language(request):
    asked = request.GET.get("lang") or request.POST.get("lang")
    if asked in SUPPORTED:
        return asked
    cookie = request.COOKIES.get(COOKIE)
    return cookie if cookie in SUPPORTED else "nl"


def remember_language(request, response):
    asked = request.GET.get("lang")
    if asked in SUPPORTED:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    return response
