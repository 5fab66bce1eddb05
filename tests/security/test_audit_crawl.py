"""Audit completeness (issue 13): crawl every URL pattern the project serves, as every role, and check that each read
of a family's data that a response actually shows is in the access log with actor, purpose and time.

The patterns come from Django's URL resolver, so a new page or endpoint is crawled without touching this file when its
path parameters are ones FILL knows; a pattern the crawl cannot fill in is listed in EXEMPT with a reason, and one that
is neither fails ``test_every_pattern_is_crawled_or_exempted``.

How a response is known to show a family (``families_shown``): the family's case number, its name or a member's full
name in the body (pages, CSV, JSON text), or in JSON a member's first and last name as values of one object, or a
``family``/``family_id`` field with the family's id; and a 200 to a URL whose parameters name the family's own rows
(its page, plan, person, debt case: FILL's ``implies``) shows that family whatever the body says (the plan API names
no one), as does a 200 to a family-portal page for the family's own account. The viewer's own name (a family member's header) does not count.

Known gaps (a read shown but not logged) are strict xfail cells in NOT_LOGGED: fixing one without updating the table
fails the suite.
"""

import json
import re

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

# -- the roles -----------------------------------------------------------------------------------------------------

# role -> (login, the case number of the family whose ids fill the URL parameters)
ROLES = {
    "professional": ("professional", "Z-CW-0001"),      # casework role professional: Kwadraad coach, Bakker's coordinator
    "debt_worker": ("schuldhulp", "Z-CW-0002"),          # casework role professional: the debt-help team (Yilmaz's case)
    "youth_care": ("jeugdzorg", "Z-CW-0002"),            # casework role professional: Bureau Jeugdzorg, helps Yilmaz
    "coordinator": ("coordinator", "Z-CW-0003"),         # workspace role coordinator (CJG): helps de Vries
    "functional_admin": ("beheer", "Z-CW-0001"),
    "policy": ("beleid", "Z-CW-0001"),
    "signal_partner": ("woning", "Z-CW-0001"),           # the housing corporation's login (a signals partner)
    "family": ("gezin-bakker", "Z-CW-0001"),             # Sanne Bakker in the family portal
    "anonymous": (None, "Z-CW-0001"),
}
DEBT_FALLBACK = "Z-CW-0002"  # the family whose debt case fills debt-help parameters when the role's family has none

# -- how to fill URL parameters --------------------------------------------------------------------------------------


def fam(kind, fallback="Z-CW-0001", implies=True):
    """The id of ``kind`` of the role's family (or of Bakker's when the role's family has none: the URL then names
    another family's row, and the crawl sees the refusal). With ``implies``, a 200 to the URL shows that family (the
    row is the family's own: its page, plan, person, debt case), whatever the body's markers say."""
    def which(w, ref):
        return ref if w.ids.get(ref, {}).get(kind) is not None or not fallback else fallback

    def get(w, ref):
        return w.ids[which(w, ref)][kind] if which(w, ref) in w.ids else None

    def family_of(w, ref):  # another family's row (the fallback) does not make the page that family's
        return ref if which(w, ref) == ref else None
    get.family_of = family_of if implies else None
    return get


def debt(kind):
    def which(w, ref):
        return ref if w.ids.get(ref, {}).get("debt_case") else DEBT_FALLBACK

    def get(w, ref):
        return w.ids[which(w, ref)][kind]
    get.family_of = which
    return get


def signal_family(kind):
    return lambda w, ref: w.ids[w.other["signal_family"]][kind]


def other(kind):
    return lambda w, ref: w.other[kind]


def const(value):
    return lambda w, ref: value


