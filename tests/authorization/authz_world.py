"""The authorization matrix's world (the fixtures that build it are in conftest.py): the casework demo built ONCE per module inside an outer transaction (every test
runs in a savepoint inside it and is rolled back; the outer transaction is rolled back at the end of the module),
the subjects (who asks) and the distinctive strings of the Bakker family per data category.

Family under test: Bakker (Z-CW-0001). Subjects:
  anonymous     not logged in
  beleid        role policy, no Professional record
  beheer        role functional_admin, no Professional record
  no_role       a user without any role
  not_involved  jeugdzorg (Bureau Jeugdzorg): a professional helping Yilmaz, not Bakker
  no_consent    professional (Kwadraad, Bakker's coordinator) with Kwadraad's consents for the route's categories withdrawn
  consent       professional (Kwadraad) with all Kwadraad consents open
  own_family    gezin-bakker (Sanne)
  other_family  gezin-yilmaz (Ayşe)
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

DAY = date(2026, 3, 1)
KWADRAAD = "kwadraad"

SUBJECTS = ["anonymous", "beleid", "beheer", "no_role", "not_involved", "no_consent", "consent", "own_family", "other_family"]
USERNAMES = {"beleid": "beleid", "beheer": "beheer", "no_role": "geen-rol", "not_involved": "jeugdzorg",
             "no_consent": "professional", "consent": "professional", "own_family": "gezin-bakker",
             "other_family": "gezin-yilmaz", "receiver": "schuldhulp"}
NO_GROUND = ["beleid", "beheer", "no_role", "not_involved", "other_family"]

# Distinctive strings of the Bakker family, per kind of data (the meeting and the note are added by the world below).
MARKERS = {
    "basic": ["Bakker", "Sanne", "Noah", "Mila"],
    "analysis": ["Depressie van moeder", "Somber, depressief"],
    "finances": ["Zorgverzekeraar", "Woningcorporatie (huur)"],
    "plan": ["We blijven in ons huis wonen", "Bijstandsaanvraag samen afmaken", "Ik wil rust"],
    "referrals": ["Moeder (33) is somber", "hulp bij betalingsregelingen nodig"],
    "meetings": ["Matrixzaal", "Matrixoverleg over de verhuurder"],
    "confidential": ["Matrixgeheim"],
}
ALL_MARKERS = [m for words in MARKERS.values() for m in words]
CONTENT_MARKERS = [m for key, words in MARKERS.items() if key != "basic" for m in words]


def at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@dataclass
class World:
    """Ids only (every test rolls back, so model instances would go stale)."""
    bakker: int
    yilmaz: int
    sanne: int
    noah_membership: int
    goal: int
    action: int
    plan_version: int
    consent: int
    referral_in_progress: int  # school -> Kwadraad, started (incoming for Kwadraad)
    referral_requested: int    # Kwadraad -> schuldhulp, requested (incoming for schuldhulp)
    conference: int
    notification: int
    kwadraad: int
    schuldhulp_team: int
    coach_pro: int
    school_user: int
    users: dict = field(default_factory=dict)


def build_world():
    from django.contrib.auth.models import Group  # noqa: F401  (groups are made by migrations)

    from meedoen.casework import vocabulary as v
    from meedoen.casework.demo import load_casework_demo
    from meedoen.casework.models import Consent, FamilyPlan, Involvement, Notification, Referral
    from meedoen.casework.services import conferences
    from meedoen.casework.views.family_edit import add_confidential_note
    from meedoen.municipalities.rulebook import sync_municipalities
    from meedoen.workspace.demo import ensure_users

    sync_municipalities()
    ensure_users()
    demo = load_casework_demo(today=DAY)
    # the demo's known defect (see tests/casework_plan/conftest.py): Bakker's coach must be involved on the pinned day
    Involvement.objects.filter(family__reference="Z-CW-0001", since__gt=DAY).update(since=DAY - timedelta(days=48))
    User = get_user_model()
    User.objects.get_or_create(username="geen-rol")
    staff = demo["staff"]
    coach, school, shv = staff["professional"], staff["school"], staff["schuldhulp"]
    bakker, yilmaz = demo["families"]["Z-CW-0001"], demo["families"]["Z-CW-0002"]
    sanne = bakker.memberships.get(person__first_name="Sanne").person
    conference = conferences.schedule(coach.user, bakker, scheduled_at=at(DAY + timedelta(days=7)), location="Matrixzaal",
                                      agenda="Matrixoverleg over de verhuurder", professionals=[coach], persons=[sanne])
    add_confidential_note(coach.user, bakker, "Matrixgeheim: alleen voor de coach", [])
    plan = FamilyPlan.objects.get(family=bakker)
    notification = Notification.objects.filter(family=bakker, organisation=coach.organisation).first()
    if notification is None:
        notification = Notification.objects.create(family=bakker, organisation=coach.organisation, kind="matrix",
                                                   text_nl="Matrix: gezin Bakker", text_en="Matrix: family Bakker")
    users = {subject: User.objects.get(username=name).pk for subject, name in USERNAMES.items()}
    return World(
        bakker=bakker.pk, yilmaz=yilmaz.pk, sanne=sanne.pk,
        noah_membership=bakker.memberships.get(person__first_name="Noah").pk,
        goal=plan.goals.get(domain="income").pk, action=plan.actions.order_by("id").first().pk,
        plan_version=plan.version,
        consent=Consent.objects.filter(family=bakker, organisation=coach.organisation, category=v.PLAN, purpose=v.HELP,
                                       withdrawn_at__isnull=True).get().pk,
        referral_in_progress=Referral.objects.get(family=bakker, to_organisation=coach.organisation).pk,
        referral_requested=Referral.objects.get(family=bakker, to_organisation=shv.organisation).pk,
        conference=conference.pk, notification=notification.pk, kwadraad=coach.organisation_id,
        schuldhulp_team=shv.teams.first().pk, coach_pro=coach.pk, school_user=school.user_id, users=users)


def withdraw_consents(world, categories):
    """Withdraw Kwadraad's open consents for Bakker in ``categories`` (every purpose) through the consent service."""
    from meedoen.casework.models import Consent
    from meedoen.casework.services import consent

    school = get_user_model().objects.get(pk=world.school_user)
    for row in Consent.objects.filter(family_id=world.bakker, organisation_id=world.kwadraad, category__in=list(categories),
                                      withdrawn_at__isnull=True).select_related("organisation"):
        consent.withdraw(school, row, now=at(DAY))


