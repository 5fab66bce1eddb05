"""Every write of the proactive service: batches of offers or automatic grants from a run's non-users,
reviewed by a second civil servant (four eyes), marked sent; the opt-out list; and take-up after a batch.

Each write runs in one transaction and locks the row it changes (``select_for_update``), so a double or
stale click changes nothing and says why. Bad input raises :class:`ProactiveError` (a {nl, en} message
per field), a step the user may not take :class:`NotPermitted`, a batch that moved on :class:`Stale`.
"""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from meedoen.municipalities.rulebook import current_rulebook
from meedoen.rules.explain import format_date
from meedoen.workspace import roles

from .. import letters
from ..models import (GrantDecision, NonUser, Offer, OfferBatch, OptOut, ReachRun, RegisterHousehold, RegisterLoad,
                      RegisterPerson, RegisterSchemeUse)
from ..register.validate import parse_bsn

MAY_ACT = (roles.POLICY,)  # civil servants who make, review and send batches and keep the opt-out list
CHUNK = 2000
NOTE_MAX = 2000


class ProactiveError(Exception):
    """Bad input; ``problems`` maps a field name to a {nl, en} message. Nothing was written."""

    status = 400

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(f"{field}: {msg['en']}" for field, msg in problems.items()))

    def messages(self, lang="nl"):
        return {field: msg[lang if lang in msg else "en"] for field, msg in self.problems.items()}


class NotPermitted(ProactiveError):
    """The user may not take this step (no policy role; the creator reviewing their own batch)."""

    status = 403


class Stale(ProactiveError):
    """The batch or opt-out changed since the page was shown (already reviewed, sent, withdrawn)."""

    status = 409


def problem(field, nl, en, kind=ProactiveError):
    return kind({field: {"nl": nl, "en": en}})


def _require_role(user):
    if not roles.has_role(user, *MAY_ACT):
        raise problem("user", "Alleen medewerkers met de rol beleid kunnen dit doen.",
                      "Only staff with the policy role can do this.", NotPermitted)


def _who(user):
    return user.get_username() if user is not None else "?"


def _when(moment):
    day = timezone.localtime(moment).date()
    return format_date(day, "nl"), format_date(day, "en")


# --- What the rulebook allows -----------------------------------------------------------------------------------
def scheme_version(run, scheme_id, rulebook=None):
    """(scheme, version) of the run's municipality valid on the run's day, or (None, None)."""
    rules = (rulebook or current_rulebook()).municipality(run.municipality.slug)
    scheme = next((s for s in rules.schemes if s.id == scheme_id), None) if rules else None
    return (scheme, scheme.version_on(run.day)) if scheme else (None, None)


def modes_for(version):
    """The batch modes a scheme version allows: always an offer, an automatic grant only where the rulebook says so."""
    if version is None:
        return []
    return [OfferBatch.OFFER, OfferBatch.GRANT] if version.proactive.automatic else [OfferBatch.OFFER]


def _check_grant_allowed(run, version, rulebook):
    if not version.proactive.automatic:
        raise problem("mode", "Deze regeling kan niet zonder aanvraag worden toegekend: het regelboek zegt dat niet. "
                              "Maak een batch met aanbiedingen.",
                      "This scheme cannot be granted without an application: the rulebook does not say so. "
                      "Make a batch of offers.")
    if rulebook.hash != run.rulebook_hash:
        raise problem("run", "Het regelboek is veranderd sinds deze run. Een besluit moet op het regelboek van nu rusten: "
                             "doe eerst een nieuwe run.",
                      "The rulebook changed since this run. A decision must rest on the current rulebook: "
                      "do a new run first.")


# --- Opt-outs ------------------------------------------------------------------------------------------------------
def opted_out(municipality):
    """The identifiers (person or household ids of the register) on the municipality's opt-out list now."""
    return set(OptOut.objects.filter(municipality=municipality, withdrawn_at__isnull=True).values_list("identifier", flat=True))


