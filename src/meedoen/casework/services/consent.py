"""Consent per receiving organisation × data category × purpose: given and withdrawn by the family."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from meedoen.municipalities.models import Organisation

from .. import audit
from ..access import today
from .. import vocabulary as v
from ..errors import problem
from ..models import Consent


@transaction.atomic
def give(user, family, *, organisation_id, category, purpose, given_by, now=None):
    """Record a consent. ``organisation_id`` must be an organisation of the family's municipality."""
    organisation = Organisation.objects.filter(pk=organisation_id, municipality_id=family.municipality_id).first() \
        if str(organisation_id).isdigit() else None
    if organisation is None:
        raise problem("organisation", f"Onbekende organisatie {organisation_id!r} in {family.municipality.name}.",
                      f"Unknown organisation {organisation_id!r} in {family.municipality.name}.")
    if category not in v.CATEGORIES:
        raise problem("category", f"Onbekend soort gegevens {category!r}.", f"Unknown data category {category!r}.")
    if purpose not in v.PURPOSES:
        raise problem("purpose", f"Onbekend doel {purpose!r}.", f"Unknown purpose {purpose!r}.")
    day = timezone.localdate(now) if now else today()  # a parent on the day the consent is given (membership is time-bounded)
    if not family.memberships.filter(person=given_by, role=v.PARENT, start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day)).exists():
        raise problem("given_by", "Toestemming wordt gegeven door een ouder of verzorger van het gezin.",
                      "Consent is given by a parent or carer of the family.")
    try:
        with transaction.atomic():
            consent = Consent.objects.create(family=family, organisation=organisation, category=category, purpose=purpose,
                                             given_by=given_by, given_at=now or timezone.now(), recorded_by_name=audit.actor(user)[0])
    except IntegrityError:
        raise problem("category", "Deze toestemming is al gegeven.", "This consent has already been given.") from None
    audit.log(user, family.pk, v.WRITE, "consent", "family" if _is_family(user) else v.HELP,
              f"toestemming gegeven / consent given: {organisation.name}, {category}, {purpose}")
    return consent


@transaction.atomic
def withdraw(user, consent, now=None):
    locked = Consent.objects.select_for_update().get(pk=consent.pk)  # the row as it is now, not as the caller last saw it
    if locked.withdrawn_at is not None:
        raise problem("consent", "Deze toestemming is al ingetrokken.", "This consent has already been withdrawn.")
    now = now or timezone.now()
    if now < locked.given_at:
        raise problem("withdrawn_at", "Een toestemming kan niet worden ingetrokken vóór ze gegeven is.",
                      "A consent cannot be withdrawn before it was given.")
    locked.withdrawn_at = now
    locked.withdrawn_by_name = audit.actor(user)[0]
    locked.save(update_fields=["withdrawn_at", "withdrawn_by_name"])
    consent.withdrawn_at, consent.withdrawn_by_name = locked.withdrawn_at, locked.withdrawn_by_name
    audit.log(user, consent.family_id, v.WRITE, "consent", "family" if _is_family(user) else v.HELP,
              f"toestemming ingetrokken / consent withdrawn: {consent.organisation.name}, {consent.category}, {consent.purpose}")
    return consent


def _is_family(user):
    return hasattr(user, "family_account")
