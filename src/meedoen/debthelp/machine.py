"""The pathway as a state machine: which step may follow which phase. Pure, no database.

registered → intake → stabilisation → admission → one route (settlement, youth take-over, budget management)
→ aftercare → closed → relapse check. With an administrator (beschermingsbewind, via the administrators' desk) the
case may go from intake straight to admission. Before the decision on admission the request can be refused; until
the case is closed it can be ended. Both need a reason.
"""

from . import vocabulary as v

TRANSITIONS = {
    v.REGISTERED: (v.INTAKE, v.REFUSED, v.ENDED),
    v.INTAKE: (v.STABILISATION, v.ADMISSION, v.REFUSED, v.ENDED),
    v.STABILISATION: (v.ADMISSION, v.REFUSED, v.ENDED),
    v.ADMISSION: (*v.ROUTES, v.ENDED),
    v.SETTLEMENT: (v.AFTERCARE, v.ENDED),
    v.YOUTH_TAKEOVER: (v.AFTERCARE, v.ENDED),
    v.BUDGET_MANAGEMENT: (v.AFTERCARE, v.ENDED),
    v.AFTERCARE: (v.CLOSED, v.ENDED),
    v.CLOSED: (v.RELAPSE_CHECKED,),
    v.RELAPSE_CHECKED: (),
    v.REFUSED: (),
    v.ENDED: (),
}
NEEDS_REASON = (v.REFUSED, v.ENDED)


def allowed(phase, under_administration=False):
    """The steps that may follow ``phase``. From intake, admission needs an administrator (else stabilisation first)."""
    steps = TRANSITIONS.get(phase, ())
    if phase == v.INTAKE and not under_administration:
        steps = tuple(s for s in steps if s != v.ADMISSION)
    return steps


def is_allowed(phase, step, under_administration=False):
    return step in allowed(phase, under_administration)
