"""Two-factor authentication for professionals (django-otp, TOTP from an authenticator app).

Who needs the second step, the middleware that holds back every workspace page (and session use of the API) until
it is done, and the reset by a functional administrator. The pages are in ``two_factor_views``.

- ``MEEDOEN_OTP_REQUIRED`` on: every workspace user must set up a device and pass the step after the password.
- Off: setting up is each professional's choice; whoever has a confirmed device always gets the step.
- Family accounts (``/mijn-gezin/``) never do; API token requests (systems) are not touched.
"""

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

log = logging.getLogger("meedoen.security")

VERIFY, ENROL = "verify", "enrol"
# Paths that need the second step once logged in: the workspace (with casework, reach, signals, debt help), the
# Django admin and the API (session use).
PROTECTED_PREFIXES = ("/werkplek/", "/beheer/", "/api/")
# Within them, what stays open before the step: the step itself, setting up, logging out.
OPEN_URL_NAMES = ("workspace:two_factor_verify", "workspace:two_factor_enrol", "workspace:logout", "admin:logout")


def is_family_account(user):
    """A family member's login (the family portal): never asked for a second step."""
    cached = getattr(user, "_meedoen_is_family", None)
    if cached is None:
        from meedoen.casework.models import FamilyAccount

        cached = FamilyAccount.objects.filter(user_id=user.pk).exists()
        user._meedoen_is_family = cached
    return cached


def confirmed_devices(user):
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk")


def second_step(user):
    """What ``user`` must still do in this session: ``VERIFY`` (type a code), ``ENROL`` (set up a device, only
    when required) or None (nothing)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "is_verified", lambda: False)():
        return None
    if is_family_account(user):
        return None
    if confirmed_devices(user).exists():
        return VERIFY
    return ENROL if settings.MEEDOEN_OTP_REQUIRED else None


STEP_KEY = "_meedoen_two_factor"  # in the session: what was owed at login, and whether it was required then


def note_login(request, user):
    """At login (from ``security.start_session_clock``): what this login owes, so that a session that owes nothing
    costs no query on later requests. A device set up later in the same session is verified in it at once."""
    if request is not None and hasattr(request, "session"):
        request.session[STEP_KEY] = [second_step(user) or "", settings.MEEDOEN_OTP_REQUIRED]


def pending_step(request):
    """``second_step`` for the request's user; trusted from the login when it owed nothing then (and the setting
    has not changed since), looked up again otherwise (after a reset or removal the answer changes)."""
    user = request.user
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_verified", lambda: False)():
        return None
    noted = request.session.get(STEP_KEY)
    if isinstance(noted, list) and noted == ["", settings.MEEDOEN_OTP_REQUIRED]:
        return None
    return second_step(user)


def throttle_wait(device):
    """Seconds until ``device`` accepts a code again after wrong codes (django-otp's throttling), 0 if it does."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (data or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, int(locked_until.timestamp() - time.time() + 0.999))


def uses_api_token(request):
    """An ``Authorization: Token ...`` request: REST framework authenticates it by the token alone."""
    return request.headers.get("Authorization", "").split(" ", 1)[0].lower() == "token"


class TwoFactorMiddleware:
    """Sends a logged-in professional who still owes the second step to it (or to setting up a device) before any
    protected page; the API answers 403 (problem+json) to such a session. After OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        blocked = self.blocked(request)
        return blocked if blocked is not None else self.get_response(request)

    def blocked(self, request):
        path = request.path_info
        if not path.startswith(PROTECTED_PREFIXES) or path in {reverse(name) for name in OPEN_URL_NAMES}:
            return None
        if path.startswith("/api/") and uses_api_token(request):
            return None
        step = pending_step(request)
        if step is None:
            return None
        if path.startswith("/api/"):
            from meedoen.api.problems import problem, problem_response

            return problem_response(problem(403, "Two-factor authentication needed: finish the second login step "
                                                 "in the workspace first.", instance=request.get_full_path()))
        target = reverse("workspace:two_factor_verify" if step == VERIFY else "workspace:two_factor_enrol")
        next_url = request.get_full_path() if request.method == "GET" else reverse("workspace:home")
        target = f"{target}?{urlencode({'next': next_url})}"
        if request.headers.get("HX-Request"):  # htmx: a full page change, not a swap of part of the page
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)


def reset_devices(actor, target_id, message):
    """A functional administrator wipes every TOTP device of user ``target_id`` (the unlock path). Written to
    Django's admin log (``LogEntry``, also shown in the admin) and the security log. Returns the user, or None when
    there was nothing to reset."""
    with transaction.atomic():
        devices = TOTPDevice.objects.select_for_update().filter(user_id=target_id)
        if not devices.exists():
            return None
        target = get_user_model().objects.get(pk=target_id)
        count = devices.count()
        devices.delete()
        LogEntry.objects.log_actions(user_id=actor.pk, queryset=[target], action_flag=CHANGE,
                                     change_message=message, single_object=True)
    log.warning("two-factor devices reset: user=%s devices=%s by user=%s", target.pk, count, actor.pk)
    return target
