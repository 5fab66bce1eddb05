"""Who may see which family data: data, joined in SQL, never a per-object check in Python.

A professional sees a family when one of the teams they are an active member of is actively
involved with it (ground: the help relationship). That shows who the family is and who helps it,
nothing more. Each category of content (analysis, finances, plan, ...) also needs the family's
open consent for the professional's organisation, for that category and purpose. Confidential
notes are visible to their author and the people named on them, and to nobody else.

Every function returns a queryset or a subquery, so callers add them to their own query.
"""

import os
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from . import vocabulary as v
from .models import ConfidentialNote, Consent, Family, FamilyAccount, Involvement, Membership, TeamMembership


def today():
    """Today, or MEEDOEN_CHECK_DATE (YYYY-MM-DD) when the demo or the tests pin the date."""
    pinned = os.environ.get("MEEDOEN_CHECK_DATE")
    return date.fromisoformat(pinned) if pinned else timezone.localdate()


def now():
    """The current moment on ``today()``: the real clock, or the pinned date with the real time of day."""
    day = today()
    current = timezone.localtime()
    if current.date() == day:
        return current
    return timezone.make_aware(datetime.combine(day, current.time().replace(tzinfo=None)))


def active_team_ids(user, day=None):
    """Subquery: the teams ``user`` is an active member of on ``day``."""
    day = day or today()
    return (TeamMembership.objects.filter(professional__user_id=user.pk, since__lte=day)
            .filter(Q(until__isnull=True) | Q(until__gte=day)).values("team_id"))


def involved(user, day=None, family_ref="pk"):
    """Exists: one of the user's active teams is actively involved with the family at ``family_ref``."""
    day = day or today()
    return Exists(Involvement.objects.filter(family_id=OuterRef(family_ref), team_id__in=active_team_ids(user, day), since__lte=day)
                  .filter(Q(until__isnull=True) | Q(until__gte=day)))


def consented(user, category, purpose=v.HELP, family_ref="pk"):
    """Exists: the family at ``family_ref`` has an open consent for the user's organisation, category and purpose."""
    return Exists(Consent.objects.filter(family_id=OuterRef(family_ref), organisation__professionals__user_id=user.pk,
                                         category=category, purpose=purpose, withdrawn_at__isnull=True))


def visible_families(user, day=None):
    """The families ``user`` may see at all (who they are and who helps them)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Family.objects.none()
    return Family.objects.filter(involved(user, day))


def families_for(user, category, purpose=v.HELP, day=None):
    """The families whose ``category`` data ``user`` may read for ``purpose``: involvement and consent."""
    return visible_families(user, day).filter(consented(user, category, purpose))


def readable(queryset, user, category, family_field="family", purpose=v.HELP, day=None):
    """``queryset`` narrowed in SQL to rows of families whose ``category`` data ``user`` may read."""
    return queryset.filter(**{f"{family_field}__in": families_for(user, category, purpose, day).values("pk")})


def family_access(user, family_id, purpose=v.HELP, day=None):
    """The family with ``may_<category>`` flags for every consent category, or None: one query."""
    flags = {f"may_{category}": consented(user, category, purpose) for category in v.CATEGORIES}
    return visible_families(user, day).filter(pk=family_id).annotate(**flags).select_related("municipality").first()


def granted_categories(family):
    """The categories flagged on a family returned by ``family_access``."""
    return {category for category in v.CATEGORIES if getattr(family, f"may_{category}", False)}


def partly_unreadable(user, person_ref="pk"):
    """Exists: the person at ``person_ref`` belongs or belonged to a family that ``user`` may not read in full (not
    visible, or without consent for some category). A professional's export of all data about a person spans all
    their families, so it needs every one of them readable in full."""
    in_full = visible_families(user)
    for category in v.CATEGORIES:
        in_full = in_full.filter(consented(user, category))
    return Exists(Membership.objects.filter(person_id=OuterRef(person_ref)).exclude(family_id__in=in_full.values("pk")))


def confidential_notes(user, family_id, day=None):
    """Confidential notes of a visible family that ``user`` wrote, or is named on while the family consents to
    'notes' for the user's organisation (sharing what was told in confidence is sharing personal data)."""
    named = Q(shared_with__id=user.pk) & Q(consented(user, v.NOTES, family_ref="family_id"))
    return (ConfidentialNote.objects.filter(family_id=family_id, family__in=visible_families(user, day).values("pk"))
            .filter(Q(author_id=user.pk) | named).distinct())


def account_of(user):
    """The FamilyAccount of a logged-in family member, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return FamilyAccount.objects.select_related("family", "person", "family__municipality").filter(user_id=user.pk).first()


def professional_of(user):
    """The Professional record of ``user`` (with organisation), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    from .models import Professional

    return Professional.objects.select_related("organisation").filter(user_id=user.pk).first()
