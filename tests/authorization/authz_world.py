"""The authorization matrix's world (the fixtures that build it are in conftest.py): the casework demo built ONCE per module inside an outer transaction (every test
runs in a savepoint inside it and is rolled back; the outer transaction is rolled back at the end of the module),
the subjects (who asks, as facts) and the distinctive strings of the Bakker family per data category.

Family under test: Bakker (Z-CW-0001). Its coordinator is Fatima (user "professional", Kwadraad); the school's team
(it registered the family) and Kwadraad's team help it. Subjects (SUBJECTS below says what each one is, as facts: the
matrix's expectations follow from those facts, never from the name):
  anonymous          not logged in
  beleid             role policy, no Professional record
  beheer             role functional_admin, no Professional record
  no_role            a user without any role
  not_involved       jeugdzorg (Bureau Jeugdzorg): a professional helping Yilmaz, not Bakker
  no_consent         professional (Kwadraad, Bakker's coordinator) with Kwadraad's consents for the route's categories withdrawn
  consent            professional (Kwadraad) with all Kwadraad consents open
  own_family         gezin-bakker (Sanne)
  other_family       gezin-yilmaz (Ayşe)
  coordinator_role   the workspace role "coordinator" (demo user "coordinator", CJG Meerpunt; helps de Vries, not Bakker):
                     ..._consent: CJG has all of Bakker's consents but its team is not involved;
                     ..._involved: CJG's team is involved with Bakker (as "coordinator" involvement), no consent;
                     ..._involved_consent: involved and all consents, but not Bakker's coordinator
  volunteer          maatje (Jong Perspectief, kind volunteer): its team involved, all consents; _no_consent: none
  involved_not_coordinator  school (the team that registered Bakker) with all consents: not Bakker's coordinator
  member_ended       oud-teamlid (Kwadraad): member of Kwadraad's involved team until yesterday; Kwadraad's consents open
  member_future      nieuw-teamlid (Kwadraad): member of that team from tomorrow; Kwadraad's consents open
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

DAY = date(2026, 3, 1)
KWADRAAD, CJG, MAATJES, SCHOOL = "kwadraad", "cjg_meerpunt", "maatjes_zoetermeer", "basisschool_regenboog"

# -- the subjects, as facts ---------------------------------------------------------------------------------------

ANONYMOUS, ROLE_ONLY, PROFESSIONAL, FAMILY = "anonymous", "role_only", "professional", "family"
DEMO, ADDED = "demo", "added"  # the team's involvement with Bakker: in the demo, or added by the test (its savepoint)
ACTIVE, ENDED, FUTURE = "active", "ended", "future"  # the team membership on DAY
ALL, ROUTE, NONE = "all", "route", "none"  # the organisation's consents for Bakker


@dataclass(frozen=True)
class Subject:
    """Who asks, as facts about them. ``ground`` (a derived fact) is what the docs call the ground: an active member
    of a team that is actively involved with the family."""
    username: str | None
    standing: str                 # ANONYMOUS; ROLE_ONLY (logged in, no casework role + Professional); PROFESSIONAL; FAMILY
    organisation: str = ""        # a professional's organisation (slug)
    team: str = ""                # "" (no team of theirs helps Bakker), DEMO, ADDED
    membership: str = ACTIVE      # their membership of that team on DAY
    consents: str = NONE          # their organisation's consents for Bakker: ALL, ROUTE (the route's categories withdrawn), NONE
    coordinator: bool = False     # Bakker's current coordinator (an open CoordinatorAssignment)
    author: bool = False          # wrote Bakker's confidential note
    receiver: bool = False        # their team receives one of Bakker's referrals (its members' lists of incoming referrals show it)
    own: bool = False             # a family account of Bakker

    @property
    def ground(self):
        return self.standing == PROFESSIONAL and self.team in (DEMO, ADDED) and self.membership == ACTIVE


SUBJECTS = {
    "anonymous": Subject(None, ANONYMOUS),
    "beleid": Subject("beleid", ROLE_ONLY),
    "beheer": Subject("beheer", ROLE_ONLY),
    "no_role": Subject("geen-rol", ROLE_ONLY),
    "not_involved": Subject("jeugdzorg", PROFESSIONAL, "bureau_jeugdzorg"),
    "no_consent": Subject("professional", PROFESSIONAL, KWADRAAD, team=DEMO, consents=ROUTE, coordinator=True, author=True,
                          receiver=True),
    "consent": Subject("professional", PROFESSIONAL, KWADRAAD, team=DEMO, consents=ALL, coordinator=True, author=True,
                       receiver=True),
    "own_family": Subject("gezin-bakker", FAMILY, own=True),
    "other_family": Subject("gezin-yilmaz", FAMILY),
    # the workspace role "coordinator": what it sees follows from involvement and consent, not from the role's name
    "coordinator_role": Subject("coordinator", PROFESSIONAL, CJG),
    "coordinator_role_consent": Subject("coordinator", PROFESSIONAL, CJG, consents=ALL),
    "coordinator_role_involved": Subject("coordinator", PROFESSIONAL, CJG, team=ADDED),
    "coordinator_role_involved_consent": Subject("coordinator", PROFESSIONAL, CJG, team=ADDED, consents=ALL),
    # a volunteer: like any professional, never more
    "volunteer": Subject("maatje", PROFESSIONAL, MAATJES, team=ADDED, consents=ALL),
    "volunteer_no_consent": Subject("maatje", PROFESSIONAL, MAATJES, team=ADDED),
    # involved, every consent, but not the family's coordinator
    "involved_not_coordinator": Subject("school", PROFESSIONAL, SCHOOL, team=DEMO, consents=ALL),
    # team membership in time: Kwadraad's team helps Bakker and Kwadraad has every consent, but they are not members today
    "member_ended": Subject("oud-teamlid", PROFESSIONAL, KWADRAAD, team=DEMO, membership=ENDED, consents=ALL,
                            receiver=True),
    "member_future": Subject("nieuw-teamlid", PROFESSIONAL, KWADRAAD, team=DEMO, membership=FUTURE, consents=ALL,
                             receiver=True),
}
CONTROL_ONLY = {"receiver": "schuldhulp"}  # used by write controls only (Bakker's referral to schuldhulp), not a matrix subject
USERNAMES = {**{name: s.username for name, s in SUBJECTS.items() if s.username}, **CONTROL_ONLY}
NO_GROUND = [name for name, s in SUBJECTS.items() if s.standing != ANONYMOUS and not s.ground and not s.own]
# the professionals this world adds (membership of Kwadraad's team, relative to DAY)
TIMED_MEMBERS = {"oud-teamlid": ("Olga Oud (matrix)", DAY - timedelta(days=400), DAY - timedelta(days=1)),
                 "nieuw-teamlid": ("Niels Nieuw (matrix)", DAY + timedelta(days=1), None)}

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
    family_user: int = 0  # gezin-bakker: the family withdraws consents in the set-up (it may, for any organisation)
    users: dict = field(default_factory=dict)
    # per username of a professional subject: (Professional id, organisation id, team id, organisation slug)
    staff: dict = field(default_factory=dict)


def build_world():
    from django.contrib.auth.models import Group

    from meedoen.casework import vocabulary as v
    from meedoen.casework.demo import load_casework_demo
    from meedoen.casework.models import (Consent, FamilyPlan, Involvement, Notification, Professional, Referral,
                                         TeamMembership)
    from meedoen.casework.services import conferences
    from meedoen.casework.views.family_edit import add_confidential_note
    from meedoen.municipalities.rulebook import sync_municipalities
    from meedoen.workspace.demo import ensure_users

    sync_municipalities()
    ensure_users()
    demo = load_casework_demo(today=DAY)
    # The demo's involvements have all started on the pinned day (tests/casework/test_demo_seed.py asserts it; the old
    # workaround that moved Bakker's coach's involvement back is gone): the world relies on it.
    late = list(Involvement.objects.filter(family__reference__startswith="Z-CW-", since__gt=DAY).values_list("pk", flat=True))
    assert not late, f"demo involvements starting after {DAY}: {late}"
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
    # Two more Kwadraad professionals, in the coach's team (which helps Bakker) but not today: until yesterday, from tomorrow.
    coach_team = coach.teams.get()
    professional_group = Group.objects.get(name="professional")
    for username, (name, since, until) in TIMED_MEMBERS.items():
        user, _ = User.objects.get_or_create(username=username)
        user.groups.add(professional_group)
        pro = Professional.objects.create(user=user, organisation=coach.organisation, name=name, job_title="gezinscoach",
                                          kind=v.PROFESSIONAL)
        TeamMembership.objects.create(team=coach_team, professional=pro, since=since, until=until)
    subject_staff = {}
    for username in sorted({s.username for s in SUBJECTS.values() if s.standing == PROFESSIONAL}):
        pro = Professional.objects.get(user__username=username)
        subject_staff[username] = (pro.pk, pro.organisation_id, pro.teams.order_by("id").first().pk, pro.organisation.slug)
    assert Professional.objects.get(user__username="maatje").kind == v.VOLUNTEER
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
        schuldhulp_team=shv.teams.first().pk, coach_pro=coach.pk, school_user=school.user_id,
        family_user=User.objects.get(username="gezin-bakker").pk, users=users, staff=subject_staff)


# -- set-up per test (inside the test's savepoint) ----------------------------------------------------------------

def withdraw_consents(world, categories, organisation_id=None):
    """Withdraw an organisation's (default Kwadraad's) open consents for Bakker in ``categories`` (every purpose),
    through the consent service, by the family itself (its portal account; the family may withdraw for any
    organisation)."""
    from meedoen.casework.models import Consent
    from meedoen.casework.services import consent

    family_user = get_user_model().objects.get(pk=world.family_user)
    for row in Consent.objects.filter(family_id=world.bakker, organisation_id=organisation_id or world.kwadraad,
                                      category__in=list(categories), withdrawn_at__isnull=True).select_related("organisation"):
        consent.withdraw(family_user, row, now=at(DAY))


def give_all_consents(world, organisation_id=None):
    """Make sure an organisation (default Kwadraad) has every help consent and the handover consent for referrals
    (the demo gives them to Kwadraad). Set-up only: the rows are written directly, so who may record a consent for
    which organisation (services.consent) does not decide what the matrix tests."""
    from meedoen.casework import vocabulary as v
    from meedoen.casework.models import Consent

    wanted = [(c, v.HELP) for c in v.CATEGORIES] + [(v.REFERRALS, v.HANDOVER)]
    for category, purpose in wanted:
        Consent.objects.get_or_create(
            family_id=world.bakker, organisation_id=organisation_id or world.kwadraad, category=category, purpose=purpose,
            withdrawn_at__isnull=True,
            defaults={"given_by_id": world.sanne, "given_at": at(DAY - timedelta(days=1)),
                      "recorded_by_name": "Sanne Bakker (matrix set-up)"})


def add_involvement(world, username):
    """The team of ``username`` starts helping Bakker (a whole-family involvement since ten days; the coordinator
    user's team as a "coordinator" involvement, so the role's name appears twice and still decides nothing)."""
    from meedoen.casework import vocabulary as v
    from meedoen.casework.models import Involvement

    pro, organisation, team, _ = world.staff[username]
    role = v.COORDINATOR_ROLE if username == "coordinator" else v.CONTRIBUTOR
    Involvement.objects.create(family_id=world.bakker, organisation_id=organisation, team_id=team, professional_id=pro,
                               role=role, help_kind="matrixhulp", since=DAY - timedelta(days=10))


ALL_CATEGORIES = ["analysis", "finances", "plan", "meetings", "referrals", "notes"]


def set_up(world, subject, categories=()):
    """Make the world what SUBJECTS says of ``subject`` for a route needing ``categories``: its team's involvement
    (when added by the test) and its organisation's consents (every one; or the route's withdrawn, all of them for a
    route that needs none). Subjects used by write controls only get nothing."""
    if subject in CONTROL_ONLY:
        return
    s = SUBJECTS[subject]
    if s.standing != PROFESSIONAL:
        return
    organisation = world.staff[s.username][1]
    if s.team == ADDED:
        add_involvement(world, s.username)
    if s.consents == ALL:
        give_all_consents(world, organisation)
    elif s.consents == ROUTE:
        withdraw_consents(world, list(categories) or ALL_CATEGORIES, organisation)
    elif s.consents != NONE:
        raise AssertionError(f"{subject}: unknown consents {s.consents!r}")


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
