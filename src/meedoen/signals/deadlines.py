"""The Wgs deadlines of a request for debt help, as rulebook data (``national/vroegsignalering.yaml``, overlaid
by a municipality's own ``vroegsignalering.yaml``), and the calendar they are counted on. Pure Python: no Django.

A term in weeks ends on the same weekday so many weeks later; a term in working days counts Monday to Friday
without the public holidays of the Algemene termijnenwet; a term that ends on a Saturday, Sunday or public
holiday runs on to the next working day (Algemene termijnenwet art. 1).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from meedoen.rules import default_rulebook_path

UNITS = ("weeks", "days", "working_days")
KEYS = ("first_conversation", "first_conversation_when_threatened", "decision")
THREATS = ("threatened_eviction", "disconnection_energy", "disconnection_water", "termination_health_insurance")


class DeadlineError(ValueError):
    """The deadline data is wrong: the message names the file and the key."""


@dataclass(frozen=True)
class Term:
    amount: int
    unit: str
    source: str


@dataclass(frozen=True)
class SignalPolicy:
    municipality: str
    first_conversation: Term
    first_conversation_when_threatened: Term
    decision: Term
    holidays_source: str
    threats: tuple = THREATS
    law_name: str = ""     # the law, article and address the terms come from, as the page cites them
    law_article: str = ""
    law_url: str = ""


def rulebook_root():
    """The rulebook folder the web platform uses (MEEDOEN_RULEBOOK), else the packaged one."""
    import os

    return Path(os.environ.get("MEEDOEN_RULEBOOK") or default_rulebook_path())


def _read(path):
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DeadlineError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise DeadlineError(f"{path}: must be a mapping")
    return data


def _term(path, key, raw, national=None):
    where = f"{path}: deadlines.{key}"
    if not isinstance(raw, dict):
        raise DeadlineError(f"{where}: must be a mapping with amount, unit and source")
    amount, unit, source = raw.get("amount"), raw.get("unit"), raw.get("source")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
        raise DeadlineError(f"{where}.amount: a whole number of at least 1, not {amount!r}")
    if unit not in UNITS:
        raise DeadlineError(f"{where}.unit: one of {', '.join(UNITS)}, not {unit!r}")
    if not isinstance(source, str) or not source.strip():
        raise DeadlineError(f"{where}.source: say where the term comes from (law, article, URL)")
    term = Term(amount, unit, source.strip())
    if national is not None and _days_at_most(term) > _days_at_most(national):
        raise DeadlineError(f"{where}: longer than the law allows ({national.amount} {national.unit})")
    return term


def _days_at_most(term):
    """An upper bound in calendar days, to compare a municipal term with the law's (working days: at most 7/5)."""
    return {"weeks": 7, "days": 1}.get(term.unit, 1.4) * term.amount + (4 if term.unit == "working_days" else 0)


@lru_cache(maxsize=None)
def _policy(root, slug):
    root = Path(root)
    national_path = root / "national" / "vroegsignalering.yaml"
    national = _read(national_path)
    terms = national.get("deadlines")
    if not isinstance(terms, dict):
        raise DeadlineError(f"{national_path}: deadlines: missing")
    law = {key: _term(national_path, key, terms.get(key)) for key in KEYS}
    chosen = dict(law)
    local_path = root / "municipalities" / slug / "vroegsignalering.yaml"
    if local_path.is_file():
        local = _read(local_path).get("deadlines") or {}
        unknown = sorted(set(local) - set(KEYS))
        if unknown:
            raise DeadlineError(f"{local_path}: deadlines.{unknown[0]}: unknown; known are {', '.join(KEYS)}")
        chosen.update({key: _term(local_path, key, raw, law[key]) for key, raw in local.items()})
    source = (national.get("working_days") or {}).get("source") or ""
    law = national.get("law") or {}
    return SignalPolicy(slug, holidays_source=source, law_name=law.get("name", ""), law_article=law.get("article", ""),
                        law_url=law.get("url", ""), **chosen)


def policy(slug, root=None):
    """The deadlines of municipality ``slug`` (the national ones where it sets none)."""
    return _policy(str(root or rulebook_root()), slug)


# -- the calendar ---------------------------------------------------------------------------------------------------

def easter(year):
    """Easter Sunday (Gregorian calendar; the anonymous algorithm of Meeus, Jones and Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


@lru_cache(maxsize=64)
def public_holidays(year):
    """The generally recognised public holidays of the Algemene termijnenwet (art. 3) in ``year``."""
    sunday = easter(year)
    kings_day = date(year, 4, 27) if date(year, 4, 27).weekday() != 6 else date(year, 4, 26)
    return frozenset({
        date(year, 1, 1), sunday + timedelta(days=1), kings_day, date(year, 5, 5),
        sunday + timedelta(days=39), sunday + timedelta(days=50), date(year, 12, 25), date(year, 12, 26),
    })


def is_working_day(day):
    return day.weekday() < 5 and day not in public_holidays(day.year)


def next_working_day(day):
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def term_end(start, term):
    """The last day of ``term`` counted from ``start`` (the day of the request or the conversation)."""
    if term.unit == "working_days":
        day, left = start, term.amount
        while left:
            day += timedelta(days=1)
            left -= is_working_day(day)
        return day
    end = start + timedelta(weeks=term.amount) if term.unit == "weeks" else start + timedelta(days=term.amount)
    return next_working_day(end)


def first_conversation_due(start, crisis, slug, root=None):
    """The last day for the first conversation after a request made on ``start``; ``crisis``: eviction,
    disconnection or termination of the health insurance threatens."""
    rules = policy(slug, root)
    return term_end(start, rules.first_conversation_when_threatened if crisis else rules.first_conversation)


def decision_due(first_conversation, slug, root=None):
    """The last day for the decision whether debt help is offered, after the first conversation."""
    return term_end(first_conversation, policy(slug, root).decision)