def _is_out(identifiers, household_id, person_id):
    return household_id in identifiers or bool(person_id and person_id in identifiers)


def _honour_opt_outs(batch):
    """Planned offers whose household or person opted out since the batch was made: opted out. Returns how many."""
    out = opted_out(batch.run.municipality)
    if not out:
        return 0
    ids = list(batch.offers.filter(state=Offer.PLANNED).filter(
        Q(non_user__household_id__in=out) | Q(non_user__person_id__in=out)).values_list("id", flat=True))
    return Offer.objects.filter(id__in=ids).update(state=Offer.OPTED_OUT) if ids else 0


def _known(municipality, identifier):
    """True if a register load or a run of the municipality has this person or household id."""
    loads = RegisterLoad.objects.filter(municipality=municipality)
    return (RegisterHousehold.objects.filter(load__in=loads, household_id=identifier).exists()
            or RegisterPerson.objects.filter(load__in=loads, person_id=identifier).exists()
            or NonUser.objects.filter(run__municipality=municipality).filter(
                Q(household_id=identifier) | Q(person_id=identifier)).exists())


def add_opt_out(user, municipality, identifier, reason=""):
    """Put a person or household id on the list: no proactive letter or grant reaches it from now on."""
    _require_role(user)
    identifier, reason = (identifier or "").strip(), (reason or "").strip()
    if not identifier:
        raise problem("identifier", "Vul het nummer van de persoon of het huishouden in, zoals in het register.",
                      "Fill in the number of the person or household, as in the register.")
    if len(identifier) > 64 or any(ch.isspace() for ch in identifier):
        raise problem("identifier", "Dit is geen nummer uit het register: hoogstens 64 tekens, zonder spaties.",
                      "This is not a register number: at most 64 characters, no spaces.")
    if parse_bsn(identifier)[0] is not None:
        raise problem("identifier", "Dit lijkt een burgerservicenummer (BSN). Vul het nummer van de persoon of het huishouden "
                      "uit het register in, geen BSN.", "This looks like a citizen service number (BSN). Fill in the number "
                      "of the person or household in the register, not a BSN.")
    if not _known(municipality, identifier):
        raise problem("identifier", f"{identifier} staat niet in het register van {municipality.name} en niet in een "
                      "berekening: controleer het nummer.", f"{identifier} is not in {municipality.name}'s register nor in "
                      "a run: check the number.")
    if len(reason) > 300:
        raise problem("reason", "De reden is te lang: hoogstens 300 tekens.", "The reason is too long: at most 300 characters.")
    try:
        with transaction.atomic():
            return OptOut.objects.create(municipality=municipality, identifier=identifier, reason=reason, recorded_by=user)
    except IntegrityError:  # already on the list (the partial unique constraint)
        raise problem("identifier", f"{identifier} staat al op de lijst.", f"{identifier} is already on the list.") from None


def withdraw_opt_out(user, opt_out_id, now=None):
    """Take an id off the list again (the row stays, with the day it was withdrawn)."""
    _require_role(user)
    with transaction.atomic():
        row = OptOut.objects.select_for_update().filter(pk=opt_out_id).first()
        if row is None:
            raise problem("opt_out", "Deze afmelding bestaat niet.", "This opt-out does not exist.")
        if row.withdrawn_at is not None:
            nl, en = _when(row.withdrawn_at)
            raise problem("opt_out", f"Deze afmelding is al ingetrokken op {nl}.", f"This opt-out was already withdrawn on {en}.", Stale)
        row.withdrawn_at = now or timezone.now()
        row.save(update_fields=["withdrawn_at"])
        return row


