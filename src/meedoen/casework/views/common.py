"""What every casework page shares: the page renderer, the login gate, finding a family the user may see,
and logging what a page shows."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from meedoen.web.language import current_language
from meedoen.workspace import roles
from meedoen.workspace.views import page as workspace_page

from .. import access, audit
from .. import vocabulary as v


def page(request, template, context, status=200):
    """Render in the workspace layout (menu, language switch), with ``V`` (vocabulary) and the user's Professional."""
    return workspace_page(request, template, {"V": v, "me": access.professional_of(request.user), **context}, status=status)


def casework_required(view):
    """Logged in (else to the login page) and a professional with a casework role (else 403)."""
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not roles.has_role(request.user, *roles.CASEWORK) or access.professional_of(request.user) is None:
            from meedoen.workspace.views import forbidden

            return forbidden(request)
        return view(request, *args, **kwargs)
    return wrapped


def family_or_404(request, pk, purpose=v.HELP):
    """The family with its ``may_<category>`` flags, when the user's team is involved; else 404 (no hint it exists)."""
    family = access.family_access(request.user, pk, purpose, access.today())
    if family is None:
        raise Http404
    return family


def log_read(request, family_id, categories, purpose=v.HELP, detail=""):
    """One access-log row per category this response shows."""
    audit.log_reads(request.user, [family_id], categories, purpose, detail, path=request.path)


def lang_of(request):
    return current_language(request)
