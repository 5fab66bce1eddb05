"""Early-signalling data: signal partners (an Organisation with a DDAS partner type) and their signals.

A signal never holds a BSN: only the keyed person pseudonym the register uses, and/or name, birth date and address.
"""

from django.db import models


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
    partner_reference = models.CharField(max_length=100)
    partner_type = models.CharField(max_length=40)
    amount_cents = models.BigIntegerField(null=True, blank=True, help_text="None: unknown")
    arrears_start = models.DateField(null=True, blank=True)
    signal_date = models.DateField()
    crisis = models.BooleanField(default=False)
    person_pseudonym = models.CharField(max_length=32, blank=True, db_index=True)
    surname = models.CharField(max_length=200, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=6, blank=True)
    house_number = models.PositiveIntegerField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "partner_reference"],
                                               name="signal_unique_partner_reference")]
