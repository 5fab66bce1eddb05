"""Lead times (application -> decision) and objections per scheme and period, with small numbers suppressed.
Pure Python (no Django): the services pass plain rows, the pages and the CSV show what :func:`shown` gives.

**Small numbers.** Tables shown to policy never show a count from 1 to ``THRESHOLD - 1``: it is shown as
"<10" (zero is shown: it points at nobody). The threshold is the one of the reach figures
(:data:`meedoen.reach.figures.THRESHOLD`, the CBS practice for small cells). Median and 90th percentile of
a group are shown only when the group has at least ``THRESHOLD`` cases; otherwise they are hidden too, as
one person's waiting time could be read from them. Within the parts of a total (granted, refused, withdrawn;
the outcomes of objections) a single hidden part would follow from the others, so the next smallest part is
hidden as well (secondary suppression), shown as "x".

**Statistics.** Lead time is calendar days from receipt to decision; a withdrawal is not a decision on the
merits and is counted apart. The median is the middle value (the mean of the two middle ones for an even
count); the 90th percentile is the nearest rank (the value at position ceil(0.9 n) of the sorted days).
Pending applications are counted at the end of each period (or on the reference day, if earlier) with the
days they have waited so far.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from ..figures import THRESHOLD

HIDDEN = f"<{THRESHOLD}"
SECONDARY = "x"  # hidden only so that a small number next to it cannot be worked out
GRANTED, REFUSED, WITHDRAWN = "granted", "refused", "withdrawn"
OUTCOMES = ("upheld", "partly_upheld", "rejected", "withdrawn")
GROUPINGS = ("month", "quarter", "all")
ALL_SCHEMES = "_all"

# Awb art. 6:7: the objection period is six weeks; art. 6:8 lid 1: it starts the day after the decision was
# made known. Algemene termijnenwet art. 1: a period ending on a Saturday or Sunday runs to the next Monday
# (public holidays are not counted here). A late objection is still taken in when the lateness is excusable
# (Awb art. 6:11), so a late one is flagged, not refused.
OBJECTION_PERIOD_DAYS = 42
OBJECTION_PERIOD_SOURCE = "Awb art. 6:7, 6:8 lid 1; Algemene termijnenwet art. 1 (weekends only)"


def objection_deadline(decided_on):
    """The last day to object to a decision made known on ``decided_on`` (weekends moved to Monday)."""
    last = decided_on + timedelta(days=OBJECTION_PERIOD_DAYS)
    while last.weekday() >= 5:
        last += timedelta(days=1)
    return last


def is_late(decided_on, filed_on):
    return filed_on > objection_deadline(decided_on)


# -- statistics --------------------------------------------------------------------------------------------------

def percentile_90(values):
    """Nearest-rank 90th percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def stats(days):
    """{"count", "median", "p90"} of a list of day counts (median and p90 None when empty)."""
    if not days:
        return {"count": 0, "median": None, "p90": None}
    middle = median(days)
    return {"count": len(days), "median": int(middle) if middle == int(middle) else float(middle), "p90": percentile_90(days)}


def shown(count):
    """A count as a table may show it: the number, or "<10" for 1 to THRESHOLD - 1."""
    return HIDDEN if 0 < count < THRESHOLD else count


def shown_stats(group):
    """Count, median and p90 of a group for display: all hidden below the threshold."""
    if 0 < group["count"] < THRESHOLD:
        return {"count": HIDDEN, "median": None, "p90": None}
    return dict(group)


def shown_parts(parts):
    """{name: count} of the parts of a total for display: "<10" for a small part (primary suppression) and, when
    that is the only one, "x" for the next smallest part (secondary suppression)."""
    hidden = {name for name, n in parts.items() if 0 < n < THRESHOLD}
    also = set()
    if len(hidden) == 1:
        rest = sorted((n, name) for name, n in parts.items() if name not in hidden and n > 0)
        if rest:
            also.add(rest[0][1])
    return {name: (HIDDEN if name in hidden else SECONDARY if name in also else n) for name, n in parts.items()}


# -- periods -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    key: str
    first: date
    last: date

    def label(self, lang="nl"):
        """'2026-03' for a month, '2026 K1' / '2026 Q1' for a quarter, 'first - last' for the whole period."""
        if "/" in self.key:
            return f"{self.first.isoformat()} - {self.last.isoformat()}"
        if "-Q" in self.key:
            year, quarter = self.key.split("-Q")
            return f"{year} {'K' if lang == 'nl' else 'Q'}{quarter}"
        return self.key


