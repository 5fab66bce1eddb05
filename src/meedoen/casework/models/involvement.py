"""Who helps this family, warm handovers between organisations, and the schemes the family uses."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .. import vocabulary as v


class Involvement(models.Model):
    """An organisation (a team, a person) helps the family, or one member of it, since a date.

    Like the referral index, but per family: it says who helps, never what about.
    """

    family = models.ForeignKey("casework.Family", on_delete=models.PROTECT, related_name="involvements")
    person = models.ForeignKey("casework.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               help_text="The member this help is for; empty: the whole family.")
    organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT, related_name="involvements")
    team = models.ForeignKey("casework.Team", on_delete=models.PROTECT, related_name="involvements")
    professional = models.ForeignKey("casework.Professional", null=True, blank=True, on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField(max_length=20, choices=v.choices(v.INVOLVEMENT_ROLES), default=v.CONTRIBUTOR)
    help_kind = models.CharField(max_length=200, help_text="The kind of help, e.g. 'schuldhulp', 'gezinscoaching'.")
    contact = models.CharField(max_length=200, blank=True)
    since = models.DateField()
    until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["since", "id"]
        constraints = [models.CheckConstraint(condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                                              name="casework_involvement_until_after_since")]
        indexes = [models.Index(fields=["team", "until"]), models.Index(fields=["family", "until"])]


class Notification(models.Model):
    """A message to an organisation, without content: e.g. that another organisation helps the same family."""

    organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT, related_name="notifications")
    family = models.ForeignKey("casework.Family", on_delete=models.PROTECT, related_name="notifications")
    kind = models.CharField(max_length=40)
    text_nl = models.TextField()
    text_en = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "read_at", "created_at"], name="casework_notification_inbox")]


class Referral(models.Model):
    """A warm handover: requested → accepted / rejected (with reason) → in progress → completed; revoked; expired.

    The referring organisation stays involved until the receiver accepts. The summary travels with the
    referral so the family does not have to tell its story again.
    """

    family = models.ForeignKey("casework.Family", on_delete=models.PROTECT, related_name="referrals")
    person = models.ForeignKey("casework.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT, related_name="referrals_sent")
    from_team = models.ForeignKey("casework.Team", on_delete=models.PROTECT, related_name="referrals_sent")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT, related_name="referrals_received")
    to_team = models.ForeignKey("casework.Team", on_delete=models.PROTECT, related_name="referrals_received")
    help_kind = models.CharField(max_length=200)
    reason = models.TextField(help_text="Why this handover; shown to the family.")
    summary = models.TextField(help_text="The handover summary, so the family does not retell its story.")
    handover = models.BooleanField(default=True, help_text="The referrer hands over (stops) once the receiver accepts.")
    status = models.CharField(max_length=20, choices=v.choices(v.REFERRAL_STATUSES), default=v.REQUESTED)
    requested_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    answer_reason = models.TextField(blank=True, help_text="Why rejected or revoked.")

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=F("requested_at")), name="casework_referral_expires_after_request"),
            models.CheckConstraint(condition=~Q(from_organisation=F("to_organisation")), name="casework_referral_other_organisation"),
            models.CheckConstraint(condition=~Q(status__in=[v.REJECTED, v.REVOKED]) | ~Q(answer_reason=""),
                                   name="casework_referral_reason_for_rejection"),
        ]
        indexes = [models.Index(fields=["to_team", "status"]), models.Index(fields=["status", "expires_at"])]

    @property
    def lead_time(self):
        """From request to the receiver's answer (accepted or rejected); None while unanswered."""
        if self.answered_at is not None:
            return self.answered_at - self.requested_at
        return None

    def waited(self, now):
        """For a referral without an answer: how long it waited (until ``now``, its expiry or its revocation)."""
        if self.answered_at is not None:
            return None
        if self.status == v.EXPIRED:
            return self.expires_at - self.requested_at  # expired at the deadline, whenever the daily run marked it
        end = self.closed_at if self.status == v.REVOKED and self.closed_at else now
        return end - self.requested_at


class SchemeUse(models.Model):
    """The family uses a scheme (regeling) of its municipality since a date, e.g. the ZoetermeerPas."""

    family = models.ForeignKey("casework.Family", on_delete=models.PROTECT, related_name="scheme_uses")
    scheme_id = models.CharField(max_length=100)
    since = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["family", "scheme_id"], name="casework_scheme_use_once")]
