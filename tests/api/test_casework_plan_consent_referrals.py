"""Casework API: the plan (optimistic locking), consents and referrals (warm handover)."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from meedoen.casework.models import AccessLog, Action, Consent, FamilyPlan, Goal, Referral, Team
from meedoen.municipalities.models import Organisation

from query_budget import THROTTLE_QUERIES

DAY = date(2026, 3, 1)
PROBLEM = "application/problem+json"


@pytest.fixture
def fam(casework_demo):
    """The demo families by short name."""
    families = casework_demo["families"]
    return {"bakker": families["Z-CW-0001"], "yilmaz": families["Z-CW-0002"], "devries": families["Z-CW-0003"]}


@pytest.fixture
def as_user(fam):
    def make(username):
        user = get_user_model().objects.get(username=username)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client
    return make


def names(response):
    return [p["name"] for p in response.json()["invalid_params"]]


def org(slug):
    return Organisation.objects.get(slug=slug)


# -- the plan -------------------------------------------------------------------------------------

def test_plan(fam, as_user):
    bakker = fam["bakker"]
    plan = bakker.plan
    response = as_user("professional").get(f"/api/v1/families/{bakker.pk}/plan/")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == plan.version and response["ETag"] == f'"{plan.version}"'
    assert body["family_words"].startswith("Ik wil rust")
    assert [g["text"] for g in body["goals"]] == ["We blijven in ons huis wonen.", "Ik heb elke maand een vast inkomen."]
    assert {a["description"] for a in body["actions"]} == {"Bijstandsaanvraag samen afmaken", "Betalingsregeling huur met de verhuurder"}
    assert body["actions"][0]["organisation"]["name"] == "Kwadraad maatschappelijk werk"
    assert list(AccessLog.objects.filter(family_id=bakker.pk, action="read").values_list("category", "purpose")) == [("plan", "help")]


def test_plan_for_the_family_itself(fam, as_user):
    response = as_user("gezin-bakker").get(f"/api/v1/families/{fam['bakker'].pk}/plan/")
    assert response.status_code == 200
    assert AccessLog.objects.filter(family_id=fam["bakker"].pk, action="read", category="plan", purpose="family").count() == 1


def test_involved_without_plan_consent_gets_403(fam, as_user):
    response = as_user("jgz").get(f"/api/v1/families/{fam['devries'].pk}/plan/")
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert "No consent" in response.json()["detail"]
    assert AccessLog.objects.filter(family_id=fam["devries"].pk, action="read", category="plan").count() == 0


def test_withdrawn_plan_consent_is_403_at_once(fam, as_user):
    bakker = fam["bakker"]
    consent = Consent.objects.get(family=bakker, organisation=org("basisschool_regenboog"), category="plan", withdrawn_at__isnull=True)
    client = as_user("school")
    assert client.get(f"/api/v1/families/{bakker.pk}/plan/").status_code == 200
    assert as_user("gezin-bakker").post(f"/api/v1/consents/{consent.pk}/withdraw/").status_code == 200
    assert client.get(f"/api/v1/families/{bakker.pk}/plan/").status_code == 403


def test_no_plan_yet_is_404(fam, as_user):
    response = as_user("coordinator").get(f"/api/v1/families/{fam['devries'].pk}/plan/")
    assert response.status_code == 404 and "no plan" in response.json()["detail"]


def test_add_goal_with_the_version_and_with_if_match(fam, as_user):
    bakker = fam["bakker"]
    client = as_user("professional")
    version = bakker.plan.version
    response = client.post(f"/api/v1/families/{bakker.pk}/plan/goals/", {"text": "De kinderen sporten.", "domain": "leisure",
                                                                          "version": version}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["version"] == version + 1 and response["ETag"] == f'"{version + 1}"'
    assert response.json()["goal"]["written_by"] == "professional"
    response = client.post(f"/api/v1/families/{bakker.pk}/plan/goals/", {"text": "Nog een doel."}, format="json",
                           HTTP_IF_MATCH=f'"{version + 1}"')
    assert response.status_code == 201
    assert FamilyPlan.objects.get(pk=bakker.plan.pk).version == version + 2


def test_family_writes_goals_as_the_family(fam, as_user):
    bakker = fam["bakker"]
    response = as_user("gezin-bakker").post(f"/api/v1/families/{bakker.pk}/plan/goals/",
                                            {"text": "Ik wil weer werken.", "version": bakker.plan.version}, format="json")
    assert response.status_code == 201
    assert response.json()["goal"]["written_by"] == "family"


def test_stale_version_is_409_and_nothing_is_saved(fam, as_user):
    bakker = fam["bakker"]
    version = bakker.plan.version
    goals = Goal.objects.count()
    response = as_user("professional").post(f"/api/v1/families/{bakker.pk}/plan/goals/",
                                            {"text": "Te laat.", "version": version - 1}, format="json")
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    assert response["ETag"] == f'"{version}"'
    assert response.json()["type"] == "https://meedoen.example/problems/conflict"
    assert names(response) == ["version"]
    assert Goal.objects.count() == goals
    assert FamilyPlan.objects.get(pk=bakker.plan.pk).version == version
    # The same through If-Match, for an action's status.
    action = bakker.plan.actions.first()
    response = as_user("professional").patch(f"/api/v1/families/{bakker.pk}/plan/actions/{action.pk}/", {"status": "done"},
                                             format="json", HTTP_IF_MATCH=f'"{version - 2}"')
    assert response.status_code == 409
    assert Action.objects.get(pk=action.pk).status == "open"


def test_version_is_needed(fam, as_user):
    bakker = fam["bakker"]
    response = as_user("professional").post(f"/api/v1/families/{bakker.pk}/plan/goals/", {"text": "Zonder versie."}, format="json")
    assert response.status_code == 400 and names(response) == ["version"]
    response = as_user("professional").post(f"/api/v1/families/{bakker.pk}/plan/goals/", {"text": "x"}, format="json",
                                            HTTP_IF_MATCH="nonsense")
    assert response.status_code == 400 and names(response) == ["If-Match"]


def test_add_action(fam, as_user):
    bakker = fam["bakker"]
    plan = bakker.plan
    goal = plan.goals.first()
    response = as_user("professional").post(f"/api/v1/families/{bakker.pk}/plan/actions/", {
        "description": "Aanmelden schuldhulp", "organisation": org("schuldhulp_zoetermeer").pk, "due_date": "2026-03-15",
        "goal": goal.pk, "version": plan.version}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["version"] == plan.version + 1
    assert body["action"]["goal"] == goal.pk and body["action"]["status"] == "open"
    assert body["action"]["organisation"]["name"] == "Schuldhulpverlening gemeente Zoetermeer"
    assert AccessLog.objects.filter(family_id=bakker.pk, action="write", category="plan").count() >= 1


def test_action_due_before_the_plan_is_400_naming_due_date(fam, as_user):
    bakker = fam["bakker"]
    plan = bakker.plan
    before = plan.started_on - timedelta(days=1)
    response = as_user("professional").post(f"/api/v1/families/{bakker.pk}/plan/actions/", {
        "description": "Te vroeg", "organisation": org("kwadraad").pk, "due_date": before.isoformat(), "version": plan.version},
        format="json")
    assert response.status_code == 400 and names(response) == ["due_date"]
    assert FamilyPlan.objects.get(pk=plan.pk).version == plan.version


def test_action_of_another_municipality_or_unknown_organisation_is_400(fam, as_user):
    bakker = fam["bakker"]
    client = as_user("professional")
    for organisation in (org("mjd_groningen").pk, 999999):
        response = client.post(f"/api/v1/families/{bakker.pk}/plan/actions/", {
            "description": "Elders", "organisation": organisation, "due_date": "2026-04-01", "version": bakker.plan.version},
            format="json")
        assert response.status_code == 400 and names(response) == ["organisation"]


def test_action_for_another_familys_goal_is_400(fam, as_user):
    bakker, yilmaz = fam["bakker"], fam["yilmaz"]
    response = as_user("professional").post(f"/api/v1/families/{bakker.pk}/plan/actions/", {
        "description": "x", "organisation": org("kwadraad").pk, "due_date": "2026-04-01", "goal": yilmaz.plan.goals.first().pk,
        "version": bakker.plan.version}, format="json")
    assert response.status_code == 400 and names(response) == ["goal"]


def test_set_action_status(fam, as_user):
    bakker = fam["bakker"]
    action = bakker.plan.actions.first()
    response = as_user("professional").patch(f"/api/v1/families/{bakker.pk}/plan/actions/{action.pk}/",
                                             {"status": "done", "version": bakker.plan.version}, format="json")
    assert response.status_code == 200
    assert response.json()["action"]["status"] == "done"
    assert Action.objects.get(pk=action.pk).status == "done"
    response = as_user("professional").patch(f"/api/v1/families/{bakker.pk}/plan/actions/{action.pk}/",
                                             {"status": "finished", "version": bakker.plan.version + 1}, format="json")
    assert response.status_code == 400 and names(response) == ["status"]


def test_family_account_cannot_reach_another_familys_plan_by_guessing(fam, as_user):
    client = as_user("gezin-bakker")
    yilmaz = fam["yilmaz"]
    goal = yilmaz.plan.goals.first()
    assert client.post(f"/api/v1/families/{yilmaz.pk}/plan/goals/", {"text": "x", "version": 1}, format="json").status_code == 404
    action = fam["bakker"].plan.actions.first()
    # Bakker's action under Yilmaz's id, Yilmaz's goal id in Bakker's plan: not found.
    assert client.patch(f"/api/v1/families/{yilmaz.pk}/plan/actions/{action.pk}/", {"status": "done"}, format="json").status_code == 404
    assert as_user("professional").patch(f"/api/v1/families/{yilmaz.pk}/plan/actions/{action.pk}/",
                                         {"status": "done", "version": 1}, format="json").status_code == 404
    assert Goal.objects.get(pk=goal.pk).text == goal.text


def test_plan_query_count_does_not_grow_with_goals(fam, as_user, django_assert_max_num_queries):
    bakker = fam["bakker"]
    client = as_user("professional")
    with django_assert_max_num_queries(10 + THROTTLE_QUERIES):
        client.get(f"/api/v1/families/{bakker.pk}/plan/")
    for n in range(10):
        goal = Goal.objects.create(plan=bakker.plan, text=f"Doel {n}", written_by="family")
        Action.objects.create(plan=bakker.plan, goal=goal, description=f"Stap {n}", organisation=org("kwadraad"), due_date=DAY)
    with django_assert_max_num_queries(10 + THROTTLE_QUERIES):
        assert len(client.get(f"/api/v1/families/{bakker.pk}/plan/").json()["goals"]) == 12


# -- consents ----------------------------------------------------------------------------------------

def test_consent_history(fam, as_user, django_assert_max_num_queries):
    bakker = fam["bakker"]
    client = as_user("professional")
    with django_assert_max_num_queries(10 + THROTTLE_QUERIES):
        response = client.get(f"/api/v1/families/{bakker.pk}/consents/")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == Consent.objects.filter(family=bakker).count()
    assert rows[0]["given_by"]["name"] == "Sanne Bakker" and rows[0]["open"] is True
    assert AccessLog.objects.filter(family_id=bakker.pk, action="read", category="consent", purpose="help").count() == 1


def test_professional_records_a_consent(fam, as_user):
    devries = fam["devries"]
    kees = devries.memberships.get(person__first_name="Kees").person
    response = as_user("jgz").post(f"/api/v1/families/{devries.pk}/consents/", {
        "organisation": org("jgz_zoetermeer").pk, "category": "plan", "purpose": "help", "given_by": kees.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["organisation"]["name"] == "Jeugdgezondheidszorg (GGD)" and response.json()["open"] is True
    # Consent in force at once: jgz may now read the plan categories (no plan yet: 404, not 403).
    assert as_user("jgz").get(f"/api/v1/families/{devries.pk}/plan/").status_code == 404
    assert AccessLog.objects.filter(family_id=devries.pk, action="write", category="consent").count() >= 1


def test_family_gives_and_withdraws_its_own_consent(fam, as_user):
    yilmaz = fam["yilmaz"]
    client = as_user("gezin-yilmaz")
    response = client.post(f"/api/v1/families/{yilmaz.pk}/consents/", {
        "organisation": org("schuldhulp_zoetermeer").pk, "category": "finances", "purpose": "help"}, format="json")
    assert response.status_code == 201, response.content
    consent_id = response.json()["id"]
    assert response.json()["given_by"]["name"] == "Ayşe Yilmaz"
    response = client.post(f"/api/v1/consents/{consent_id}/withdraw/")
    assert response.status_code == 200 and response.json()["open"] is False
    again = client.post(f"/api/v1/consents/{consent_id}/withdraw/")
    assert again.status_code == 409 and again["Content-Type"] == PROBLEM
    assert again.json()["type"] == "https://meedoen.example/problems/conflict" and names(again) == ["consent"]
    assert AccessLog.objects.filter(family_id=yilmaz.pk, action="write", category="consent", purpose="family").count() == 2


def test_consent_for_an_unknown_organisation_is_400(fam, as_user):
    bakker = fam["bakker"]
    sanne = bakker.memberships.get(person__first_name="Sanne").person
    before = Consent.objects.count()
    for organisation in (999999, org("mjd_groningen").pk):
        response = as_user("professional").post(f"/api/v1/families/{bakker.pk}/consents/", {
            "organisation": organisation, "category": "plan", "purpose": "help", "given_by": sanne.pk}, format="json")
        assert response.status_code == 400 and names(response) == ["organisation"]
    assert Consent.objects.count() == before


def test_consent_with_an_unknown_category_is_400(fam, as_user):
    bakker = fam["bakker"]
    sanne = bakker.memberships.get(person__first_name="Sanne").person
    response = as_user("professional").post(f"/api/v1/families/{bakker.pk}/consents/", {
        "organisation": org("woningcorporatie_demo").pk, "category": "everything", "purpose": "spying", "given_by": sanne.pk},
        format="json")
    assert response.status_code == 400 and set(names(response)) == {"category", "purpose"}


def test_consent_given_by_a_child_or_a_stranger_is_400(fam, as_user):
    bakker, yilmaz = fam["bakker"], fam["yilmaz"]
    noah = bakker.memberships.get(person__first_name="Noah").person
    mehmet = yilmaz.memberships.get(person__first_name="Mehmet").person
    for person in (noah, mehmet):
        response = as_user("professional").post(f"/api/v1/families/{bakker.pk}/consents/", {
            "organisation": org("woningcorporatie_demo").pk, "category": "plan", "purpose": "help", "given_by": person.pk},
            format="json")
        assert response.status_code == 400 and names(response) == ["given_by"]


def test_family_cannot_touch_another_familys_consents(fam, as_user):
    client = as_user("gezin-bakker")
    yilmaz = fam["yilmaz"]
    theirs = Consent.objects.filter(family=yilmaz, withdrawn_at__isnull=True).first()
    assert client.post(f"/api/v1/consents/{theirs.pk}/withdraw/").status_code == 404
    assert client.post(f"/api/v1/families/{yilmaz.pk}/consents/", {
        "organisation": org("kwadraad").pk, "category": "plan", "purpose": "help"}, format="json").status_code == 404
    assert Consent.objects.get(pk=theirs.pk).withdrawn_at is None


def test_a_child_with_an_account_cannot_withdraw(fam, as_user):
    from meedoen.casework.models import FamilyAccount

    bakker = fam["bakker"]
    noah = bakker.memberships.get(person__first_name="Noah").person
    FamilyAccount.objects.create(user=get_user_model().objects.create_user("noah"), family=bakker, person=noah)
    consent = Consent.objects.filter(family=bakker, withdrawn_at__isnull=True).first()
    assert as_user("noah").post(f"/api/v1/consents/{consent.pk}/withdraw/").status_code == 403
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None


# -- referrals -----------------------------------------------------------------------------------------

def test_family_referrals(fam, as_user, django_assert_max_num_queries):
    bakker = fam["bakker"]
    client = as_user("professional")
    with django_assert_max_num_queries(10 + THROTTLE_QUERIES):
        response = client.get(f"/api/v1/families/{bakker.pk}/referrals/")
    assert response.status_code == 200
    rows = response.json()
    assert {r["help_kind"] for r in rows} == {"gezinscoaching", "schuldhulp"}
    assert all(r["shared"] and r["summary"] for r in rows)
    assert list(AccessLog.objects.filter(family_id=bakker.pk, action="read").values_list("category", "purpose")) == [
        ("referrals", "help")]


def test_family_referrals_need_consent(fam, as_user):
    assert as_user("school").get(f"/api/v1/families/{fam['bakker'].pk}/referrals/").status_code == 403


def test_refer_and_the_receiver_accepts(fam, as_user):
    yilmaz = fam["yilmaz"]
    shv_team = Team.objects.get(organisation__slug="schuldhulp_zoetermeer")
    response = as_user("professional").post(f"/api/v1/families/{yilmaz.pk}/referrals/", {
        "to_team": shv_team.pk, "help_kind": "schuldhulp", "reason": "Schulden boven € 20.000.",
        "summary": "Meer dan € 20.000 schuld bij diverse schuldeisers.", "handover": False}, format="json")
    assert response.status_code == 201, response.content
    referral_id = response.json()["id"]
    assert response.json()["status"] == "requested"

    receiver = as_user("schuldhulp")
    assert receiver.get(f"/api/v1/families/{yilmaz.pk}/").status_code == 404  # not involved yet
    incoming = {r["id"]: r for r in receiver.get("/api/v1/referrals/").json()["results"]}
    assert incoming[referral_id]["shared"] is False and incoming[referral_id]["summary"] is None  # no handover consent
    assert AccessLog.objects.filter(family_id=yilmaz.pk, action="read", category="referrals").count() == 0

    response = receiver.post(f"/api/v1/referrals/{referral_id}/accept/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert receiver.get(f"/api/v1/families/{yilmaz.pk}/").status_code == 200  # now involved
    assert receiver.post(f"/api/v1/referrals/{referral_id}/start/").json()["status"] == "in_progress"
    assert receiver.post(f"/api/v1/referrals/{referral_id}/complete/").json()["status"] == "completed"
    # A completed referral cannot be accepted again.
    again = receiver.post(f"/api/v1/referrals/{referral_id}/accept/")
    assert again.status_code == 409 and again["Content-Type"] == PROBLEM and names(again) == ["status"]


def test_receiver_reads_the_summary_with_handover_consent(fam, as_user):
    bakker = fam["bakker"]
    sanne = bakker.memberships.get(person__first_name="Sanne").person
    referral = Referral.objects.get(family=bakker, help_kind="schuldhulp")
    receiver = as_user("schuldhulp")
    assert as_user("gezin-bakker").post(f"/api/v1/families/{bakker.pk}/consents/", {
        "organisation": org("schuldhulp_zoetermeer").pk, "category": "referrals", "purpose": "handover", "given_by": sanne.pk},
        format="json").status_code == 201
    row = next(r for r in receiver.get("/api/v1/referrals/").json()["results"] if r["id"] == referral.pk)
    assert row["shared"] is True and row["summary"].startswith("Huurachterstand")
    assert list(AccessLog.objects.filter(family_id=bakker.pk, action="read", category="referrals")
                .values_list("purpose", flat=True)) == ["handover"]


def test_reject_needs_a_reason_and_only_the_receiver_answers(fam, as_user):
    referral = Referral.objects.get(family=fam["bakker"], help_kind="schuldhulp")
    receiver = as_user("schuldhulp")
    response = receiver.post(f"/api/v1/referrals/{referral.pk}/reject/", {}, format="json")
    assert response.status_code == 400 and names(response) == ["reason"]
    # The referrer cannot accept its own referral; a stranger does not find it.
    assert as_user("professional").post(f"/api/v1/referrals/{referral.pk}/accept/").status_code == 403
    assert as_user("mjd").post(f"/api/v1/referrals/{referral.pk}/accept/").status_code == 404
    response = receiver.post(f"/api/v1/referrals/{referral.pk}/reject/", {"reason": "Geen plek."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert Referral.objects.get(pk=referral.pk).answer_reason == "Geen plek."


def test_referrer_revokes(fam, as_user):
    referral = Referral.objects.get(family=fam["bakker"], help_kind="schuldhulp")
    assert as_user("schuldhulp").post(f"/api/v1/referrals/{referral.pk}/revoke/", {"reason": "x"}, format="json").status_code == 403
    response = as_user("professional").post(f"/api/v1/referrals/{referral.pk}/revoke/", {"reason": "Toch niet nodig."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "revoked"


def test_referral_to_an_unknown_team_is_400(fam, as_user):
    bakker = fam["bakker"]
    before = Referral.objects.count()
    for team in (999999, Team.objects.get(organisation__slug="mjd_groningen").pk, Team.objects.get(organisation__slug="kwadraad").pk):
        response = as_user("professional").post(f"/api/v1/families/{bakker.pk}/referrals/", {
            "to_team": team, "help_kind": "x", "reason": "x", "summary": "x"}, format="json")
        assert response.status_code == 400 and names(response) == ["to_team"], team
    assert Referral.objects.count() == before


def test_family_reads_its_referrals_but_not_anothers(fam, as_user):
    client = as_user("gezin-bakker")
    rows = client.get(f"/api/v1/families/{fam['bakker'].pk}/referrals/").json()
    assert len(rows) == 2 and all(r["summary"] for r in rows)
    assert AccessLog.objects.filter(family_id=fam["bakker"].pk, action="read", category="referrals", purpose="family").count() == 1
    theirs = Referral.objects.create(
        family=fam["yilmaz"], from_organisation=org("kwadraad"), from_team=Team.objects.get(organisation__slug="kwadraad"),
        requested_by=get_user_model().objects.get(username="professional"), to_organisation=org("schuldhulp_zoetermeer"),
        to_team=Team.objects.get(organisation__slug="schuldhulp_zoetermeer"), help_kind="x", reason="x", summary="x",
        requested_at=Referral.objects.first().requested_at, expires_at=Referral.objects.first().expires_at)
    for verb in ("accept", "reject", "revoke"):
        assert client.post(f"/api/v1/referrals/{theirs.pk}/{verb}/", {"reason": "x"}, format="json").status_code == 404
    assert client.get("/api/v1/referrals/").status_code == 403  # incoming referrals: professionals only


# -- incoming referrals: a page at a time, a status filter, lead times ---------------------------------------------
def test_incoming_referrals_come_a_page_at_a_time_with_a_status_filter(fam, as_user, django_assert_max_num_queries):
    from django.utils import timezone

    receiver = as_user("schuldhulp")
    shv_team, kwadraad_team = Team.objects.get(organisation__slug="schuldhulp_zoetermeer"), Team.objects.get(organisation__slug="kwadraad")
    first = Referral.objects.filter(to_team=shv_team).order_by("requested_at").first()
    for n in range(7):  # more waiting referrals, older than the demo's
        at = first.requested_at - timedelta(days=10 + n)
        Referral.objects.create(family=fam["bakker"], from_organisation=org("kwadraad"), from_team=kwadraad_team,
                                requested_by=get_user_model().objects.get(username="professional"),
                                to_organisation=org("schuldhulp_zoetermeer"), to_team=shv_team, help_kind=f"extra {n}",
                                reason="x", summary="x", requested_at=at, expires_at=at + timedelta(days=5),
                                status="expired", closed_at=timezone.now())
    total = Referral.objects.filter(to_team=shv_team).count()
    with django_assert_max_num_queries(12 + THROTTLE_QUERIES):
        page1 = receiver.get("/api/v1/referrals/", {"page_size": 3})
    assert page1.status_code == 200, page1.content
    body = page1.json()
    assert (body["count"], body["page"], body["page_size"], len(body["results"])) == (total, 1, 3, 3)
    page2 = receiver.get("/api/v1/referrals/", {"page_size": 3, "page": 2}).json()
    assert not {r["id"] for r in body["results"]} & {r["id"] for r in page2["results"]}
    expired = receiver.get("/api/v1/referrals/", {"status": "expired", "page_size": 200}).json()
    assert expired["count"] == 7 and {r["status"] for r in expired["results"]} == {"expired"}
    # An expired referral waited exactly until its deadline: 5 days; it has no answer, so no lead time.
    assert {(r["lead_time_days"], r["waited_days"]) for r in expired["results"]} == {(None, 5.0)}
    bad = receiver.get("/api/v1/referrals/", {"status": "lost"})
    assert bad.status_code == 400 and bad["Content-Type"] == PROBLEM and names(bad) == ["status"]


def test_every_referral_has_a_lead_time_or_a_waiting_time(fam, as_user):
    rows = as_user("gezin-bakker").get(f"/api/v1/families/{fam['bakker'].pk}/referrals/").json()
    for row in rows:
        answered = row["answered_at"] is not None
        assert (row["lead_time_days"] is not None) == answered and (row["waited_days"] is not None) == (not answered), row
    school_to_coach = next(r for r in rows if r["help_kind"] == "gezinscoaching")
    assert school_to_coach["lead_time_days"] == 2.0  # requested 50 days before the demo's day, accepted 48 days before
