"""Early-signalling data: signal partners (an Organisation with a DDAS partner type) and their signals.

A signal never holds a BSN: only the keyed person pseudonym the register uses, and/or name, birth date and address.
"""

from django.db import models

from . import rows


class SignalPartner(models.Model):
    """A fixed-cost creditor that sends signals; its accounts are the Professionals of ``organisation``."""

    organisation = models.OneToOneField("municipalities.Organisation", on_delete=models.PROTECT,
                                        related_name="signal_partner")
    partner_type = models.CharField(max_length=40, help_text="DDAS EnumSignaalpartner code (rulebook partner_types)")

    def __str__(self):
        return f"{self.organisation} ({self.partner_type})"


class Signal(models.Model):
    """One arrears signal (DDAS Vroegsignaal). ``partner_reference`` is unique per partner: same signal twice = one."""

    partner = models.ForeignKey(SignalPartner, on_delete=models.PROTECT, related_name="signals")
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, related_name="+")
    partner_reference = models.CharField(max_length=rows.REFERENCE_MAX_LENGTH)
    partner_type = models.CharField(max_length=40)
    amount_cents = models.BigIntegerField(null=True, blank=True, help_text="None: unknown")
    arrears_start = models.DateField(null=True, blank=True)
    signal_date = models.DateField()
    crisis = models.BooleanField(default=False)
    person_pseudonym = models.CharField(max_length=32, blank=True, db_index=True)
    surname = models.CharField(max_length=rows.SURNAME_MAX_LENGTH, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=6, blank=True)
    house_number = models.PositiveIntegerField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "partner_reference"],
                                               name="signal_unique_partner_reference")]


# -- matching, cases and outreach (meedoen.signals.matching / .outreach) --------------------------------------------

class SignalCase(models.Model):
    """A household's signals bundled within the matching period (DDAS Vroegsignaalzaak); ``due``: first conversation."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, related_name="+")
    load = models.ForeignKey("reach.RegisterLoad", on_delete=models.PROTECT, related_name="+")
    household_id = models.CharField(max_length=64)
    opened_on = models.DateField(help_text="earliest signal date of the case")
    crisis = models.BooleanField(default=False)
    due = models.DateField(null=True, help_text="last day for the first conversation (rulebook deadlines)")
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=40, blank=True, help_text="outreach.RESULTS code")
    closed_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # warm handover into a family plan (signals.handover), with the family's consent
    family = models.ForeignKey("casework.Family", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    handed_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["municipality", "household_id"]),
                   # the triage queue: open cases, crisis first, then by due date (outreach.queue)
                   models.Index(fields=["-crisis", "due", "id"], condition=models.Q(closed_at__isnull=True),
                                name="signals_case_open_queue")]


class SignalMatch(models.Model):
    """How one signal was linked to the register (or why not) and the case it is on."""

    PSEUDONYM, NAME_ADDRESS = "pseudonym", "name_address"
    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="match")
    load = models.ForeignKey("reach.RegisterLoad", null=True, on_delete=models.PROTECT, related_name="+")
    person_id = models.CharField(max_length=64, blank=True)
    household_id = models.CharField(max_length=64, blank=True)
    method = models.CharField(max_length=20, blank=True, help_text="pseudonym, name_address; empty: unmatched")
    reason = models.CharField(max_length=40, blank=True, help_text="why unmatched (matching.REASONS)")
    case = models.ForeignKey(SignalCase, null=True, on_delete=models.PROTECT, related_name="matches")
    not_picked_up = models.BooleanField(default=False, help_text="repeat from the same partner, amount not higher")
    matched_at = models.DateTimeField()


class ContactAttempt(models.Model):
    """DDAS Contactpoging: kind (EnumContactsoort), reached, date and part of day (EnumDagdeel), by whom."""

    case = models.ForeignKey(SignalCase, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(max_length=20)
    reached = models.BooleanField()
    date = models.DateField()
    part_of_day = models.CharField(max_length=10)
    by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-recorded_at"]


class Exclusion(models.Model):
    """A household that is not approached on signals (e.g. already in debt help); coordinators only."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, related_name="+")
    household_id = models.CharField(max_length=64)
    reason = models.CharField(max_length=200)
    recorded_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "household_id"],
                                               name="signals_exclusion_unique_household")]
