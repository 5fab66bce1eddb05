"""Scenario CT-5 through the services, on the demo family de Vries (Z-CW-0003): four organisations, three of
them acting as coordinator (seeds-itj.md §5.5 CT-5, lines 838-844; R-09, R-10, R-12, lines 1264-1267).
"""

from datetime import date, timedelta

import pytest

from meedoen.casework import vocabulary as v
from meedoen.casework.errors import CaseworkError, NotPermitted
from meedoen.casework.models import AccessLog, CoordinatorAssignment, Escalation, Involvement
from meedoen.casework.services import consent, families, plans

DAY = date(2026, 3, 1)
HOW = "Kees koos in het huisbezoek zelf wie hem het beste kent."
MANDATE = "Roept iedereen bijeen, bewaakt de afspraken, mag de zorgregisseur inschakelen."


def team_of(pro):
    return pro.teams.first()


@pytest.fixture
def devries(fams):
    return fams["devries"]


def roles(family):
    return dict(Involvement.objects.filter(family=family, until__isnull=True).values_list("organisation__slug", "role"))


def test_more_than_one_coordinator_is_detected(devries):
    # CT-5 expected (1), line 842; R-10 line 1265.
    conflict = families.coordinator_conflict(devries, DAY)
    assert {i.organisation.slug for i in conflict} == {"kwadraad", "jgz_zoetermeer", "bureau_basiszorg"}
    assert plans.current_coordinator(devries) is None


def test_the_lead_is_chosen_with_the_family_and_the_others_contribute(devries, staff, counts):
    jgz, coach, ggz = staff["jgz"], staff["professional"], staff["ggz"]
    before = counts()
    # Not chosen together with the family: refused, nothing written (R-09, line 1264).
    with pytest.raises(CaseworkError) as err:
        plans.choose_coordinator(jgz.user, devries, jgz, chosen_with_family=False, how_chosen=HOW, mandate=MANDATE, start=DAY)
    assert set(err.value.problems) == {"chosen_with_family"}
    for field, kwargs in (("how_chosen", dict(how_chosen=" ", mandate=MANDATE)), ("mandate", dict(how_chosen=HOW, mandate=""))):
        with pytest.raises(CaseworkError) as err:
            plans.choose_coordinator(jgz.user, devries, jgz, chosen_with_family=True, start=DAY, **kwargs)
        assert set(err.value.problems) == {field}
    # A worker whose organisation is not involved cannot coordinate.
    with pytest.raises(CaseworkError) as err:
        plans.choose_coordinator(jgz.user, devries, staff["schuldhulp"], chosen_with_family=True, how_chosen=HOW, mandate=MANDATE, start=DAY)
    assert set(err.value.problems) == {"professional"}
    assert counts() == before

    # CT-5 expected (1)-(2), lines 842-843: one lead, the others become contributors.
    lead = plans.choose_coordinator(jgz.user, devries, jgz, chosen_with_family=True, how_chosen=HOW, mandate=MANDATE, start=DAY)
    assert (lead.professional, lead.chosen_with_family, lead.mandate) == (jgz, True, MANDATE)
    assert plans.current_coordinator(devries) == lead
    assert families.coordinator_conflict(devries, DAY) == []
    assert roles(devries) == {"jgz_zoetermeer": v.COORDINATOR_ROLE, "kwadraad": v.CONTRIBUTOR,
                              "bureau_basiszorg": v.CONTRIBUTOR, "cjg_meerpunt": v.CONTRIBUTOR}
    assert AccessLog.objects.filter(family_id=devries.pk, action=v.WRITE, detail__contains=jgz.name,
                                    organisation_name=jgz.organisation.name).exists()

    # a change of coordinator is recorded with its reason.
    # The coach cannot take the role over herself: the coordinator (or a JGZ colleague) records the change.
    with pytest.raises(NotPermitted):
        plans.choose_coordinator(coach.user, devries, coach, chosen_with_family=True, how_chosen=HOW, mandate=MANDATE,
                                 start=DAY + timedelta(days=30), change_reason="Kees wil liever de gezinscoach.")
    with pytest.raises(CaseworkError) as err:
        plans.choose_coordinator(jgz.user, devries, coach, chosen_with_family=True, how_chosen=HOW, mandate=MANDATE,
                                 start=DAY + timedelta(days=30))
    assert set(err.value.problems) == {"change_reason"}
    with pytest.raises(CaseworkError) as err:
        plans.choose_coordinator(jgz.user, devries, coach, chosen_with_family=True, how_chosen=HOW, mandate=MANDATE,
                                 start=DAY - timedelta(days=1), change_reason="Kees wil liever de gezinscoach.")
    assert set(err.value.problems) == {"start"}
    assert plans.current_coordinator(devries) == lead
    second = plans.choose_coordinator(jgz.user, devries, coach, chosen_with_family=True, how_chosen=HOW, mandate=MANDATE,
                                      start=DAY + timedelta(days=30), change_reason="Kees wil liever de gezinscoach.")
    lead.refresh_from_db()
    assert (lead.end, lead.end_reason) == (DAY + timedelta(days=30), "Kees wil liever de gezinscoach.")
    assert plans.current_coordinator(devries) == second
    assert CoordinatorAssignment.objects.filter(family=devries, end__isnull=True).count() == 1
    assert roles(devries)["kwadraad"] == v.COORDINATOR_ROLE and roles(devries)["jgz_zoetermeer"] == v.CONTRIBUTOR
    assert ggz.organisation.slug in roles(devries)


