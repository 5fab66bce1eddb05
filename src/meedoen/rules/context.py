"""Everything one evaluation derives once per household: ages, category, social minimum, income."""

from dataclasses import dataclass, field
from fractions import Fraction

from .money import percent_of, round_half_up

CLAIMANT_ROLES = ("applicant", "partner")


def both(nl, en):
    return {"nl": nl, "en": en}


def missing_norm(key, vt, day):
    """A rule gap: this norm is not in the sources for this date (a {nl, en} text)."""
    from .explain import NORM, format_date

    who = NORM.get(key, ("dit huishouden", "this household"))
    vt_nl, vt_en = ("met", "including") if vt == "incl_vt" else ("zonder", "excluding")
    return both(f"de bijstandsnorm voor {who[0]} ({vt_nl} vakantiegeld) op {format_date(day, 'nl')} staat niet in de bronnen",
                f"the social assistance norm for {who[1]} ({vt_en} holiday allowance) on {format_date(day, 'en')} is not in the sources")


@dataclass
class Derived:
    """A derived fact: its value (None = unknown), the facts still needed, and a rule gap if any."""

    value: object = None
    needs: tuple = ()
    gap: dict | None = None  # {nl, en}: what the sources do not give
    detail: dict = field(default_factory=dict)
    used: tuple = ()  # Sourced parameters this value rests on

    @property
    def known(self):
        return self.value is not None


def no_settings(municipality):
    """A rule gap: a municipality without a rulebook folder has no percentage base nor counted income sources."""
    return both(f"{municipality.name} heeft geen eigen regels in dit regelboek: de grondslag voor het sociaal minimum en het inkomen staat er niet in",
                f"{municipality.name} has no rules of its own in this rulebook: the basis for the social minimum and the income is not in it")


def settings_ended(municipality, ended):
    """A rule gap: the municipality's own rules in this rulebook end before the date (they are not carried forward)."""
    from .expiry import long_date

    return both(f"de regels van {municipality.name} in dit regelboek gelden tot en met {long_date(ended, 'nl')}",
                f"{municipality.name}'s rules in this rulebook apply up to and including {long_date(ended, 'en')}")


def member_path(member, *rest):
    return ".".join([f"members[{member.index}]", *rest])


