"""The scheme check on a signal case: the schemes the household is probably entitled to and does not use.

The household comes from the register load the case points to (``reach.letters.register_households``, the same
conversion the proactive letters use), plus what the signals tell: the arrears as the household's debts. The engine
(``meedoen.rules.evaluate``) decides against the municipality's current rulebook; no rule or amount is written here.

The debts are the sum of the latest known amount per partner: what the signals show at least. Other debts are not
known from the signals, so the figure is a lower bound (the page says so); when no amount is known it stays unknown.
"""

from collections import Counter


from meedoen.casework import access
from meedoen.municipalities.rulebook import current_rulebook
from meedoen.reach.letters import register_households
from meedoen.reach.models import RegisterPerson, RegisterSchemeUse
from meedoen.rules.errors import InputError
from meedoen.rules.evaluate import evaluate

ELIGIBLE, UNDETERMINED = "eligible", "undetermined"


def signalled_debts(signals):
    """The latest known amount per partner, summed; None when no amount is known (unknown is not zero)."""
    latest = {}
    for s in sorted(signals, key=lambda s: (s.signal_date, s.pk)):
        if s.amount_cents is not None:
            latest[s.partner_id] = s.amount_cents
    return sum(latest.values()) if latest else None


def _readable_ids(load_id, household):
    """Member ids by given name (role and number when missing or shared): the engine names members by their id."""
    names = dict(RegisterPerson.objects.filter(load_id=load_id, person_id__in=[m["id"] for m in household["members"]])
                 .values_list("person_id", "given_name"))
    wanted = [(names.get(m["id"]) or "").strip() or m["role"] for m in household["members"]]
    count, seen = Counter(wanted), Counter()
    for member, name in zip(household["members"], wanted):
        seen[name] += 1
        member["id"] = f"{name} {seen[name]}" if count[name] > 1 else name


def engine_household(case, signals, day):
    """The case's register household on ``day`` in the engine's format, with the signalled debts; None if not found."""
    household = register_households(case.load_id, [case.household_id], day).get(case.household_id)
    if household is None:
        return None
    household = {"id": case.household_id, **household}
    if household.get("district") is None:
        household.pop("district", None)
    _readable_ids(case.load_id, household)
    debts = signalled_debts(signals)
    if debts is not None:
        household["debts_cents"] = debts
    return household


def used_schemes(case, day):
    """The scheme ids the register says the household uses on ``day``."""
    rows = RegisterSchemeUse.objects.filter(load_id=case.load_id, household_id=case.household_id, since__lte=day)
    return {scheme for scheme, until in rows.values_list("scheme", "until") if until is None or until >= day}


def check(case, signals, day=None, rulebook=None):
    """{'unused', 'undetermined', 'problems', 'debts_cents', 'receipt'} for ``case``.

    ``unused``: eligible schemes not in use, each the engine's scheme result; ``undetermined``: the same for schemes
    the engine cannot decide yet, each with ``needs_labels`` (the facts still needed, {nl, en}). ``problems``: why
    there is no check ({nl, en} each).
    """
    day = day or access.today()
    household = engine_household(case, signals, day)
    empty = {"unused": [], "undetermined": [], "debts_cents": None, "receipt": None}
    if household is None:
        return {**empty, "problems": [{"nl": "Het huishouden staat niet (meer) in het register van deze zaak.",
                                       "en": "The household is not (or no longer) in this case's register."}]}
    if not any(m["role"] == "applicant" for m in household["members"]):
        return {**empty, "problems": [{"nl": "Het huishouden heeft in het register geen aanvrager.",
                                       "en": "The household has no applicant in the register."}]}
    try:
        result = evaluate(rulebook or current_rulebook(), household, day, municipality=case.municipality.slug)
    except InputError as exc:
        return {**empty, "problems": [{"nl": str(p), "en": str(p)} for p in getattr(exc, "problems", [exc])]}
    used = used_schemes(case, day)
    labels = {f["fact"]: f["label"] for f in result["facts_needed"]}
    unused, undetermined = [], []
    for scheme in result["schemes"]:
        if scheme["id"] in used:
            continue
        if scheme["status"] == ELIGIBLE:
            unused.append(scheme)
        elif scheme["status"] == UNDETERMINED:
            undetermined.append({**scheme, "needs_labels": [labels[f] for f in scheme["needs"] if f in labels]})
    return {"unused": unused, "undetermined": undetermined, "problems": [], "debts_cents": household.get("debts_cents"),
            "receipt": result["receipt"]}
