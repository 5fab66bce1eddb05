"""The Wgs deadlines of a case (first conversation, decision), from the rulebook (``meedoen.signals.deadlines``)."""

from meedoen.signals import deadlines as rules


def _call(name, *args):
    try:
        return getattr(rules, name)(*args)
    except (KeyError, LookupError, ValueError):  # no deadline for this municipality: unknown, not zero
        return None


def first_conversation_due(case):
    """The last day for the first conversation, or None (unknown)."""
    return _call("first_conversation_due", case.registered_on, case.crisis, case.family.municipality.slug)


def decision_due(case):
    """The last day for the decision on the request (after the first conversation), or None."""
    if case.first_conversation_on is None:
        return None
    return _call("decision_due", case.first_conversation_on, case.family.municipality.slug)


def policy(slug):
    """The municipality's deadline policy (with sources) as the signals rulebook gives it, or None."""
    return _call("policy", slug)


def status(due, done_on, today, stopped=False):
    """'met', 'late', 'overdue', 'open', 'stopped' (the case ended first) or None (no deadline known)."""
    if due is None:
        return None
    if done_on is not None:
        return "met" if done_on <= due else "late"
    if stopped:
        return "stopped"
    return "overdue" if today > due else "open"


def case_deadlines(case, today):
    """Both deadlines of a case: due day, the day it was met and the status. Admission and refusal are decisions."""
    stopped = case.phase == "ended"
    first_due = first_conversation_due(case)
    second_due = decision_due(case)
    return {
        "first_conversation": {"due": first_due, "done": case.first_conversation_on,
                               "status": status(first_due, case.first_conversation_on, today, stopped or case.phase == "refused")},
        "decision": {"due": second_due, "done": case.decided_on, "status": status(second_due, case.decided_on, today, stopped)},
    }
