"""The authorization matrix of casework: every GET route of the casework pages, the family portal and the casework
API × every kind of subject, and every write route × every subject without the right to it.

The routes come from the URL confs (authz_routes.discovered_routes); the explicit table authz_routes.ROUTES says how
to fill their parameters and what they show, and test_the_table_covers_every_route fails when a route appears that the
table does not cover. The subjects are facts (authz_world.SUBJECTS: standing, the team's involvement, the membership
on the day, the organisation's consents, coordinator, author of the note); the expected outcome of every cell follows
from the route's row and the subject's facts (expected_get, write_like), so a subject without facts fails. Known leaks
are xfail(strict=True) cells (KNOWN below), so fixing one turns the suite red until the mark is removed.
"""

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from authz_routes import API, PAGE, PATCH, PORTAL, ROUTES, SUBJECT_ORDER, discovered_routes, get_cells, url_of, write_cells
from authz_world import (ACTIVE, ADDED, ALL, ALL_MARKERS, ANONYMOUS, CONTENT_MARKERS, DAY, DEMO, ENDED, FAMILY, FUTURE,
                         KWADRAAD, MARKERS, NONE, PROFESSIONAL, ROLE_ONLY, ROUTE, SUBJECTS, client_for, set_up, snapshot,
                         withdraw_consents)

NO_CONSENT_SENTENCE = "geen toestemming"

# Cells that expose a leak (strict xfail, so a fix turns the suite red until unmarked). The three found here (the
# log's detail copied plan text; the coordinator's export after consent was withdrawn) are fixed.
KNOWN = {}

# The subjects this file adds to the route table's (authz_routes.SUBJECT_ORDER): their GET cells and refused writes.
EXTRA_SUBJECTS = [name for name in SUBJECTS if name not in SUBJECT_ORDER]


def cell_id(cell):
    return f"{cell[0]}-{cell[1]}"


def cells_with_known(cells):
    return [pytest.param(*cell, id=cell_id(cell),
                         marks=[pytest.mark.xfail(strict=True, reason=KNOWN[cell])] if cell in KNOWN else [])
            for cell in cells]


def all_get_cells():
    """Every GET route × every subject: the route table's subjects, then the ones with facts in authz_world.SUBJECTS."""
    return get_cells() + [(name, subject) for name, route in ROUTES.items() if route.get for subject in EXTRA_SUBJECTS]


def body_of(response):
    """The response as text: JSON decoded and dumped again without escapes, so the markers are found as written."""
    text = response.content.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").split(";")[0] in ("application/json", "application/problem+json"):
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return text


def prepare(w, route, subject):
    """Make the world what authz_world.SUBJECTS says of ``subject``: e.g. no_consent: Kwadraad's consents for the
    route's categories withdrawn (all of them for a route that needs none, so the route must show no category content
    at all); consent: every consent open; coordinator_role_involved: CJG's team helps Bakker."""
    set_up(w, subject, route.categories)


def assert_absent(body, markers, where):
    leaked = [m for m in markers if m in body]
    assert not leaked, f"{where}: shows {leaked}"


def login_redirect(route):
    return reverse("familyportal:login") if route.area == PORTAL else reverse("workspace:login")


def subject_facts_are_known(subject):
    s = SUBJECTS[subject]  # a subject without facts has no expectation: KeyError
    assert s.standing in (ANONYMOUS, ROLE_ONLY, PROFESSIONAL, FAMILY), (subject, s.standing)
    assert s.team in ("", DEMO, ADDED) and s.membership in (ACTIVE, ENDED, FUTURE) and s.consents in (ALL, ROUTE, NONE), s
    return s


def test_every_subject_has_facts(w):
    """Every subject of the route table and every login of the world has facts (so an expectation), and the world
    holds what the facts say (checked on the rows, not through meedoen.casework.access)."""
    for subject in list(SUBJECT_ORDER) + list(SUBJECTS):
        subject_facts_are_known(subject)
    assert set(w.users) >= set(SUBJECTS) - {"anonymous"}
    assert [c for c in all_get_cells() if c[1] not in SUBJECTS] == []


