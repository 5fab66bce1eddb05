"""Synthetic households for testing, load tests and policy what-ifs, calibrated on Zoetermeer.

:func:`generate_households` gives household dicts in the published JSON format
(``rules/schemas/household.schema.json``); :func:`generate_frames` gives the same population in
the columnar layout of :mod:`meedoen.rules.bulk` (``HOUSEHOLD_SCHEMA`` / ``MEMBER_SCHEMA``),
vectorised so that a million households take seconds. Both are built from one set of random
arrays (:func:`_draw`), so for the same ``n``, ``seed``, ``municipality`` and ``day``::

    frames_from_households(generate_households(n, seed))[:2]  ==  generate_frames(n, seed)

The population is SYNTHETIC. Nobody in it exists. Its shares are calibrated on the few figures the
sources give for Zoetermeer; everything else is an assumption, marked as such below.

Sources: "seeds" = ``shared/domain/seeds-synthesis-stedenestafette.md`` (section 3.1 figures Z*,
section 3.4 derived guidance); "params" = ``shared/domain/dutch-parameters.md``; "rulebook" =
the national norms and parameters in ``meedoen/rulebook/national/*.yaml`` and the municipality's
settings, read for ``day`` (Zoetermeer 1 Jan 2026 excl. holiday allowance: single 1,331.43,
couple 1,902.02, single AOW age 1,486.46, couple AOW age 2,036.95, single 18-20 328.69).

=====================================  ================================  ==================================
Figure                                 Value used                        Source
=====================================  ================================  ==================================
Households at or below 120 % of the    ~11.1 % of households             seeds Z4 (5,453, StimulanSZ 2008) /
social minimum                                                           Z2 (~49,000); derived in seeds 3.4
At or below 110 %                      ~8 %                              seeds Z6 (StimulanSZ 2009)
At or below 130 %                      ~19 %                             seeds Z5 (StimulanSZ 2009)
Income band mixture that produces      working age / AOW age (applicant  assumption, tuned to the three
the three shares above and the         or partner 67+): exactly 100 %    shares above and to seeds Z11
composition of the minima              4.6 / 4.0 %; below 100 % 0.8 /    (result for 50,000 households:
                                       1.0 %; 100-110 % 1.2 / 4.0 %;     <=110 % 8.2 %, <=120 % 10.9 %,
                                       110-120 % 1.6 / 3.0 %; 120-130 %  <=130 % 19.1 %)
                                       7.0 / 9.0 %; exactly on a
                                       100/110/120/130 % limit 0.8 %;
                                       within EUR 25 of one of those
                                       limits 2.4 %; rest above 130 %
Composition of the minima (<=120 %)    bijstand ~32 %, AOW age ~24 %,    seeds Z11 (~1/3 bijstand, ~1/4
                                       rest working poor and others      pension recipients, then the working
                                                                         poor)
Households exactly at 100 %            working age: bijstand (benefit,   assumption; bijstand then ~3.5 % of
                                       receives_social_assistance);      households (seeds 3.4 derives ~5 %
                                       AOW age: AOW only                 "assuming one recipient per
                                                                         household: unverified")
AOW-only income                        the rulebook's AOW-age norm       norms: Zoetermeer's published
                                       (2026: single 1,486.46, couple    AOW-age norms (anchors-nl-scheme-
                                       2,036.95)                         products.md 6.1); that net AOW
                                                                         equals them is an assumption
Income above 130 %                     ratio to the norm 1.3 + a         assumption (median ~2.3 x norm)
                                       lognormal (mu 0, sigma 0.6)
Mean household size                    ~2.45 persons                     seeds 3.4 derived: 120,881 / 49,000
                                                                         = 2.47; the mix below is tuned to it
Household types: single / single       32 % / 9 % / 26 % / 33 %          assumption (not in the sources;
parent / couple / couple with                                            seeds 3.4 "not available"); many
children                                                                 young families: seeds Z25
Number of children 1..5                38 / 42 / 14 / 4.5 / 1.5 %        assumption
Extra adult housemate ("other")        6 % of households; half aged      assumption
                                       18-26, half 27-80
Adult child (18-26, role "child")      30 % of families whose youngest   assumption
                                       parent is 45+
Ages                                   singles 18-20 3 %, 21-66 72 %,    assumption; AOW age 67 from the
                                       67-90 25 %; couples without       rulebook parameters
                                       children 40 % aged 67-90;
                                       parents ~N(40, 8); partner =
                                       applicant +- N(0, 3.5) years;
                                       children at least 19 years
                                       younger than the youngest parent
Couples are never 18-20                both partners 21+                 assumption (the 2026 young-couple
                                                                         norms are not in the rulebook, so
                                                                         such couples would be undetermined)
Income split in couples                working-age: partner earns 0      assumption
                                       (30 %) or 15-50 % of the total;
                                       bijstand/AOW split in halves
Income sources                         AOW age: pension; at 100 %:       assumption; counted sources follow
                                       benefit (bijstand); else wages /  the municipality's settings
                                       self-employment / benefit, with
                                       some student finance (singles
                                       <25), alimony (single parents)
Kinderbijslag per child per month      98.36 / 119.43 / 140.51 (ages     params 2.1 (1 Jan 2026 quarterly
                                       0-5 / 6-11 / 12-17)               295.07 / 358.30 / 421.53, divided
                                                                         by 3); take-up 98 % assumption
Kindgebonden budget                    per child 2,580 + 703 (12-15) /   params 2.2 (2026, [U] values);
                                       936 (16-17) + ALO-kop 3,320 a     12 x net counted income as the
                                       year, minus 7.6 % above 29,736 /  toetsingsinkomen is a
                                       39,141                            simplification (assumption)
Zorgtoeslag                            standaardpremie 2,119; 1.912 % /  params 3.1 (2026); same income
                                       4.289 % of 29,735.42; 13.73 %     simplification; take-up 92 %
                                       above                             assumption
Huurtoeslag                            EUR 150-400 a month for renters   assumption (2026 parameters are
                                       at or below 150 % of the norm     unverified in params 3.2)
Unknown facts                          1.5 % of members no birth date,   assumption (brief: ~3 %)
                                       1.5 % income unknown, 0.3 %
                                       wages null; 12 % of adults:
                                       statuses absent or partly null
Statuses                               chronically ill 22 % (near the    assumption; seeds Z3a (4,670
                                       minimum) / 9 %; no prospect of    disability benefits) only as a
                                       work 35 % of bijstand             sanity check
                                       recipients; premium arrears 10 %
                                       / 1.5 %
School (children 4-17)                 96 % attend, 2 % not, 2 %         assumption
                                       unknown (adult children: 55 %
                                       attend)
Assets, fixed costs, facts             present for ~88-92 % of           assumption
                                       households; years at social
                                       minimum ~geometric (mean ~3) for
                                       households at or below 100 %
District                               Palenstein 20 %, Oosterheem       assumption (the two districts the
                                       25 %, none 55 %                   rulebook names)
Other municipality                     1 % ("groningen")                 assumption
=====================================  ================================  ==================================

The income calibration uses the plain norm per household type (no kostendelersnorm), as
Zoetermeer's settings do. Norms come from the rulebook for ``day`` (excl. or incl. holiday
allowance and the rounding of the percentage limits from ``municipality``'s settings; for a
municipality the rulebook does not know, excl. holiday allowance and rounding to the cent).
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import polars as pl

from ..rules.bulk import HOUSEHOLD_SCHEMA, INCOME_SOURCES, MEMBER_SCHEMA, STATUSES
from ..rules.errors import Problem

__all__ = ["generate_households", "generate_frames", "write_jsonl", "read_jsonl"]

DEFAULT_DAY = date(2026, 3, 1)
OTHER_MUNICIPALITY = "groningen"
DISTRICTS = ("Palenstein", "Oosterheem")
ROLES = ("applicant", "partner", "child", "other")
LEVELS = ("primary", "special", "secondary", "mbo", "other")
LIMIT_PERCENTS = (100, 110, 120, 130)

SINGLE, SINGLE_PARENT, COUPLE, COUPLE_CHILDREN = range(4)
P_TYPE = (0.32, 0.09, 0.26, 0.33)
P_CHILDREN = (0.38, 0.42, 0.14, 0.045, 0.015)
P_HOUSEMATE = 0.06
P_ADULT_CHILD = 0.30
MAX_CHILDREN = 5
SLOTS = 2 + MAX_CHILDREN + 1  # applicant, partner, children, other

# income bands (see the module docstring); the last band (ABOVE) takes the rest
AT_NORM, BELOW, B100_110, B110_120, B120_130, ON_LIMIT, NEAR_LIMIT, ABOVE = range(8)
P_BAND_WORKING_AGE = (0.046, 0.008, 0.012, 0.016, 0.070, 0.008, 0.024)
P_BAND_AOW_AGE = (0.040, 0.010, 0.040, 0.030, 0.090, 0.008, 0.024)  # applicant or partner at AOW age
NEAR_LIMIT_CENTS = 2500

P_BIRTH_UNKNOWN = 0.015
P_INCOME_UNKNOWN = 0.015
P_WAGES_NULL = 0.003

SRC = {s: i for i, s in enumerate(INCOME_SOURCES)}
WAGES, SELF, BENEFIT, PENSION, ALIMONY, STUDENT, OTHER = (SRC[s] for s in (
    "wages", "self_employment", "benefit", "pension", "alimony", "student_finance", "other"))
KINDERBIJSLAG, KGB, ZORGTOESLAG, HUURTOESLAG = (SRC[s] for s in (
    "kinderbijslag", "kindgebonden_budget", "zorgtoeslag", "huurtoeslag"))
ST = {s: i for i, s in enumerate(STATUSES)}

# 2026 amounts from dutch-parameters.md (see the docstring); euros unless "cents"
KINDERBIJSLAG_CENTS = (9836, 11943, 14051)  # per month, ages 0-5, 6-11, 12-17
KGB_PER_CHILD, KGB_12_15, KGB_16_17, KGB_ALO = 2580, 703, 936, 3320
KGB_DREMPEL_SINGLE, KGB_DREMPEL_PARTNERS, KGB_AFBOUW = 29736, 39141, 0.076
ZT_PREMIE, ZT_DREMPEL, ZT_PCT_SINGLE, ZT_PCT_PARTNER, ZT_AFBOUW = 2119, 29735.42, 0.01912, 0.04289, 0.1373

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
DAYS_PER_YEAR = 365.2425


# -- reference norms ----------------------------------------------------------------------

@lru_cache(maxsize=32)
def _reference(day, municipality):
    """(norms by key in cents, rounding, AOW age) for ``day`` and ``municipality``."""
    from ..rules.loader import load_rulebook

    rb = load_rulebook()
    period, params = rb.norms_on(day), rb.parameters_on(day)
    if period is None or params is None:
        raise ValueError(f"{day} is outside the rulebook's validity periods")
    mun = rb.municipalities.get(municipality)
    settings = mun.settings_on(day) if mun is not None else None
    vt = "incl_vt" if settings is not None and settings.holiday_allowance == "included" else "excl_vt"
    rounding = settings.rounding if settings is not None else "cent_half_up"

    def norm(key):
        entry = period.norms.get(key, {}).get(vt)
        return None if entry is None else int(entry.value)

    norms = {k: norm(k) for k in ("single_18_20", "single_21_aow", "single_aow", "couple_21_aow", "couple_aow")}
    if norms["single_21_aow"] is None or norms["couple_21_aow"] is None:
        raise ValueError(f"the rulebook has no {vt} norms for singles and couples on {day}")
    # a norm the rulebook lacks on this day: build incomes on a neighbouring one (the engine
    # will say 'undetermined' for those households)
    norms["single_18_20"] = norms["single_18_20"] or norms["single_21_aow"]
    norms["single_aow"] = norms["single_aow"] or norms["single_21_aow"]
    norms["couple_aow"] = norms["couple_aow"] or norms["couple_21_aow"]
    return norms, rounding, int(params.values["aow_age_years"].value)


def _limit(norm, percent, rounding):
    """The engine's percentage limit (bulk._percent_limit) for an integer percent, on int arrays."""
    if rounding == "cent_half_up":
        return (norm * (2 * percent) + 100) // 200
    return ((norm * percent + 10000 - 1) // 10000) * 100


def _ages_on(birth_days, day):
    """Whole years on ``day`` for birth dates given as days since 1970-01-01."""
    d = birth_days.astype("datetime64[D]")
    year = d.astype("datetime64[Y]").astype(np.int64) + 1970
    month_start = d.astype("datetime64[M]")
    month = month_start.astype(np.int64) % 12 + 1
    dom = (d - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    later = (month > day.month) | ((month == day.month) & (dom > day.day))
    return day.year - year - later.astype(np.int64)


# -- the random population ------------------------------------------------------------------

@dataclass
class _Population:
    n: int
    municipality: str
    # households (length n)
    other_municipality: np.ndarray
    district: np.ndarray          # 0 Palenstein, 1 Oosterheem, 2 none (key absent), 3 none (null)
    assets: np.ndarray
    assets_known: np.ndarray
    housing: np.ndarray
    housing_known: np.ndarray
    fixed: np.ndarray
    fixed_known: np.ndarray
    years: np.ndarray
    years_known: np.ndarray
    supplement: np.ndarray
    supplement_known: np.ndarray
    first_member: np.ndarray      # row of each household's applicant in the member arrays
    # members (length M, sorted by hh)
    hh: np.ndarray
    role: np.ndarray              # index into ROLES
    birth: np.ndarray             # days since 1970-01-01
    birth_state: np.ndarray       # 0 known, 1 key absent, 2 null
    income: np.ndarray            # (len(INCOME_SOURCES), M) int64
    income_state: np.ndarray      # 0 known, 1 key absent, 2 null
    wages_null: np.ndarray
    has_statuses: np.ndarray
    status: np.ndarray            # (len(STATUSES), M) bool
    status_state: np.ndarray      # (len(STATUSES), M): 0 known, 1 key absent, 2 null
    school_state: np.ndarray      # 0 no school object, 1 attends known, 2 attends null
    attends: np.ndarray
    level: np.ndarray             # index into LEVELS, -1 none


def _draw(n, seed, municipality, day):
    """Every random choice for ``n`` households, vectorised; the one source for both outputs."""
    if n < 0:
        raise ValueError("n must be at least 0")
    norms, rounding, aow = _reference(day, municipality)
    rng = np.random.Generator(np.random.PCG64(seed))
    rand = lambda size=n: rng.random(size)  # noqa: E731

    # household composition
    htype = rng.choice(4, size=n, p=P_TYPE)
    couple = (htype == COUPLE) | (htype == COUPLE_CHILDREN)
    family = (htype == SINGLE_PARENT) | (htype == COUPLE_CHILDREN)
    nkids = np.where(family, rng.choice(MAX_CHILDREN, size=n, p=P_CHILDREN) + 1, 0)
    has_other = rand() < P_HOUSEMATE

    # ages in (fractional) years
    u_band, u_age, z_age, z_partner = rand(), rand(), rng.standard_normal(n), rng.standard_normal(n)
    single_age = np.where(u_band < 0.03, 18.01 + u_age * 2.98,
                          np.where(u_band < 0.75, 21.01 + u_age * 45.98, 67.01 + u_age * 23.98))
    couple_age = np.where(u_band < 0.40, 67.01 + u_age * 23.98, 21.01 + u_age * 45.98)
    age_a = np.select([htype == SINGLE, htype == SINGLE_PARENT, htype == COUPLE],
                      [single_age, np.clip(40 + 8 * z_age, 21.01, 62.0), couple_age],
                      np.clip(41 + 7.5 * z_age, 22.0, 63.0))
    age_p = np.clip(age_a + 3.5 * z_partner, 21.01, 90.99)
    youngest_parent = np.where(couple, np.minimum(age_a, age_p), age_a)
    kid_age = rand((n, MAX_CHILDREN)) * np.minimum(17.99, youngest_parent - 19)[:, None]
    adult_child = family & (rand() < P_ADULT_CHILD) & (youngest_parent >= 45)
    u_adult = rand()
    kid_age[:, 0] = np.where(adult_child, 18.01 + u_adult * (np.minimum(26.99, youngest_parent - 19) - 18.01),
                             kid_age[:, 0])
    kid_present = np.arange(MAX_CHILDREN)[None, :] < nkids[:, None]
    kid_age = -np.sort(-np.where(kid_present, kid_age, -1.0), axis=1)  # oldest first, absent last
    u_other, u_other_age = rand(), rand()
    other_age = np.where(u_other < 0.5, 18.01 + u_other_age * 8.98, 27.01 + u_other_age * 52.98)

    slot_age = np.column_stack([age_a, age_p, kid_age, other_age])
    present = np.column_stack([np.ones(n, bool), couple, kid_present, has_other])
    hh, slot = np.nonzero(present)  # row-major: sorted by household, then slot order
    M = hh.size
    birth = (day.toordinal() - EPOCH_ORDINAL) - np.floor(slot_age[hh, slot] * DAYS_PER_YEAR).astype(np.int64)
    role = np.select([slot == 0, slot == 1, slot == SLOTS - 1], [0, 1, 3], 2)
    age = _ages_on(birth, day)
    first_member = np.flatnonzero(slot == 0)
    partner_rows = np.flatnonzero(slot == 1)
    true_age_a = age[first_member]
    true_age_p = np.full(n, -1, np.int64)
    true_age_p[hh[partner_rows]] = age[partner_rows]

    # the norm and the household's counted income T
    pens_a = true_age_a >= aow
    pens_p = couple & (true_age_p >= aow)
    norm = np.select(
        [~couple & pens_a, ~couple & (true_age_a >= 21), ~couple, pens_a | pens_p],
        [norms["single_aow"], norms["single_21_aow"], norms["single_18_20"], norms["couple_aow"]],
        norms["couple_21_aow"]).astype(np.int64)
    u_income = rand()
    band = np.where(pens_a | pens_p, np.searchsorted(np.cumsum(P_BAND_AOW_AGE), u_income, side="right"),
                    np.searchsorted(np.cumsum(P_BAND_WORKING_AGE), u_income, side="right"))
    u_ratio, z_high = rand(), rng.standard_normal(n)
    pick = rng.integers(0, len(LIMIT_PERCENTS), n)
    delta = rng.integers(-NEAR_LIMIT_CENTS, NEAR_LIMIT_CENTS + 1, n)
    ratio = np.select(
        [band == BELOW, band == B100_110, band == B110_120, band == B120_130],
        [0.70 + 0.30 * u_ratio, 1.00 + 0.10 * u_ratio, 1.10 + 0.10 * u_ratio, 1.20 + 0.10 * u_ratio],
        1.30 + np.exp(0.6 * z_high))
    limit = _limit(norm, np.array(LIMIT_PERCENTS, np.int64)[pick], rounding)
    total = np.select([band == AT_NORM, band == ON_LIMIT, band == NEAR_LIMIT],
                      [norm, limit, limit + delta], np.rint(ratio * norm).astype(np.int64))
    low = band != ABOVE
    at_norm = band == AT_NORM

    # split between applicant and partner
    u_zero, u_share = rand(), rand()
    share = np.where(pens_a | pens_p, 0.30 + 0.20 * u_share, np.where(u_zero < 0.3, 0.0, 0.15 + 0.35 * u_share))
    part_p = np.where(at_norm, total // 2, np.floor(total * share).astype(np.int64))
    part_p = np.where(couple, part_p, 0)
    part_a = total - part_p

    # applicant's sources
    u_src, u_sec, u_frac, u_psrc = rand(), rand(), rand(), rand()
    src_a = np.select(
        [pens_a, at_norm, band == BELOW, low, u_src < 0.85, u_src < 0.93],
        [PENSION, BENEFIT, np.where(u_src < 0.5, WAGES, SELF), np.where(u_src < 0.75, WAGES, BENEFIT), WAGES, SELF],
        BENEFIT)
    working = ~pens_a & ~at_norm
    sec_a = np.select(
        [working & (htype == SINGLE) & (true_age_a < 25) & (u_sec < 0.5),
         working & (htype == SINGLE_PARENT) & (u_sec < 0.2),
         working & low & (band != BELOW) & (src_a == WAGES) & (u_sec < 0.2),
         working & ~low & (u_sec > 0.97),
         pens_a & ~low & (u_sec < 0.05)],
        [STUDENT, ALIMONY, BENEFIT, OTHER, WAGES], -1)
    frac = np.select([sec_a == STUDENT, sec_a == ALIMONY, sec_a == BENEFIT, sec_a == OTHER, sec_a == WAGES],
                     [0.3 + 0.4 * u_frac, 0.1 + 0.2 * u_frac, 0.2 + 0.4 * u_frac, 0.05 + 0.15 * u_frac,
                      0.1 + 0.3 * u_frac], 0.0)
    sec_amount = np.floor(part_a * frac).astype(np.int64)
    src_p = np.select([pens_p, at_norm, u_psrc < 0.9], [PENSION, BENEFIT, WAGES], BENEFIT)
    bijstand_a = at_norm & ~pens_a
    bijstand_p = at_norm & couple & ~pens_p

    income = np.zeros((len(INCOME_SOURCES), M), np.int64)
    pr_hh = hh[partner_rows]
    income[src_a, first_member] = part_a - sec_amount
    has_sec = sec_a >= 0
    income[sec_a[has_sec], first_member[has_sec]] += sec_amount[has_sec]
    income[src_p[pr_hh], partner_rows] = part_p[pr_hh]

    # allowances that do not count as income (paid to the applicant)
    is_minor = (role == 2) & (age < 18)
    kb = np.where(is_minor, np.array(KINDERBIJSLAG_CENTS)[np.clip(age // 6, 0, 2)], 0)
    kgb_child = np.where(is_minor, KGB_PER_CHILD + np.where((age >= 12) & (age <= 15), KGB_12_15, 0)
                         + np.where(age >= 16, KGB_16_17, 0), 0)
    minors = np.bincount(hh, weights=is_minor, minlength=n).astype(np.int64)
    kb_h = np.bincount(hh, weights=kb, minlength=n).astype(np.int64)
    kgb_max = np.bincount(hh, weights=kgb_child, minlength=n) + np.where((htype == SINGLE_PARENT) & (minors > 0), KGB_ALO, 0)
    yearly = 12 * total / 100.0
    kgb_year = kgb_max - KGB_AFBOUW * np.maximum(0, yearly - np.where(couple, KGB_DREMPEL_PARTNERS, KGB_DREMPEL_SINGLE))
    u_kb, u_kgb, u_zt, u_rent, u_ht = rand(), rand(), rand(), rand(), rand()
    kb_h = np.where(u_kb < 0.98, kb_h, 0)
    kgb_h = np.where((u_kgb < 0.90) & (minors > 0), np.floor(np.maximum(kgb_year, 0) * 100 / 12), 0).astype(np.int64)
    zt_year = (np.where(couple, 2, 1) * ZT_PREMIE - np.where(couple, ZT_PCT_PARTNER, ZT_PCT_SINGLE) * ZT_DREMPEL
               - ZT_AFBOUW * np.maximum(0, yearly - ZT_DREMPEL))
    zt_h = np.where((u_zt < 0.92) & (zt_year >= 24), np.floor(zt_year * 100 / 12), 0).astype(np.int64)
    renter = u_rent < np.where(low, 0.80, 0.35)
    ht_h = np.where(renter & (total <= 1.5 * norm), 15000 + np.floor(25000 * u_ht), 0).astype(np.int64)
    income[KINDERBIJSLAG, first_member] = kb_h
    income[KGB, first_member] = kgb_h
    income[ZORGTOESLAG, first_member] = zt_h
    income[HUURTOESLAG, first_member] = ht_h

    # incomes of children and housemates
    u_m1, u_m2, z_m = rand(M), rand(M), rng.standard_normal(M)
    is_other = role == 3
    adult_kid = (role == 2) & (age >= 18)
    student = (adult_kid & (u_m1 < 0.6)) | (is_other & (age < 27) & (u_m1 < 0.5))
    income[STUDENT] += np.where(student, 20000 + np.floor(80000 * u_m2).astype(np.int64), 0)
    kid_job = ((role == 2) & (age >= 15) & (age < 18) & (u_m1 < 0.3)) | (adult_kid & ~student)
    income[WAGES] += np.where(kid_job, 5000 + np.floor(np.where(adult_kid, 195000, 35000) * u_m2).astype(np.int64), 0)
    other_earner = is_other & ~student
    other_wages = np.rint(220000 * np.exp(0.4 * z_m)).astype(np.int64)
    income[PENSION] += np.where(other_earner & (age >= aow), 150000 + np.floor(100000 * u_m2).astype(np.int64), 0)
    income[WAGES] += np.where(other_earner & (age < aow) & (u_m1 < 0.85), other_wages, 0)
    income[BENEFIT] += np.where(other_earner & (age < aow) & (u_m1 >= 0.85), 110000 + np.floor(40000 * u_m2).astype(np.int64), 0)

    # unknowns
    u_unknown, u_how, u_wnull = rand(M), rand(M), rand(M)
    birth_unknown = u_unknown < P_BIRTH_UNKNOWN
    income_unknown = (u_unknown >= P_BIRTH_UNKNOWN) & (u_unknown < P_BIRTH_UNKNOWN + P_INCOME_UNKNOWN)
    birth_state = np.where(birth_unknown, np.where(u_how < 0.5, 1, 2), 0).astype(np.int8)
    income_state = np.where(income_unknown, np.where(u_how < 0.5, 1, 2), 0).astype(np.int8)
    wages_null = ~income_unknown & (u_wnull < P_WAGES_NULL)

    # statuses of adults (everybody but minor children)
    adult = ~is_minor
    low_m = low[hh]
    bijstand = np.zeros(M, bool)
    bijstand[first_member] = bijstand_a
    bijstand[partner_rows] = bijstand_p[pr_hh]
    u_ill, u_nop, u_arr, u_mode = rand(M), rand(M), rand(M), rand(M)
    status = np.zeros((len(STATUSES), M), bool)
    status[ST["receives_social_assistance"]] = bijstand
    status[ST["receives_aow"]] = age >= aow
    status[ST["student_with_studiefinanciering"]] = income[STUDENT] > 0
    status[ST["chronically_ill_or_disabled"]] = u_ill < np.where(low_m, 0.22, 0.09)
    status[ST["no_prospect_of_work"]] = np.where(bijstand, u_nop < 0.35, (age < aow) & (u_nop < 0.01))
    status[ST["registered_premium_arrears"]] = u_arr < np.where(low_m, 0.10, 0.015)
    has_statuses = adult & ((u_mode < 0.88) | (u_mode >= 0.94))
    partial = u_mode >= 0.94
    u_partial = rng.random((len(STATUSES), M), dtype=np.float32)
    status_state = np.where(partial[None, :] & (u_partial < 0.4), np.where(u_partial < 0.2, 1, 2), 0).astype(np.int8)

    # school
    u_school, u_level = rand(M), rand(M)
    school_age = is_minor & (age >= 4)
    school_state = np.select([school_age & (u_school >= 0.98), school_age | adult_kid], [2, 1], 0).astype(np.int8)
    attends = np.where(adult_kid, u_school < 0.55, u_school < 0.96)
    level = np.select(
        [school_age & (u_level < 0.03), school_age & (age < 12), school_age & (age >= 16) & (u_level < 0.28),
         school_age, adult_kid & attends & (u_level < 0.6), adult_kid & attends],
        [LEVELS.index("special"), LEVELS.index("primary"), LEVELS.index("mbo"), LEVELS.index("secondary"),
         LEVELS.index("mbo"), LEVELS.index("other")], -1)
    level = np.where(attends & (school_state == 1), level, -1).astype(np.int8)

    # household facts
    size = np.bincount(hh, minlength=n)
    u_assets, z_assets, u_ak, u_hk, u_fk, u_yk, u_sk, u_sup = (rand(), rng.standard_normal(n), rand(), rand(),
                                                               rand(), rand(), rand(), rand())
    assets = np.where(low, np.floor(-250000 * np.log1p(-u_assets)),
                      np.rint(1500000 * np.exp(1.2 * z_assets))).astype(np.int64)
    housing = 55000 + np.floor(80000 * rand()).astype(np.int64)
    fixed = housing + 25000 + 6000 * size + np.floor(60000 * rand()).astype(np.int64)
    at_minimum = total <= norm
    years = np.where(at_minimum, np.minimum(rng.geometric(0.25, n) - 1, 40), 0)
    nop_a = status[ST["no_prospect_of_work"], first_member]
    supplement = (years >= 3) & (true_age_a >= 21) & ~pens_a & nop_a & (u_sup < 0.5)
    u_district, u_dnull, u_mun = rand(), rand(), rand()
    district = np.select([u_district < 0.20, u_district < 0.45, u_dnull < 0.5], [0, 1, 2], 3).astype(np.int8)

    return _Population(
        n=n, municipality=municipality,
        other_municipality=u_mun < 0.01, district=district,
        assets=assets, assets_known=u_ak < 0.92, housing=housing, housing_known=u_hk < 0.90,
        fixed=fixed, fixed_known=u_fk < 0.90, years=years, years_known=u_yk < 0.90,
        supplement=supplement, supplement_known=u_sk < 0.88, first_member=first_member,
        hh=hh, role=role, birth=birth, birth_state=birth_state, income=income, income_state=income_state,
        wages_null=wages_null, has_statuses=has_statuses, status=status, status_state=status_state,
        school_state=school_state, attends=attends, level=level,
    )


def _other_municipality(municipality):
    return OTHER_MUNICIPALITY if municipality != OTHER_MUNICIPALITY else "zoetermeer"


# -- columnar form ----------------------------------------------------------------------------

def _frames(pop):
    n, mun = pop.n, pop.municipality
    h = pl.DataFrame({
        "hh": np.arange(n, dtype=np.uint32),
        "other_mun": pop.other_municipality, "district_code": pop.district,
        "assets": pop.assets, "assets_known": pop.assets_known, "fixed": pop.fixed, "fixed_known": pop.fixed_known,
        "years": pop.years, "years_known": pop.years_known,
        "supplement": pop.supplement, "supplement_known": pop.supplement_known,
    })
    households = h.select(
        pl.col("hh").cast(pl.UInt32),
        pl.format("syn-{}", (pl.col("hh").cast(pl.Int64) + 1).cast(pl.String).str.zfill(6)).alias("household_id"),
        pl.when(pl.col("other_mun")).then(pl.lit(_other_municipality(mun))).otherwise(pl.lit(mun)).alias("municipality"),
        pl.when(pl.col("district_code") == 0).then(pl.lit(DISTRICTS[0]))
          .when(pl.col("district_code") == 1).then(pl.lit(DISTRICTS[1])).alias("district"),
        pl.when(pl.col("assets_known")).then(pl.col("assets")).alias("assets_cents"),
        pl.when(pl.col("fixed_known")).then(pl.col("fixed")).alias("fixed_costs_cents"),
        pl.when(pl.col("years_known")).then(pl.col("years")).alias("years_at_social_minimum"),
        pl.when(pl.col("supplement_known")).then(pl.col("supplement")).alias("received_income_supplement_last_12_months"),
    ).select([pl.col(k).cast(t) for k, t in HOUSEHOLD_SCHEMA.items()])

    raw = {"hh": pop.hh.astype(np.uint32), "role_code": pop.role.astype(np.int8),
           "birth": pop.birth.astype(np.int32), "birth_known": pop.birth_state == 0,
           "income_known": pop.income_state == 0, "wages_null": pop.wages_null,
           "school_known": pop.school_state == 1, "attends": pop.attends}
    for i, s in enumerate(INCOME_SOURCES):
        raw[f"v_{s}"] = pop.income[i]
    for i, s in enumerate(STATUSES):
        raw[f"v_{s}"] = pop.status[i]
        raw[f"k_{s}"] = pop.has_statuses & (pop.status_state[i] == 0)
    m = pl.DataFrame(raw)
    exprs = {
        "hh": pl.col("hh"),
        "role": pl.col("role_code").replace_strict(dict(enumerate(ROLES)), return_dtype=pl.String),
        "birth_date": pl.when(pl.col("birth_known")).then(pl.col("birth").cast(pl.Date)),
        "income_known": pl.col("income_known"),
    }
    for s in INCOME_SOURCES:
        known = pl.col("income_known") & ~pl.col("wages_null") if s == "wages" else pl.col("income_known")
        exprs[f"income_{s}"] = pl.when(known).then(pl.col(f"v_{s}"))
    for s in STATUSES:
        exprs[f"status_{s}"] = pl.when(pl.col(f"k_{s}")).then(pl.col(f"v_{s}"))
    exprs["attends_school"] = pl.when(pl.col("school_known")).then(pl.col("attends"))
    members = m.select([exprs[k].cast(t).alias(k) for k, t in MEMBER_SCHEMA.items()])
    return households, members


def generate_frames(n, seed=2026, municipality="zoetermeer", day=DEFAULT_DAY):
    """(households, members) for ``n`` synthetic households in the columnar layout of
    :mod:`meedoen.rules.bulk`: the same population as :func:`generate_households` with the same
    arguments."""
    return _frames(_draw(n, seed, municipality, day))


# -- household dicts -----------------------------------------------------------------------------

def _dicts(pop):
    mun, other_mun = pop.municipality, _other_municipality(pop.municipality)
    M = pop.hh.size
    starts = pop.first_member.tolist()
    ends = starts[1:] + [M]
    births = np.datetime_as_string(pop.birth.astype("datetime64[D]"), unit="D").tolist()
    role, birth_state, income_state = pop.role.tolist(), pop.birth_state.tolist(), pop.income_state.tolist()
    wages_null, has_statuses = pop.wages_null.tolist(), pop.has_statuses.tolist()
    incomes = pop.income.T.tolist()
    statuses = pop.status.T.tolist()
    status_state = pop.status_state.T.tolist()
    school_state, attends, level = pop.school_state.tolist(), pop.attends.tolist(), pop.level.tolist()
    h_cols = [c.tolist() for c in (pop.other_municipality, pop.district, pop.assets, pop.assets_known, pop.housing,
                                   pop.housing_known, pop.fixed, pop.fixed_known, pop.years, pop.years_known,
                                   pop.supplement, pop.supplement_known)]
    for i, (o_mun, dist, assets, a_k, housing, h_k, fixed, f_k, years, y_k, sup, s_k) in enumerate(zip(*h_cols)):
        members = []
        for r in range(starts[i], ends[i]):
            m = {"role": ROLES[role[r]]}
            if birth_state[r] == 0:
                m["birth_date"] = births[r]
            elif birth_state[r] == 2:
                m["birth_date"] = None
            if income_state[r] == 0:
                inc = {s: v for s, v in zip(INCOME_SOURCES, incomes[r]) if v}
                if wages_null[r]:
                    inc["wages"] = None
                m["monthly_net_income_cents"] = inc
            elif income_state[r] == 2:
                m["monthly_net_income_cents"] = None
            if has_statuses[r]:
                st = {}
                for s, v, k in zip(STATUSES, statuses[r], status_state[r]):
                    if k == 0:
                        st[s] = v
                    elif k == 2:
                        st[s] = None
                m["statuses"] = st
            if school_state[r]:
                school = {"attends_school": attends[r] if school_state[r] == 1 else None}
                if level[r] >= 0:
                    school["level"] = LEVELS[level[r]]
                m["school"] = school
            members.append(m)
        h = {"id": f"syn-{i + 1:06d}",
             "municipality": other_mun if o_mun else mun}
        if dist < 2:
            h["district"] = DISTRICTS[dist]
        elif dist == 3:
            h["district"] = None
        h["members"] = members
        if a_k:
            h["assets_cents"] = assets
        if h_k:
            h["housing_costs_cents"] = housing
        if f_k:
            h["fixed_costs_cents"] = fixed
        facts = {}
        if y_k:
            facts["years_at_social_minimum"] = years
        if s_k:
            facts["received_income_supplement_last_12_months"] = sup
        h["facts"] = facts
        yield h


def generate_households(n, seed=2026, municipality="zoetermeer", day=DEFAULT_DAY):
    """``n`` synthetic household dicts (ids ``syn-000001`` ...) valid against household.schema.json
    on ``day``; deterministic for a given ``seed``."""
    return list(_dicts(_draw(n, seed, municipality, day)))


# -- JSON Lines ----------------------------------------------------------------------------------

def write_jsonl(households, path):
    """Write one JSON object per line (UTF-8); returns the number written."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for h in households:
            f.write(json.dumps(h, ensure_ascii=False, separators=(",", ":")))
            f.write("\n")
            count += 1
    return count


_JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true/false",
               type(None): "null"}


def read_jsonl(path):
    """(objects, problems): every line that is a JSON object, and a Problem for every other
    non-blank line, located as ``path:line``."""
    objects, problems = [], []
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, start=1):
            where = f"{path}:{lineno}"
            try:
                text = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                problems.append(Problem(where, f"not valid UTF-8: {exc.reason} at byte {exc.start}"))
                continue
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                problems.append(Problem(where, f"not valid JSON: {exc.msg} (column {exc.colno})"))
                continue
            if not isinstance(value, dict):
                problems.append(Problem(where, f"not a JSON object but {_JSON_TYPES.get(type(value), 'a value')}"))
                continue
            objects.append(value)
    return objects, problems
