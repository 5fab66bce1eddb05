"""Families, their members over time, and who helps them (involvement, with mutual notification)."""

from django.db import transaction
from django.db.models import Q

from .. import audit
from .. import vocabulary as v
from ..access import today
from ..errors import CaseworkError, problem
from ..models import Family, Involvement, Membership, Notification, Person, Professional, Team


def lock_family(family):
    """Serialise changes that have no row of their own to lock yet (the first coordinator, the next escalation level).

    Inside a transaction: a second change of the same kind waits here until the first has committed, then sees it.
    """
    Family.objects.select_for_update().filter(pk=family.pk).values_list("pk", flat=True).first()


def check_period(start, end, field="end"):
    if start is None:
        raise problem("start", "Vul een begindatum in.", "Give a start date.")
    if end is not None and end < start:
        raise problem(field, f"De einddatum ({end:%d-%m-%Y}) ligt vóór de begindatum ({start:%d-%m-%Y}).",
                      f"The end date ({end:%Y-%m-%d}) is before the start date ({start:%Y-%m-%d}).")


@transaction.atomic
def create_family(user, team, *, municipality, reference, name, district="", since, help_kind, members=()):
    """A new family, seen through ``team`` (the creator's team) from ``since``. ``members``: dicts for add_member."""
    if Family.objects.filter(municipality=municipality, reference=reference).exists():
        raise problem("reference", f"Er is al een gezin met zaaknummer {reference} in {municipality.name}.",
                      f"There already is a family with case number {reference} in {municipality.name}.")
    if team.organisation.municipality_id != municipality.pk:
        raise problem("team", "Dit team werkt niet in deze gemeente.", "This team does not work in this municipality.")
    family = Family.objects.create(municipality=municipality, reference=reference, name=name, district=district, created_by=user)
    for member in members:
        add_member(user, family, **member)
    creator = Professional.objects.filter(user_id=user.pk, organisation_id=team.organisation_id).first()
    register_involvement(user, family, team, since=since, help_kind=help_kind, professional=creator)
    audit.log(user, family.pk, v.WRITE, v.BASIC, v.HELP, "gezin aangemaakt / family created")
    return family


@transaction.atomic
def add_member(user, family, *, first_name, last_name, role, start, end=None, birth_date=None,
               monthly_net_income_cents=None, statuses=None, school=None, person=None):
    """A person joins the family in ``role`` from ``start`` (until ``end``). An existing ``person`` may move in."""
    if role not in v.MEMBER_ROLES:
        raise problem("role", f"Onbekende rol {role!r}.", f"Unknown role {role!r}.")
    check_period(start, end)
    if birth_date is not None and birth_date > today():
        raise problem("birth_date", f"De geboortedatum ({birth_date:%d-%m-%Y}) ligt in de toekomst.",
                      f"The birth date ({birth_date:%Y-%m-%d}) is in the future.")
    if birth_date is not None and birth_date > start and role != v.CHILD:
        raise problem("birth_date", "De geboortedatum ligt na de begindatum.", "The birth date is after the start date.")
    if person is not None:  # moving in (again): not while a membership of this family still runs then
        overlapping = family.memberships.filter(person=person).filter(Q(end__isnull=True) | Q(end__gte=start))
        if end is not None:
            overlapping = overlapping.filter(start__lte=end)
        if overlapping.exists():
            raise problem("start", f"{person.full_name} hoort in die periode al bij dit gezin.",
                          f"{person.full_name} already belongs to this family in that period.")
    if person is None:
        person = Person.objects.create(first_name=first_name, last_name=last_name, birth_date=birth_date,
                                       monthly_net_income_cents=monthly_net_income_cents, statuses=statuses or {}, school=school)
    membership = Membership.objects.create(family=family, person=person, role=role, start=start, end=end)
    audit.log(user, family.pk, v.WRITE, v.BASIC, v.HELP, f"gezinslid toegevoegd / member added ({role})", person_id=person.pk)
    return membership


