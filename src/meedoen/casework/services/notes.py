"""Confidential notes: told in confidence, readable by the author and the people named only."""

from django.db import transaction

from .. import audit
from .. import vocabulary as v
from ..errors import problem
from ..models import ConfidentialNote, Consent


@transaction.atomic
def add_confidential_note(user, family, text, named):
    """A note readable by ``user`` and the ``named`` users only (the caller limits ``named`` to the family's helpers);
    each named user's organisation needs the family's consent for notes."""
    text = (text or "").strip()
    if not text:
        raise problem("text", "Schrijf de aantekening op.", "Write the note.")
    named = list(named)
    allowed = set(Consent.objects.filter(family=family, category=v.NOTES, purpose=v.HELP, withdrawn_at__isnull=True,
                                         organisation__professionals__user__in=named)
                  .values_list("organisation__professionals__user_id", flat=True))
    without = [u for u in named if u.pk not in allowed]
    if without:  # they could not read it: say so now instead of sharing into the void
        names = ", ".join(audit.actor(u)[0] for u in without)
        raise problem("shared_with", f"Het gezin gaf de organisatie van {names} geen toestemming voor aantekeningen. "
                                     "Vraag het gezin eerst om die toestemming.",
                      f"The family did not consent to notes for the organisation of {names}. Ask the family for it first.")
    note = ConfidentialNote.objects.create(family=family, author=user, text=text)
    note.shared_with.set(named)
    audit.log(user, family.pk, v.WRITE, "confidential", v.HELP,
              f"vertrouwelijke aantekening / confidential note (gedeeld met / shared with {len(named)})")
    return note