# (pattern name regex, parameter, getter): the first match fills the parameter. A namespace's parameter means one thing
# (casework's pk is a family), so a new pattern of that namespace is filled (and crawled) automatically.
FILL = [
    (r"^casework:", "pk", fam("family")),
    (r"^casework:", "membership_id", fam("membership")),
    (r"^casework:", "person_pk", fam("person")),
    (r"^casework:", "goal_id", fam("goal")),
    (r"^casework:", "action_id", fam("action")),
    (r"^casework:", "conference_id", fam("conference")),
    (r"^casework:", "consent_id", fam("consent")),
    (r"^casework:", "referral_id", fam("referral")),
    (r"^casework:", "notification_id", fam("notification")),
    (r"^casework:referral_answer$", "verb", const("accepteren")),
    (r"^familyportal:", "goal_id", fam("goal")),
    (r"^api:casework-", "family_id", fam("family")),
    (r"^api:casework-", "action_id", fam("action")),
    (r"^api:casework-", "consent_id", fam("consent")),
    (r"^api:casework-", "referral_id", fam("referral")),
    (r"^api:casework-", "person_id", fam("person")),
    (r"^(api:)?debthelp", "case_id", debt("debt_case")),
    (r"^(api:)?debthelp", "family_id", debt("family")),
    (r"^(api:)?debthelp", "creditor_id", debt("creditor")),
    (r"^signals:", "pk", signal_family("signal_case")),
    (r"^api:signals-", "reference", other("signal_reference")),
    (r"^reach:applications_", "pk", fam("application", implies=False)),
    (r"^reach:applications_", "objection_pk", fam("objection", implies=False)),
    (r"^reach:run", "pk", other("run")),
    (r"^workspace:", "pk", other("client_household")),
    (r"^(workspace|api):", "slug", other("municipality")),
]

ADMIN_OBJECT = ("the Django admin's object pages: the admin holds configuration only (teams, professionals; "
                "casework/admin.py keeps family data out); its pages without parameters are crawled")
NO_BATCH = ("needs a batch of proactive offers (two civil servants, tests/reach/test_proactive.py); the letters go to "
            "register households of the reach part, which are not casework families and not in the casework access log")
EXEMPT = {
    "reach:proactive_batch": NO_BATCH,
    "reach:proactive_batch_review": NO_BATCH,
    "reach:proactive_batch_send": NO_BATCH,
    "reach:proactive_batch_pdf": NO_BATCH,
    "reach:proactive_offer_pdf": NO_BATCH,
    "reach:proactive_opt_out_withdraw": "POST only (withdraw an opt-out of a register household; no casework family)",
}

# Crawled for the status only: the body is the API's description, whose examples name the demo's case number and family
# ("Z-CW-0001", "Gezin Bakker"), not a read of the family's data.
DESCRIPTION_ONLY = {
    "api:schema": "the OpenAPI document: its examples use the demo family's case number and name",
    "api:docs": "the Redoc page that loads the OpenAPI document",
}

# -- known gaps: (pattern, role) -> what is shown and not logged ------------------------------------------------------
NOT_LOGGED = {}  # (pattern, role) -> reason; every read found unlogged so far has been fixed


# -- the patterns ------------------------------------------------------------------------------------------------------

