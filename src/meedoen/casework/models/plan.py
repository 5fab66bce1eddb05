"""The family plan: owned by the family, goals in its own words, actions per organisation, one coordinator."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .. import vocabulary as v


class FamilyPlan(models.Model):
    """One plan per family. ``version`` goes up with every change: an edit made on an older version is refused."""

    family = models.OneToOneField("casework.Family", on_delete=models.PROTECT, related_name="plan")
    started_on = models.DateField()
    family_words = models.TextField(blank=True, help_text="What the family wants, in its own words.")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)


class Goal(models.Model):
    """A goal of the plan, in the family's own words."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField()
    domain = models.CharField(max_length=30, choices=v.choices(v.LIFE_DOMAINS), blank=True)
    written_by = models.CharField(max_length=20, choices=[(v.BY_FAMILY, "family"), (v.BY_PROFESSIONAL, "professional")])
    achieved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class Action(models.Model):
    """A step towards a goal, owned by an organisation, with a due date and a status."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    description = models.TextField()
    organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=v.choices(v.ACTION_STATUSES), default=v.OPEN)
    from_decision = models.ForeignKey("casework.ConferenceDecision", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="actions")

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["organisation", "status", "due_date"])]


class PlanVersion(models.Model):
    """The plan as it was after each change (append-only): number, what changed, by whom, a snapshot."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    change = models.CharField(max_length=300)
    changed_by_name = models.CharField(max_length=200)
    changed_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="casework_plan_version_unique")]


class PlanComment(models.Model):
    """A comment on the plan, by the family or a professional."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField()
    author_name = models.CharField(max_length=200)
    by_family = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class CoordinatorAssignment(models.Model):
    """The one coordinator of a family, chosen together with the family, with a mandate. One open at a time."""

    family = models.ForeignKey("casework.Family", on_delete=models.PROTECT, related_name="coordinators")
    professional = models.ForeignKey("casework.Professional", on_delete=models.PROTECT, related_name="coordinations")
    chosen_with_family = models.BooleanField()
    how_chosen = models.TextField(help_text="How the family took part in the choice.")
    mandate = models.TextField(help_text="What the coordinator may decide or arrange.")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["family"], condition=Q(end__isnull=True), name="casework_one_coordinator"),
            models.CheckConstraint(condition=Q(chosen_with_family=True), name="casework_coordinator_chosen_with_family"),
        ]


class Escalation(models.Model):
    """The plan is stuck: raised to a level of the municipality's escalation ladder."""

    family = models.ForeignKey("casework.Family", on_delete=models.PROTECT, related_name="escalations")
    level = models.PositiveSmallIntegerField(help_text="1 = the first step above the coordinator.")
    level_title = models.CharField(max_length=200)
    reason = models.TextField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)  # the service sets the casework clock's now
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True, db_default="", help_text="What got the plan moving again.")
    resolved_by_name = models.CharField(max_length=200, blank=True, db_default="")

    class Meta:
        ordering = ["-raised_at", "-id"]
