"""Families and their members over time; professionals, volunteers and their teams."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .. import vocabulary as v


class Professional(models.Model):
    """A professional or volunteer of one organisation, with a login."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="professional")
    organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT, related_name="professionals")
    kind = models.CharField(max_length=20, choices=v.choices(v.WORKER_KINDS), default=v.PROFESSIONAL)
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation.name})"


class Team(models.Model):
    """A team of an organisation. Families are seen through the team's involvement."""

    organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(Professional, through="TeamMembership", related_name="teams")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="casework_team_unique_name")]

    def __str__(self):
        return f"{self.name} ({self.organisation.name})"


class TeamMembership(models.Model):
    """A professional's membership of a team, from ``since`` until ``until`` (open: still a member)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    professional = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="team_memberships")
    since = models.DateField()
    until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                                              name="casework_team_membership_until_after_since")]
        indexes = [models.Index(fields=["professional", "team"])]


class Family(models.Model):
    """A household with children: the unit of the family plan. Its members change over time."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, related_name="families")
    reference = models.CharField(max_length=100, help_text="Case number, unique per municipality.")
    name = models.CharField(max_length=200, help_text="How the family is called, e.g. 'Gezin Jansen'.")
    district = models.CharField(max_length=100, blank=True)
    # Finances in the engine's household format (integer cents per month; null is unknown).
    assets_cents = models.BigIntegerField(null=True, blank=True)
    housing_costs_cents = models.BigIntegerField(null=True, blank=True)
    fixed_costs_cents = models.BigIntegerField(null=True, blank=True)
    # What the family has left (kwijtschelding, debt help): total debts, the yearly municipal tax assessment and the
    # monthly costs by kind the payment capacity counts (``monthly_costs_cents`` in the household format).
    debts_cents = models.BigIntegerField(null=True, blank=True)
    municipal_taxes_cents = models.BigIntegerField(null=True, blank=True)
    health_insurance_cents = models.BigIntegerField(null=True, blank=True)
    alimony_paid_cents = models.BigIntegerField(null=True, blank=True)
    childcare_cents = models.BigIntegerField(null=True, blank=True)
    # The engine's household facts (``facts`` in the household format; null is unknown, never 0 or no): whole years the
    # household income has been at most the social minimum without a break, and whether the household received the
    # individuele inkomenstoeslag in the past 12 months.
    years_at_social_minimum = models.PositiveSmallIntegerField(null=True, blank=True)
    received_income_supplement_last_12_months = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["municipality", "reference"], name="casework_family_unique_reference"),
                       models.CheckConstraint(condition=Q(years_at_social_minimum__lte=100),
                                              name="casework_family_years_at_social_minimum_at_most_100")]
        verbose_name_plural = "families"

    def __str__(self):
        return f"{self.name} ({self.reference})"


class Person(models.Model):
    """Somebody in a family: a parent, a child or another adult. Synthetic in the demo."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    birth_date = models.DateField(null=True, blank=True)
    # The engine's member facts: income by source (cents per month; null = unknown), statuses, school.
    monthly_net_income_cents = models.JSONField(null=True, blank=True)
    statuses = models.JSONField(default=dict, blank=True)
    school = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["birth_date", "id"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


class Membership(models.Model):
    """A person belongs to a family in a role from ``start`` until ``end`` (open: still there)."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=v.choices(v.MEMBER_ROLES))
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["start", "id"]
        constraints = [models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                              name="casework_membership_end_after_start")]
        indexes = [models.Index(fields=["family", "end"]), models.Index(fields=["person", "end"])]

    def active_on(self, day):
        return self.start <= day and (self.end is None or self.end >= day)
