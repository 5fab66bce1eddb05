"""The synthetic casework generator (benchmarks/casework.py) at small scale: deterministic for a seed,
the stated sizes, and the rules the services enforce."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Q

from meedoen.casework import access
from meedoen.casework import vocabulary as v
from meedoen.casework.generate import generate, plus_years
from meedoen.casework.models import (AccessLog, Consent, CoordinatorAssignment, Family, Involvement, Membership, Professional,
                                     Referral, Team, TeamMembership)

DAY = date(2026, 3, 1)
FAMILIES = 200


@pytest.fixture
def municipalities(db, monkeypatch):
    from meedoen.municipalities.rulebook import sync_municipalities

    monkeypatch.setenv("MEEDOEN_CHECK_DATE", DAY.isoformat())
    sync_municipalities()


def fingerprint():
    """Everything generated, without database ids (which depend on what was in the tables before)."""
    families = {f.pk: f.reference for f in Family.objects.all()}
    return {
        "families": sorted(Family.objects.values_list("reference", "name", "district", "assets_cents", "housing_costs_cents",
                                                      "fixed_costs_cents", "municipality__slug", "created_by__username")),
        "members": sorted((families[m.family_id], m.person.first_name, m.person.last_name, m.person.birth_date, m.role, m.start, m.end,
                           str(m.person.monthly_net_income_cents), str(m.person.school))
                          for m in Membership.objects.select_related("person")),
        "involvements": sorted((families[i.family_id], i.team.name, i.organisation.slug, i.role, i.since, i.until,
                                i.professional.user.username if i.professional else "")
                               for i in Involvement.objects.select_related("team", "organisation", "professional__user")),
        "consents": sorted((families[c.family_id], c.organisation.slug, c.category, c.purpose, c.given_at, c.withdrawn_at)
                           for c in Consent.objects.select_related("organisation")),
        "referrals": sorted((families[r.family_id], r.status, r.requested_at, r.to_team.name) for r in Referral.objects.select_related("to_team")),
        "log": sorted((families[row.family_id], row.at, row.action, row.category) for row in AccessLog.objects.all()),
        "staff": sorted(TeamMembership.objects.values_list("team__name", "professional__user__username", "since", "until")),
    }


class Rollback(Exception):
    pass


def generated_fingerprint(seed):
    try:
        with transaction.atomic():
            counts = generate(FAMILIES, seed=seed, day=DAY)
            result = fingerprint()
            raise Rollback
    except Rollback:
        return counts, result


def test_deterministic_for_a_seed_and_different_for_another(municipalities):
    counts, first = generated_fingerprint(3)
    _, again = generated_fingerprint(3)
    _, other = generated_fingerprint(4)
    assert first == again
    assert first["families"] != other["families"] and first["members"] != other["members"]
    assert counts["families"] == FAMILIES and len(first["families"]) == FAMILIES


def test_stated_counts(municipalities):
    counts = generate(FAMILIES, seed=1, day=DAY)
    assert counts["families"] == Family.objects.count() == FAMILIES
    assert counts["professionals"] == Professional.objects.count() == 500
    assert Team.objects.count() == 60
    assert Team.objects.values("organisation").distinct().count() == 25
    assert 3.6 * FAMILIES <= counts["persons"] <= 4.6 * FAMILIES  # ~200,000 persons for 50,000 families
    assert AccessLog.objects.count() == 5 * FAMILIES
    per_family = Involvement.objects.values("family").annotate(n=Count("team", distinct=True)).values_list("n", flat=True)
    assert set(per_family) <= {1, 2, 3, 4} and len(set(per_family)) == 4
    assert set(Referral.objects.values_list("status", flat=True)) == set(v.REFERRAL_STATUSES)
    assert 0.75 * FAMILIES <= Family.objects.filter(plan__isnull=False).count() <= 0.95 * FAMILIES
    # Every team has active members; memberships that ended and that start later exist.
    assert not Team.objects.exclude(memberships__until__isnull=True).exists()
    assert Membership.objects.filter(end__isnull=False).exists() and Membership.objects.filter(start__gt=DAY).exists()
    assert Consent.objects.filter(withdrawn_at__isnull=False).exists()


def test_data_rules(municipalities):
    generate(FAMILIES, seed=2, day=DAY)
    # Memberships: end >= start; adults are 18 when they join; children are born after their parents turned 18.
    assert not Membership.objects.filter(end__lt=F("start")).exists()
    for m in Membership.objects.select_related("person").exclude(role=v.CHILD):
        assert m.start >= plus_years(m.person.birth_date, 18), m
    for m in Membership.objects.filter(role=v.CHILD, end__isnull=True).select_related("person"):
        assert m.start >= m.person.birth_date
    # At most one open coordinator per family, and they work in a team that is involved.
    open_per_family = CoordinatorAssignment.objects.filter(end__isnull=True).values("family").annotate(n=Count("id"))
    assert max(row["n"] for row in open_per_family) == 1
    for c in CoordinatorAssignment.objects.filter(end__isnull=True):
        assert Involvement.objects.filter(family_id=c.family_id, until__isnull=True, team__memberships__professional=c.professional).exists()
    assert not CoordinatorAssignment.objects.filter(end__lt=F("start")).exists()
    # Consents and involvements only for organisations of the family's municipality.
    assert not Consent.objects.exclude(organisation__municipality=F("family__municipality")).exists()
    assert not Involvement.objects.exclude(team__organisation__municipality=F("family__municipality")).exists()
    assert not Involvement.objects.exclude(organisation=F("team__organisation")).exists()
    # Referrals go to another organisation and are answered before they expire.
    assert not Referral.objects.filter(from_organisation=F("to_organisation")).exists()
    assert not Referral.objects.filter(answered_at__gt=F("expires_at")).exists()
    assert not Referral.objects.filter(Q(status=v.REQUESTED) & Q(expires_at__lt=F("requested_at"))).exists()
    # Every family is visible to at least one professional through the access rules.
    seen = set()
    for pro in Professional.objects.select_related("user"):
        seen.update(access.visible_families(pro.user, DAY).values_list("pk", flat=True))
    assert seen == set(Family.objects.values_list("pk", flat=True))


def test_command_refuses_a_database_with_families_outside_demo_mode(municipalities, monkeypatch, settings):
    call_command("generate_casework", "--families", "20", "--seed", "5", "--date", DAY.isoformat(), stdout=open("/dev/null", "w"))
    assert Family.objects.count() == 20
    monkeypatch.delenv("MEEDOEN_DEMO", raising=False)
    monkeypatch.delenv("MEEDOEN_BENCH", raising=False)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="already holds families"):
        call_command("generate_casework", "--families", "20", "--seed", "6")
    assert Family.objects.count() == 20
