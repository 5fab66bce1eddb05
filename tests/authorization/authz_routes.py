"""The explicit table of every casework page, family-portal and casework-API route: how to fill its path parameters
from the world (tests/authorization/authz_world.py), which methods it answers, which consent categories its content
needs, what it shows with a ground, and the body of an unauthorised POST. test_matrix.py asserts that this table
covers exactly the routes the URL confs define, so a new route without a row fails the suite.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable, Optional

DAY = date(2026, 3, 1)  # the pinned day (conftest.DAY)

PAGE, PORTAL, API = "page", "portal", "api"
GET, POST, PATCH = "GET", "POST", "PATCH"
D = DAY.isoformat()


@dataclass
class Write:
    """An unauthorised write: its body (a valid one, so the refusal is what keeps the rows unchanged), the subjects
    that have no right to it, and who may do it (the control: the same body by them changes rows)."""
    body: Callable
    refused: list
    authorised: Optional[str] = "consent"
    changes: bool = True  # the control changes rows (False: the body is refused for another reason, e.g. plan exists)
    method: str = POST


@dataclass
class Route:
    area: str
    kwargs: Callable = lambda w: {}
    get: bool = True
    family: bool = True  # about the Bakker family (a subject without a ground gets 403/404), else a list or a form
    categories: list = field(default_factory=list)  # the consent categories the content needs
    refusal: str = "403"  # without consent: "403" (page/API), "hide" (200 + no-consent sentence), "silent" (200, content left out)
    shows: list = field(default_factory=list)  # marker keys the response shows to a subject with a ground and consent
    coordinator: bool = False  # only the family's current coordinator (and, for the API, the family itself)
    export: bool = False  # logged as an export
    public: bool = False  # the portal's login and logout
    write: Optional[Write] = None
    query: str = ""


def fam(w):
    return {"pk": w.bakker}


def api_fam(w):
    return {"family_id": w.bakker}


PAGE_REFUSED = ["anonymous", "beleid", "beheer", "no_role", "not_involved", "own_family", "other_family"]
PAGE_REFUSED_CONSENT = PAGE_REFUSED + ["no_consent"]
LIST_REFUSED = ["anonymous", "beleid", "beheer", "no_role", "own_family", "other_family"]
PORTAL_REFUSED = ["anonymous", "beleid", "beheer", "no_role", "not_involved", "consent"]
API_REFUSED = ["anonymous", "beleid", "beheer", "no_role", "not_involved", "other_family"]
API_REFUSED_CONSENT = API_REFUSED + ["no_consent"]


def member(w):
    return {"first_name": "Matrixkind", "last_name": "Bakker", "role": "child", "birth_date": "2026-02-20", "start": D}


ROUTES = {
    # -- casework pages (/werkplek/gezinnen/) -------------------------------------------------------------------
    "casework:caseload": Route(PAGE, family=False, categories=["plan"], refusal="silent", shows=["basic"]),
    "casework:family_new": Route(PAGE, family=False, write=Write(
        lambda w: {"team": "", "reference": "Z-MATRIX-1", "name": "Gezin Matrix", "help_kind": "x", "since": D,
                   "m1_first_name": "Matrix", "m1_last_name": "Test", "m1_role": "parent", "m1_start": D},
        LIST_REFUSED, authorised=None)),
    "casework:notifications_read": Route(PAGE, get=False, family=False, write=Write(lambda w: {}, LIST_REFUSED)),
    "casework:notification_read": Route(PAGE, lambda w: {"notification_id": w.notification}, get=False, family=False,
                                        write=Write(lambda w: {}, LIST_REFUSED + ["not_involved"])),
    "casework:family": Route(PAGE, fam, categories=["analysis", "finances", "plan", "meetings", "referrals"], refusal="hide",
                             shows=["basic", "analysis", "finances", "plan", "meetings", "referrals", "confidential"]),
    "casework:member_add": Route(PAGE, fam, shows=["basic"], write=Write(member, PAGE_REFUSED)),
    "casework:membership_end": Route(PAGE, lambda w: {"pk": w.bakker, "membership_id": w.noah_membership}, shows=["basic"],
                                     write=Write(lambda w: {"end": D}, PAGE_REFUSED)),
    "casework:involvement_add": Route(PAGE, fam, shows=["basic"], write=Write(
        lambda w: {"team": "", "role": "contributor", "help_kind": "matrixhulp", "since": D}, PAGE_REFUSED, changes=False)),
    "casework:scheme_use": Route(PAGE, fam, categories=["finances"], shows=["basic"], write=Write(
        lambda w: {"scheme": "", "since": D}, PAGE_REFUSED_CONSENT, changes=False)),
    "casework:note_add": Route(PAGE, fam, shows=["basic"], write=Write(lambda w: {"text": "Matrixnotitie"}, PAGE_REFUSED)),
    "casework:analysis_new": Route(PAGE, fam, categories=["analysis"], shows=["basic"], write=Write(
        lambda w: {"made_on": D, "score_h_income": "2", "situation_h_income": "Matrixsituatie"}, PAGE_REFUSED_CONSENT)),
    "casework:money_edit": Route(PAGE, fam, categories=["finances"], shows=["basic"], write=Write(
        lambda w: {"assets": "4.321,09", f"p{w.sanne}_wages": "1.234,56"}, PAGE_REFUSED_CONSENT)),
    "casework:person_export": Route(PAGE, lambda w: {"pk": w.bakker, "person_pk": w.sanne}, coordinator=True, export=True,
                                    categories=["analysis", "finances", "plan", "meetings", "referrals"],
                                    shows=["basic", "analysis", "finances", "plan", "meetings", "referrals"]),
    "casework:plan_start": Route(PAGE, fam, categories=["plan"], write=Write(
        lambda w: {"started_on": D, "family_words": "Matrix"}, PAGE_REFUSED_CONSENT, changes=False)),
    "casework:plan_words": Route(PAGE, fam, categories=["plan"], shows=["plan"], write=Write(
        lambda w: {"version": w.plan_version, "family_words": "Matrixwoorden"}, PAGE_REFUSED_CONSENT)),
    "casework:plan_goal": Route(PAGE, fam, categories=["plan"], write=Write(
        lambda w: {"version": w.plan_version, "text": "Matrixdoel"}, PAGE_REFUSED_CONSENT)),
    "casework:plan_goal_achieved": Route(PAGE, lambda w: {"pk": w.bakker, "goal_id": w.goal}, categories=["plan"], write=Write(
        lambda w: {"version": w.plan_version}, PAGE_REFUSED_CONSENT)),
    "casework:plan_action": Route(PAGE, fam, categories=["plan"], write=Write(
        lambda w: {"version": w.plan_version, "description": "Matrixafspraak", "organisation": w.kwadraad,
                   "due_date": (DAY + timedelta(days=9)).isoformat()}, PAGE_REFUSED_CONSENT)),
    "casework:plan_action_status": Route(PAGE, lambda w: {"pk": w.bakker, "action_id": w.action}, categories=["plan"],
                                         write=Write(lambda w: {"version": w.plan_version, "status": "done"}, PAGE_REFUSED_CONSENT)),
    "casework:plan_comment": Route(PAGE, fam, categories=["plan"], write=Write(lambda w: {"text": "Matrixreactie"},
                                                                               PAGE_REFUSED_CONSENT)),
    "casework:plan_history": Route(PAGE, fam, categories=["plan"], refusal="hide", shows=["plan"]),
    "casework:coordinator": Route(PAGE, fam, categories=["plan"], write=Write(
        lambda w: {"professional": w.coach_pro, "start": D, "how_chosen": "Matrix", "mandate": "Matrix",
                   "chosen_with_family": "1", "change_reason": "Matrix"}, PAGE_REFUSED_CONSENT)),
    "casework:escalate": Route(PAGE, fam, categories=["plan"], write=Write(lambda w: {"reason": "Matrix loopt vast"},
                                                                           PAGE_REFUSED_CONSENT)),
    # Bakker has no open escalation in the world: the authorised control is refused as "no open escalation" (400).
    "casework:escalation_resolve": Route(PAGE, fam, categories=["plan"], write=Write(
        lambda w: {"resolution": "Matrix loopt weer"}, PAGE_REFUSED_CONSENT, changes=False)),
    "casework:conference_schedule": Route(PAGE, fam, categories=["meetings"], write=Write(
        lambda w: {"scheduled_at": (DAY + timedelta(days=3)).isoformat(), "scheduled_time": "10:00", "location": "Matrix",
                   "agenda": "Matrix", "family_invited": "1", "persons": w.sanne}, PAGE_REFUSED_CONSENT)),
    "casework:conference_outcome": Route(PAGE, lambda w: {"pk": w.bakker, "conference_id": w.conference}, categories=["meetings"],
                                         write=Write(lambda w: {"minutes": "Matrixverslag"}, PAGE_REFUSED_CONSENT)),
    "casework:consent_give": Route(PAGE, fam, shows=["basic"], write=Write(
        lambda w: {"organisation": w.kwadraad, "category": "notes", "purpose": "handover", "given_by": w.sanne}, PAGE_REFUSED)),
    "casework:consent_withdraw": Route(PAGE, lambda w: {"pk": w.bakker, "consent_id": w.consent}, write=Write(lambda w: {},
                                                                                                               PAGE_REFUSED)),
    "casework:referrals": Route(PAGE, family=False, categories=["referrals"], refusal="silent", shows=["referrals"]),
    "casework:referral_answer": Route(PAGE, lambda w: {"referral_id": w.referral_requested, "verb": "accepteren"}, get=False,
                                      family=False, write=Write(lambda w: {}, PAGE_REFUSED_CONSENT + ["consent"],
                                                                authorised="receiver")),
    "casework:refer": Route(PAGE, fam, categories=["referrals"], write=Write(
        lambda w: {"to_team": w.schuldhulp_team, "help_kind": "Matrix", "reason": "Matrix", "summary": "Matrix"},
        PAGE_REFUSED_CONSENT, changes=False)),
    "casework:referral_revoke": Route(PAGE, lambda w: {"pk": w.bakker, "referral_id": w.referral_requested},
                                      categories=["referrals"], write=Write(lambda w: {"reason": "Matrix"}, PAGE_REFUSED_CONSENT)),

    # -- the family portal (/mijn-gezin/) --------------------------------------------------------------------------
    "familyportal:login": Route(PORTAL, family=False, public=True),
    "familyportal:logout": Route(PORTAL, get=False, family=False, public=True),
    "familyportal:home": Route(PORTAL, shows=["basic", "plan"]),
    "familyportal:add_goal": Route(PORTAL, get=False, write=Write(lambda w: {"text": "Matrixdoel", "version": w.plan_version},
                                                                  PORTAL_REFUSED, authorised="own_family")),
    "familyportal:set_words": Route(PORTAL, get=False, write=Write(lambda w: {"text": "Matrixwoorden", "version": w.plan_version},
                                                                   PORTAL_REFUSED, authorised="own_family")),
    "familyportal:goal_achieved": Route(PORTAL, lambda w: {"goal_id": w.goal}, get=False, write=Write(
        lambda w: {"version": w.plan_version}, PORTAL_REFUSED + ["other_family"], authorised="own_family")),
    "familyportal:add_comment": Route(PORTAL, get=False, write=Write(lambda w: {"text": "Matrixreactie", "version": w.plan_version},
                                                                     PORTAL_REFUSED, authorised="own_family")),
    "familyportal:helpers": Route(PORTAL, shows=["referrals"]),
    "familyportal:meetings": Route(PORTAL, shows=["meetings"]),
    "familyportal:log": Route(PORTAL, shows=[]),
    "familyportal:consent": Route(PORTAL, shows=["basic"]),
    "familyportal:consent_give": Route(PORTAL, get=False, write=Write(
        lambda w: {"organisation": w.kwadraad, "category": "notes", "purpose": "handover"}, PORTAL_REFUSED,
        authorised="own_family")),
    "familyportal:consent_withdraw": Route(PORTAL, get=False, write=Write(
        lambda w: {"consent": w.consent}, PORTAL_REFUSED + ["other_family"], authorised="own_family")),
    "familyportal:my_data": Route(PORTAL, shows=["basic"]),
    "familyportal:export": Route(PORTAL, export=True, shows=["basic", "analysis", "finances", "plan", "meetings", "referrals"]),

    # -- the casework API (/api/v1/) ---------------------------------------------------------------------------------
    "api:casework-family-list": Route(API, family=False, shows=["basic"]),
    "api:casework-family-detail": Route(API, api_fam, shows=["basic"]),
    "api:casework-member-create": Route(API, api_fam, get=False, write=Write(member, API_REFUSED + ["own_family"])),
    "api:casework-plan": Route(API, api_fam, categories=["plan"], shows=["plan"]),
    "api:casework-goal-create": Route(API, api_fam, get=False, write=Write(
        lambda w: {"text": "Matrixdoel", "version": w.plan_version}, API_REFUSED_CONSENT)),
    "api:casework-action-create": Route(API, api_fam, get=False, write=Write(
        lambda w: {"description": "Matrixafspraak", "organisation": w.kwadraad,
                   "due_date": (DAY + timedelta(days=9)).isoformat(), "version": w.plan_version},
        API_REFUSED_CONSENT + ["own_family"])),
    "api:casework-action-update": Route(API, lambda w: {"family_id": w.bakker, "action_id": w.action}, get=False, write=Write(
        lambda w: {"status": "done", "version": w.plan_version}, API_REFUSED_CONSENT + ["own_family"], method=PATCH)),
    "api:casework-consents": Route(API, api_fam, shows=["basic"], write=Write(
        lambda w: {"organisation": w.kwadraad, "category": "notes", "purpose": "handover", "given_by": w.sanne}, API_REFUSED)),
    "api:casework-family-referrals": Route(API, api_fam, categories=["referrals"], shows=["referrals"], write=Write(
        lambda w: {"to_team": w.schuldhulp_team, "help_kind": "Matrix", "reason": "Matrix", "summary": "Matrix",
                   "handover": False}, API_REFUSED_CONSENT + ["own_family"], changes=False)),
    "api:casework-access-log": Route(API, api_fam, coordinator=True, shows=[]),
    "api:casework-consent-withdraw": Route(API, lambda w: {"consent_id": w.consent}, get=False, family=False,
                                           write=Write(lambda w: {}, API_REFUSED)),
    "api:casework-referrals-incoming": Route(API, family=False, categories=["referrals"], refusal="silent", shows=["referrals"]),
    "api:casework-referral-accept": Route(API, lambda w: {"referral_id": w.referral_requested}, get=False, family=False,
                                          write=Write(lambda w: {}, API_REFUSED + ["own_family", "no_consent", "consent"],
                                                      authorised="receiver")),
    "api:casework-referral-reject": Route(API, lambda w: {"referral_id": w.referral_requested}, get=False, family=False,
                                          write=Write(lambda w: {"reason": "Matrix"},
                                                      API_REFUSED + ["own_family", "no_consent", "consent"], authorised="receiver")),
    "api:casework-referral-start": Route(API, lambda w: {"referral_id": w.referral_requested}, get=False, family=False,
                                         write=Write(lambda w: {}, API_REFUSED + ["own_family", "no_consent", "consent"],
                                                     authorised="receiver", changes=False)),
    "api:casework-referral-complete": Route(API, lambda w: {"referral_id": w.referral_in_progress}, get=False, family=False,
                                            write=Write(lambda w: {}, API_REFUSED + ["own_family"])),
    "api:casework-referral-revoke": Route(API, lambda w: {"referral_id": w.referral_requested}, get=False, family=False,
                                          write=Write(lambda w: {"reason": "Matrix"}, API_REFUSED + ["own_family"])),
    "api:casework-person-export": Route(API, lambda w: {"person_id": w.sanne}, family=True, coordinator=True, export=True,
                                        categories=["analysis", "finances", "plan", "meetings", "referrals"],
                                        shows=["basic", "analysis", "finances", "plan", "meetings", "referrals"]),
}


def discovered_routes():
    """{'namespace:name': (route pattern, callback)} of every casework page, family-portal and casework-API route."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = {}

    def walk(patterns, namespace, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
                walk(p.url_patterns, inner, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                module = getattr(p.callback, "__module__", "") or ""
                view_class = getattr(p.callback, "view_class", None)
                module = getattr(view_class, "__module__", module) if view_class else module
                wanted = (namespace in ("casework", "familyportal")
                          or (namespace == "api" and ((p.name or "").startswith("casework-") or module.startswith("meedoen.api.casework"))))
                if wanted:
                    found[f"{namespace}:{p.name}"] = (prefix + str(p.pattern), p.callback)
    walk(get_resolver().url_patterns, "", "")
    return found


def url_of(name, w):
    from django.urls import reverse

    return reverse(name, kwargs=ROUTES[name].kwargs(w)) + ROUTES[name].query


def get_cells():
    return [(name, subject) for name, route in ROUTES.items() if route.get for subject in SUBJECT_ORDER]


def write_cells():
    return [(name, subject) for name, route in ROUTES.items() if route.write for subject in route.write.refused]


SUBJECT_ORDER = ["anonymous", "beleid", "beheer", "no_role", "not_involved", "no_consent", "consent", "own_family", "other_family"]