# -- the table covers every route ------------------------------------------------------------------------------------

def test_the_table_covers_every_route(w):
    found = discovered_routes()
    missing = sorted(set(found) - set(ROUTES))
    stale = sorted(set(ROUTES) - set(found))
    assert not missing, f"routes without a row in authz_routes.ROUTES (add them to the matrix): {missing}"
    assert not stale, f"rows in authz_routes.ROUTES for routes that no longer exist: {stale}"
    assert len(found) >= 60


def test_every_row_fills_its_route(w):
    for name in ROUTES:
        assert url_of(name, w).startswith(("/werkplek/gezinnen/", "/mijn-gezin/", "/api/v1/")), name


def test_api_methods_match_the_table(w):
    """For the API the view classes say which methods they answer: the table must agree (a GET added to a write
    endpoint would otherwise escape the matrix)."""
    for name, (pattern, callback) in discovered_routes().items():
        view_class = getattr(callback, "view_class", None)
        route = ROUTES[name]
        if view_class is None or route.area != API:
            continue
        assert hasattr(view_class, "get") == route.get, name
        writes = {m for m in ("post", "put", "patch", "delete") if hasattr(view_class, m)}
        declared = {route.write.method.lower()} if route.write else set()
        assert writes == declared, (name, writes, declared)


@pytest.mark.parametrize("name", [n for n, r in ROUTES.items() if not r.get and r.area != API])
def test_routes_without_get_refuse_get(w, name):
    """Page and portal routes the table lists as write-only answer GET with 405 (so no GET route hides among them)."""
    route = ROUTES[name]
    subject = route.write.authorised if route.write and route.write.authorised else "consent"
    if route.public:
        subject = "own_family"
    response = client_for(w, subject).get(url_of(name, w))
    assert response.status_code == 405, response.status_code


# -- GET: every route × every subject ----------------------------------------------------------------------------------

def incoming_list(route):
    """A list of the referrals to the subject's own teams (not about one family): it shows Bakker's referral only to the
    receiving team."""
    return not route.family and "referrals" in route.shows


def expected_get(route, subject):
    """(allowed statuses, expect the no-consent sentence, markers that must be absent, marker keys that must be present).

    From the subject's facts (authz_world.SUBJECTS), never from its name: the ground (an active member of a team
    actively involved with Bakker), the organisation's consents, being Bakker's coordinator, the note's author."""
    s = subject_facts_are_known(subject)
    everything = list(ALL_MARKERS)
    if route.public:
        return {200}, False, [] if s.own else everything, []
    if s.standing == ANONYMOUS:
        return ({401} if route.area == API else {302}), False, everything, []
    if route.area == PORTAL:
        if s.standing == FAMILY:
            return ({200}, False, [], route.shows) if s.own else ({200}, False, everything, [])
        return {403}, False, everything, []
    # casework pages and the API
    if s.standing == ROLE_ONLY:
        return {403}, False, everything, []
    if s.standing == FAMILY:
        if route.area == PAGE:
            return {403}, False, everything, []  # a family account is no professional
        if s.own:
            if route.family or route.shows == ["basic"]:  # the family's own file (family routes and its list of one)
                return {200}, False, [], route.shows
            return {403}, False, everything, []  # a professional's list (incoming referrals)
        if route.family:
            return {403, 404}, False, everything, []
        if route.categories:
            return {403}, False, everything, []  # incoming referrals are for professionals
        return {200}, False, everything, []
    # a professional (a casework role and a Professional record)
    if not s.ground:
        # the family does not exist for them: 404, whatever their role, organisation or consents
        return ({404} if route.family else {200}), False, everything, []
    own_note = MARKERS["confidential"] if s.author else []
    not_mine = [m for m in CONTENT_MARKERS if m not in own_note]  # every content marker but the subject's own note
    if route.coordinator and not s.coordinator:
        # only Bakker's current coordinator (the page says so with 403, the API 403 or 404): no content at all
        return {403, 404}, False, not_mine, []
    if incoming_list(route) and not s.receiver:
        return {200}, False, everything, []  # a list of the referrals to their own teams: Bakker's are not among them
    if s.consents == ALL:
        return {200}, False, [m for m in MARKERS["confidential"] if m not in own_note], \
            [key for key in route.shows if key != "confidential" or s.author]
    if not route.categories:  # ROUTE (then every category is withdrawn) or NONE: no category content at all
        return {200}, False, not_mine, ["basic"] if "basic" in route.shows else []
    if s.consents == ROUTE:  # the route's categories withdrawn
        absent = [m for c in route.categories for m in MARKERS.get(c, [])]
        if "analysis" in route.categories:
            absent += MARKERS["finances"]  # the debts are part of the analysis
    else:  # NONE: no consent at all
        absent = not_mine
    if route.refusal == "403":
        return {403}, route.area != API, absent, []
    return {200}, route.refusal == "hide", absent, []


