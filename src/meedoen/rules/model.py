"""The rulebook as immutable Python objects, after loading and checking."""

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

INCOME_CONDITION_KINDS = ("income_at_most", "income_above")


@dataclass(frozen=True)
class Sourced:
    """A value with its reliability tag (P, S, U, D) and source."""

    value: object
    reliability: str
    source: str
    note: str = ""
    name: str = ""

    @property
    def unverified(self):
        return self.reliability == "U"


@dataclass(frozen=True)
class NormPeriod:
    valid_from: date
    valid_to: date
    norms: dict  # norm key -> {"incl_vt": Sourced, "excl_vt": Sourced}


@dataclass(frozen=True)
class ParameterPeriod:
    valid_from: date
    valid_to: date
    values: dict  # name -> Sourced


@dataclass(frozen=True)
class MunicipalSettings:
    valid_from: date
    valid_to: date
    holiday_allowance: str  # "included" or "excluded"
    kostendelersnorm: str  # "applied" or "not_applied"
    rounding: str
    base: Sourced  # the percentage-base choice, with its source
    counted_income_sources: tuple
    counted_income: Sourced


@dataclass(frozen=True)
class Condition:
    id: str
    kind: str
    params: dict
    source: str
    reliability: str = "S"
    note: str = ""
    text: dict | None = None  # the rule author's own wording of the condition, if any

    @property
    def percent(self):
        return Fraction(str(self.params["percent"]))


@dataclass(frozen=True)
class Benefit:
    description: dict
    unit: str
    per_child: bool = False
    amount_cents: int | None = None
    amount_cents_by_household: dict | None = None
    amount_note: dict | None = None
    source: str = ""
    reliability: str = ""


@dataclass(frozen=True)
class Proactive:
    """How the municipality may reach non-users of a scheme version: ``offer`` (a letter: you can apply) or
    ``automatic_grant`` (granted without an application), with the source that says so. Absent: ``offer``."""

    mode: str = "offer"
    source: str = ""
    note: str = ""
    reliability: str = ""

    OFFER, AUTOMATIC_GRANT = "offer", "automatic_grant"

    @property
    def automatic(self):
        return self.mode == self.AUTOMATIC_GRANT


@dataclass(frozen=True)
class SchemeVersion:
    valid_from: date
    valid_to: date
    conditions: tuple
    benefit: Benefit
    sources: tuple
    individual_assessment: dict | None = None
    note: dict | None = None
    proactive: Proactive = Proactive()

    @property
    def per_child_condition(self):
        """The condition that picks the children a per-child benefit counts (None: all minors)."""
        return next((c for c in self.conditions if c.kind == "member_exists"
                     and c.params["roles"] == ["child"] and not c.params.get("negate")), None)

    @property
    def has_income_test(self):
        return any(c.kind in INCOME_CONDITION_KINDS for c in self.conditions)


@dataclass(frozen=True)
class Scheme:
    id: str
    name: dict
    summary: dict
    provider: str
    versions: tuple
    how_to_apply: dict | None = None
    helpers: tuple = ()
    file: str = ""
    national: bool = False  # from national/schemes/: applies in every municipality that has no own scheme with its id

    def version_on(self, day):
        for version in self.versions:
            if version.valid_from <= day <= version.valid_to:
                return version
        return None


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    helps_with: dict | None = None
    source: str = ""


@dataclass(frozen=True)
class Municipality:
    id: str
    name: str
    cbs_code: str
    districts: tuple
    organisations: dict
    settings: tuple
    schemes: tuple
    note: str = ""

    def settings_on(self, day):
        for s in self.settings:
            if s.valid_from <= day <= s.valid_to:
                return s
        return None

    def schemes_on(self, day):
        """(scheme, version) pairs valid on ``day``, in rulebook order."""
        result = []
        for scheme in self.schemes:
            version = scheme.version_on(day)
            if version is not None:
                result.append((scheme, version))
        return result


@dataclass(frozen=True)
class RuleTest:
    name: str
    municipality: str
    file: str
    line: int
    date: date
    household: dict
    expect: dict
    source: str = ""


@dataclass(frozen=True)
class Rulebook:
    path: str
    version: str
    hash: str
    title: str
    norm_periods: tuple
    parameter_periods: tuple
    municipalities: dict
    tests: tuple = field(default=())
    national_schemes: tuple = field(default=())  # also in every municipality's ``schemes`` (unless overridden)

    def municipality(self, key):
        """Find a municipality by id or CBS code (case-insensitive); None if unknown."""
        key = key.strip().lower()
        for m in self.municipalities.values():
            if m.id == key or m.cbs_code.lower() == key:
                return m
        return None

    def national_only(self, key, name=None, cbs_code=""):
        """A municipality without a folder of its own: the national schemes only, and no municipal settings (so no
        social minimum or counted income: whatever rests on them is undetermined, with the gap named)."""
        key = key.strip().lower()
        return Municipality(id=key, name=name or key, cbs_code=cbs_code or "", districts=(), organisations={},
                            settings=(), schemes=tuple(self.national_schemes), note="national schemes only")

    def norms_on(self, day):
        for p in self.norm_periods:
            if p.valid_from <= day <= p.valid_to:
                return p
        return None

    def parameters_on(self, day):
        for p in self.parameter_periods:
            if p.valid_from <= day <= p.valid_to:
                return p
        return None

    def norms_for(self, day):
        """The norm period of ``day``, or within CARRY_FORWARD_DAYS past the last period the last one (carried
        forward, provisional: see rules.expiry)."""
        return self.norms_on(day) or _carried(self.norm_periods[-1], day)

    def parameters_for(self, day):
        """The parameter period of ``day``, or within CARRY_FORWARD_DAYS past the last period the last one."""
        return self.parameters_on(day) or _carried(self.parameter_periods[-1], day)

    @property
    def covered(self):
        """(first, last) day on which the national norms are defined."""
        return self.norm_periods[0].valid_from, self.norm_periods[-1].valid_to


# How long past its last period a national norm table or parameter is carried forward (provisional). The norms are
# re-indexed every 1 January and 1 July: after a year two updates are missing, and a date that far on is an error.
CARRY_FORWARD_DAYS = 366


def _carried(last, day):
    return last if 0 < (day - last.valid_to).days <= CARRY_FORWARD_DAYS else None
