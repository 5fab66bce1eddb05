"""Security middleware and views of the web platform: the Permissions-Policy header, session lifetimes (an idle
timeout and a maximum age) and the page shown when django-axes locks a login out. Settings: docs/configuration.md."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import render

from .language import current_language

# Browser features no page of the platform uses: refused to the page and to anything it embeds.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "usb", "interest-cohort"))


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


SEEN, STARTED = "_meedoen_seen", "_meedoen_started"
TOUCH_SECONDS = 60  # the session is saved again at most once a minute: the idle timeout is exact to the minute


def start_session_clock(sender, request, user, **kwargs):
    """At login (signal ``user_logged_in``): the session's start and last-seen time, and what the login owes for
    two-factor authentication (``two_factor.note_login``), saved with the login itself."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = request.session[SEEN] = now
        from .two_factor import note_login

        note_login(request, user)


class SessionLifetimeMiddleware:
    """A logged-in session ends after ``SESSION_COOKIE_AGE`` seconds without a request (the session store expires
    it; each request at least a minute after the last one moves the expiry on) and at the latest
    ``MEEDOEN_SESSION_MAX_SECONDS`` after login, however active."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(STARTED, now)
            if now - started > settings.MEEDOEN_SESSION_MAX_SECONDS:
                logout(request)
            elif now - request.session.get(SEEN, 0) >= TOUCH_SECONDS:
                request.session[SEEN] = now
        return self.get_response(request)


LOCKED = {
    "title": ("Inloggen even niet mogelijk", "Logging in is not possible for now"),
    "body": ("Er is te vaak een verkeerd wachtwoord gebruikt voor deze naam of vanaf dit adres. Probeer het over "
             "{minutes} minuten opnieuw.",
             "A wrong password was used too often for this name or from this address. Try again in {minutes} minutes."),
    "help": ("Lukt het dan nog niet, of was u het niet zelf? Neem contact op met functioneel beheer van uw organisatie. "
             "Zij kunnen de blokkade meteen opheffen.",
             "Still not working, or was it not you? Contact your organisation's functional administrators. They can "
             "lift the block at once."),
}


def locked_out(request, credentials=None, *args, **kwargs):
    """What django-axes shows when a login is locked (AXES_LOCKOUT_CALLABLE): a plain page, status 429."""
    lang = current_language(request)
    index = 0 if lang == "nl" else 1
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    words = {key: pair[index].format(minutes=minutes) for key, pair in LOCKED.items()}
    return render(request, "web/locked_out.html", {"L": words, "lang": lang}, status=429)
