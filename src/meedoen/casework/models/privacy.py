"""Consent, confidential notes, the access log, and the family's own login."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .. import vocabulary as v


class Consent(models.Model):
    """The family lets one organisation see one category of data for one purpose.

    Immutable once given; the only change ever made is withdrawing it (``withdrawn_at``), enforced
    by a database trigger. Giving it again is a new record, so the rows are the history.
    """

    family = models.ForeignKey("casework.Family", on_delete=models.PROTECT, related_name="consents")
    organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT, related_name="consents")
    category = models.CharField(max_length=20, choices=v.choices(v.CATEGORIES))
    purpose = models.CharField(max_length=20, choices=v.choices(v.PURPOSES))
    given_by = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField()
    recorded_by_name = models.CharField(max_length=200, help_text="The family member or professional who entered it.")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["family", "organisation", "category", "purpose"], condition=Q(withdrawn_at__isnull=True),
                                    name="casework_one_open_consent"),
            models.CheckConstraint(condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("given_at")),
                                   name="casework_consent_withdrawn_after_given"),
        ]
        indexes = [models.Index(fields=["family", "organisation", "category", "purpose"], condition=Q(withdrawn_at__isnull=True),
                                name="casework_open_consent_idx")]


class ConfidentialNote(models.Model):
    """Told in confidence: visible to its author and the named professionals only, never in shared views."""

    family = models.ForeignKey("casework.Family", on_delete=models.PROTECT, related_name="confidential_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_with = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class AccessLog(models.Model):
    """One read or write of personal data: who, from which organisation, what, why, when. Append-only.

    No foreign keys with cascades: the log outlives what it is about. The family sees its own rows.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user_id = models.BigIntegerField(null=True)
    actor_name = models.CharField(max_length=200)
    organisation_name = models.CharField(max_length=200, blank=True)
    family_id = models.BigIntegerField(null=True, db_index=True)
    person_id = models.BigIntegerField(null=True, db_index=True)
    action = models.CharField(max_length=10, choices=v.choices(v.LOG_ACTIONS))
    category = models.CharField(max_length=20)
    purpose = models.CharField(max_length=30)
    detail = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]


class FamilyAccount(models.Model):
    """A login for a family member (the demo has one per family; in production: DigiD)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="family_account")
    family = models.ForeignKey("casework.Family", on_delete=models.PROTECT, related_name="accounts")
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="+")