def bakker_rows(w, since_id):
    from meedoen.casework.models import AccessLog

    return list(AccessLog.objects.filter(pk__gt=since_id, family_id=w.bakker).order_by("pk"))


def last_log_id():
    from meedoen.casework.models import AccessLog

    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


REFUSED_EXPORT_MAY_LOG = {"basic", "consent"}  # what a refused coordinator-only read may log: who the family is, no content


@pytest.mark.parametrize("name,subject", cells_with_known(all_get_cells()))
def test_get(w, name, subject):
    route = ROUTES[name]
    s = SUBJECTS[subject]
    prepare(w, route, subject)
    since = last_log_id()
    response = client_for(w, subject, api=route.area == API).get(url_of(name, w))
    statuses, sentence, absent, present = expected_get(route, subject)
    body = body_of(response)
    assert response.status_code in statuses, f"{name} as {subject}: {response.status_code}, expected {sorted(statuses)}"
    assert response.status_code != 500
    if response.status_code == 302:
        assert response["Location"].startswith(login_redirect(route)), response["Location"]
    if response.status_code in (401, 403) and route.area == API:
        assert response["Content-Type"] == "application/problem+json"
    if sentence:
        assert NO_CONSENT_SENTENCE in body.lower(), f"{name} as {subject}: no 'no consent' sentence"
    assert_absent(body, absent, f"{name} as {subject}")
    for key in present:
        assert any(m in body for m in MARKERS[key]), f"{name} as {subject}: does not show its {key} data"
    if route.public:
        return
    # the access log agrees: nothing shown, nothing logged about the family; shown, logged by this user
    rows = bakker_rows(w, since)
    if set(ALL_MARKERS) <= set(absent):
        assert not rows, f"{name} as {subject} shows nothing of Bakker but logs {[(r.action, r.category) for r in rows]}"
    if any(m in body for m in ALL_MARKERS):
        assert any(r.user_id == w.users[subject] for r in rows), f"{name} as {subject} shows Bakker without a log row"
    if route.coordinator and s.standing == PROFESSIONAL and not s.coordinator:
        claimed = [(r.action, r.category) for r in rows if r.action == "export" or r.category not in REFUSED_EXPORT_MAY_LOG]
        assert not claimed, f"{name} as {subject} (not the coordinator) logs {claimed}"


