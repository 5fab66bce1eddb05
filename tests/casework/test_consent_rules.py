"""Who may record or withdraw a consent for which organisation, through the services, the pages and the API; and the
changes that have no row of their own to lock (the first coordinator, the next escalation level, the minutes) under
two connections at once."""

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from meedoen.casework import vocabulary as v
from meedoen.casework.errors import CaseworkError, NotPermitted
from meedoen.casework.models import CaseConference, Consent, CoordinatorAssignment, Escalation
from meedoen.casework.services import conferences, consent, families, plans, referrals

DAY = date(2026, 3, 1)


def at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def team_of(pro):
    return pro.teams.first()


def person(family, first_name):
    return family.memberships.get(person__first_name=first_name).person


def give(user, family, organisation, category=v.PLAN, purpose=v.HELP):
    return consent.give(user, family, organisation_id=organisation.pk, category=category, purpose=purpose,
                        given_by=person(family, "Ines"), now=at(DAY))


@pytest.fixture
def family(small_family, staff):
    """Gezin Test with the school involved too (Kwadraad's coach made it; nobody is its coordinator yet)."""
    school = staff["school"]
    families.register_involvement(school.user, small_family, team_of(school), since=DAY - timedelta(days=5),
                                  help_kind="zorg op school", professional=school)
    return small_family


def make_coordinator(family, pro):
    return plans.choose_coordinator(pro.user, family, pro, chosen_with_family=True, how_chosen="In het gesprek thuis.",
                                    mandate="Afspraken maken.", start=DAY - timedelta(days=3))


# --- the rule, in the services ------------------------------------------------------------------------------------
def test_a_professional_records_a_consent_to_help_for_their_own_organisation(family, staff):
    school = staff["school"]
    row = give(school.user, family, school.organisation)
    assert (row.organisation_id, row.recorded_by_name) == (school.organisation_id, school.name)


def test_not_for_another_organisation_and_nothing_is_written(family, staff, counts):
    school, shv = staff["school"], staff["schuldhulp"]
    before = counts()
    with pytest.raises(NotPermitted) as err:
        give(school.user, family, shv.organisation)
    assert set(err.value.problems) == {"organisation"}
    assert shv.organisation.name in err.value.messages("nl")["organisation"]
    assert "coördinator" in err.value.messages("nl")["organisation"]
    assert counts() == before


def test_a_referrer_records_the_handover_consent_of_the_organisation_it_refers_to(family, staff):
    school, shv = staff["school"], staff["schuldhulp"]
    with pytest.raises(NotPermitted):  # no referral from the school to the debt counsellors (yet)
        give(school.user, family, shv.organisation, category=v.REFERRALS, purpose=v.HANDOVER)
    referral = referrals.request(school.user, family, team_of(school), team_of(shv), help_kind="schuldhulp", reason="Schulden",
                                 summary="Huurachterstand", now=at(DAY, 9))
    with pytest.raises(NotPermitted):  # the handover is of the referral's summary, nothing else
        give(school.user, family, shv.organisation, category=v.PLAN, purpose=v.HANDOVER)
    row = give(school.user, family, shv.organisation, category=v.REFERRALS, purpose=v.HANDOVER)
    assert (row.organisation_id, row.purpose) == (shv.organisation_id, v.HANDOVER)
    consent.withdraw(school.user, row, now=at(DAY, 14))
    referrals.revoke(school.user, referral, "Niet meer nodig.", now=at(DAY, 15))
    with pytest.raises(NotPermitted):  # once the referral is revoked, the referrer has no say any more
        give(school.user, family, shv.organisation, category=v.REFERRALS, purpose=v.HANDOVER)


def test_the_coordinator_records_and_withdraws_for_any_organisation(family, staff):
    coach, shv = staff["professional"], staff["schuldhulp"]
    with pytest.raises(NotPermitted):
        give(coach.user, family, shv.organisation)  # not the coordinator yet
    make_coordinator(family, coach)
    row = give(coach.user, family, shv.organisation)
    consent.withdraw(coach.user, row, now=at(DAY, 14))
    assert Consent.objects.get(pk=row.pk).withdrawn_by_name == coach.name