class Context:
    """Per-household, per-date facts shared by all conditions of all schemes."""

    def __init__(self, rulebook, municipality, household, day):
        self.rulebook = rulebook
        self.municipality = municipality
        self.household = household
        self.day = day
        self.settings = municipality.settings_on(day)
        # past the last period the last known norms and parameters are carried forward (provisional, rules.expiry)
        self.params = rulebook.parameters_for(day).values
        self.norm_table = rulebook.norms_for(day).norms
        self.aow_age = int(self.params["aow_age_years"].value)
        self.ages = {m.index: m.age_on(day) for m in household.members}
        self.applicant = next(m for m in household.members if m.role == "applicant")
        self.partner = next((m for m in household.members if m.role == "partner"), None)
        self.claimants = [m for m in (self.applicant, self.partner) if m is not None]
        self.minor_children = self._minor_children()
        self.category = self._category()
        if self.settings is None:  # national schemes only
            ended = municipality.settings[-1].valid_to if municipality.settings else None
            gap = settings_ended(municipality, ended) if ended and day > ended else no_settings(municipality)
            self.norm = self.income = Derived(None, gap=gap)
        else:
            self.norm = self._norm()
            self.income = self._income()
        self.ratio = (
            Fraction(self.income.value, self.norm.value)
            if self.income.known and self.norm.known and self.norm.value > 0 else None
        )
        self._limits = {}
        self._capacity = {}

    # -- children and household category -------------------------------------------------
    def _minor_children(self):
        """Number of children under 18 (Derived; unknown if a child's birth date is missing and it matters)."""
        count, unknown = 0, []
        for m in self.household.members:
            if m.role != "child":
                continue
            age = self.ages[m.index]
            if age is None:
                unknown.append(member_path(m, "birth_date"))
            elif age < 18:
                count += 1
        if unknown:
            return Derived(None, tuple(unknown), detail={"at_least": count})
        return Derived(count)

    def _category(self):
        """single, single_parent or couple (for asset limits and amounts)."""
        if self.partner is not None:
            return Derived("couple")
        children = self.minor_children
        if children.known:
            return Derived("single_parent" if children.value else "single")
        if children.detail.get("at_least"):
            return Derived("single_parent")
        return Derived(None, children.needs)

    # -- social minimum -------------------------------------------------------------------
    def _norm_key(self):
        ages = [self.ages[m.index] for m in self.claimants]
        needs = tuple(member_path(m, "birth_date") for m in self.claimants if self.ages[m.index] is None)
        if needs:
            return Derived(None, needs)
        aow = self.aow_age
        if self.partner is None:
            (a,) = ages
            if a >= aow:
                return Derived("single_aow")
            if a >= 21:
                return Derived("single_21_aow")
            if a >= 18:
                return Derived("single_18_20")
            return Derived(None, gap=both("er is geen bijstandsnorm voor een aanvrager jonger dan 18",
                                          "there is no bijstandsnorm for an applicant under 18"))
        young = [a for a in ages if 18 <= a <= 20]
        if any(a < 18 for a in ages):
            return Derived(None, gap=both("dit regelboek heeft geen bijstandsnorm voor een partner jonger dan 18",
                                          "this rulebook has no bijstandsnorm for a partner under 18"))
        if any(a >= aow for a in ages):
            if young:
                return Derived(None, gap=both("dit regelboek heeft geen bijstandsnorm voor een jonge partner met een partner met AOW-leeftijd",
                                              "this rulebook has no bijstandsnorm for a young partner with a partner of state pension age"))
            return Derived("couple_aow")
        if not young:
            return Derived("couple_21_aow")
        children = self.minor_children
        if not children.known:
            return Derived(None, children.needs)
        suffix = "children" if children.value else "no_children"
        return Derived(f"couple_18_20_{suffix}" if len(young) == 2 else f"couple_18_20_and_21_{suffix}")

    def _norm(self):
        key = self._norm_key()
        if not key.known:
            return key
        vt = "incl_vt" if self.settings.holiday_allowance == "included" else "excl_vt"
        entry = self.norm_table.get(key.value, {}).get(vt)
        if entry is None:
            return Derived(None, gap=missing_norm(key.value, vt, self.day))
        used = [entry, self.settings.base, self.params["aow_age_years"]]
        detail = {"key": key.value, "vt": vt, "table_cents": entry.value, "source": entry.source,
                  "reliability": entry.reliability, "kostendelers": 0}
        cents = entry.value
        if self.settings.kostendelersnorm == "applied" and key.value in (
            "single_21_aow", "couple_21_aow", "single_aow", "couple_aow"
        ):
            kd = self._kostendelers()
            if not kd.known:
                return Derived(None, kd.needs)
            if kd.value:
                couple_key = "couple_aow" if key.value in ("single_aow", "couple_aow") else "couple_21_aow"
                base = self.norm_table.get(couple_key, {}).get(vt)
                if base is None:
                    return Derived(None, gap=missing_norm(couple_key, vt, self.day))
                a = len(self.claimants) + kd.value
                p = self.params
                share = Fraction(int(p["kostendeler_base_percent"].value) + a * int(p["kostendeler_per_person_percent"].value), 100 * a)
                per_person = round_half_up(base.value * share.numerator, share.denominator)
                cents = per_person * len(self.claimants)
                used += [base, p["kostendeler_base_percent"], p["kostendeler_per_person_percent"], p["kostendeler_min_age_years"]]
                detail.update(kostendelers=a, base_key=couple_key, base_cents=base.value, share=share, per_person_cents=per_person)
        return Derived(cents, detail=detail, used=tuple(used))

    def _kostendelers(self):
        """Housemates (not applicant or partner) old enough to count as kostendeler."""
        min_age = int(self.params["kostendeler_min_age_years"].value)
        count, needs = 0, []
        for m in self.household.members:
            if m.role in CLAIMANT_ROLES:
                continue
            age = self.ages[m.index]
            if age is None:
                needs.append(member_path(m, "birth_date"))
            elif age >= min_age:
                count += 1
        return Derived(None, tuple(needs)) if needs else Derived(count)

    # -- income ---------------------------------------------------------------------------
    def _income(self):
        counted = self.settings.counted_income_sources
        parts, needs = {}, []
        for m in self.claimants:
            incomes = m.incomes
            if incomes is None:
                needs.append(member_path(m, "monthly_net_income_cents"))
                continue
            for source in counted:
                if source in incomes and incomes[source] is None:
                    needs.append(member_path(m, "monthly_net_income_cents", source))
                elif incomes.get(source):
                    parts[source] = parts.get(source, 0) + incomes[source]
        if needs:
            return Derived(None, tuple(needs))
        return Derived(sum(parts.values()), detail={"parts": parts}, used=(self.settings.counted_income,))

    def all_income(self):
        """Every income of applicant and partner, counted or not (for spending money)."""
        total, needs = 0, []
        for m in self.claimants:
            if m.incomes is None:
                needs.append(member_path(m, "monthly_net_income_cents"))
                continue
            for source, cents in m.incomes.items():
                if cents is None:
                    needs.append(member_path(m, "monthly_net_income_cents", source))
                else:
                    total += cents
        return Derived(None, tuple(needs)) if needs else Derived(total)

    def limit(self, percent):
        """The income limit at ``percent`` of the social minimum, rounded as the municipality rounds."""
        if percent not in self._limits:
            self._limits[percent] = percent_of(self.norm.value, percent, self.settings.rounding)
        return self._limits[percent]

    # -- what the family has left ------------------------------------------------------------
    def money_left(self):
        """Every income of applicant and partner minus all fixed costs, per month (the money left to live on)."""
        income = self.all_income()
        fixed = self.household.fixed_costs_cents
        needs = income.needs + (() if fixed is not None else ("fixed_costs_cents",))
        if needs:
            return Derived(None, needs)
        return Derived(income.value - fixed, detail={"income": income.value, "fixed_costs": fixed})

    def payment_capacity(self, params):
        """The payment capacity a year for kwijtschelding (Derived, memoised per rule): capacity % of what the
        netto-besteedbaar inkomen exceeds the kosten van bestaan (a percentage of the bijstandsnorm), times 12.

        ``value`` is ``(low, high)``: the capacity at the highest and at the lowest cost-norm percentage the rules
        allow when the municipality's own percentage is not set in the sources (equal when it is set).
        """
        key = repr(sorted((k, repr(v)) for k, v in params.items()))
        if key not in self._capacity:
            self._capacity[key] = payment_capacity(self, params)
        return self._capacity[key]