@pytest.mark.parametrize("name", [n for n, r in ROUTES.items() if r.get])
def test_a_volunteer_gets_no_more_than_a_professional(w, name):
    """The involved volunteer with every consent gets the same status as an involved professional with every consent
    (who is not the coordinator either), and never a marker that professional does not see."""
    route = ROUTES[name]
    seen = {}
    for subject in ("involved_not_coordinator", "volunteer"):
        prepare(w, route, subject)
        response = client_for(w, subject, api=route.area == API).get(url_of(name, w))
        seen[subject] = (response.status_code, {m for m in ALL_MARKERS if m in body_of(response)})
    (pro_status, pro_markers), (vol_status, vol_markers) = seen["involved_not_coordinator"], seen["volunteer"]
    assert vol_status == pro_status, f"{name}: volunteer {vol_status}, professional {pro_status}"
    assert vol_markers <= pro_markers, f"{name}: the volunteer sees {sorted(vol_markers - pro_markers)} more"


@pytest.mark.parametrize("subject", [n for n, s in SUBJECTS.items() if s.standing == PROFESSIONAL])
def test_subject_facts_hold_in_the_world(w, subject):
    """The facts of each professional subject are true of the rows after its set-up (read from the tables, not through
    meedoen.casework.access, whose answers the matrix tests)."""
    from django.db.models import Q

    from meedoen.casework import vocabulary as v
    from meedoen.casework.models import (ConfidentialNote, Consent, CoordinatorAssignment, Involvement, Referral,
                                         TeamMembership)

    s = SUBJECTS[subject]
    set_up(w, subject, ["plan"])
    pro, organisation, _, slug = w.staff[s.username]
    assert slug == s.organisation, (subject, slug)
    memberships = TeamMembership.objects.filter(professional_id=pro)
    helping = Involvement.objects.filter(family_id=w.bakker, team__in=memberships.values("team"), since__lte=DAY) \
        .filter(Q(until__isnull=True) | Q(until__gte=DAY))
    assert helping.exists() == bool(s.team), f"{subject}: team involved {helping.exists()}"
    if s.team:
        mine = memberships.filter(team__in=helping.values("team"))
        if s.membership == ACTIVE:
            assert mine.filter(since__lte=DAY).filter(Q(until__isnull=True) | Q(until__gte=DAY)).exists()
        elif s.membership == ENDED:
            assert list(mine.values_list("until", flat=True)) == [DAY - timedelta(days=1)]
        else:
            assert list(mine.values_list("since", "until")) == [(DAY + timedelta(days=1), None)]
    open_rows = Consent.objects.filter(family_id=w.bakker, organisation_id=organisation, withdrawn_at__isnull=True)
    if s.consents == ALL:
        assert set(open_rows.filter(purpose=v.HELP).values_list("category", flat=True)) == set(v.CATEGORIES)
        assert open_rows.filter(category=v.REFERRALS, purpose=v.HANDOVER).exists()
    elif s.consents == ROUTE:
        assert not open_rows.filter(category="plan").exists() and open_rows.exists()
    else:
        assert not open_rows.exists(), list(open_rows.values_list("category", "purpose"))
    assert CoordinatorAssignment.objects.filter(family_id=w.bakker, end__isnull=True, professional_id=pro).exists() == s.coordinator
    assert ConfidentialNote.objects.filter(family_id=w.bakker, author_id=w.users[subject]).exists() == s.author
    assert Referral.objects.filter(family_id=w.bakker, to_team__in=memberships.values("team")).exists() == s.receiver
    if s.username == "maatje":
        from meedoen.casework.models import Professional

        assert Professional.objects.get(pk=pro).kind == v.VOLUNTEER


def test_timed_members_mark_no_notification_read(w):
    """Out of the team (since yesterday, or from tomorrow): Kwadraad's notifications about Bakker are not theirs to
    mark read; "mark all read" (a write the route table allows not_involved, for their own notifications) leaves them
    unread. The caseload hiding them is a test_get cell."""
    from meedoen.casework.models import Notification

    unread = set(Notification.objects.filter(family_id=w.bakker, organisation_id=w.kwadraad, read_at__isnull=True)
                 .values_list("pk", flat=True))
    assert unread
    for subject in ("member_ended", "member_future"):
        client = client_for(w, subject)
        response = client.post(reverse("casework:notifications_read"))
        assert response.status_code in (302, 403, 404), response.status_code
        assert set(Notification.objects.filter(pk__in=unread, read_at__isnull=True).values_list("pk", flat=True)) == unread, subject