def test_another_organisation_cannot_withdraw_a_consent_to_help(family, staff):
    coach, school = staff["professional"], staff["school"]
    kwadraad_plan = Consent.objects.get(family=family, organisation=coach.organisation, category=v.PLAN, purpose=v.HELP)
    with pytest.raises(NotPermitted):
        consent.withdraw(school.user, kwadraad_plan, now=at(DAY, 14))
    assert Consent.objects.get(pk=kwadraad_plan.pk).withdrawn_at is None
    consent.withdraw(coach.user, kwadraad_plan, now=at(DAY, 14))  # Kwadraad itself may (the family told it)
    assert Consent.objects.get(pk=kwadraad_plan.pk).withdrawn_at is not None


def test_a_former_coordinator_has_no_say_for_other_organisations(family, staff):
    coach, school, shv = staff["professional"], staff["school"], staff["schuldhulp"]
    make_coordinator(family, coach)
    plans.choose_coordinator(coach.user, family, school, chosen_with_family=True, how_chosen="Ines koos de school.",
                             mandate="Afspraken maken.", start=DAY - timedelta(days=1), change_reason="Ines wil het zo.")
    with pytest.raises(NotPermitted):
        give(coach.user, family, shv.organisation)
    give(school.user, family, shv.organisation)


def test_another_helper_cannot_make_themselves_coordinator(family, staff, counts):
    coach, school = staff["professional"], staff["school"]
    make_coordinator(family, coach)
    before = counts()
    with pytest.raises(NotPermitted) as err:
        plans.choose_coordinator(school.user, family, school, chosen_with_family=True, how_chosen="Zelf gekozen.",
                                 mandate="Alles.", start=DAY - timedelta(days=1), change_reason="Ik wil het.")
    assert set(err.value.problems) == {"professional"} and coach.name in err.value.messages("nl")["professional"]
    assert counts() == before
    give(school.user, family, school.organisation)  # the school may read the plan: the refusal is about the role
    client = Client()
    client.force_login(school.user)
    response = client.post(reverse("casework:coordinator", args=[family.pk]), {
        "professional": school.pk, "chosen_with_family": "1", "how_chosen": "Zelf.", "mandate": "Alles.",
        "start": (DAY - timedelta(days=1)).isoformat(), "change_reason": "Ik wil het."})
    assert response.status_code == 403 and coach.name in response.content.decode()
    assert CoordinatorAssignment.objects.get(family=family, end__isnull=True).professional_id == coach.pk


def test_the_coordinator_must_help_the_family_on_the_start_date(family, staff):
    shv = staff["schuldhulp"]  # debt counselling is not involved with this family
    with pytest.raises(CaseworkError) as err:
        make_coordinator(family, shv)
    assert set(err.value.problems) == {"professional"}


# --- the same rule through the pages and the API --------------------------------------------------------------------
def test_the_consent_form_answers_403_with_the_reason(family, staff, counts):
    school, shv = staff["school"], staff["schuldhulp"]
    client = Client()
    client.force_login(school.user)
    before = counts()
    response = client.post(reverse("casework:consent_give", args=[family.pk]), {
        "organisation": shv.organisation_id, "category": v.PLAN, "purpose": v.HELP, "given_by": person(family, "Ines").pk})
    assert response.status_code == 403
    assert "alleen voor uw eigen organisatie" in response.content.decode()
    assert {k: n for k, n in counts().items() if k != "casework.AccessLog"} == \
        {k: n for k, n in before.items() if k != "casework.AccessLog"}


def test_the_api_answers_403_for_another_organisation_and_201_for_the_referrers_handover(family, staff):
    school, shv = staff["school"], staff["schuldhulp"]
    api = APIClient()
    api.force_authenticate(school.user)
    url = f"/api/v1/families/{family.pk}/consents/"
    body = {"organisation": shv.organisation_id, "category": v.PLAN, "purpose": v.HELP, "given_by": person(family, "Ines").pk}
    refused = api.post(url, body, format="json")
    assert refused.status_code == 403, refused.content
    assert refused["Content-Type"].startswith("application/problem+json")
    assert "only for your own organisation" in refused.json()["detail"]
    assert not Consent.objects.filter(family=family, organisation=shv.organisation).exists()
    referrals.request(school.user, family, team_of(school), team_of(shv), help_kind="schuldhulp", reason="Schulden",
                      summary="Huurachterstand", now=at(DAY, 9))
    given = api.post(url, {**body, "category": v.REFERRALS, "purpose": v.HANDOVER}, format="json")
    assert given.status_code == 201, given.content
    kwadraad = Consent.objects.get(family=family, organisation=staff["professional"].organisation, category=v.PLAN)
    withdraw = api.post(f"/api/v1/consents/{kwadraad.pk}/withdraw/")
    assert withdraw.status_code == 403
    assert Consent.objects.get(pk=kwadraad.pk).withdrawn_at is None


