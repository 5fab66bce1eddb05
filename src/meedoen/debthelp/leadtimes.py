"""Lead times of the pathway from the days of its steps, per municipality, with small numbers suppressed.

Three intervals in calendar days: registration → first conversation, first conversation → decision (admission or
refusal), intake → start of the route. Per interval: count, median, 90th percentile (nearest rank) and the share
within the Wgs deadline (for the first two, where the deadline is known). A group of fewer than ``THRESHOLD`` cases
shows none of these, as one family's waiting time could be read from them (as in the reach figures).
"""

from meedoen.reach.applications.leadtimes import HIDDEN, stats
from meedoen.reach.figures import THRESHOLD

from . import deadlines

INTERVALS = {
    "registration_to_first_conversation": ("aanmelding → eerste gesprek", "registration → first conversation"),
    "first_conversation_to_decision": ("eerste gesprek → besluit", "first conversation → decision"),
    "intake_to_route_start": ("intake → start van de oplossing", "intake → start of the solution"),
}


def intervals(case):
    """{interval: (days or None, within the deadline: True/False/None)} of one case."""
    first_due = deadlines.first_conversation_due(case)
    decision_due = deadlines.decision_due(case)
    out = {}
    if case.first_conversation_on:
        within = case.first_conversation_on <= first_due if first_due else None
        out["registration_to_first_conversation"] = ((case.first_conversation_on - case.registered_on).days, within)
    if case.first_conversation_on and case.decided_on:
        within = case.decided_on <= decision_due if decision_due else None
        out["first_conversation_to_decision"] = ((case.decided_on - case.first_conversation_on).days, within)
    if case.first_conversation_on and case.route_started_on:
        out["intake_to_route_start"] = ((case.route_started_on - case.first_conversation_on).days, None)
    return out


def figures(cases, threshold=THRESHOLD):
    """[{municipality, name, interval, count, median, p90, within_percent}] exact, per municipality and interval."""
    groups = {}
    for case in cases:
        municipality = case.family.municipality
        for name, (days, within) in intervals(case).items():
            entry = groups.setdefault((municipality.slug, name), {"name": municipality.name, "days": [], "within": []})
            entry["days"].append(days)
            if within is not None:
                entry["within"].append(within)
    rows = []
    for (slug, name), entry in sorted(groups.items()):
        s = stats(entry["days"])
        known = entry["within"]
        rows.append({"municipality": slug, "municipality_name": entry["name"], "interval": name, **s,
                     "within_count": len(known),
                     "within_percent": round(100 * sum(known) / len(known), 1) if known else None})
    return rows


def shown(row, threshold=THRESHOLD):
    """A row as pages and the CSV show it: everything hidden below the threshold ("<10")."""
    if 0 < row["count"] < threshold:
        return {**row, "count": HIDDEN, "median": None, "p90": None, "within_percent": None, "within_count": None}
    if 0 < row["within_count"] < threshold:
        return {**row, "within_percent": None}
    return dict(row)
