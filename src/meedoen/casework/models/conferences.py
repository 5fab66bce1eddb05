"""Case conferences (casusoverleg): the family is invited unless a recorded reason says otherwise."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .. import vocabulary as v


class CaseConference(models.Model):
    family = models.ForeignKey("casework.Family", on_delete=models.PROTECT, related_name="conferences")
    scheduled_at = models.DateTimeField()
    location = models.CharField(max_length=200)
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    family_invited = models.BooleanField(default=True)
    exclusion_reason = models.TextField(blank=True, help_text="Required when the family is not invited.")
    agenda = models.TextField()
    status = models.CharField(max_length=20, choices=v.choices(v.CONFERENCE_STATUSES), default=v.PLANNED)
    minutes = models.TextField(blank=True, help_text="What was discussed, in plain language; the family can read it.")

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(family_invited=True) | ~Q(exclusion_reason=""),
                                              name="casework_conference_exclusion_needs_reason")]


class ConferenceParticipant(models.Model):
    """Who is invited: a professional, or a member of the family."""

    conference = models.ForeignKey(CaseConference, on_delete=models.CASCADE, related_name="participants")
    professional = models.ForeignKey("casework.Professional", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("casework.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(
            condition=Q(professional__isnull=False, person__isnull=True) | Q(professional__isnull=True, person__isnull=False),
            name="casework_participant_professional_or_person")]


class ConferenceDecision(models.Model):
    """A decision of the conference; it becomes an action of the plan."""

    conference = models.ForeignKey(CaseConference, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()

    class Meta:
        ordering = ["id"]
