"""The authorization matrix of casework: every GET route of the casework pages, the family portal and the casework
API × every kind of subject, and every write route × every subject without the right to it.

The routes come from the URL confs (authz_routes.discovered_routes); the explicit table authz_routes.ROUTES says how
to fill their parameters and what they show, and test_the_table_covers_every_route fails when a route appears that the
table does not cover. Known leaks are xfail(strict=True) cells (KNOWN below), so fixing one turns the suite red until
the mark is removed.
"""

import json

import pytest
from django.urls import reverse

from authz_routes import API, PAGE, PATCH, PORTAL, ROUTES, discovered_routes, get_cells, url_of, write_cells
from authz_world import CONTENT_MARKERS, MARKERS, client_for, give_all_consents, snapshot, withdraw_consents

NO_CONSENT_SENTENCE = "geen toestemming"

# Cells that expose a leak (strict xfail, so a fix turns the suite red until unmarked). The three found here (the
# log's detail copied plan text; the coordinator's export after consent was withdrawn) are fixed.
KNOWN = {}


def cell_id(cell):
    return f"{cell[0]}-{cell[1]}"


def cells_with_known(cells):
    return [pytest.param(*cell, id=cell_id(cell),
                         marks=[pytest.mark.xfail(strict=True, reason=KNOWN[cell])] if cell in KNOWN else [])
            for cell in cells]


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
    """The no_consent subject: Kwadraad's consents for the route's categories withdrawn (all of them for a route that
    needs none, so the route must show no category content at all). The consent subject: every consent open."""
    if subject == "no_consent":
        withdraw_consents(w, route.categories or ["analysis", "finances", "plan", "meetings", "referrals", "notes"])
    elif subject == "consent":
        give_all_consents(w)


def assert_absent(body, markers, where):
    leaked = [m for m in markers if m in body]
    assert not leaked, f"{where}: shows {leaked}"


def login_redirect(route):
    return reverse("familyportal:login") if route.area == PORTAL else reverse("workspace:login")


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

def expected_get(route, subject):
    """(allowed statuses, expect the no-consent sentence, markers that must be absent, marker keys that must be present)."""
    everything = [m for words in MARKERS.values() for m in words]
    if route.public:
        return {200}, False, everything if subject != "own_family" else [], []
    if subject == "anonymous":
        return ({401} if route.area == API else {302}), False, everything, []
    if route.area == PORTAL:
        if subject == "own_family":
            return {200}, False, [], route.shows
        if subject == "other_family":
            return {200}, False, everything, []
        return {403}, False, everything, []
    # casework pages and the API
    if subject in ("beleid", "beheer", "no_role"):
        return {403}, False, everything, []
    if route.area == PAGE and subject in ("own_family", "other_family"):
        return {403}, False, everything, []  # a family account is no professional
    if subject == "own_family":
        if route.family or route.shows == ["basic"]:  # the family's own file (family routes and its list of one)
            return {200}, False, [], route.shows
        return {403}, False, everything, []  # a professional's list (incoming referrals)
    if subject in ("not_involved", "other_family"):
        if route.family:
            return {403, 404}, False, everything, []
        if subject == "other_family" and route.area == API and route.categories:
            return {403}, False, everything, []  # incoming referrals are for professionals
        return {200}, False, everything, []
    if subject == "consent":
        return {200}, False, [], route.shows
    # no_consent: the route's categories withdrawn (or all of them, for a route that needs none)
    if not route.categories:
        own_note = MARKERS["confidential"]
        return {200}, False, [m for m in CONTENT_MARKERS if m not in own_note], ["basic"] if "basic" in route.shows else []
    absent = [m for c in route.categories for m in MARKERS[c]]
    if "analysis" in route.categories:
        absent += MARKERS["finances"]  # the debts are part of the analysis
    if route.refusal == "403":
        return {403}, route.area != API, absent, []
    return {200}, route.refusal == "hide", absent, []


@pytest.mark.parametrize("name,subject", cells_with_known(get_cells()))
def test_get(w, name, subject):
    route = ROUTES[name]
    prepare(w, route, subject)
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

def send(w, name, subject):
    route = ROUTES[name]
    client = client_for(w, subject, api=route.area == API)
    url, body = url_of(name, w), route.write.body(w)
    if route.area == API:
        method = client.patch if route.write.method == PATCH else client.post
        return method(url, body, format="json")
    return client.post(url, body)


@pytest.mark.parametrize("name,subject", [pytest.param(*c, id=cell_id(c)) for c in write_cells()])
def test_write_refused(w, name, subject):
    from meedoen.casework.models import AccessLog

    route = ROUTES[name]
    prepare(w, route, subject)
    before = snapshot()
    writes = AccessLog.objects.filter(action="write").count()
    response = send(w, name, subject)
    if subject == "anonymous":
        expected = {401} if route.area == API else {302}
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
