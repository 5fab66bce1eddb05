"""Warm handover through the pages: refer, the receiver's incoming page (summary only with consent), accept, reject, revoke, expiry."""

from datetime import timedelta

from meedoen.casework import access
from meedoen.casework.models import AccessLog, Involvement, Referral, Team
from meedoen.casework.services import referrals
from meedoen.casework.views.plan_common import now

SUMMARY = "Schulden boven 20.000 euro; ouders regelen zelf met schuldeisers."


def refer(client, family, team, **extra):
    data = {"to_team": team.pk, "help_kind": "schuldhulp", "reason": "Hulp bij de schulden.", "summary": SUMMARY, "handover": "", **extra}
    return client.post(f"/werkplek/gezinnen/{family.pk}/verwijzen/", data)


def test_referral_flow_through_the_pages(login, fam, client, casework_demo):
    family = fam["yilmaz"]
    team = Team.objects.get(name="Schuldhulp")
    schuldhulp = casework_demo["staff"]["schuldhulp"]
    login("professional")
    response = refer(client, family, team)
    assert response.status_code == 302
    referral = Referral.objects.get(family=family, to_team=team)
    assert referral.status == "requested" and not referral.handover

    # the receiver sees the request, but not the summary: no consent for handover yet
    login("schuldhulp")
    assert access.family_access(schuldhulp.user, family.pk) is None
    logs = AccessLog.objects.filter(family_id=family.pk, purpose="handover", action="read", category="referrals").count()
    basic = AccessLog.objects.filter(family_id=family.pk, purpose="handover", action="read", category="basic").count()
    page = client.get("/werkplek/gezinnen/verwijzingen/").content.decode()
    assert "Z-CW-0002" in page and "Samenvatting niet gedeeld: geen toestemming" in page
    assert SUMMARY not in page and "Hulp bij de schulden." not in page
    assert AccessLog.objects.filter(family_id=family.pk, purpose="handover", action="read", category="referrals").count() == logs
    # the case number the receiving team saw is a basic read, in the family's log
    assert AccessLog.objects.filter(family_id=family.pk, purpose="handover", action="read", category="basic").count() == basic + 1

    # the family gives consent (recorded by the coach), now the summary is shared and its read logged
    login("professional")
    ayse = family.memberships.get(person__first_name="Ayşe").person
    response = client.post(f"/werkplek/gezinnen/{family.pk}/toestemming/", {"given_by": ayse.pk, "organisation": schuldhulp.organisation_id,
                                                                          "category": "referrals", "purpose": "handover"})
    assert response.status_code == 302
    login("schuldhulp")
    page = client.get("/werkplek/gezinnen/verwijzingen/").content.decode()
    assert SUMMARY in page and "Hulp bij de schulden." in page
    assert AccessLog.objects.filter(family_id=family.pk, purpose="handover", action="read", category="referrals",
                                    actor_name="Marleen Bos").count() == logs + 1

    response = client.post(f"/werkplek/gezinnen/verwijzingen/{referral.pk}/accepteren/")
    assert response.status_code == 302 and response["Location"].startswith(f"/werkplek/gezinnen/{family.pk}/")
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.lead_time is not None
    assert access.family_access(schuldhulp.user, family.pk) is not None  # now involved
    assert Involvement.objects.filter(family=family, team=team, until__isnull=True).exists()
    # the referrer stays involved (no handover)
    assert Involvement.objects.filter(family=family, organisation__slug="kwadraad", until__isnull=True).exists()

    # lead time on the family page section and on the incoming page; then start and complete
    login("professional")
    from test_cwplan_sections import render
    _, html = render("professional", family)
    assert "Doorlooptijd</dt><dd>0 dagen" in html
    login("schuldhulp")
    page = client.get("/werkplek/gezinnen/verwijzingen/").content.decode()
    assert "Geaccepteerd: hulp nog starten (1)" in page and "Doorlooptijd</dt><dd>0 dagen" in page
    assert client.post(f"/werkplek/gezinnen/verwijzingen/{referral.pk}/starten/").status_code == 302
    assert client.post(f"/werkplek/gezinnen/verwijzingen/{referral.pk}/afronden/").status_code == 302
    referral.refresh_from_db()
    assert referral.status == "completed"
    # a wrong transition is a 400 with the message
    response = client.post(f"/werkplek/gezinnen/verwijzingen/{referral.pk}/accepteren/")
    assert response.status_code == 400 and "kan niet naar" in response.content.decode()


def test_handover_stops_the_referrer_once_accepted(login, fam, client):
    family = fam["yilmaz"]
    team = Team.objects.get(name="Schuldhulp")
    login("professional")
    assert refer(client, family, team, handover="1").status_code == 302
    referral = Referral.objects.get(family=family, to_team=team)
    assert Involvement.objects.filter(family=family, organisation__slug="kwadraad", until__isnull=True).exists()
    login("schuldhulp")
    client.post(f"/werkplek/gezinnen/verwijzingen/{referral.pk}/accepteren/")
    assert not Involvement.objects.filter(family=family, organisation__slug="kwadraad", until__isnull=True).exists()