def discovered():
    """{qualified name: (route, [parameter names], view)} of every named URL pattern."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = {}

    def walk(patterns, namespace, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = ":".join(x for x in (namespace, p.namespace) if x)
                walk(p.url_patterns, inner, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                view = getattr(p.callback, "view_class", None) or p.callback
                params = list(p.pattern.converters) or list(p.pattern.regex.groupindex)
                # an unnamed pattern cannot be reversed, so it is never crawled: it must be exempted by its "?route"
                qualified = f"{namespace}:{p.name or prefix + str(p.pattern)}" if namespace else (p.name or prefix + str(p.pattern))
                key = qualified if p.name else "?" + qualified
                found[key] = (prefix + str(p.pattern), params, f"{view.__module__}.{view.__name__}")
    walk(get_resolver().url_patterns, "", "")
    return found


def filler(name, param):
    for pattern, wanted, get in FILL:
        if wanted == param and re.search(pattern, name):
            return get
    return None


def exemption(name, params):
    if name in EXEMPT:
        return EXEMPT[name]
    if name.startswith("admin:") and params or name.startswith("?admin:"):  # ?: its unnamed redirects and catch-all
        return ADMIN_OBJECT
    return None


def crawlable():
    return sorted(name for name, (_, params, _) in discovered().items()
                  if not name.startswith("?") and exemption(name, params) is None and all(filler(name, p) for p in params))


def url_for(name, w, ref):
    """(url, {family ids a 200 to it shows by construction})."""
    from django.urls import reverse

    params = discovered()[name][1]
    kwargs = {p: filler(name, p)(w, ref) for p in params}
    missing = [p for p, value in kwargs.items() if value is None]
    assert not missing, f"{name}: the world has no value for {missing} (family {ref})"
    implied = {w.families[f(w, ref)] for f in (getattr(filler(name, p), "family_of", None) for p in params) if f and f(w, ref)}
    return reverse(name, kwargs=kwargs), implied


def test_every_pattern_is_crawled_or_exempted():
    """Every named pattern is crawled (its parameters can be filled) or exempted with a reason; no stale exemption."""
    patterns = discovered()
    unknown = [f"{name} ({route}): parameters {params}" for name, (route, params, _) in sorted(patterns.items())
               if exemption(name, params) is None and (name.startswith("?") or not all(filler(name, p) for p in params))]
    assert not unknown, "neither crawled nor exempted; add a FILL rule or an EXEMPT reason:\n" + "\n".join(unknown)
    stale = sorted((set(EXEMPT) | set(DESCRIPTION_ONLY)) - set(patterns))
    assert not stale, f"exempted patterns that no longer exist: {stale}"
    crawled = set(crawlable())
    assert not crawled & set(EXEMPT)
    # the crawl reaches every part that shows personal data (a change in the URL confs cannot silently drop one)
    for namespace in ("casework", "familyportal", "signals", "debthelp", "reach", "workspace"):
        assert any(n.startswith(namespace + ":") for n in crawled), namespace
    for prefix in ("api:casework-", "api:debthelp-"):
        assert any(n.startswith(prefix) for n in crawled), prefix
    assert not set(NOT_LOGGED) - {(n, r) for n in crawled for r in ROLES}, "NOT_LOGGED names a cell that is not crawled"


# -- what a response shows ---------------------------------------------------------------------------------------------

def body_of(response):
    if not hasattr(response, "crawl_body"):  # a streaming body can be read once
        content = b"".join(response.streaming_content) if response.streaming else response.content
        response.crawl_body = content.decode("utf-8", errors="replace")
    return response.crawl_body


def json_strings(value, out, pairs):
    if isinstance(value, dict):
        if isinstance(value.get("first_name"), str) and isinstance(value.get("last_name"), str):
            pairs.add((value["first_name"], value["last_name"]))
        for key, item in value.items():
            if key in ("family", "family_id") and isinstance(item, int):
                out.add(("family_id", item))
            json_strings(item, out, pairs)
    elif isinstance(value, list):
        for item in value:
            json_strings(item, out, pairs)


def families_shown(w, response, own_name=""):
    """{family id: what showed it} for every family whose data the response carries."""
    body = body_of(response)
    ids, pairs = set(), set()
    if "json" in response.get("Content-Type", ""):
        try:
            json_strings(json.loads(body), ids, pairs)
        except ValueError:
            pass
    if own_name:
        body = body.replace(own_name, "")
        pairs.discard(tuple(own_name.split(" ", 1)))
    shown = {}
    for family_id, (strings, members) in w.markers.items():
        hits = [s for s in strings if s in body and s != own_name]
        hits += [" ".join(p) for p in members & pairs]
        if ("family_id", family_id) in ids:
            hits.append(f"family_id={family_id}")
        if hits:
            shown[family_id] = hits
    return shown


# -- the crawl ---------------------------------------------------------------------------------------------------------

def client_for(w, login, api):
    from django.contrib.auth import get_user_model

    if api:
        from rest_framework.authtoken.models import Token
        from rest_framework.test import APIClient

        client = APIClient()
        if login:
            token, _ = Token.objects.get_or_create(user_id=w.users[login])
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client
    from django.test import Client

    client = Client()
    if login:
        client.force_login(get_user_model().objects.get(pk=w.users[login]))
    return client


def empty_list(response):
    """An API list with no rows (the family's referrals when it has none) shows nothing of the family."""
    if "json" not in response.get("Content-Type", ""):
        return False
    try:
        data = json.loads(body_of(response))
    except ValueError:
        return False
    return data == [] or (isinstance(data, dict) and data.get("results") == [])


PORTAL_PUBLIC = {"familyportal:login", "familyportal:logout"}


def own_family(w, login):
    from meedoen.casework.models import FamilyAccount

    return list(FamilyAccount.objects.filter(user_id=w.users.get(login)).values_list("family_id", flat=True))


def own_name(w, login):
    from meedoen.casework.models import FamilyAccount

    account = FamilyAccount.objects.filter(user_id=w.users.get(login)).select_related("person").first()
    return f"{account.person.first_name} {account.person.last_name}" if account else ""


def cells():
    from django.conf import settings

    if not settings.configured:  # a rulebook-only run without Django settings: nothing to crawl
        return []
    out = []
    for name in crawlable():
        for role in ROLES:
            marks = [pytest.mark.xfail(strict=True, reason=NOT_LOGGED[(name, role)])] if (name, role) in NOT_LOGGED else []
            out.append(pytest.param(name, role, id=f"{name}-{role}", marks=marks))
    return out


def crawl(w, name, role):
    """GET the pattern as the role: (url, response, families shown, new access-log rows, time before, time after)."""
    from meedoen.casework.models import AccessLog

    login, ref = ROLES[role]
    url, implied = url_for(name, w, ref)
    client = client_for(w, login, api=url.startswith("/api/"))
    since = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    before = timezone.now()
    response = client.get(url)
    after = timezone.now()
    shown = {} if name in DESCRIPTION_ONLY else families_shown(w, response, own_name(w, login))
    if response.status_code == 200 and name.startswith("familyportal:") and name not in PORTAL_PUBLIC:
        implied = implied | set(own_family(w, login))  # every portal page is the family's own file
    if response.status_code == 200 and not empty_list(response):
        for family_id in implied:
            shown.setdefault(family_id, []).append("a 200 to a URL that names the family's row")
    return url, response, shown, list(AccessLog.objects.filter(pk__gt=since)), before, after


@pytest.mark.parametrize("name,role", cells())
def test_a_shown_read_is_in_the_access_log(crawl_world, name, role):
    from meedoen.casework import vocabulary as v

    w = crawl_world
    login = ROLES[role][0]
    url, response, shown, rows, before, after = crawl(w, name, role)
    status = response.status_code
    assert status < 500, f"GET {url} as {role}: {status}"
    if status not in (200, 403) or login is None:
        # a refusal (404, 405, a redirect to the login page) and anything for an anonymous visitor shows no family
        assert not shown, f"GET {url} as {role} ({status}) shows {shown}"
        return
    user_id = w.users[login]
    for family_id, hits in shown.items():
        logged = [r for r in rows if r.family_id == family_id]
        assert logged, f"GET {url} as {role} ({status}) shows family {family_id} ({hits[:3]}) without an access-log row"
        for row in logged:
            assert row.user_id == user_id and row.actor_name, (row.user_id, row.actor_name)
            assert row.purpose in v.LOG_PURPOSES, f"purpose {row.purpose!r}"
            assert before <= row.at <= after, (row.at, before, after)


# The crawl must not go blind (a login step, a changed page, markers that no longer match): these cells show the
# role's family, with a read row for it.
MUST_SHOW = [
    ("casework:caseload", "professional"), ("casework:family", "professional"), ("casework:family", "coordinator"),
    ("casework:plan_history", "professional"), ("casework:person_export", "professional"),
    ("familyportal:home", "family"), ("familyportal:export", "family"),
    ("api:casework-family-list", "professional"), ("api:casework-family-detail", "debt_worker"),
    ("api:casework-plan", "professional"), ("api:debthelp-case", "debt_worker"),
    ("debthelp:case", "debt_worker"), ("debthelp:caseload", "debt_worker"),
    ("reach:applications_detail", "professional"),
]


@pytest.mark.parametrize("name,role", MUST_SHOW, ids=[f"{n}-{r}" for n, r in MUST_SHOW])
def test_the_crawl_sees_the_family(crawl_world, name, role):
    w = crawl_world
    ref = ROLES[role][1]
    url, response, shown, rows, _, _ = crawl(w, name, role)
    family_id = w.families[ref]
    assert response.status_code == 200, (url, response.status_code)
    assert family_id in shown, f"GET {url} as {role}: the crawl does not recognise family {ref} (shown: {shown})"
    assert any(r.family_id == family_id for r in rows)