def test_escalation_goes_to_the_zorgregisseur_then_the_jeugdregisseur_and_no_further(devries, staff, counts):
    # CT-5 expected (3), line 844; R-12 line 1267; rulebook/municipalities/zoetermeer/casework.yaml.
    jgz = staff["jgz"]
    plans.choose_coordinator(jgz.user, devries, jgz, chosen_with_family=True, how_chosen=HOW, mandate=MANDATE, start=DAY)
    plan = plans.start_plan(jgz.user, devries, started_on=DAY - timedelta(days=20))
    plans.add_action(jgz.user, plan, plan.version, "Huisbezoek met Basiszorg", staff["ggz"].organisation, DAY - timedelta(days=5))
    # The stall criterion: an open action past its due date.
    assert [a.description for a in plans.overdue_actions(plan, DAY)] == ["Huisbezoek met Basiszorg"]
    assert plans.overdue_actions(plan, DAY - timedelta(days=5)) == []

    before = counts()
    with pytest.raises(CaseworkError) as err:
        plans.escalate(jgz.user, devries, "  ")
    assert set(err.value.problems) == {"reason"}
    assert counts() == before
    first = plans.escalate(jgz.user, devries, "Het huisbezoek is twee keer niet doorgegaan.")
    second = plans.escalate(jgz.user, devries, "Ook de zorgregisseur krijgt het niet los.")
    assert [(first.level, first.level_title), (second.level, second.level_title)] == [(1, "Zorgregisseur"), (2, "Jeugdregisseur")]
    before = counts()
    with pytest.raises(CaseworkError) as err:
        plans.escalate(jgz.user, devries, "Nog steeds niets.")
    assert set(err.value.problems) == {"level"}
    assert "highest" in err.value.messages("en")["level"] and err.value.messages("nl")["level"]
    assert counts() == before
    # Resolved at the top: the next stall starts again one above the open level.
    Escalation.objects.filter(pk=second.pk).update(resolved_on=DAY)
    assert plans.escalate(jgz.user, devries, "Weer vast.").level == 2


def test_the_plan_moves_again_the_escalation_is_closed_with_what_resolved_it(devries, staff, counts, client):
    jgz = staff["jgz"]
    plans.choose_coordinator(jgz.user, devries, jgz, chosen_with_family=True, how_chosen=HOW, mandate=MANDATE, start=DAY)
    plan = plans.start_plan(jgz.user, devries, started_on=DAY - timedelta(days=20))
    plans.add_action(jgz.user, plan, plan.version, "Huisbezoek met Basiszorg", staff["ggz"].organisation, DAY - timedelta(days=5))
    before = counts()
    with pytest.raises(CaseworkError) as err:  # nothing to close yet
        plans.resolve_escalations(jgz.user, devries, DAY, "Het loopt weer.")
    assert set(err.value.problems) == {"resolution"} and counts() == before
    plans.escalate(jgz.user, devries, "Het huisbezoek is twee keer niet doorgegaan.")
    plans.escalate(jgz.user, devries, "Ook de zorgregisseur krijgt het niet los.")
    with pytest.raises(CaseworkError) as err:
        plans.resolve_escalations(jgz.user, devries, DAY, "   ")
    assert set(err.value.problems) == {"resolution"}
    # Through the page: the coordinator closes both open levels with what resolved it (the family let JGZ see the plan).
    parent = devries.memberships.filter(role=v.PARENT).first().person
    consent.give(jgz.user, devries, organisation_id=jgz.organisation_id, category=v.PLAN, purpose=v.HELP, given_by=parent)
    client.force_login(jgz.user)
    page = client.get(f"/werkplek/gezinnen/{devries.pk}/").content.decode()
    assert "Escalatie afsluiten: het plan loopt weer" in page
    response = client.post(f"/werkplek/gezinnen/{devries.pk}/escaleren/afsluiten/", {"resolution": ""})
    assert response.status_code == 400 and "Wat bracht het plan weer op gang?" in response.content.decode()
    response = client.post(f"/werkplek/gezinnen/{devries.pk}/escaleren/afsluiten/",
                           {"resolution": "De jeugdregisseur regelde het huisbezoek met Basiszorg."})
    assert response.status_code == 302
    rows = list(Escalation.objects.filter(family=devries).order_by("level"))
    assert [(r.level, r.resolved_on, r.resolved_by_name) for r in rows] == [(1, DAY, jgz.name), (2, DAY, jgz.name)]
    assert {r.resolution for r in rows} == {"De jeugdregisseur regelde het huisbezoek met Basiszorg."}
    assert AccessLog.objects.filter(family_id=devries.pk, action=v.WRITE, detail__startswith="escalatie afgesloten").count() == 1
    page = client.get(f"/werkplek/gezinnen/{devries.pk}/").content.decode()
    assert "afgesloten door " + jgz.name in page and "Escalatie afsluiten: het plan loopt weer" not in page
    # The next stall starts at the bottom of the ladder again.
    assert plans.escalate(jgz.user, devries, "Weer vast.").level == 1


def test_groningen_has_no_ladder_and_says_so(staff, groningen):
    mjd = staff["mjd"]
    family = families.create_family(mjd.user, team_of(mjd), municipality=groningen, reference="G-T-0001", name="Gezin Selwerd",
                                    since=DAY - timedelta(days=10), help_kind="maatschappelijk werk", members=[
        dict(first_name="Anna", last_name="S", role=v.PARENT, start=DAY - timedelta(days=10), birth_date=date(1988, 4, 4))])
    before = Escalation.objects.count()
    with pytest.raises(CaseworkError) as err:
        plans.escalate(mjd.user, family, "Het plan loopt vast.")
    assert set(err.value.problems) == {"level"}
    assert "Groningen" in err.value.messages("nl")["level"] and "escalation ladder" in err.value.messages("en")["level"]
    assert Escalation.objects.count() == before
