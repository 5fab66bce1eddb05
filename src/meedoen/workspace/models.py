"""Client households of professionals, and the append-only record of every check run on them."""

from django.conf import settings
from django.db import models


class ClientHousehold(models.Model):
    """A household a professional works with, in the engine's household format (docs/household-format.md)."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, related_name="client_households")
    reference = models.CharField(max_length=100, help_text="The case number (zaaknummer), unique per municipality.")
    household = models.JSONField(help_text="The household in the engine's format, checked with household_problems.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="client_households")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "reference"], name="workspace_unique_reference_per_municipality"),
        ]
        verbose_name = "cliënthuishouden"
        verbose_name_plural = "cliënthuishoudens"

    def __str__(self):
        return f"{self.reference} ({self.municipality_id})"


class AppendOnlyError(Exception):
    """A check record is never changed or removed after it is stored."""


class CheckRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("check records are append-only")

    update.queryset_only = True


class CheckRecord(models.Model):
    """One check of a household on one date: the full result and its receipt. Append-only."""

    household = models.ForeignKey(ClientHousehold, on_delete=models.PROTECT, related_name="checks")
    evaluated_on = models.DateField()
    result = models.JSONField()
    rulebook_version = models.CharField(max_length=50)
    rulebook_hash = models.CharField(max_length=64)
    engine_version = models.CharField(max_length=50)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="check_records")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CheckRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        verbose_name = "controle"
        verbose_name_plural = "controles"

    def __str__(self):
        return f"{self.household_id} on {self.evaluated_on}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("check records are append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("check records are append-only")

    @classmethod
    def from_result(cls, household, result, user):
        """A new (unsaved) record for ``result`` as returned by meedoen.rules.evaluate.evaluate."""
        receipt = result["receipt"]
        return cls(
            household=household, evaluated_on=receipt["evaluated_on"], result=result,
            rulebook_version=receipt["rulebook_version"], rulebook_hash=receipt["rulebook_hash"],
            engine_version=receipt["engine_version"], created_by=user,
        )

    def counts(self):
        """How many schemes per status."""
        counts = {"eligible": 0, "undetermined": 0, "not_eligible": 0}
        for scheme in self.result.get("schemes", []):
            counts[scheme["status"]] = counts.get(scheme["status"], 0) + 1
        return counts
