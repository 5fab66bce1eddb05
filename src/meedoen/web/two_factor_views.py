"""The two-factor pages of the workspace: the code after the password, setting up an authenticator app, turning it
off (with a code) and the reset by a functional administrator. Rules in ``two_factor``; texts in
``two_factor_texts``. Server-rendered, no JavaScript: the QR code is an SVG image made here."""

import base64
import re
from base64 import b32encode
from io import BytesIO
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from meedoen.rules.explain import format_date
from meedoen.web.language import current_language
from meedoen.workspace import roles
from meedoen.workspace.views import forbidden, page, role_required

from . import two_factor as tf
from .two_factor_texts import t, texts

BARE, FULL = "workspace/_two_factor_bare.html", "workspace/_layout.html"


class CodeForm(forms.Form):
    """Six digits; spaces are left out (apps show ``123 456``)."""

    code = forms.CharField(required=False, max_length=20)

    def __init__(self, *args, lang="nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.lang = lang

    def clean_code(self):
        code = re.sub(r"\s", "", self.cleaned_data.get("code") or "")
        if not code:
            raise forms.ValidationError(t("err_empty", self.lang), code="empty")
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(t("err_format", self.lang), code="format")
        return code


def check_code(form, devices):
    """The device that accepts the form's code, or None with the reason on the form (wrong code, or throttled after
    wrong codes: then the status is 429). Returns (device, status)."""
    if not form.is_valid():
        return None, 400
    waits = []
    for device in devices:
        wait = tf.throttle_wait(device)
        if wait:
            waits.append(wait)
        elif device.verify_token(form.cleaned_data["code"]):
            return device, 200
    if waits and len(waits) == len(devices):
        form.add_error("code", t("err_throttled", form.lang, seconds=min(waits)))
        return None, 429
    form.add_error("code", t("err_wrong", form.lang))
    return None, 400


def next_url(request):
    """Where to go after the step: the ``next`` asked for, if it is on this site, else the workspace start page."""
    asked = request.POST.get("next") or request.GET.get("next") or ""
    if asked and url_has_allowed_host_and_scheme(asked, {request.get_host()}, require_https=request.is_secure()):
        return asked
    return reverse("workspace:home")


def day(moment, lang):
    return format_date(timezone.localdate(moment), lang) if moment else ""


def render(request, template, context, status=200, layout=FULL):
    lang = current_language(request)
    return page(request, template, {"F": texts(lang), "layout": layout, "next": next_url(request),
                                    "required": settings.MEEDOEN_OTP_REQUIRED, **context}, status=status)


def verified_login(request, device):
    """The second step is done: a new session key (as after the password), then the device in the session."""
    request.session.cycle_key()
    otp_login(request, device)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The code after the password."""
    if tf.second_step(request.user) != tf.VERIFY:
        return redirect(next_url(request))
    lang = current_language(request)
    form = CodeForm(request.POST or None, lang=lang)
    status = 200
    if request.method == "POST":
        device, status = check_code(form, list(tf.confirmed_devices(request.user)))
        if device is not None:
            verified_login(request, device)
            return redirect(next_url(request))
    return render(request, "workspace/two_factor_verify.html", {"form": form}, status=status, layout=BARE)


def qr_data_uri(text):
    """A QR code of ``text`` as an SVG image in a data: address (the page's policy allows data: images)."""
    import qrcode
    import qrcode.image.svg

    out = BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=12, border=2).save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Set up an authenticator app: a new key (kept unconfirmed until a code from the app proves it works)."""
    user = request.user
    if tf.is_family_account(user):
        return forbidden(request)
    step = tf.second_step(user)
    if step == tf.VERIFY:  # a device exists: the code first, never a second device on the password alone
        return redirect(f"{reverse('workspace:two_factor_verify')}?{urlencode({'next': request.path})}")
    lang = current_language(request)
    layout = BARE if step == tf.ENROL else FULL
    confirmed = tf.confirmed_devices(user).first()
    if confirmed is not None:
        return render(request, "workspace/two_factor_status.html", {
            "status_text": t("status_on", lang, date=day(confirmed.created_at, lang) or "-")})
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Meedoen", confirmed=False)
    form = CodeForm(request.POST or None, lang=lang)
    status = 200
    if request.method == "POST":
        accepted, status = check_code(form, [device])
        if accepted is not None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
            verified_login(request, device)
            messages.success(request, t("enrolled", lang))
            return redirect(next_url(request))
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(request, "workspace/two_factor_enrol.html", {
        "form": form, "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "uri": device.config_url, "qr": qr_data_uri(device.config_url),
    }, status=status, layout=layout)


@login_required
@require_http_methods(["GET", "POST"])
def remove(request):
    """Turn it off with a valid code (the session has passed the step already: the middleware saw to that)."""
    lang = current_language(request)
    devices = list(tf.confirmed_devices(request.user))
    if not devices:
        messages.info(request, t("none_yet", lang))
        return redirect("workspace:two_factor_enrol")
    form = CodeForm(request.POST or None, lang=lang)
    status = 200
    if request.method == "POST":
        device, status = check_code(form, devices)
        if device is not None:
            TOTPDevice.objects.filter(user_id=request.user.pk).delete()
            if settings.MEEDOEN_OTP_REQUIRED:
                messages.info(request, t("removed_required", lang))
                return redirect("workspace:two_factor_enrol")
            messages.success(request, t("removed", lang))
            return redirect("workspace:home")
    return render(request, "workspace/two_factor_remove.html", {"form": form}, status=status)


def enrolled_users():
    """Every user with a confirmed device, with its dates and the wrong codes in a row."""
    devices = TOTPDevice.objects.filter(confirmed=True).select_related("user").order_by("user__username", "pk")
    return [{"user": d.user, "device": d} for d in devices]


@role_required(roles.FUNCTIONAL_ADMIN)
@require_http_methods(["GET", "POST"])
def admin(request):
    """The functional administrator's list of professionals with two-factor authentication, and the reset."""
    lang = current_language(request)
    status = 200
    if request.method == "POST":
        try:
            target_id = int(request.POST.get("user", ""))
        except ValueError:
            target_id = None
        target = tf.reset_devices(request.user, target_id, " / ".join(t("log_reset", code) for code in ("nl", "en"))) \
            if target_id is not None else None
        if target is not None:
            messages.success(request, t("admin_done", lang, username=target.get_username()))
            return redirect("workspace:two_factor_admin")
        messages.error(request, t("admin_not_found", lang))
        status = 400
    rows = enrolled_users()
    for row in rows:
        device = row["device"]
        row["since"], row["last_used"] = day(device.created_at, lang), day(device.last_used_at, lang)
        row["reset_label"] = t("admin_reset_label", lang, username=row["user"].get_username())
    return render(request, "workspace/two_factor_admin.html", {"rows": rows}, status=status)
