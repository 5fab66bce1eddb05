"""Case conferences (schedule, record the outcome: decisions become plan actions) and consents (record, withdraw)."""

from django.http import Http404
from django.urls import path

from .. import vocabulary as v
from ..errors import problem
from ..forms_plan import decisions, moment
from ..models import CaseConference, Consent, FamilyPlan, Person
from ..services import conferences, consent
from .plan_common import involved_professionals, now
from .plan_forms import form_view


def _schedule(request, form, family):
    day, clock = form.day("scheduled_at"), form.clock("scheduled_time")
    form.need("location")
    form.need("agenda")
    professionals = form.records("professionals", involved_professionals(family, now().date()),
                                 nl="Onbekende medewerker", en="Unknown worker")
    persons = form.records("persons", Person.objects.filter(memberships__family_id=family.pk).distinct(),
                           nl="Onbekend gezinslid", en="Unknown family member")
    form.check()
    invited = form.flag("family_invited")
    conferences.schedule(request.user, family, scheduled_at=moment(day, clock), location=form.text("location"),
                         agenda=form.text("agenda"), family_invited=invited, exclusion_reason=form.text("exclusion_reason"),
                         professionals=professionals, persons=persons)


def schedule_initial(request, family, **kwargs):
    from ..services.families import members_on

    parents = [m.person_id for m in members_on(family, now().date()) if m.role == v.PARENT]
    return {"family_invited": "1", "persons": parents, "scheduled_time": "10:00"}


def _outcome(request, form, family, conference_id):
    conference = CaseConference.objects.filter(pk=conference_id, family_id=family.pk).select_related("family").first()
    if conference is None:
        raise Http404
    rows = decisions(form, family.municipality_id)
    if rows and not family.may_plan:
        raise problem("decision1_text", "Besluiten worden afspraken in het gezinsplan; het gezin gaf uw organisatie geen toestemming voor het plan.",
                      "Decisions become actions of the family plan; the family did not give your organisation consent for the plan.")
    version = form.number("version", required=bool(rows))
    form.check()
    if not FamilyPlan.objects.filter(family_id=family.pk).exists():  # record_outcome adds the decisions to the plan
        raise problem("minutes", "Er is nog geen gezinsplan. Start eerst het plan; dan worden de besluiten afspraken.",
                      "There is no family plan yet. Start the plan first; then the decisions become actions.")
    conferences.record_outcome(request.user, conference, minutes=form.text("minutes"), decisions=rows,
                               plan_version=version if version is not None else 0)


def outcome_initial(request, family, **kwargs):
    plan = FamilyPlan.objects.filter(family_id=family.pk).first()
    return {"version": plan.version if plan else ""}


def _give(request, form, family):
    given_by = form.record("given_by", Person.objects.filter(memberships__family_id=family.pk).distinct(),
                           nl="Onbekend gezinslid", en="Unknown family member")
    form.check()
    consent.give(request.user, family, organisation_id=form.text("organisation"), category=form.text("category"),
                 purpose=form.text("purpose"), given_by=given_by, now=now())


def _withdraw(request, form, family, consent_id):
    row = Consent.objects.filter(pk=consent_id, family_id=family.pk).select_related("organisation").first()
    if row is None:
        raise Http404
    consent.withdraw(request.user, row, now=now())


schedule = form_view("conference", ("Overleg plannen", "Schedule a case conference"), [v.MEETINGS], _schedule,
                     ("Het overleg is gepland.", "The case conference is scheduled."), "conferences", schedule_initial)
outcome = form_view("outcome", ("Verslag en besluiten", "Minutes and decisions"), [v.MEETINGS], _outcome,
                    ("Het verslag is opgeslagen; de besluiten staan als afspraken in het plan.",
                     "The minutes are saved; the decisions are actions in the plan."), "conferences", outcome_initial)
give = form_view("consent", ("Toestemming vastleggen", "Record a consent"), [], _give,
                 ("De toestemming is vastgelegd.", "The consent is recorded."), "consents")
withdraw = form_view("withdraw", ("Toestemming intrekken", "Withdraw a consent"), [], _withdraw,
                     ("De toestemming is ingetrokken.", "The consent is withdrawn."), "consents")

urlpatterns = [
    path("<int:pk>/overleg/", schedule, name="conference_schedule"),
    path("<int:pk>/overleg/<int:conference_id>/verslag/", outcome, name="conference_outcome"),
    path("<int:pk>/toestemming/", give, name="consent_give"),
    path("<int:pk>/toestemming/<int:consent_id>/intrekken/", withdraw, name="consent_withdraw"),
]