def periods(first, last, grouping):
    """The periods from ``first`` to ``last`` (both included): months, quarters or one period."""
    if grouping == "all":
        return [Period(f"{first.isoformat()}/{last.isoformat()}", first, last)]
    step = 1 if grouping == "month" else 3
    start_month = first.month if grouping == "month" else 3 * ((first.month - 1) // 3) + 1
    year, month = first.year, start_month
    result = []
    while date(year, month, 1) <= last:
        nxt_year, nxt_month = (year + (month + step - 1) // 12, (month + step - 1) % 12 + 1)
        period_first = max(first, date(year, month, 1))
        period_last = min(last, date(nxt_year, nxt_month, 1) - timedelta(days=1))
        key = f"{year}-{month:02d}" if grouping == "month" else f"{year}-Q{(month - 1) // 3 + 1}"
        result.append(Period(key, period_first, period_last))
        year, month = nxt_year, nxt_month
    return result


# -- the table ---------------------------------------------------------------------------------------------------

def table(applications, objections, first, last, grouping="month", reference_day=None):
    """Rows per period and scheme (and all schemes together), counts exact (display with :func:`display`).

    ``applications``: dicts with ``scheme``, ``received_on``, ``decided_on``, ``decision``;
    ``objections``: dicts with ``scheme``, ``filed_on``, ``decided_on``, ``outcome``, ``late``.
    """
    reference_day = reference_day or last
    by_scheme = {}
    for a in applications:
        by_scheme.setdefault(a["scheme"], ([], []))[0].append(a)
    for o in objections:
        by_scheme.setdefault(o["scheme"], ([], []))[1].append(o)
    groups = [(scheme, *by_scheme[scheme]) for scheme in sorted(by_scheme)] + [(ALL_SCHEMES, applications, objections)]
    rows = []
    for period in periods(first, last, grouping):
        end = min(period.last, reference_day)
        rows.extend(_row(period, scheme, apps, objs, end) for scheme, apps, objs in groups)
    return rows


def _within(day, period):
    return day is not None and period.first <= day <= period.last


def _row(period, scheme, apps, objs, end):
    decided = [a for a in apps if _within(a["decided_on"], period)]
    on_merits = [(a["decided_on"] - a["received_on"]).days for a in decided if a["decision"] in (GRANTED, REFUSED)]
    pending = [(end - a["received_on"]).days for a in apps
               if a["received_on"] <= end and (a["decided_on"] is None or a["decided_on"] > end)]
    filed = [o for o in objs if _within(o["filed_on"], period)]
    objection_decided = [o for o in objs if _within(o["decided_on"], period)]
    return {
        "period": period, "scheme": scheme,
        "received": sum(1 for a in apps if _within(a["received_on"], period)),
        "decisions": {GRANTED: sum(1 for a in decided if a["decision"] == GRANTED),
                      REFUSED: sum(1 for a in decided if a["decision"] == REFUSED),
                      WITHDRAWN: sum(1 for a in decided if a["decision"] == WITHDRAWN)},
        "lead_time": stats(on_merits),
        "pending": stats(pending),
        "objections_filed": len(filed),
        "objections_late": sum(1 for o in filed if o["late"]),
        "objection_outcomes": {outcome: sum(1 for o in objection_decided if o["outcome"] == outcome) for outcome in OUTCOMES},
        "objections_pending": sum(1 for o in objs if o["filed_on"] <= end and (o["decided_on"] is None or o["decided_on"] > end)),
    }


def display(row):
    """A row of :func:`table` with small numbers suppressed, as the page and the CSV show it."""
    return {
        "period": row["period"], "scheme": row["scheme"],
        "received": shown(row["received"]),
        "decisions": shown_parts(row["decisions"]),
        "lead_time": shown_stats(row["lead_time"]),
        "pending": shown_stats(row["pending"]),
        "objections_filed": shown(row["objections_filed"]),
        "objections_late": shown(row["objections_late"]),
        "objection_outcomes": shown_parts(row["objection_outcomes"]),
        "objections_pending": shown(row["objections_pending"]),
    }
