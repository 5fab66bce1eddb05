"""The pathway's rules as data (``pathway.yaml``): settlement length, the age range of the debt take-over for young
people, stabilisation, the relapse check, each with its source. Loaded once; dates computed here."""

from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

PATH = Path(__file__).with_name("pathway.yaml")


@lru_cache(maxsize=1)
def pathway():
    with PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def add_months(day, months):
    """``day`` plus whole months (the last day of a shorter month when the day does not exist)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def settlement_end(start):
    """The planned end of a settlement that starts on ``start``."""
    return add_months(start, pathway()["settlement"]["months"])


def relapse_check_due(ended_on):
    """The day of the relapse check after a trajectory that ended on ``ended_on``."""
    return add_months(ended_on, 12 * pathway()["relapse_check"]["years"])


def youth_age_range():
    """(lowest age, first age no longer young) of the debt take-over for young people."""
    rule = pathway()["youth_takeover"]
    return rule["min_age"], rule["below_age"]


def source(section, lang="nl", key="source"):
    """The source text of one rule, in ``lang``, with its address."""
    entry = pathway()[section][key]
    return {"text": entry["nl" if lang == "nl" else "en"], "url": entry["url"]}