# --- Batches ---------------------------------------------------------------------------------------------------------
def already_served(municipality, scheme, now=None):
    """Households a new batch for ``scheme`` must not serve again: granted it by an earlier batch, in a batch of
    another run that is still pending (draft or approved), or sent an offer for it in the last
    ``MEEDOEN_REACH_OFFER_REPEAT_DAYS`` days (a municipal choice, see docs/reach.md)."""
    now = now or timezone.now()
    days = getattr(settings, "MEEDOEN_REACH_OFFER_REPEAT_DAYS", 365)
    granted = GrantDecision.objects.filter(municipality=municipality, scheme=scheme, granted=True).values_list("household_id", flat=True)
    offered = Offer.objects.filter(batch__run__municipality=municipality, batch__scheme=scheme).filter(
        Q(batch__state__in=(OfferBatch.DRAFT, OfferBatch.APPROVED), state=Offer.PLANNED)
        | Q(batch__state=OfferBatch.SENT, state=Offer.SENT, batch__sent_at__gte=now - timedelta(days=days))
    ).values_list("non_user__household_id", flat=True)
    return set(granted) | set(offered)


def create_batch(user, run, scheme, mode, rulebook=None):
    """A draft batch of one run's non-users of ``scheme``; households or persons on the opt-out list are kept
    in the batch as ``opted_out``, households an earlier batch already served (:func:`already_served`) as
    ``served``: counted, never sent or granted. One live batch per run and scheme."""
    _require_role(user)
    rulebook = rulebook or current_rulebook()
    if mode not in dict(OfferBatch.MODES):
        raise problem("mode", "Kies: aanbieden of toekennen zonder aanvraag.", "Choose: offer or grant without application.")
    with transaction.atomic():
        run = ReachRun.objects.select_for_update().select_related("municipality").filter(pk=getattr(run, "pk", run)).first()
        if run is None:
            raise problem("run", "Deze run bestaat niet.", "This run does not exist.")
        if run.state != ReachRun.DONE:
            raise problem("run", "Deze run is nog niet klaar.", "This run is not finished.")
        _, version = scheme_version(run, scheme, rulebook)
        if version is None:
            raise problem("scheme", f"De regeling '{scheme}' staat niet in het regelboek van {run.municipality.name} op de dag van de run.",
                          f"The scheme '{scheme}' is not in {run.municipality.name}'s rulebook on the day of the run.")
        if mode == OfferBatch.GRANT:
            _check_grant_allowed(run, version, rulebook)
        live = OfferBatch.objects.filter(run=run, scheme=scheme).exclude(state=OfferBatch.REJECTED).first()
        if live is not None:
            raise problem("scheme", f"Er is al een batch voor deze regeling uit deze run (batch {live.pk}).",
                          f"There already is a batch for this scheme from this run (batch {live.pk}).", Stale)
        non_users = NonUser.objects.filter(run=run, scheme=scheme).order_by("id").values_list("id", "household_id", "person_id")
        if not non_users.exists():
            raise problem("scheme", "Deze run vond geen niet-gebruikers van deze regeling.", "This run found no non-users of this scheme.")
        batch = OfferBatch.objects.create(run=run, scheme=scheme, mode=mode, created_by=user)
        out = opted_out(run.municipality)
        served = already_served(run.municipality, scheme)
        rows = []
        for pk, household_id, person_id in non_users.iterator(chunk_size=CHUNK):
            state = (Offer.OPTED_OUT if _is_out(out, household_id, person_id)
                     else Offer.SERVED if household_id in served else Offer.PLANNED)
            rows.append(Offer(batch=batch, non_user_id=pk, state=state))
            if len(rows) >= CHUNK:
                Offer.objects.bulk_create(rows)
                rows = []
        Offer.objects.bulk_create(rows)
    return batch


def _locked(batch):
    found = OfferBatch.objects.select_for_update(of=("self",)).select_related("run", "run__municipality", "reviewed_by") \
        .filter(pk=getattr(batch, "pk", batch)).first()
    if found is None:
        raise problem("batch", "Deze batch bestaat niet.", "This batch does not exist.")
    return found


STATE_WORDS = {OfferBatch.APPROVED: ("goedgekeurd", "approved"), OfferBatch.REJECTED: ("afgewezen", "rejected"),
               OfferBatch.SENT: ("verzonden", "sent")}