# -- the family page without one category ---------------------------------------------------------------------------

@pytest.mark.parametrize("category", ["analysis", "finances", "plan", "meetings", "referrals"])
def test_family_page_without_one_category(w, category):
    """Withdrawing one category hides exactly that part of the family page (the debts are part of the analysis)."""
    withdraw_consents(w, [category])
    body = body_of(client_for(w, "no_consent").get(url_of("casework:family", w)))
    assert NO_CONSENT_SENTENCE in body.lower()
    gone = {category} | ({"finances"} if category == "analysis" else set())
    for key in ("analysis", "finances", "plan", "meetings", "referrals"):
        shown = any(m in body for m in MARKERS[key])
        assert shown == (key not in gone), f"without {category}: {key} shown={shown}"
    assert all(m in body for m in MARKERS["basic"])


# -- writes: every write route × every subject without the right to it ------------------------------------------------

def send(w, name, subject, body=None):
    route = ROUTES[name]
    client = client_for(w, subject, api=route.area == API)
    url, body = url_of(name, w), route.write.body(w) if body is None else body
    if route.area == API:
        method = client.patch if route.write.method == PATCH else client.post
        return method(url, body, format="json")
    return client.post(url, body)


# Writes about something of Kwadraad's (its notification, its team's referral): refused to every other organisation's
# professional, whatever their ground and consents.
KWADRAAD_ONLY_WRITES = {
    "casework:notification_read": "a notification to Kwadraad",
    "casework:referral_revoke": "Kwadraad's team referred (only the referring team revokes)",
    "api:casework-referral-revoke": "Kwadraad's team referred (only the referring team revokes)",
    "api:casework-referral-complete": "Kwadraad's team receives (only the receiving team completes)",
}


def write_like(subject):
    """The route table's subject whose refusals a subject of this file shares, from its facts: without a ground as
    not_involved; with a ground and every consent as consent; with a ground and not every consent as no_consent."""
    s = SUBJECTS[subject]
    if not s.ground:
        return "not_involved"
    return "consent" if s.consents == ALL else "no_consent"


def extra_write_cells():
    cells = []
    for name, route in ROUTES.items():
        if not route.write:
            continue
        for subject in EXTRA_SUBJECTS:
            s = SUBJECTS[subject]
            other_organisation = s.ground and s.organisation != KWADRAAD
            if write_like(subject) in route.write.refused or (name in KWADRAAD_ONLY_WRITES and other_organisation):
                cells.append((name, subject))
    return cells


@pytest.mark.parametrize("name,subject", [pytest.param(*c, id=cell_id(c)) for c in write_cells() + extra_write_cells()])
def test_write_refused(w, name, subject):
    from meedoen.casework.models import AccessLog

    route = ROUTES[name]
    prepare(w, route, subject)
    before = snapshot()
    writes = AccessLog.objects.filter(action="write").count()
    response = send(w, name, subject)
    if subject == "anonymous":
        expected = {401} if route.area == API else {302}
    elif subject in EXTRA_SUBJECTS and not SUBJECTS[subject].ground and route.family and route.area != PORTAL:
        expected = {404}  # the family does not exist for them
    else:
        expected = {403, 404}
    assert response.status_code in expected, f"{name} as {subject}: {response.status_code}"
    if response.status_code == 302:
        assert response["Location"].startswith(login_redirect(route)), response["Location"]
    after = snapshot()
    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"{name} as {subject} changed {changed}"
    assert AccessLog.objects.filter(action="write").count() == writes
    assert_absent(body_of(response), CONTENT_MARKERS, f"{name} as {subject}")


