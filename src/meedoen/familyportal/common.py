"""What every family portal page shares: the renderer, the family gate and logging what a page shows."""

from functools import wraps
from urllib.parse import urlencode

from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse

from meedoen.casework import access, audit
from meedoen.casework import vocabulary as v
from meedoen.casework.models import Membership
from meedoen.web.language import current_language, remember_language

from .texts import texts

FAMILY = "family"  # the log purpose of a family reading its own file


def page(request, template, context, status=200):
    """Render in the portal layout, with ``T`` (texts), the language and ``V`` (vocabulary)."""
    lang = current_language(request)
    context = {"T": texts(lang), "lang": lang, "other_lang": "en" if lang == "nl" else "nl", "V": v,
               "account": getattr(request, "family_account", None), **context}
    return remember_language(request, render(request, template, context, status=status))


def forbidden(request):
    return page(request, "familyportal/forbidden.html", {}, status=403)


def family_required(view):
    """Logged in (else to the portal login) as a current member of a family with an account (else 403).

    The view gets the FamilyAccount; the family and person come from it, never from the request.
    """
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('familyportal:login')}?{urlencode({'next': request.get_full_path()})}")
        account = access.account_of(request.user)
        if account is None or not still_member(account):
            return forbidden(request)
        request.user.family_account = account  # cached: the audit log names the person without another query
        request.family_account = account
        return view(request, account, *args, **kwargs)
    return wrapped


def still_member(account):
    """The account's person is a member of the account's family today."""
    day = access.today()
    return Membership.objects.filter(family_id=account.family_id, person_id=account.person_id, start__lte=day) \
        .filter(Q(end__isnull=True) | Q(end__gte=day)).exists()


def log_read(request, account, categories, detail=""):
    """One access-log row per category this response shows, with purpose "family"."""
    audit.log_reads(request.user, [account.family_id], categories, FAMILY, detail, path=request.path)


def lang_of(request):
    return current_language(request)