# --- changes without a row of their own, from two connections at once ----------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_two_first_coordinator_choices_at_once_give_one_coordinator_and_a_message(plan_in_committed_data, race):
    family, staff = plan_in_committed_data["family"], plan_in_committed_data["staff"]
    coach = staff["professional"]

    def choose():
        return plans.choose_coordinator(coach.user, family, coach, chosen_with_family=True, how_chosen="Samen gekozen.",
                                        mandate="Afspraken maken.", start=DAY)
    first, second = race(choose, choose)
    assert "error" not in first, first
    assert isinstance(second.get("error"), CaseworkError), second  # not an IntegrityError (a 500)
    assert set(second["error"].problems) == {"change_reason"}
    assert CoordinatorAssignment.objects.filter(family=family, end__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_escalations_at_once_go_up_two_levels(plan_in_committed_data, race):
    family, coach = plan_in_committed_data["family"], plan_in_committed_data["staff"]["professional"]
    first, second = race(lambda: plans.escalate(coach.user, family, "Vastgelopen"),
                         lambda: plans.escalate(coach.user, family, "Nog steeds vast"))
    assert "error" not in first and "error" not in second, (first, second)
    assert sorted(Escalation.objects.filter(family=family).values_list("level", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_the_minutes_at_once_the_second_is_told(plan_in_committed_data, race):
    family, coach = plan_in_committed_data["family"], plan_in_committed_data["staff"]["professional"]
    conference = conferences.schedule(coach.user, family, scheduled_at=at(DAY - timedelta(days=1)), location="Kwadraad",
                                      agenda="Hoe gaat het?")

    def save(text):
        return lambda: conferences.record_outcome(coach.user, CaseConference.objects.get(pk=conference.pk), minutes=text,
                                                  decisions=[], plan_version=0)
    first, second = race(save("Verslag van A"), save("Verslag van B"))
    assert "error" not in first, first
    assert isinstance(second.get("error"), CaseworkError) and set(second["error"].problems) == {"status"}, second
    assert CaseConference.objects.get(pk=conference.pk).minutes == "Verslag van A"


# --- the coordinator's export spans every family of the person -----------------------------------------------------
def test_the_export_needs_every_family_of_the_person_readable_in_full(family, staff, zoetermeer_family_of_shv):
    coach = staff["professional"]
    make_coordinator(family, coach)
    ines = person(family, "Ines")
    client, api = Client(), APIClient()
    client.force_login(coach.user)
    api.force_authenticate(coach.user)
    page_url = reverse("casework:person_export", args=[family.pk, ines.pk])
    assert client.get(page_url).status_code == 200  # Kwadraad has every consent of Gezin Test
    assert api.get(f"/api/v1/persons/{ines.pk}/export/").status_code == 200
    # Ines also lives in a family that Kwadraad does not help: the export would carry that family's data too.
    families.add_member(staff["schuldhulp"].user, zoetermeer_family_of_shv, first_name="", last_name="", role=v.PARENT,
                        start=DAY - timedelta(days=3), person=ines)
    refused = client.get(page_url)
    assert refused.status_code == 403 and "Mijn gezin" in refused.content.decode()
    assert api.get(f"/api/v1/persons/{ines.pk}/export/").status_code == 403


@pytest.fixture
def zoetermeer_family_of_shv(staff, family):
    shv = staff["schuldhulp"]
    return families.create_family(shv.user, team_of(shv), municipality=family.municipality, reference="Z-T-0300",
                                  name="Gezin Elders", since=DAY - timedelta(days=10), help_kind="schuldhulp")
