"""A register (docs/register-format.md) loaded into PostgreSQL: one load, its six tables."""

from django.conf import settings
from django.db import models


class RegisterLoad(models.Model):
    """One register loaded for a municipality; the rows below belong to it and to nothing else."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, related_name="register_loads")
    source = models.CharField(max_length=100)
    reference_date = models.DateField(null=True)
    manifest_sha256 = models.CharField(max_length=64, blank=True)
    synthetic = models.BooleanField(default=False)
    households = models.PositiveIntegerField(default=0)
    persons = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-loaded_at"]


class RegisterAddress(models.Model):
    load = models.ForeignKey(RegisterLoad, on_delete=models.CASCADE, related_name="+")
    address_id = models.CharField(max_length=64)
    street = models.CharField(max_length=200, null=True)
    house_number = models.IntegerField(null=True)
    house_letter = models.CharField(max_length=5, null=True)
    house_number_addition = models.CharField(max_length=10, null=True)
    postcode = models.CharField(max_length=10, null=True)
    city = models.CharField(max_length=100, null=True)
    municipality = models.CharField(max_length=64, null=True)
    district = models.CharField(max_length=100, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["load", "address_id"], name="reach_address_unique")]


class RegisterHousehold(models.Model):
    load = models.ForeignKey(RegisterLoad, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()  # order in the register (the engine's hh)
    household_id = models.CharField(max_length=64)
    municipality = models.CharField(max_length=64)
    district = models.CharField(max_length=100, null=True)
    address_id = models.CharField(max_length=64, null=True)
    assets_cents = models.BigIntegerField(null=True)
    fixed_costs_cents = models.BigIntegerField(null=True)
    years_at_social_minimum = models.BigIntegerField(null=True)
    received_income_supplement_last_12_months = models.BooleanField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["load", "household_id"], name="reach_household_unique")]
        indexes = [models.Index(fields=["load", "position"])]


class RegisterPerson(models.Model):
    load = models.ForeignKey(RegisterLoad, on_delete=models.CASCADE, related_name="+")
    person_id = models.CharField(max_length=64)
    household_id = models.CharField(max_length=64)
    role = models.CharField(max_length=10)
    birth_date = models.DateField(null=True)
    given_name = models.CharField(max_length=200, null=True)
    family_name = models.CharField(max_length=200, null=True)
    income_known = models.BooleanField()
    benefits_known = models.BooleanField()
    chronically_ill_or_disabled = models.BooleanField(null=True)
    no_prospect_of_work = models.BooleanField(null=True)
    registered_premium_arrears = models.BooleanField(null=True)
    attends_school = models.BooleanField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["load", "person_id"], name="reach_person_unique")]
        indexes = [models.Index(fields=["load", "household_id"])]


class RegisterIncome(models.Model):
    load = models.ForeignKey(RegisterLoad, on_delete=models.CASCADE, related_name="+")
    person_id = models.CharField(max_length=64)
    source = models.CharField(max_length=30)
    monthly_net_cents = models.BigIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["load", "person_id"])]


class RegisterBenefit(models.Model):
    load = models.ForeignKey(RegisterLoad, on_delete=models.CASCADE, related_name="+")
    person_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=30)
    since = models.DateField()
    until = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["load", "person_id"])]


class RegisterSchemeUse(models.Model):
    load = models.ForeignKey(RegisterLoad, on_delete=models.CASCADE, related_name="+")
    household_id = models.CharField(max_length=64)
    scheme = models.CharField(max_length=100)
    since = models.DateField()
    until = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["load", "household_id"])]
