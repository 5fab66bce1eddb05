"""The family plan's forms: happy paths, bad input (400, nothing saved), concurrent edits (409), history."""

from datetime import timedelta

from meedoen.casework.models import AccessLog, Action, FamilyPlan, Goal, PlanComment, PlanVersion
from meedoen.municipalities.models import Organisation


def plan_of(family):
    return FamilyPlan.objects.get(family=family)


def test_add_goal_saves_and_redirects_to_the_family_page(login, fam):
    client = login("professional")
    plan = plan_of(fam["bakker"])
    response = client.post(f"/werkplek/gezinnen/{fam['bakker'].pk}/plan/doelen/",
                           {"version": plan.version, "text": "De kinderen lachen weer.", "domain": "parenting", "by_family": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"/werkplek/gezinnen/{fam['bakker'].pk}/")
    goal = Goal.objects.get(plan=plan, text="De kinderen lachen weer.")
    assert goal.written_by == "family" and goal.domain == "parenting"
    assert plan_of(fam["bakker"]).version == plan.version + 1


def test_action_due_before_the_plan_start_is_400_and_nothing_saved(login, fam):
    client = login("professional")
    plan = plan_of(fam["bakker"])
    org = Organisation.objects.get(slug="kwadraad")
    before = (Action.objects.count(), PlanVersion.objects.count())
    response = client.post(f"/werkplek/gezinnen/{fam['bakker'].pk}/plan/afspraken/", {
        "version": plan.version, "description": "Te vroeg", "organisation": org.pk,
        "due_date": (plan.started_on - timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    text = response.content.decode()
    assert "vóór de start van het plan" in text
    assert 'href="#action_due_date"' in text and 'id="action_due_date"' in text
    assert 'value="Te vroeg"' not in text  # a textarea keeps what was typed
    assert "Te vroeg</textarea>" in text
    assert (Action.objects.count(), PlanVersion.objects.count()) == before
    assert plan_of(fam["bakker"]).version == plan.version


def test_action_with_an_unknown_organisation_or_impossible_date_is_400(login, fam):
    client = login("professional")
    plan = plan_of(fam["bakker"])
    before = Action.objects.count()
    response = client.post(f"/werkplek/gezinnen/{fam['bakker'].pk}/plan/afspraken/?lang=en", {
        "version": plan.version, "description": "X", "organisation": "999999", "due_date": "2026-02-30"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Unknown organisation: 999999" in text
    assert "not an existing date" in text
    assert Action.objects.count() == before


def test_two_edits_from_the_same_version_the_second_gets_409_and_the_first_is_kept(login, fam):
    client = login("professional")
    family = fam["bakker"]
    old = plan_of(family).version
    first = client.post(f"/werkplek/gezinnen/{family.pk}/plan/doelen/", {"version": old, "text": "Eerste wijziging"})
    assert first.status_code == 302
    goals_before = Goal.objects.count()
    second = client.post(f"/werkplek/gezinnen/{family.pk}/plan/doelen/", {"version": old, "text": "Tweede wijziging"})
    assert second.status_code == 409
    text = second.content.decode()
    assert "Iemand anders heeft het plan intussen gewijzigd" in text
    assert "Eerste wijziging" in text  # the current plan is shown
    assert f'name="version" value="{old + 1}"' in text  # sending again is a deliberate new edit
    assert Goal.objects.count() == goals_before
    assert Goal.objects.filter(text="Eerste wijziging").exists() and not Goal.objects.filter(text="Tweede wijziging").exists()
    assert plan_of(family).version == old + 1


def test_stale_status_change_is_409(login, fam):
    client = login("professional")
    plan = plan_of(fam["bakker"])
    action = plan.actions.first()
    response = client.post(f"/werkplek/gezinnen/{fam['bakker'].pk}/plan/afspraken/{action.pk}/status/",
                           {"version": plan.version - 1, "status": "done"})
    assert response.status_code == 409
    action.refresh_from_db()
    assert action.status == "open"


def test_status_achieved_words_and_comment(login, fam):
    client = login("professional")
    family = fam["bakker"]
    plan = plan_of(family)
    action, goal = plan.actions.first(), plan.goals.first()
    base = f"/werkplek/gezinnen/{family.pk}"
    assert client.post(f"{base}/plan/afspraken/{action.pk}/status/", {"version": plan.version, "status": "done"}).status_code == 302
    assert client.post(f"{base}/plan/doelen/{goal.pk}/bereikt/", {"version": plan.version + 1, "achieved": "1"}).status_code == 302
    assert client.post(f"{base}/plan/woorden/", {"version": plan.version + 2, "family_words": "Rust."}).status_code == 302
    assert client.post(f"{base}/plan/reacties/", {"text": "Goed gesprek gehad."}).status_code == 302
    action.refresh_from_db()
    goal.refresh_from_db()
    assert action.status == "done" and goal.achieved
    assert plan_of(family).family_words == "Rust." and plan_of(family).version == plan.version + 3
    assert PlanComment.objects.filter(plan=plan, text="Goed gesprek gehad.", author_name="Fatima el Amrani").exists()


def test_bad_status_and_empty_comment_are_400(login, fam):
    client = login("professional")
    family = fam["bakker"]
    plan = plan_of(family)
    action = plan.actions.first()
    response = client.post(f"/werkplek/gezinnen/{family.pk}/plan/afspraken/{action.pk}/status/", {"version": plan.version, "status": "gone"})
    assert response.status_code == 400 and "Kies een van de mogelijkheden" in response.content.decode()
    response = client.post(f"/werkplek/gezinnen/{family.pk}/plan/reacties/", {"text": "  "})
    assert response.status_code == 400 and "Schrijf een reactie" in response.content.decode()
    response = client.post(f"/werkplek/gezinnen/{family.pk}/plan/doelen/", {"version": "abc", "text": "x"})
    assert response.status_code == 400
    assert plan_of(family).version == plan.version and not PlanComment.objects.filter(plan=plan).exists()


def test_another_familys_action_is_404(login, fam):
    client = login("professional")
    other = plan_of(fam["yilmaz"])
    goal = other.goals.first()
    response = client.post(f"/werkplek/gezinnen/{fam['bakker'].pk}/plan/doelen/{goal.pk}/bereikt/", {"version": 1})
    assert response.status_code == 404


def test_start_plan_when_there_is_none(login, fam):
    client = login("coordinator")  # CJG Meerpunt has the consents of gezin de Vries
    family = fam["devries"]
    assert not FamilyPlan.objects.filter(family=family).exists()
    form = client.get(f"/werkplek/gezinnen/{family.pk}/plan/start/")
    assert form.status_code == 200 and 'name="started_on" id="start_started_on" value="2026-03-01"' in form.content.decode()
    bad = client.post(f"/werkplek/gezinnen/{family.pk}/plan/start/", {"started_on": "gisteren"})
    assert bad.status_code == 400 and not FamilyPlan.objects.filter(family=family).exists()
    response = client.post(f"/werkplek/gezinnen/{family.pk}/plan/start/", {"started_on": "2026-03-01", "family_words": "Dat het rustig wordt."})
    assert response.status_code == 302
    plan = plan_of(family)
    assert plan.family_words == "Dat het rustig wordt." and plan.versions.count() == 1


def test_no_plan_consent_is_403_and_nothing_saved(login, fam):
    client = login("coordinator")  # not involved with Bakker: 404
    assert client.post(f"/werkplek/gezinnen/{fam['bakker'].pk}/plan/reacties/", {"text": "x"}).status_code == 404
    client = login("ggz")  # involved with de Vries, no consent
    response = client.post(f"/werkplek/gezinnen/{fam['devries'].pk}/plan/start/", {"started_on": "2026-03-01"})
    assert response.status_code == 403
    assert "geen toestemming" in response.content.decode()
    assert not FamilyPlan.objects.filter(family=fam["devries"]).exists()


def test_history_lists_versions_and_shows_a_snapshot(login, fam):
    client = login("professional")
    family = fam["bakker"]
    plan = plan_of(family)
    logs = AccessLog.objects.filter(family_id=family.pk, category="plan", action="read").count()
    response = client.get(f"/werkplek/gezinnen/{family.pk}/plan/versies/")
    assert response.status_code == 200
    text = response.content.decode()
    for number in range(1, plan.version + 1):
        assert f"<td>{number}</td>" in text
    assert "Fatima el Amrani" in text and "doel toegevoegd" in text
    first = client.get(f"/werkplek/gezinnen/{family.pk}/plan/versies/?versie=1").content.decode()
    assert "Het plan in versie 1" in first and "Nog geen doelen." in first
    latest = client.get(f"/werkplek/gezinnen/{family.pk}/plan/versies/?versie={plan.version}").content.decode()
    assert "We blijven in ons huis wonen." in latest and "Betalingsregeling huur" in latest
    assert client.get(f"/werkplek/gezinnen/{family.pk}/plan/versies/?versie=99").status_code == 400
    assert AccessLog.objects.filter(family_id=family.pk, category="plan", action="read").count() == logs + 4


def test_error_summary_names_every_field_at_once(login, fam):
    client = login("professional")
    plan = plan_of(fam["bakker"])
    response = client.post(f"/werkplek/gezinnen/{fam['bakker'].pk}/plan/afspraken/",
                           {"version": plan.version, "description": "", "organisation": "x", "due_date": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert '<a href="#action_description">Afspraak: Vul dit in.</a>' in text
    assert '<a href="#action_organisation">Organisatie: &#x27;x&#x27; is geen geldig nummer.</a>' in text
    assert '<a href="#action_due_date">Klaar op: Vul een datum in.</a>' in text