@transaction.atomic
def end_membership(user, membership, end):
    """The person leaves the family on ``end``."""
    check_period(membership.start, end)
    membership.end = end
    membership.save(update_fields=["end"])
    audit.log(user, membership.family_id, v.WRITE, v.BASIC, v.HELP, "gezinslid vertrokken / member left", person_id=membership.person_id)
    return membership


def members_on(family, day):
    """The active memberships of ``family`` on ``day`` with their persons (one query)."""

    return list(family.memberships.select_related("person").filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day)))


@transaction.atomic
def register_involvement(user, family, team, *, since, help_kind, professional=None, person=None, role=v.CONTRIBUTOR,
                         contact="", until=None):
    """``team`` helps ``family`` (or one member) from ``since``.

    When another organisation is already involved with the family (any member, siblings included),
    both are told of each other, without content, as the referral index does.
    """
    check_period(since, until, "until")
    if not isinstance(team, Team):
        raise problem("team", "Onbekend team.", "Unknown team.")
    if team.organisation.municipality_id != family.municipality_id:
        raise problem("team", "Dit team werkt niet in de gemeente van dit gezin.", "This team does not work in this family's municipality.")
    if person is not None and not family.memberships.filter(person=person).exists():
        raise problem("person", "Deze persoon hoort niet bij dit gezin.", "This person is not a member of this family.")
    if professional is not None and professional.organisation_id != team.organisation_id:
        raise problem("professional", "Deze medewerker werkt niet bij de organisatie van het team.",
                      "This worker does not work for the team's organisation.")

    others = (Involvement.objects.filter(family=family).filter(Q(until__isnull=True) | Q(until__gte=since))
              .exclude(organisation_id=team.organisation_id).select_related("organisation"))
    other_orgs = {inv.organisation_id: inv for inv in others}
    involvement = Involvement.objects.create(
        family=family, person=person, organisation=team.organisation, team=team, professional=professional,
        role=role, help_kind=help_kind, contact=contact or _contact(professional), since=since, until=until)
    new_contact = involvement.contact or team.organisation.name
    notes = []
    for other in other_orgs.values():
        other_contact = other.contact or other.organisation.name
        notes.append(Notification(
            organisation=other.organisation, family=family, kind="also_involved",
            text_nl=f"{team.organisation.name} helpt nu ook gezin {family.reference}. Contact: {new_contact}.",
            text_en=f"{team.organisation.name} now also helps family {family.reference}. Contact: {new_contact}."))
        notes.append(Notification(
            organisation=team.organisation, family=family, kind="also_involved",
            text_nl=f"{other.organisation.name} helpt gezin {family.reference} ook. Contact: {other_contact}.",
            text_en=f"{other.organisation.name} also helps family {family.reference}. Contact: {other_contact}."))
    Notification.objects.bulk_create(notes)
    audit.log(user, family.pk, v.WRITE, v.BASIC, v.HELP, f"betrokkenheid / involvement: {team.organisation.name}")
    return involvement


def _contact(professional):
    if professional is None:
        return ""
    return ", ".join(part for part in (professional.name, professional.phone, professional.email) if part)


@transaction.atomic
def end_involvement(user, involvement, until):
    check_period(involvement.since, until, "until")
    involvement.until = until
    involvement.save(update_fields=["until"])
    audit.log(user, involvement.family_id, v.WRITE, v.BASIC, v.HELP, f"betrokkenheid beëindigd / involvement ended: {involvement.organisation.name}")
    return involvement


def active_involvements(family, day):

    return (family.involvements.filter(since__lte=day).filter(Q(until__isnull=True) | Q(until__gte=day))
            .select_related("organisation", "team", "professional", "person"))


def coordinator_conflict(family, day):
    """R-10: more than one organisation acts as coordinator for the family: a lead must be chosen with the family."""
    coordinators = [inv for inv in active_involvements(family, day) if inv.role == v.COORDINATOR_ROLE]
    return coordinators if len({inv.organisation_id for inv in coordinators}) > 1 else []


__all__ = ["CaseworkError", "create_family", "add_member", "end_membership", "register_involvement", "end_involvement"]
