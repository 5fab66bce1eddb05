"""Warm handover of a signal case into a family plan, with the family's consent, through casework's services.

One transaction: the casework Family of the register household (a new one from the register, or the one an earlier
case of the household was handed over to), the taking-over team's involvement, the family's consent for that team's
organisation to help with its money (category finances, purpose help), and the case's link to the family. Casework's
own rules apply (who may record a consent for which organisation; each write in the family's access log). Any problem:
nothing is written.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from meedoen.casework import access
from meedoen.casework import vocabulary as v
from meedoen.casework.errors import CaseworkError, NotPermitted
from meedoen.casework.models import Team
from meedoen.casework.services import consent as consents
from meedoen.casework.services import families
from meedoen.reach.models import RegisterPerson

from .models import SignalCase

HELP_KIND = "vroegsignalering: betalingsachterstanden"
REFERENCE = "VS-{household}"  # the family's case number: early signal ('vroegsignaal') and the register household
ROLE = {"applicant": v.PARENT, "partner": v.PARENT, "child": v.CHILD}  # else: other


class HandoverError(ValueError):
    """Bad input: ``errors`` maps each field to a message code (texts.py) or a {nl, en} message of casework."""

    def __init__(self, errors, forbidden=False):
        super().__init__(", ".join(errors))
        self.errors, self.forbidden = errors, forbidden


def teams_of(municipality):
    """The casework teams of the municipality's organisations."""
    return Team.objects.filter(organisation__municipality=municipality).select_related("organisation").order_by(
        "organisation__name", "name")


def check(case, data):
    """(team, consent day) from form ``data`` (consent=ja, consent_date YYYY-MM-DD, team), or HandoverError."""
    errors = {}
    if case.family_id is not None:
        raise HandoverError({"handover": "already_handed_over"})
    if case.closed_at is not None:
        raise HandoverError({"handover": "case_closed"})
    if data.get("consent") != "ja":
        errors["consent"] = "consent_required"
    day = None
    try:
        day = date.fromisoformat((data.get("consent_date") or "").strip())
        if day > access.today():
            errors["consent_date"] = "date_future"
    except ValueError:
        errors["consent_date"] = "date_invalid"
    raw = (data.get("team") or "").strip()
    team = teams_of(case.municipality).filter(pk=int(raw)).first() if raw.isdigit() else None
    if team is None:
        errors["team"] = "team_invalid"
    if errors:
        raise HandoverError(errors)
    return team, day


def _members(case, day):
    """casework.add_member arguments for the register household's persons (applicant and partner are parents)."""
    persons = RegisterPerson.objects.filter(load_id=case.load_id, household_id=case.household_id).order_by("id")
    members = []
    for p in persons:
        role = ROLE.get(p.role, v.OTHER)
        start = day if p.birth_date is None or p.birth_date <= day else p.birth_date
        members.append({"first_name": p.given_name or "", "last_name": p.family_name or "", "role": role,
                        "start": start, "birth_date": p.birth_date})
    return members


def _moment(day):
    """The consent's moment: now when it was given today, else noon of that day."""
    now = access.now()
    return now if day == now.date() else timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))


def hand_over(case, user, data):
    """Hand ``case`` over to a family plan; returns the Family. HandoverError (field -> code or message) on any problem."""
    team, day = check(case, data)
    earlier = (SignalCase.objects.filter(municipality_id=case.municipality_id, household_id=case.household_id,
                                         family__isnull=False).exclude(pk=case.pk).select_related("family").first())
    try:
        with transaction.atomic():
            locked = SignalCase.objects.select_for_update().get(pk=case.pk)
            if locked.family_id is not None:
                raise HandoverError({"handover": "already_handed_over"})
            if earlier is not None:
                family = earlier.family
                if not family.involvements.filter(team=team, until__isnull=True).exists():
                    families.register_involvement(user, family, team, since=day, help_kind=HELP_KIND)
            else:
                members = _members(case, day)
                if not any(m["role"] == v.PARENT for m in members):
                    raise HandoverError({"handover": "no_parent"})
                surname = next((m["last_name"] for m in members if m["role"] == v.PARENT and m["last_name"]), "")
                family = families.create_family(
                    user, team, municipality=case.municipality, reference=REFERENCE.format(household=case.household_id),
                    name=f"Gezin {surname}".strip() if surname else REFERENCE.format(household=case.household_id),
                    since=day, help_kind=HELP_KIND, members=members)
            parent = (family.memberships.filter(role=v.PARENT, start__lte=day).order_by("start", "id")
                      .select_related("person").first())
            if parent is None:
                raise HandoverError({"handover": "no_parent"})
            if not family.consents.filter(organisation=team.organisation, category=v.FINANCES, purpose=v.HELP,
                                          withdrawn_at__isnull=True).exists():
                consents.give(user, family, organisation_id=team.organisation_id, category=v.FINANCES, purpose=v.HELP,
                              given_by=parent.person, now=_moment(day))
            moment = timezone.now()
            SignalCase.objects.filter(pk=case.pk).update(family=family, handed_over_at=moment)
    except CaseworkError as exc:
        raise HandoverError({("team" if field == "organisation" else field): msg for field, msg in exc.problems.items()},
                            forbidden=isinstance(exc, NotPermitted)) from None
    case.family, case.handed_over_at = family, moment
    return family