def give_all_consents(world):
    """Make sure Kwadraad has every help consent and the handover consent for referrals (the demo gives them)."""
    from meedoen.casework import vocabulary as v
    from meedoen.casework.models import Consent, Family, Person
    from meedoen.casework.services import consent

    family = Family.objects.get(pk=world.bakker)
    sanne = Person.objects.get(pk=world.sanne)
    school = get_user_model().objects.get(pk=world.school_user)
    wanted = [(c, v.HELP) for c in v.CATEGORIES] + [(v.REFERRALS, v.HANDOVER)]
    for category, purpose in wanted:
        if not Consent.objects.filter(family=family, organisation_id=world.kwadraad, category=category, purpose=purpose,
                                      withdrawn_at__isnull=True).exists():
            consent.give(school, family, organisation_id=world.kwadraad, category=category, purpose=purpose, given_by=sanne,
                         now=at(DAY - timedelta(days=1)))


def client_for(world, subject, api=False):
    """A logged-in client for ``subject`` (the API with a token, pages with a session)."""
    if api:
        from rest_framework.authtoken.models import Token
        from rest_framework.test import APIClient

        client = APIClient()
        if subject != "anonymous":
            user = get_user_model().objects.get(pk=world.users[subject])
            client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client
    from django.test import Client

    client = Client()
    if subject != "anonymous":
        client.force_login(get_user_model().objects.get(pk=world.users[subject]))
    return client


def snapshot():
    """Every row of every casework table except the append-only access log (which refusals may add a read to)."""
    from django.apps import apps

    state = {}
    for model in apps.get_app_config("casework").get_models():
        if model._meta.model_name == "accesslog":
            continue
        state[model._meta.label] = list(model.objects.order_by("pk").values())
    for model in apps.get_app_config("municipalities").get_models():
        state[model._meta.label] = model.objects.count()
    return state
