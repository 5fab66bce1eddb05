"""The access log: every read and write of personal data, with its purpose. Append-only.

Callers log what they show or change, in the same request, before the response goes out.
"""

from . import vocabulary as v
from .models import AccessLog


def actor(user):
    """(name, organisation name) of whoever acts: a professional, a family member or another user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ("anoniem", "")
    professional = getattr(user, "_meedoen_professional", None)
    if professional is None:
        try:
            professional = user.professional
        except Exception:  # no professional record
            professional = False
        user._meedoen_professional = professional
    if professional:
        return (professional.name, professional.organisation.name)
    try:
        account = user.family_account
        return (account.person.full_name, "")
    except Exception:
        return (user.get_full_name() or user.get_username(), "")


def entry(user, family_id, action, category, purpose, detail="", person_id=None, path=""):
    """An unsaved log row."""
    name, organisation = actor(user)
    return AccessLog(user_id=getattr(user, "pk", None), actor_name=name, organisation_name=organisation,
                     family_id=family_id, person_id=person_id, action=action, category=category,
                     purpose=purpose, detail=detail[:300], path=path[:300])


def log(user, family_id, action, category, purpose, detail="", person_id=None, path=""):
    """Write one log row."""
    row = entry(user, family_id, action, category, purpose, detail, person_id, path)
    row.save(force_insert=True)
    return row


def log_reads(user, family_ids, categories, purpose, detail="", path=""):
    """One row per family and category read, in one INSERT."""
    rows = [entry(user, family_id, v.READ, category, purpose, detail, path=path)
            for family_id in family_ids for category in categories]
    AccessLog.objects.bulk_create(rows)
    return rows


def family_log(family_id):
    """The family's own view: who looked at or changed its file, newest first."""
    return AccessLog.objects.filter(family_id=family_id)
