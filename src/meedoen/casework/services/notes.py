"""Confidential notes: told in confidence, readable by the author and the people named only."""

from django.db import transaction

from .. import audit
from .. import vocabulary as v
from ..errors import problem
from ..models import ConfidentialNote


@transaction.atomic
def add_confidential_note(user, family, text, named):
    """A note readable by ``user`` and the ``named`` users only (the caller limits ``named`` to the family's helpers)."""
    text = (text or "").strip()
    if not text:
        raise problem("text", "Schrijf de aantekening op.", "Write the note.")
    note = ConfidentialNote.objects.create(family=family, author=user, text=text)
    note.shared_with.set(named)
    audit.log(user, family.pk, v.WRITE, "confidential", v.HELP,
              f"vertrouwelijke aantekening / confidential note (gedeeld met / shared with {len(named)})")
    return note
