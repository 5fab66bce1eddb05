"""The family's own view of its debt help (for the family portal): phase, dates, next step, creditor totals.
The family reads all of its own file; the portal logs the read as category money (finances)."""

from meedoen.casework import access

from . import status
from .models import DebtCase
from .texts import TEXTS

PORTAL_TEXTS = {
    "title": ("Hulp bij schulden", "Help with debts"),
    "intro": ("Hier ziet u hoe het gaat met uw aanvraag voor hulp bij schulden.", "Here you see how your request for help with debts is going."),
    "now": ("Waar staat u nu?", "Where are you now?"), "next": ("Wat is de volgende stap?", "What is the next step?"),
    "dates": ("Wat is er gebeurd?", "What has happened?"), "who": ("Wie helpt u?", "Who helps you?"),
    "debts": ("Uw schulden", "Your debts"),
    "debts_line": ("{count} schuldeisers, samen {total} aan bekende bedragen.", "{count} creditors, {total} together in known amounts."),
    "unknown_line": ("Van {n} schuld(en) weten we het bedrag nog niet.", "For {n} debt(s) we do not know the amount yet."),
    "first_due": ("Het eerste gesprek moet uiterlijk op {day} zijn.", "The first conversation must be on {day} at the latest."),
    "decision_due": ("U hoort uiterlijk op {day} of u wordt toegelaten.", "You will hear by {day} at the latest whether you are admitted."),
    "late": ("Dit is later dan de wet zegt. U mag de schuldhulpverlener daarop aanspreken.",
             "This is later than the law says. You may raise this with the debt counsellor."),
    "settlement_end": ("De schuldregeling loopt tot {day}.", "The settlement runs until {day}."),
    "relapse": ("Op {day} vragen we hoe het met u gaat.", "On {day} we ask how you are doing."),
    "reason": ("Reden", "Reason"),
}


def family_status(family_id, lang="nl", limit=3):
    """The family's newest debt cases (open first) as the portal shows them; empty when there are none."""
    cases = list(DebtCase.objects.filter(family_id=family_id).select_related("family__municipality", "organisation")
                 .prefetch_related("steps", "creditors").order_by("-registered_on", "-pk")[:limit])
    if not cases:
        return None
    today = access.today()
    index = 0 if lang == "nl" else 1
    words = {key: pair[index] for key, pair in {**TEXTS, **{f"p_{k}": v for k, v in PORTAL_TEXTS.items()}}.items()}
    return {"cases": [status.summary(case, today, lang) for case in cases], "W": words, "today": today}