def _already(batch):
    nl_state, en_state = STATE_WORDS[batch.state]
    nl, en = _when(batch.reviewed_at or batch.created_at)
    who = _who(batch.reviewed_by)
    return problem("batch", f"Deze batch is al {nl_state} (beoordeeld door {who} op {nl}). Er is niets veranderd.",
                   f"This batch was already {en_state} (reviewed by {who} on {en}). Nothing was changed.", Stale)


def review(user, batch, approve, note="", now=None, rulebook=None):
    """Approve or reject a draft batch: only someone else than its creator (four eyes; the database refuses it too).
    Approving automatic grants decides them: one GrantDecision per household, with the run's receipt."""
    _require_role(user)
    note = (note or "").strip()
    if not approve and not note:
        raise problem("note", "Schrijf kort waarom u de batch afwijst.", "Write briefly why you reject the batch.")
    if len(note) > NOTE_MAX:
        raise problem("note", f"De toelichting is te lang: hoogstens {NOTE_MAX} tekens.", f"The note is too long: at most {NOTE_MAX} characters.")
    now = now or timezone.now()
    with transaction.atomic():
        batch = _locked(batch)
        if batch.created_by_id == user.pk:
            raise problem("batch", "U heeft deze batch zelf gemaakt. Een andere medewerker moet hem beoordelen (vier ogen).",
                          "You made this batch yourself. Another member of staff must review it (four eyes).", NotPermitted)
        if batch.state != OfferBatch.DRAFT:
            raise _already(batch)
        batch.state = OfferBatch.APPROVED if approve else OfferBatch.REJECTED
        batch.reviewed_by, batch.reviewed_at, batch.review_note = user, now, note
        batch.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
        if approve and batch.mode == OfferBatch.GRANT:
            rulebook = rulebook or current_rulebook()
            scheme, version = scheme_version(batch.run, batch.scheme, rulebook)
            if version is None:
                raise problem("scheme", "Deze regeling staat niet meer in het regelboek.", "This scheme is no longer in the rulebook.")
            _check_grant_allowed(batch.run, version, rulebook)
            _honour_opt_outs(batch)
            _decide(batch, scheme, version, rulebook, user, now)
    return batch


def _decide(batch, scheme, version, rulebook, user, now):
    """One GrantDecision per planned household, with the run's receipt; the offers become ``granted``."""
    run = batch.run
    ground = letters.decision_ground(rulebook, run.municipality.slug, scheme, version, run.day, "nl")
    planned = batch.offers.filter(state=Offer.PLANNED).select_related("non_user").order_by("id")
    rows = []
    for offer in planned.iterator(chunk_size=CHUNK):
        nu = offer.non_user
        rows.append(GrantDecision(
            municipality=run.municipality, scheme=batch.scheme, household_id=nu.household_id, person_id=nu.person_id,
            granted=True, reason=ground, amount_cents=nu.amount_cents, day=run.day, rulebook_version=run.rulebook_version,
            rulebook_hash=run.rulebook_hash, engine_version=run.engine_version, batch=batch, decided_by=user))
        if len(rows) >= CHUNK:
            GrantDecision.objects.bulk_create(rows)
            rows = []
    GrantDecision.objects.bulk_create(rows)
    batch.offers.filter(state=Offer.PLANNED).update(state=Offer.GRANTED)


def mark_sent(user, batch, now=None):
    """The letters of an approved batch went out: offers become ``sent`` (opt-outs made since are honoured first)."""
    _require_role(user)
    with transaction.atomic():
        batch = _locked(batch)
        if batch.state == OfferBatch.SENT:
            nl, en = _when(batch.sent_at)
            raise problem("batch", f"Deze batch is al verzonden op {nl}.", f"This batch was already sent on {en}.", Stale)
        if batch.state == OfferBatch.REJECTED:
            raise problem("batch", "Deze batch is afgewezen en wordt niet verzonden.", "This batch was rejected and is not sent.", Stale)
        if batch.state != OfferBatch.APPROVED:
            raise problem("batch", "Deze batch is nog niet goedgekeurd door een tweede medewerker.",
                          "This batch has not been approved by a second member of staff yet.")
        if batch.mode == OfferBatch.OFFER:
            _honour_opt_outs(batch)
            batch.offers.filter(state=Offer.PLANNED).update(state=Offer.SENT)
        batch.state, batch.sent_at = OfferBatch.SENT, now or timezone.now()
        batch.save(update_fields=["state", "sent_at"])
    return batch


