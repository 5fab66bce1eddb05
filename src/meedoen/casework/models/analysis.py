"""The whole-family analysis at intake: every life domain for every member and the household."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .. import vocabulary as v


class Analysis(models.Model):
    """One whole-family analysis (totaalanalyse), made on a date by a professional."""

    family = models.ForeignKey("casework.Family", on_delete=models.PROTECT, related_name="analyses")
    made_on = models.DateField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_on", "-id"]
        verbose_name_plural = "analyses"


class DomainAssessment(models.Model):
    """A life domain for one person (or the household when ``person`` is empty): situation and score."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="assessments")
    person = models.ForeignKey("casework.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    domain = models.CharField(max_length=30, choices=v.choices(v.LIFE_DOMAINS))
    score = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Self-reliance 1 (acute) to 5 (fully self-reliant); empty: not assessed.")
    situation = models.TextField(blank=True)

    class Meta:
        ordering = ["person_id", "domain"]
        constraints = [
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="casework_score_1_to_5"),
            models.UniqueConstraint(fields=["analysis", "person", "domain"], condition=Q(person__isnull=False),
                                    name="casework_one_assessment_per_domain"),
            models.UniqueConstraint(fields=["analysis", "domain"], condition=Q(person__isnull=True),
                                    name="casework_one_household_assessment_per_domain"),
        ]


class Problem(models.Model):
    """A problem found in the analysis, marked as an underlying cause or a symptom."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="problems")
    person = models.ForeignKey("casework.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    domain = models.CharField(max_length=30, choices=v.choices(v.LIFE_DOMAINS))
    description = models.TextField()
    kind = models.CharField(max_length=10, choices=v.choices(v.PROBLEM_KINDS))

    class Meta:
        ordering = ["kind", "id"]


class Debt(models.Model):
    """A debt of the household per creditor; the amount may still be unknown (the completeness check says so)."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="debts")
    person = models.ForeignKey("casework.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    creditor = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=v.choices(v.DEBT_KINDS), default="other")
    amount_cents = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount_cents__isnull=True) | Q(amount_cents__gte=0),
                                              name="casework_debt_amount_not_negative")]
