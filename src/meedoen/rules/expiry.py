"""Which national norms and parameters run out when, and which are carried forward past their last period.

The national norm table and parameters are re-indexed every 1 January and 1 July. Until the new values are in the
rulebook, a check on a later date answers on the last known values, marked *provisional*. A municipality's settings
and schemes are not carried forward: the rulebook data cannot tell a scheme that ends by its ordinance from one whose
next period is not entered yet, so a scheme stays ended at its own ``valid_to`` (docs/rulebook-format.md).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from .model import CARRY_FORWARD_DAYS

NORMS_FILE = "national/bijstandsnormen.yaml"
PARAMETERS_FILE = "national/parameters.yaml"
WARN_DAYS = 60


@dataclass(frozen=True)
class Ending:
    """A norm or parameter whose last period ends on ``valid_to``."""

    file: str
    parameter: str
    valid_to: date

    def as_dict(self):
        return {"file": self.file, "parameter": self.parameter, "valid_to": self.valid_to.isoformat()}


def last_periods(rulebook):
    """Every norm (one entry per norm key) and parameter with the end of its last period."""
    endings = []
    norms = rulebook.norm_periods[-1]
    endings += [Ending(NORMS_FILE, key, norms.valid_to) for key in norms.norms]
    params = rulebook.parameter_periods[-1]
    endings += [Ending(PARAMETERS_FILE, name, params.valid_to) for name in params.values]
    return endings


def carried_forward(rulebook, day):
    """The norms and parameters a check on ``day`` takes from a period that ended before it (empty: none)."""
    return [e for e in last_periods(rulebook) if 0 < (day - e.valid_to).days <= CARRY_FORWARD_DAYS]


def running_out(rulebook, today, days=WARN_DAYS):
    """Norms and parameters whose last period ends within ``days`` of ``today`` (or has already ended), soonest first."""
    horizon = today + timedelta(days=days)
    return sorted((e for e in last_periods(rulebook) if e.valid_to <= horizon),
                  key=lambda e: (e.valid_to, e.file, e.parameter))


def grouped(endings):
    """(file, valid_to, [parameters]) per file and end date, for a short list on a page or in a warning."""
    groups = {}
    for e in endings:
        groups.setdefault((e.file, e.valid_to), []).append(e.parameter)
    return [(file, end, names) for (file, end), names in sorted(groups.items(), key=lambda g: (g[0][1], g[0][0]))]


MONTHS = {"nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
                  "november", "december"),
          "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December")}


def long_date(day, lang):
    """'31 december 2026' / '31 December 2026'."""
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def provisional_notice(rulebook, day):
    """The result's ``provisional`` block for ``day``: None when every norm and parameter is current."""
    carried = carried_forward(rulebook, day)
    if not carried:
        return None
    ends = sorted({e.valid_to for e in carried})
    last = ends[-1]
    nl_date, en_date = long_date(last, "nl"), long_date(last, "en")
    return {
        "carried_forward": [e.as_dict() for e in carried],
        "periods_ended": [d.isoformat() for d in ends],
        "text": {
            "nl": f"Let op: de bedragen zijn voorlopig. De nieuwe normen staan nog niet in het regelboek. "
                  f"We rekenen met de normen die golden tot en met {nl_date}.",
            "en": f"Please note: the amounts are provisional. The new norms are not in the rulebook yet. "
                  f"We use the norms that applied up to and including {en_date}.",
        },
    }