def counts(batch):
    """Offers of a batch per state (every state present, 0 where none)."""
    found = dict(batch.offers.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return {state: found.get(state, 0) for state, _ in Offer.STATES}


# --- Take-up -------------------------------------------------------------------------------------------------------
def later_run(batch):
    """The latest finished run of the municipality after the batch was sent (None if there is none yet)."""
    if batch.sent_at is None:
        return None
    sent_on = timezone.localtime(batch.sent_at).date()
    return ReachRun.objects.filter(municipality_id=batch.run.municipality_id, state=ReachRun.DONE, day__gt=batch.run.day,
                                   day__gte=sent_on).exclude(pk=batch.run_id).order_by("-day", "-created_at").first()


APPLICATION_FIELDS = {"municipality", "scheme", "household_id", "received_on", "offer", "decision"}


def application_model():
    """The applications app's Application model, when it is installed with the fields take-up reads."""
    try:
        model = apps.get_model("reach_applications", "Application")
    except LookupError:
        return None
    return model if APPLICATION_FIELDS <= {f.name for f in model._meta.get_fields()} else None


def _applications(batch, households):
    """(households that applied, of which granted): applications linked to the batch's offers, or for the scheme from
    a reached household received on or after the day the batch was sent."""
    model = application_model()
    if model is None or batch.sent_at is None:
        return None, None
    sent_on = timezone.localtime(batch.sent_at).date()
    rows = model.objects.filter(municipality_id=batch.run.municipality_id, scheme=batch.scheme).filter(
        Q(offer__batch=batch) | Q(household_id__in=households, received_on__gte=sent_on),
    ).values_list("offer__non_user__household_id", "household_id", "decision")
    applied = {linked or own for linked, own, _ in rows}
    granted = {linked or own for linked, own, decision in rows if decision == "granted"}
    return len(applied), len(granted)


def take_up(batch):
    """Of the households a sent batch reached: how many use the scheme now, per a later run and per applications
    (``applied``, ``applied_granted``: None when the applications app is not there).

    ``uses`` needs the later run's register (scheme_use on its day); without it, households no longer found as
    non-users are counted as ``no_longer_non_user`` (they use it now, or are no longer entitled: not told apart).
    """
    batch = OfferBatch.objects.select_related("run").get(pk=batch.pk)  # as it is now (sent_at)
    reached = Offer.objects.filter(batch=batch, state__in=(Offer.SENT, Offer.GRANTED))
    households = reached.values("non_user__household_id")
    result = {"reached": reached.count(), "later_run": None, "still_non_user": None, "no_longer_non_user": None,
              "uses": None, "applied": None, "applied_granted": None, "non_users_before": NonUser.objects.filter(run=batch.run, scheme=batch.scheme).count(),
              "non_users_after": None}
    later = later_run(batch)
    if later is not None:
        still = NonUser.objects.filter(run=later, scheme=batch.scheme, household_id__in=households).count()
        result.update(later_run=later, still_non_user=still, no_longer_non_user=result["reached"] - still,
                      non_users_after=NonUser.objects.filter(run=later, scheme=batch.scheme).count())
        if later.register_load_id:
            result["uses"] = RegisterSchemeUse.objects.filter(
                load_id=later.register_load_id, scheme=batch.scheme, household_id__in=households, since__lte=later.day,
            ).filter(Q(until__isnull=True) | Q(until__gte=later.day)).values("household_id").distinct().count()
    result["applied"], result["applied_granted"] = _applications(batch, households)
    return result