# -- consents of another organisation ----------------------------------------------------------------------------------
# services.consent: a professional records or withdraws a consent to help only for their own organisation; the
# family's coordinator for any organisation; the family itself for any. (Handover consents: any professional.)

CONSENT_WRITES = {
    "casework:consent_give": lambda w, organisation: {"organisation": organisation, "category": "analysis", "purpose": "help",
                                                      "given_by": w.sanne},
    "api:casework-consents": lambda w, organisation: {"organisation": organisation, "category": "analysis", "purpose": "help",
                                                      "given_by": w.sanne},
    "casework:consent_withdraw": None,  # the route's own body: Kwadraad's plan consent (w.consent)
    "api:casework-consent-withdraw": None,
}
OTHER_ORGANISATION = [n for n, s in SUBJECTS.items() if s.ground and not s.coordinator and s.organisation != KWADRAAD]


def consent_body(w, name, organisation):
    make = CONSENT_WRITES[name]
    return None if make is None else make(w, organisation)


@pytest.mark.parametrize("name,subject", [pytest.param(n, s, id=f"{n}-{s}") for n in CONSENT_WRITES for s in OTHER_ORGANISATION])
def test_consent_for_another_organisation_refused(w, name, subject):
    """An involved professional who is not the coordinator cannot give or withdraw Kwadraad's consent to help."""
    from meedoen.casework.models import AccessLog

    route = ROUTES[name]
    prepare(w, route, subject)
    assert route.write and route.write.method != PATCH
    before = snapshot()
    writes = AccessLog.objects.filter(action="write").count()
    response = send(w, name, subject, consent_body(w, name, w.kwadraad))
    assert response.status_code == 403, f"{name} as {subject}: {response.status_code} {body_of(response)[:300]}"
    after = snapshot()
    assert [label for label in before if before[label] != after[label]] == [], f"{name} as {subject} changed rows"
    assert AccessLog.objects.filter(action="write").count() == writes


@pytest.mark.parametrize("name", [n for n in CONSENT_WRITES if CONSENT_WRITES[n] is not None])
@pytest.mark.parametrize("subject,whose", [("involved_not_coordinator", "own"), ("consent", "other")])
def test_consent_control(w, name, subject, whose):
    """The controls: a professional records a consent to help for their own organisation; the family's coordinator for
    another organisation (so the refusals above are refusals, not bad bodies)."""
    from meedoen.casework.models import Consent

    route = ROUTES[name]
    prepare(w, route, subject)
    organisation = w.staff["school"][1] if whose == "own" else w.staff["coordinator"][1]
    opened = Consent.objects.filter(family_id=w.bakker, organisation_id=organisation, category="analysis", purpose="help",
                                    withdrawn_at__isnull=True)
    withdraw_consents(w, ["analysis"], organisation)  # the school has it after its set-up: the family withdraws it first
    response = send(w, name, subject, consent_body(w, name, organisation))
    assert response.status_code in (201, 302), f"{name} as {subject}: {response.status_code} {body_of(response)[:300]}"
    assert opened.exists()


@pytest.mark.parametrize("name", [n for n, r in ROUTES.items() if r.write and r.write.authorised])
def test_write_control(w, name):
    """The same body from the subject who may write it is accepted (and, where the table says so, changes rows), so
    the refusals above are refusals and not bad bodies."""
    route = ROUTES[name]
    prepare(w, route, route.write.authorised)
    before = snapshot()
    response = send(w, name, route.write.authorised)
    assert response.status_code not in (401, 403, 404, 405, 500), f"{name}: {response.status_code} {body_of(response)[:300]}"
    if route.write.changes:
        assert response.status_code in (200, 201, 302), f"{name}: {response.status_code} {body_of(response)[:500]}"
        after = snapshot()
        assert any(before[label] != after[label] for label in before), f"{name}: nothing changed"
