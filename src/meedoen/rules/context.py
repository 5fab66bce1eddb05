"""Everything one evaluation derives once per household: ages, category, social minimum, income."""

from dataclasses import dataclass, field
from fractions import Fraction

from .money import percent_of, round_half_up

CLAIMANT_ROLES = ("applicant", "partner")


def both(nl, en):
    return {"nl": nl, "en": en}


def missing_norm(key, vt, day):
    """A rule gap: this norm is not in the sources for this date (a {nl, en} text)."""
    return both(f"de bijstandsnorm '{key}' ({vt}) op {day} staat niet in de bronnen",
                f"the bijstandsnorm '{key}' ({vt}) on {day} is not in the sources")


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
        self.params = rulebook.parameters_on(day).values
        self.norm_table = rulebook.norms_on(day).norms
        self.aow_age = int(self.params["aow_age_years"].value)
        self.ages = {m.index: m.age_on(day) for m in household.members}
        self.applicant = next(m for m in household.members if m.role == "applicant")
        self.partner = next((m for m in household.members if m.role == "partner"), None)
        self.claimants = [m for m in (self.applicant, self.partner) if m is not None]
        self.minor_children = self._minor_children()
        self.category = self._category()
        self.norm = self._norm()
        self.income = self._income()
        self.ratio = (
            Fraction(self.income.value, self.norm.value)
            if self.income.known and self.norm.known and self.norm.value > 0 else None
        )
        self._limits = {}

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
