"""The family page's own forms: add a member, end a membership, register an involvement, mark a scheme as used,
write a confidential note. GET shows the form on its own page; POST saves through the services and goes back to
the family page, or shows the form again with a message per field (400) and nothing saved."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.urls import path
from django.views.decorators.http import require_http_methods

from meedoen.municipalities.rulebook import current_rulebook

from .. import access
from .. import vocabulary as v
from ..errors import CaseworkError, problem
from ..forms_family import FamilyForm, check_birth
from ..models import Professional
from ..services import families
from ..services.notes import add_confidential_note
from ..services.schemes import mark_scheme_used
from .common import casework_required, family_or_404, lang_of, log_read, page
from .family_common import back_to_family, form_page, posted
from .family_page import form_options
from .family_texts import texts
from .plan_common import involved_professionals, my_teams


def no_consent(request, family, category):
    """403 with a plain sentence; the page still shows who the family is, so that read is logged."""
    lang = lang_of(request)
    log_read(request, family.pk, [v.BASIC], detail=f"geen toestemming / no consent: {category}")
    return page(request, "casework/family_form.html", {
        "family": family, "FT": texts(lang), "title": texts(lang)["no_consent_title"], "no_consent": True,
        "no_consent_text": texts(lang)[f"no_consent_{category}"]}, status=403)


def options_of(request, family, lang, day):
    members = families.members_on(family, day)
    options = form_options(request, family, day, lang, members)
    options["schemes"] = scheme_choices(family, day, lang)
    return options


def scheme_choices(family, day, lang):
    rules = current_rulebook().municipality(family.municipality.slug)
    if rules is None:
        return []
    return [(scheme.id, scheme.name.get(lang) or scheme.id) for scheme, _ in rules.schemes_on(day)]


def family_form(form_name, title, apply, success, anchor, category=None, initial=None, item=None):
    """A view for one form: ``apply(request, form, family, day, **kwargs)`` reads the form and calls the service.

    ``category``: the consent the form needs (else 403 with a plain sentence); ``item(family, **kwargs)``: the row
    the form is about (e.g. the membership to end), or Http404.
    """
    @casework_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk, **kwargs):
        lang = lang_of(request)
        day = access.today()
        family = family_or_404(request, pk)
        if category and not getattr(family, f"may_{category}", False):
            return no_consent(request, family, category)
        target = item(family, **kwargs) if item else None
        extra = {"item": target}
        log_read(request, family.pk, [v.BASIC], detail=f"formulier / form: {form_name}")
        if request.method == "GET":
            values = initial(family, day) if initial else {}
            return form_page(request, family, form_name, title, {}, values, options_of(request, family, lang, day), status=200, extra=extra)
        form = FamilyForm(request.POST)
        try:
            with transaction.atomic():
                apply(request, form, family, day, target)
        except CaseworkError as exc:
            return form_page(request, family, form_name, title, exc.messages(lang), posted(request),
                             options_of(request, family, lang, day), extra=extra)
        return back_to_family(request, family.pk, success, anchor)
    view.__name__ = f"{form_name}_view"
    return view


def _member(request, form, family, day, target):
    row = {"first_name": form.need("first_name"), "last_name": form.need("last_name"), "role": form.choice("role", v.MEMBER_ROLES),
           "birth_date": form.day("birth_date", required=False), "start": form.day("start"), "end": form.day("end", required=False)}
    check_birth(form, "", row)
    form.check()
    families.add_member(request.user, family, **row)


def _end(request, form, family, day, membership):
    end = form.day("end")
    form.check()
    if membership.end is not None:
        raise problem("end", f"Dit lidmaatschap is al beëindigd op {membership.end:%d-%m-%Y}.",
                      f"This membership already ended on {membership.end:%Y-%m-%d}.")
    families.end_membership(request.user, membership, end)


def membership_of(family, membership_id):
    membership = family.memberships.select_related("person").filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    return membership


def _involvement(request, form, family, day, target):
    team = form.record("team", my_teams(request.user, day), nl="Kies een van uw teams", en="Choose one of your teams")
    role = form.choice("role", v.INVOLVEMENT_ROLES)
    help_kind = form.need("help_kind")
    since = form.day("since")
    until = form.day("until", required=False)
    people = {m.person_id: m.person for m in families.members_on(family, day)}
    person = form.member("person", people)
    mine = Professional.objects.filter(team_memberships__team_id__in=access.active_team_ids(request.user, day)).distinct()
    professional = form.record("professional", mine, required=False, nl="Onbekende medewerker", en="Unknown worker")
    if len(help_kind) > 200:
        form.fail("help_kind", "Dit is te lang: hoogstens 200 tekens.", "This is too long: at most 200 characters.")
    form.check()
    families.register_involvement(request.user, family, team, since=since, until=until, help_kind=help_kind, role=role,
                                  person=person, professional=professional, contact=form.text("contact")[:200])


def _scheme(request, form, family, day, target):
    known = dict(scheme_choices(family, day, "nl"))
    scheme_id = form.text("scheme")
    if scheme_id not in known:
        form.fail("scheme", "Kies een regeling van de gemeente van het gezin.", "Choose a scheme of the family's municipality.")
    since = form.day("since")
    form.check()
    mark_scheme_used(request.user, family, scheme_id, since, known[scheme_id])


def _note(request, form, family, day, target):
    text = form.need("text")
    colleagues = involved_professionals(family, day).exclude(user_id=request.user.pk).values("user_id")
    named = form.records("shared_with", get_user_model().objects.filter(pk__in=colleagues),
                         nl="Deze persoon werkt niet in een team dat het gezin helpt", en="This person is not on a team that helps the family")
    form.check()
    add_confidential_note(request.user, family, text, named)


def _today(family, day):
    return {"start": day.isoformat(), "since": day.isoformat(), "end": day.isoformat()}


add_member = family_form("member", ("Gezinslid toevoegen", "Add a member"), _member,
                         ("Het gezinslid is toegevoegd.", "The member is added."), "members", initial=_today)
end_membership = family_form("end", ("Lidmaatschap beëindigen", "End a membership"), _end,
                             ("Het lidmaatschap is beëindigd.", "The membership has ended."), "members", initial=_today,
                             item=lambda family, membership_id: membership_of(family, membership_id))
add_involvement = family_form("involvement", ("Betrokkenheid vastleggen", "Register an involvement"), _involvement,
                              ("De betrokkenheid is vastgelegd. Andere betrokken organisaties krijgen een melding.",
                               "The involvement is registered. Other organisations involved get a notification."), "helpers",
                              initial=_today)
scheme_used = family_form("scheme", ("Regeling in gebruik", "Scheme in use"), _scheme,
                          ("De regeling staat nu als 'in gebruik'.", "The scheme is now marked as in use."), "schemes",
                          category=v.FINANCES, initial=_today)
add_note = family_form("note", ("Vertrouwelijke aantekening", "Confidential note"), _note,
                       ("De aantekening is opgeslagen.", "The note is saved."), "notes")

urlpatterns = [
    path("<int:pk>/leden/", add_member, name="member_add"),
    path("<int:pk>/leden/<int:membership_id>/einde/", end_membership, name="membership_end"),
    path("<int:pk>/betrokkenheid/", add_involvement, name="involvement_add"),
    path("<int:pk>/regelingen/", scheme_used, name="scheme_use"),
    path("<int:pk>/aantekeningen/", add_note, name="note_add"),
]