def test_reject_without_reason_is_400_and_nothing_changes(login, fam, client):
    family = fam["yilmaz"]
    team = Team.objects.get(name="Schuldhulp")
    login("professional")
    refer(client, family, team)
    referral = Referral.objects.get(family=family, to_team=team)
    login("schuldhulp")
    response = client.post(f"/werkplek/gezinnen/verwijzingen/{referral.pk}/afwijzen/", {"reason": " "})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Schrijf op waarom u afwijst" in text and f'href="#referral_{referral.pk}_reason"' in text
    referral.refresh_from_db()
    assert referral.status == "requested"
    response = client.post(f"/werkplek/gezinnen/verwijzingen/{referral.pk}/afwijzen/", {"reason": "Wij hebben geen plek."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "rejected" and referral.answer_reason == "Wij hebben geen plek."


def test_bad_referral_input_is_400(login, fam, client):
    family = fam["yilmaz"]
    login("professional")
    before = Referral.objects.count()
    own = Team.objects.get(name="Gezinscoaches Zoetermeer")
    response = refer(client, family, own)
    assert response.status_code == 400 and "Verwijs naar een andere organisatie" in response.content.decode()
    response = client.post(f"/werkplek/gezinnen/{family.pk}/verwijzen/", {"to_team": "12345", "help_kind": "", "reason": "", "summary": ""})
    assert response.status_code == 400 and "Onbekend team: 12345" in response.content.decode()
    response = refer(client, family, Team.objects.get(name="Schuldhulp"), summary="")
    assert response.status_code == 400 and 'href="#refer_summary"' in response.content.decode()
    assert Referral.objects.count() == before


def test_only_the_receiving_team_answers_and_only_the_referrer_revokes(login, fam, client):
    family = fam["yilmaz"]
    team = Team.objects.get(name="Schuldhulp")
    login("professional")
    refer(client, family, team)
    referral = Referral.objects.get(family=family, to_team=team)
    assert client.post(f"/werkplek/gezinnen/verwijzingen/{referral.pk}/accepteren/").status_code == 404
    login("jeugdzorg")  # involved with the family, not the referrer
    assert client.post(f"/werkplek/gezinnen/{family.pk}/verwijzingen/{referral.pk}/intrekken/", {"reason": "x"}).status_code in (403, 404)
    login("professional")
    response = client.post(f"/werkplek/gezinnen/{family.pk}/verwijzingen/{referral.pk}/intrekken/", {"reason": ""})
    assert response.status_code == 400
    response = client.post(f"/werkplek/gezinnen/{family.pk}/verwijzingen/{referral.pk}/intrekken/", {"reason": "Gezin wil het zelf eerst proberen."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "revoked" and referral.answer_reason == "Gezin wil het zelf eerst proberen."


def test_expired_referrals_are_shown_as_expired(login, fam, client, casework_demo):
    family = fam["yilmaz"]
    mw = casework_demo["staff"]["professional"]
    team = Team.objects.get(name="Schuldhulp")
    old = referrals.request(mw.user, family, Team.objects.get(name="Gezinscoaches Zoetermeer"), team, help_kind="schuldhulp",
                            reason="r", summary="s", now=now() - timedelta(days=10))
    login("schuldhulp")
    page = client.get("/werkplek/gezinnen/verwijzingen/").content.decode()
    old.refresh_from_db()
    assert old.status == "expired"
    assert "Verlopen: niet op tijd beantwoord (1)" in page and "verlopen op" in page


def test_an_unanswered_referral_says_how_long_it_waited_not_that_it_still_waits(login, fam, client, casework_demo):
    family = fam["yilmaz"]
    mw = casework_demo["staff"]["professional"]
    team = Team.objects.get(name="Schuldhulp")
    old = referrals.request(mw.user, family, Team.objects.get(name="Gezinscoaches Zoetermeer"), team, help_kind="schuldhulp",
                            reason="r", summary="s", now=now() - timedelta(days=10))  # five days to answer: expires
    fresh = referrals.request(mw.user, family, Team.objects.get(name="Gezinscoaches Zoetermeer"), team, help_kind="budgetcoach",
                              reason="r", summary="s", now=now() - timedelta(days=2))
    login("schuldhulp")
    page = client.get("/werkplek/gezinnen/verwijzingen/").content.decode()
    assert Referral.objects.get(pk=old.pk).status == "expired" and Referral.objects.get(pk=fresh.pk).status == "requested"
    assert "geen antwoord na 5 dagen" in page  # the expired one waited until its deadline
    assert "wacht al 2 dagen" in page  # the fresh one is still waiting
