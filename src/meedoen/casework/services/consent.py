"""Consent per receiving organisation × data category × purpose: given and withdrawn by the family.

The family gives and withdraws it in its portal, or tells a professional, who records it. Who may record
(or withdraw) one for which organisation: the family itself, any; a professional, their own organisation;
the family's coordinator, who arranges the help with the family, any organisation; a referrer, while its
referral runs, the *handover* consent (category referrals) of the organisation it refers to (the family agrees
that its story goes along). So one
organisation cannot open another's access to help or take it away. Every change is in the access log the
family reads, and the portal shows who recorded each consent.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from meedoen.municipalities.models import Organisation

from .. import audit
from ..access import account_of, professional_of, today
from .. import vocabulary as v
from ..errors import NotPermitted, problem
from ..models import Consent, CoordinatorAssignment, Referral


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
    check_may_record(user, family.pk, organisation, purpose, category)
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
    locked = Consent.objects.select_for_update().select_related("organisation").get(pk=consent.pk)  # as it is now
    check_may_record(user, locked.family_id, locked.organisation, locked.purpose, locked.category)
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


def check_may_record(user, family_id, organisation, purpose, category):
    """The family; a professional for their own organisation; the referrer, the handover of the referral summary to the
    organisation it refers to (while that referral runs); the family's coordinator. Else NotPermitted."""
    account = account_of(user)
    if account is not None and account.family_id == family_id:
        return
    professional = professional_of(user)
    if professional is not None and (
            professional.organisation_id == organisation.pk
            or (purpose == v.HANDOVER and category == v.REFERRALS and Referral.objects.filter(
                family_id=family_id, from_organisation_id=professional.organisation_id, to_organisation=organisation,
                status__in=[v.REQUESTED, v.ACCEPTED, v.STARTED]).exists())
            or CoordinatorAssignment.objects.filter(family_id=family_id, professional=professional, end__isnull=True).exists()):
        return
    raise NotPermitted({"organisation": {
        "nl": f"U kunt een toestemming om te helpen alleen voor uw eigen organisatie vastleggen of intrekken, niet voor "
              f"{organisation.name}. Dat doet het gezin zelf (in Mijn gezin), een medewerker van die organisatie of de "
              "coördinator van het gezin. Verwijst u het gezin naar die organisatie, dan kunt u wel de toestemming voor de "
              "overdracht van de samenvatting vastleggen.",
        "en": f"You can record or withdraw a consent to help only for your own organisation, not for {organisation.name}. "
              "The family does that itself (in the family portal), or a worker of that organisation, or the family's "
              "coordinator. If you refer the family to that organisation, you can record the consent to hand over the summary."}})


def _is_family(user):
    return hasattr(user, "family_account")
