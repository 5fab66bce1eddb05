"""The API's use of the engine: household problems as JSON paths of the request, one check, a batch.

Names in problems are JSON paths in the request body: ``household.members[0].birth_date`` for
``POST /check/``, ``households[3].members[0].birth_date`` for ``POST /check/batch/``.
"""

import time

from django.core.cache import cache

from meedoen import __version__
from meedoen.municipalities.models import Municipality
from meedoen.rules.bulk import evaluate_frames, frames_from_households
from meedoen.rules.errors import HouseholdError
from meedoen.rules.evaluate import check_date, evaluate
from meedoen.rules.household import build_household, household_problems
from meedoen.rules.loader import path_text

from .openapi import MAX_INTEGER


def at(prefix, where):
    """The engine's JSON path (``members[0].birth_date``, ``(top)``) under ``prefix``."""
    if where in ("", "(top)"):
        return prefix
    return f"{prefix}{where}" if where.startswith("[") else f"{prefix}.{where}"


def big_integers(node, path=()):
    """(path, value) of every integer beyond +-(2^53 - 1): not interoperable JSON (RFC 7493)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from big_integers(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from big_integers(value, (*path, index))
    elif isinstance(node, int) and not isinstance(node, bool) and abs(node) > MAX_INTEGER:
        yield path, node


def household_input_problems(data, day=None):
    """[(engine path, reason)] for one household from the request, empty if it is valid."""
    problems = [(path_text(list(path)), f"{value} is larger than the largest integer allowed ({MAX_INTEGER})")
                for path, value in big_integers(data)]
    problems += [(p.where, p.what) for p in household_problems(data, day)]
    return problems


def inactive_municipalities():
    """Slugs switched off on this platform; cached for 30 s so a check costs no query."""
    return cache.get_or_set("meedoen:inactive-municipalities",
                            lambda: set(Municipality.objects.filter(active=False).values_list("slug", flat=True)), 30)


def resolve(rulebook, key, name):
    """The rulebook municipality for ``key`` (id or CBS code), or [(name, reason)]."""
    found = rulebook.municipality(key)
    if found is None:
        known = ", ".join(f"{m.id} ({m.cbs_code})" for m in rulebook.municipalities.values())
        return None, [(name, f"unknown municipality {key!r}; known: {known}")]
    if found.id in inactive_municipalities():
        return None, [(name, f"municipality {key!r} is not active on this platform")]
    return found, []


def date_problems(rulebook, municipality, day):
    """[("date", reason)] when ``day`` is outside the periods of the national norms or of ``municipality``."""
    first, last = rulebook.covered
    if municipality is None:
        if first <= day <= last and rulebook.parameters_on(day) is not None:
            return []
        return [("date", f"{day} is outside every validity period of the national norms ({first} to {last})")]
    try:
        check_date(rulebook, municipality, day)
    except HouseholdError as exc:
        return [("date", p.what) for p in exc.problems]
    return []


def check_deadline():
    """The ``time.monotonic()`` moment one check must be done by (settings.CHECK_BUDGET_SECONDS from now)."""
    from django.conf import settings

    return time.monotonic() + settings.CHECK_BUDGET_SECONDS


def check_one(rulebook, household, day, override=None):
    """(result, problems): the evaluate() result, or every problem found as [(name, reason)]."""
    problems = [(at("household", where), what) for where, what in household_input_problems(household, day)]
    muni = None
    if override is not None:
        muni, found = resolve(rulebook, override, "municipality")
        problems += found
    elif isinstance(household, dict) and isinstance(household.get("municipality"), str) and household["municipality"]:
        muni, found = resolve(rulebook, household["municipality"], "household.municipality")
        problems += found
    problems += date_problems(rulebook, muni, day)
    if problems:
        return None, problems
    try:
        return evaluate(rulebook, build_household(household), day, municipality=muni.id,
                        deadline=check_deadline()), []
    except HouseholdError as exc:  # the checks above should have found everything; still, never a 500
        return None, [(at("household", p.where), p.what) for p in exc.problems]


def _token(index):
    return f"\x00{index}"


def split_households(households, day):
    """Check each household once: (households table, members table, {index: [(name, reason)]}).

    ``frames_from_households`` checks the households itself, leaves the invalid ones out and reports
    their problems under a label (the household id). So that each household is checked only once and
    ids may be missing or repeated, a household whose id is a string or absent is given a positional
    id while it is evaluated (any other household is invalid anyway: an id must be a string).
    """
    invalid, labelled, labels = {}, [], []
    for index, data in enumerate(households):
        name = f"households[{index}]"
        if list(big_integers(data)):  # would overflow the 64-bit columns: left out here
            invalid[index] = [(at(name, where), what) for where, what in household_input_problems(data, day)]
            continue
        if isinstance(data, dict) and isinstance(data.get("id", ""), str):
            data = {**data, "id": _token(index)}
            label = _token(index)
        elif isinstance(data, dict):
            label = str(data["id"])
        else:
            label = f"#{len(labelled) + 1}"
        labelled.append(data)
        labels.append((index, label))
    households_frame, members_frame, problems = frames_from_households(labelled, on=day)
    # The problems come in household order, each as "household <label>: <path>".
    position = 0
    for problem in problems:
        while not problem.where.startswith(f"household {labels[position][1]}: "):
            position += 1
        index, label = labels[position]
        where = problem.where[len(f"household {label}: "):]
        invalid.setdefault(index, []).append((at(f"households[{index}]", where), problem.what))
    return households_frame, members_frame, invalid


def check_batch(rulebook, households, day, municipality_key):
    """(response dict, problems): the batch result, or request-level problems as [(name, reason)]."""
    muni, problems = resolve(rulebook, municipality_key, "municipality")
    problems += date_problems(rulebook, muni, day)
    if problems:
        return None, problems
    hframe, mframe, invalid = split_households(households, day)
    schemes = [scheme.id for scheme, _ in muni.schemes_on(day)]
    table = evaluate_frames(rulebook, muni, hframe, mframe, day)
    results = []
    columns = {sid: (table[f"{sid}__status"].cast(str).to_list(), table[f"{sid}__amount_cents"].to_list())
               for sid in schemes}
    for row, token in enumerate(table["household_id"].to_list()):
        index = int(token[1:])
        own = households[index].get("id")
        results.append({
            "index": index,
            "id": own,
            "schemes": {sid: {"status": statuses[row], "amount_cents": amounts[row]}
                        for sid, (statuses, amounts) in columns.items()},
        })
    return {
        "municipality": {"id": muni.id, "name": muni.name, "cbs_code": muni.cbs_code},
        "date": day.isoformat(),
        "schemes": schemes,
        "households": len(households),
        "evaluated": len(results),
        "results": results,
        "invalid": [
            {"index": index, "id": _own_id(households[index]), "problems": [{"name": n, "reason": r} for n, r in found]}
            for index, found in sorted(invalid.items())
        ],
        "receipt": {
            "rulebook_version": rulebook.version,
            "rulebook_hash": rulebook.hash,
            "engine_version": __version__,
            "evaluated_on": day.isoformat(),
        },
    }, []


def _own_id(data):
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None
