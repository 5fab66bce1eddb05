"""A reach run over a register, and the eligible non-users it found."""

from django.conf import settings
from django.db import models


class ReachRun(models.Model):
    """All schemes of a municipality over its register on one day, with the receipt of the rulebook used."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATES = [(QUEUED, "queued"), (RUNNING, "running"), (DONE, "done"), (FAILED, "failed")]

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, related_name="reach_runs")
    day = models.DateField()
    source = models.CharField(max_length=300)  # "database:<load id>" or a register folder
    register_load = models.ForeignKey("reach.RegisterLoad", null=True, blank=True, on_delete=models.SET_NULL, related_name="runs")
    state = models.CharField(max_length=10, choices=STATES, default=QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    rulebook_version = models.CharField(max_length=50, blank=True)
    rulebook_hash = models.CharField(max_length=64, blank=True)
    engine_version = models.CharField(max_length=50, blank=True)
    figures = models.JSONField(default=dict, blank=True)  # reach per scheme and breakdown (small numbers suppressed)
    outcomes_path = models.CharField(max_length=500, blank=True)  # per-household outcomes, Parquet with the receipt
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class NonUser(models.Model):
    """A household that a run found eligible for a scheme it does not use, with what a letter needs."""

    run = models.ForeignKey(ReachRun, on_delete=models.CASCADE, related_name="non_users")
    scheme = models.CharField(max_length=100)
    household_id = models.CharField(max_length=64)
    person_id = models.CharField(max_length=64, blank=True)  # the applicant, to whom the letter goes
    amount_cents = models.BigIntegerField(null=True)
    district = models.CharField(max_length=100, blank=True)
    household_type = models.CharField(max_length=30, blank=True)
    income_band = models.CharField(max_length=20, blank=True)
    income_source = models.CharField(max_length=20, blank=True)
    given_name = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    street = models.CharField(max_length=200, blank=True)
    house_number = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    city = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "scheme", "household_id"], name="reach_nonuser_unique")]
        indexes = [models.Index(fields=["run", "scheme"])]