COST_KINDS = ("housing", "health_insurance", "alimony_paid", "childcare")


def cost_norm_percents(params, national):
    """(lowest, highest) cost-norm percentage: the municipality's own, or the national range when not set."""
    own = params.get("cost_norm_percent")
    if own is not None:
        return Fraction(str(own)), Fraction(str(own))
    low, high = national.get("kwijtschelding_cost_norm_min_percent"), national.get("kwijtschelding_cost_norm_max_percent")
    if low is None or high is None:
        return None
    return Fraction(str(low.value)), Fraction(str(high.value))


def counted_costs(household, kinds):
    """(sum of the counted monthly costs, parts, needs)."""
    total, parts, needs = 0, {}, []
    for kind in kinds:
        if kind == "housing":
            cents = household.housing_costs_cents
            if cents is None:
                needs.append("housing_costs_cents")
                continue
        else:
            costs = household.monthly_costs
            if costs is None:
                if "monthly_costs_cents" not in needs:
                    needs.append("monthly_costs_cents")
                continue
            cents = costs.get(kind, 0)
            if cents is None:
                needs.append(f"monthly_costs_cents.{kind}")
                continue
        parts[kind] = cents
        total += cents
    return total, parts, tuple(needs)


def capacity_a_year(surplus_a_month, capacity_percent):
    """capacity % of 12 months' surplus (nothing when there is no surplus), rounded half up to the cent."""
    if surplus_a_month <= 0:
        return 0
    return round_half_up(12 * surplus_a_month * capacity_percent.numerator, 100 * capacity_percent.denominator)


def payment_capacity(ctx, params):
    national = ctx.params
    capacity = national.get("kwijtschelding_capacity_percent")
    percents = cost_norm_percents(params, national)
    if capacity is None or percents is None:
        return Derived(None, gap=both("de landelijke normen voor de betalingscapaciteit staan niet in het regelboek",
                                      "the national norms for the payment capacity are not in the rulebook"))
    if not ctx.norm.known:
        return Derived(None, ctx.norm.needs, ctx.norm.gap)
    needs, income = [], 0
    sources = params["counted_income_sources"]
    parts = {}
    for m in ctx.claimants:
        if m.incomes is None:
            needs.append(member_path(m, "monthly_net_income_cents"))
            continue
        for source in sources:
            if source in m.incomes and m.incomes[source] is None:
                needs.append(member_path(m, "monthly_net_income_cents", source))
            elif m.incomes.get(source):
                parts[source] = parts.get(source, 0) + m.incomes[source]
                income += m.incomes[source]
    costs, cost_parts, cost_needs = counted_costs(ctx.household, params["counted_costs"])
    low_pct, high_pct = percents
    cap_pct = Fraction(str(capacity.value))
    if needs or cost_needs:
        # costs only lower the capacity: with the income known, the capacity without costs is its upper bound
        at_most = None if needs else capacity_a_year(income - percent_of(ctx.norm.value, low_pct), cap_pct)
        return Derived(None, tuple(needs) + cost_needs, detail={} if at_most is None else {"at_most": at_most})
    spendable = income - costs
    cost_low = percent_of(ctx.norm.value, low_pct)  # the kosten van bestaan at the lowest percentage
    cost_high = percent_of(ctx.norm.value, high_pct)
    high = capacity_a_year(spendable - cost_low, cap_pct)  # least costs: most capacity
    low = capacity_a_year(spendable - cost_high, cap_pct)
    detail = {"income": income, "income_parts": parts, "costs": costs, "cost_parts": cost_parts,
              "spendable": spendable, "norm": ctx.norm.value, "percents": (low_pct, high_pct),
              "cost_of_living": (cost_low, cost_high), "capacity_percent": cap_pct,
              "own_percent": params.get("cost_norm_percent") is not None}
    used = [capacity] + ([] if detail["own_percent"] else [national["kwijtschelding_cost_norm_min_percent"],
                                                          national["kwijtschelding_cost_norm_max_percent"]])
    return Derived((low, high), detail=detail, used=tuple(used))
