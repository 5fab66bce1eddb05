"""Demo data of signals (called by meedoen.workspace.demo.load_demo after casework and reach).

Four signal partners in Zoetermeer: the demo housing corporation of the casework demo (Huur; its account is the
casework login ``woning``), and a demo energy supplier, water company and health insurer (Energie, Water, Zorg;
demo organisations without logins). Some hundreds of signals on households of the demo's synthetic register (its
newest load): the synthetic register has no BSNs, so its person ids stand in for the keyed person pseudonyms a
BRP-based register holds (``pseudonym(key, "person", bsn)``), and the signals carry them as the pseudonym. A few
signals come on name, birth date and address, some are crisis signals, some repeat an earlier amount (not picked
up), a few match nobody. Matching runs; a handful of cases get contact attempts and a few are closed.

Deterministic (seeded); dates relative to the demo's day (``casework.access.today``). Idempotent: when the demo
partner already has signals nothing is added.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from meedoen.casework import access
from meedoen.casework.demo import moment
from meedoen.municipalities.models import Municipality, Organisation
from meedoen.reach.models import RegisterAddress, RegisterHousehold, RegisterLoad, RegisterPerson

from . import outreach
from .matching import match
from .models import ContactAttempt, Signal, SignalCase, SignalMatch, SignalPartner

SEED = 2026
# organisation slug, name, DDAS partner type, reference prefix, (lowest, highest) amount in euros
PARTNERS = [
    ("woningcorporatie_demo", "Woningcorporatie Zoetermeer (demo)", "huur", "HUUR", (350, 2400)),
    ("energie_demo", "Energieleverancier (demo)", "energie", "ENE", (120, 900)),
    ("water_demo", "Drinkwaterbedrijf (demo)", "water", "WAT", (40, 260)),
    ("zorgverzekeraar_demo", "Zorgverzekeraar (demo)", "zorg", "ZVW", (90, 750)),
]
HOUSEHOLDS = 260        # register households with signals
NAME_ADDRESS = 12       # of which the signal comes on name, birth date and address
REPEATS = 30            # a second signal from the same partner a month later
UNMATCHED = 6
OUTREACH_USER = "schuldhulp"   # the municipal debt-help worker of the casework demo does the outreach


def _partners(municipality):
    found = []
    for slug, name, kind, prefix, amounts in PARTNERS:
        org, _ = Organisation.objects.get_or_create(municipality=municipality, slug=slug, defaults={"name": name})
        partner, _ = SignalPartner.objects.get_or_create(organisation=org, defaults={"partner_type": kind})
        found.append((partner, prefix, amounts))
    return found


def _signal(partner, reference, day, rng, amounts, crisis=False, amount=None, **who):
    max_days = 100 if partner.partner_type == "zorg" else 120
    cents = amount if amount is not None else (None if rng.random() < 0.05 else rng.randint(*amounts) * 100
                                                + rng.choice((0, 50)))
    return Signal(partner=partner, municipality_id=partner.organisation.municipality_id, partner_reference=reference,
                  partner_type=partner.partner_type, amount_cents=cents, signal_date=day,
                  arrears_start=day - timedelta(days=rng.randint(30, max_days)), crisis=crisis, **who)


def _signals(partners, load, today, rng):
    """The demo signals (unsaved), on households of ``load``."""
    ids = list(RegisterHousehold.objects.filter(load=load).order_by("position").values_list("household_id", flat=True))
    chosen = sorted(rng.sample(ids, min(HOUSEHOLDS, len(ids))))
    applicants = {p.household_id: p for p in RegisterPerson.objects.filter(
        load=load, household_id__in=chosen, role="applicant").order_by("household_id")}
    homes = {h.household_id: h.address_id for h in RegisterHousehold.objects.filter(load=load, household_id__in=chosen)}
    addresses = {a.address_id: a for a in RegisterAddress.objects.filter(load=load, address_id__in=homes.values())}
    counters = {p.pk: 0 for p, _, _ in partners}
    out = []

    def reference(partner, prefix):
        counters[partner.pk] += 1
        return f"{prefix}-DEMO-{counters[partner.pk]:05d}"

    with_name = set(rng.sample(chosen, min(NAME_ADDRESS, len(chosen))))
    repeats = set(rng.sample(chosen, min(REPEATS, len(chosen))))
    for household in chosen:
        person = applicants.get(household)
        if person is None:
            continue
        address = addresses.get(homes.get(household))
        if household in with_name and address and person.family_name and person.birth_date:
            who = {"surname": person.family_name, "birth_date": person.birth_date,
                   "postcode": (address.postcode or "").replace(" ", "").upper(), "house_number": address.house_number}
        else:
            who = {"person_pseudonym": person.person_id}
        weights = (0.45, 0.25, 0.12, 0.18)
        for partner, prefix, amounts in _pick(partners, weights, rng):
            day = today - timedelta(days=rng.randint(0, 45))
            crisis = partner.partner_type in ("huur", "energie", "water") and rng.random() < 0.07
            if household in repeats:
                earlier = _signal(partner, reference(partner, prefix), day - timedelta(days=30), rng, amounts, **who)
                out.append(earlier)
                same = earlier.amount_cents if earlier.amount_cents is not None else rng.randint(*amounts) * 100
                again = same if rng.random() < 0.7 else same + rng.randint(50, 300) * 100  # mostly not higher
                out.append(_signal(partner, reference(partner, prefix), day, rng, amounts, crisis=crisis, amount=again,
                                   **who))
                repeats.discard(household)
            else:
                out.append(_signal(partner, reference(partner, prefix), day, rng, amounts, crisis=crisis, **who))
    # signals that match nobody: a pseudonym the register does not have, or a name at a house number nobody lives at
    huur, prefix, amounts = partners[0]
    for n in range(UNMATCHED):
        day = today - timedelta(days=rng.randint(0, 30))
        if n % 2 == 0:
            who = {"person_pseudonym": f"{rng.getrandbits(128):032x}"}
        else:
            who = {"surname": rng.choice(("Verbeek", "Kok", "Bosman")), "birth_date": today - timedelta(days=365 * 40 + n),
                   "postcode": "2711ZZ", "house_number": 900 + n}
        out.append(_signal(huur, reference(huur, prefix), day, rng, amounts, **who))
    return out


def _pick(partners, weights, rng):
    """One partner, or two different ones for a quarter of the households."""
    first = rng.choices(partners, weights=weights)[0]
    if rng.random() >= 0.25:
        return [first]
    rest = [(p, w) for p, w in zip(partners, weights) if p is not first]
    return [first, rng.choices([p for p, _ in rest], weights=[w for _, w in rest])[0]]


def _outreach(municipality, today, rng):
    """Contact attempts on a handful of open cases, and a few of them closed with a result."""
    user = get_user_model().objects.filter(username=OUTREACH_USER).first()
    cases = list(SignalCase.objects.filter(municipality=municipality, closed_at__isnull=True).order_by("opened_on", "pk"))
    if not cases:
        return
    picked = rng.sample(cases, min(14, len(cases)))
    results = ["hulp_geaccepteerd", "hulp_geaccepteerd", "hulp_geaccepteerd", "geen_hulp_nodig", "niet_bereikt",
               "hulp_geweigerd"]
    for n, case in enumerate(picked):
        first = min(today, case.opened_on + timedelta(days=rng.randint(1, 5)))
        reached = n % 3 != 2
        outreach.record_attempt(case, user, {"kind": "brief", "reached": "nee", "date": first.isoformat(),
                                             "part_of_day": "ochtend"})
        if reached or n < len(results):
            second = min(today, first + timedelta(days=rng.randint(1, 7)))
            outreach.record_attempt(case, user, {"kind": rng.choice(("telefoon", "huisbezoek")),
                                                 "reached": "ja" if reached else "nee", "date": second.isoformat(),
                                                 "part_of_day": rng.choice(outreach.PARTS_OF_DAY)})
        if n < len(results):
            result = results[n] if reached or results[n] == "niet_bereikt" else "niet_bereikt"
            outreach.close_case(case, user, result)
            closed_on = min(today, case.opened_on + timedelta(days=rng.randint(10, 20)))
            SignalCase.objects.filter(pk=case.pk).update(closed_at=moment(closed_on, 15))  # on the demo's days


def _summary(municipality):
    matches = SignalMatch.objects.filter(signal__municipality=municipality)
    cases = SignalCase.objects.filter(municipality=municipality)
    return {"partners": SignalPartner.objects.filter(organisation__municipality=municipality).count(),
            "signals": Signal.objects.filter(municipality=municipality).count(),
            "matched": matches.exclude(method="").count(), "unmatched": matches.filter(method="").count(),
            "cases": cases.count(), "open": cases.filter(closed_at__isnull=True).count(),
            "closed": cases.filter(closed_at__isnull=False).count(),
            "attempts": ContactAttempt.objects.filter(case__municipality=municipality).count()}


@transaction.atomic
def load_signals_demo():
    """Idempotent; returns a short summary for the demo command's output."""
    municipality = Municipality.objects.get(slug="zoetermeer")
    partners = _partners(municipality)
    huur = partners[0][0]
    load = RegisterLoad.objects.filter(municipality=municipality).order_by("-loaded_at", "-pk").first()
    if load is None or Signal.objects.filter(partner=huur).exists():
        return _summary(municipality)
    today, rng = access.today(), random.Random(SEED)
    Signal.objects.bulk_create(_signals(partners, load, today, rng), batch_size=1000, ignore_conflicts=True)
    match(municipality)
    _outreach(municipality, today, rng)
    return _summary(municipality)
