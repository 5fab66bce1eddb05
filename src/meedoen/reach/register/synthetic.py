"""A synthetic register (docs/register-format.md): deterministic, calibrated on Zoetermeer, with
scheme use that models non-take-up. Nobody in it exists.

:func:`generate_register` writes one municipality, :func:`generate_country` several (each with its
own parts); both generate block by block (at most ``block`` households per part), so memory stays
bounded for any size. The households and members are those of :mod:`meedoen.population.generator`
(its calibration table lists every share and its source): for the first part, and the same ``n``,
``seed``, ``municipality`` and ``day``, ``format.to_frames(part, day)`` gives back
``generate_frames(n, seed, municipality, day)`` except two things the register format states
differently on purpose:

* every household of a part lives in the part's municipality (the generator puts 1 % elsewhere);
* ``benefits_known`` is one flag per person, so a person of whom the generator knows some but not all
  of the three benefit statuses (bijstand, AOW, studiefinanciering) has all three unknown;
* outside Zoetermeer the generator's two districts get the municipality's own names (the rulebook's
  districts; "Synthetische wijk 1/2" where the rulebook has none).

Part ``k`` is drawn with :func:`block_seed` ``(seed, k)`` (part 0 with ``seed`` itself); the register's
own draws (names, addresses, dates, scheme use) come from a generator seeded with ``(seed, k)`` too.

Benefits follow the statuses: bijstand since the years at the social minimum, AOW from the AOW age,
studiefinanciering from a 1 September; other benefit income is WW or a disability benefit in the
proportions of seeds Z3a/Z3b (4,670 : 1,880), a disability benefit being Wajong under 30, WAO from 55,
WIA otherwise (assumption). 4 % of adults from 25 have an ended WW (assumption).

Scheme use. The engine (:func:`meedoen.rules.bulk.evaluate_frames`, default rulebook) evaluates each
part as the register states it. A household eligible for a scheme uses it with probability
``take_up_rate(scheme, group, single_parent)``; use is correlated within a household (a Gaussian
copula with one household factor), so households that know one scheme tend to use others.

=============================================  =======  ==========================================
Take-up (share of eligible households)         rate     source
=============================================  =======  ==========================================
default (every scheme not below)               0.50     seeds N8 (002 lines 298-300): about half
                                                        not reached; seeds 3.4: 40-60 %
kwijtschelding_gemeentelijke_belastingen       0.55     anchors-nl-scheme-products.md 5.3:
                                                        non-take-up 45 % (NL, c. 2007-2008)
tegemoetkoming_schoolkosten                    0.63     anchors 5.3: non-take-up 37 %
individuele_inkomenstoeslag                    0.46     anchors 5.3: langdurigheidstoeslag (its
                                                        predecessor) 54 %
bijzondere_bijstand                            0.385    anchors 5.3: non-take-up 43-80 %; midpoint
                                                        of 20-57 % take-up (assumption)
minimaregelingen (Groningen)                   0.60     001 lines 1283-1289: nearly 40 % skip at
                                                        least one of the three (one scheme = all
                                                        three: assumption)
=============================================  =======  ==========================================

=============================================  =======  ==========================================
Adjustment                                     value    source
=============================================  =======  ==========================================
bijstand household (applicant or partner)      x 1.2    assumption; direction 001 lines 1277-1281
                                                        (SOZAWE clients use more); 0.5 x 1.2 = 60 %
                                                        as in Rotterdam (anchors 5.3)
pension (one of them at AOW age, no bijstand)  x 0.8    assumption; direction 003 line 127
work (applicant's largest income is wages or   x 0.8    assumption; direction 002 lines 298-303
self-employment)                                        (the working poor are not reached)
other                                          x 1.0    assumption
single parent (no partner, a child under 18)   x 1.1    assumption; direction 001 line 1281
cap                                            0.95     assumption
household correlation (Gaussian copula)        0.5      assumption (reasons for non-use are the
                                                        household's: 001 lines 1287-1289)
undetermined, counted income <= 130 % of the   x 0.5    assumption (some of them are entitled);
plain norm (voedselbank: x 0.01)                        voedselbank: about 1 per mille of the
                                                        inhabitants use it (000 lines 748-751)
not eligible, counted income <= 150 %: an      5 % of   assumption; the grant runs until
earlier grant that has not ended               users    31 December
eligible non-user with an earlier, ended use   10 %     assumption
=============================================  =======  ==========================================

The group comes from what the register shows (:func:`household_groups`); the counted income in the
last rows is the household's real (generated) one, also where the register does not know it.
Uses started in the last three years (assumption). Street names, postcodes (0000-0999, which do not
exist) and names are from small fixed lists and clearly fake. Municipalities the rulebook does not
know are generated on the national norms (as the generator does) and get no scheme use.
"""

import math
from dataclasses import dataclass
from datetime import date
from statistics import NormalDist

import numpy as np
import polars as pl

from ...population.generator import ST, _ages_on, _draw, _frames, _reference
from ...rules import default_rulebook_path, load_rulebook
from ...rules.bulk import INCOME_SOURCES, evaluate_frames
from .format import SCHEMAS, conform, current, empty, to_frames
from .store import RegisterWriter

__all__ = ["generate_register", "generate_country", "default_country", "synthetic_part", "take_up_rate",
           "household_groups", "block_seed", "resolve_municipality"]

DEFAULT_DAY = date(2026, 3, 1)
DEFAULT_BLOCK = 250_000
DEFAULT_SEED = 2026

TAKE_UP = {
    "kwijtschelding_gemeentelijke_belastingen": 0.55,
    "tegemoetkoming_schoolkosten": 0.63,
    "individuele_inkomenstoeslag": 0.46,
    "bijzondere_bijstand": 0.385,
    "minimaregelingen": 0.60,
}
DEFAULT_TAKE_UP = 0.50
TAKE_UP_SOURCES = {
    "default": "seeds N8 (002 lines 298-300): about half not reached; seeds 3.4: 40-60 % take-up",
    "kwijtschelding_gemeentelijke_belastingen": "anchors-nl-scheme-products.md 5.3: non-take-up 45 % (c. 2007-2008)",
    "tegemoetkoming_schoolkosten": "anchors-nl-scheme-products.md 5.3: non-take-up 37 % (c. 2007-2008)",
    "individuele_inkomenstoeslag": "anchors-nl-scheme-products.md 5.3: langdurigheidstoeslag non-take-up 54 %",
    "bijzondere_bijstand": "anchors-nl-scheme-products.md 5.3: non-take-up 43-80 %; midpoint (assumption)",
    "minimaregelingen": "seeds-itj.md 7.2 (001 lines 1283-1289): nearly 40 % skip at least one of three",
}
GROUPS = ("bijstand", "pension", "work", "other")
GROUP_FACTOR = {"bijstand": 1.2, "pension": 0.8, "work": 0.8, "other": 1.0}
SINGLE_PARENT_FACTOR = 1.1
MAX_TAKE_UP = 0.95
CORRELATION = 0.5
UNDETERMINED_FACTOR, UNDETERMINED_MAX_RATIO = 0.5, 1.3
# the food bank's rule can rarely be settled from a register (undetermined for ~97 % of households);
# this factor makes about 1 per mille of the inhabitants use it, as seeds-itj.md 7.1 (000 lines 748-751) says
UNDETERMINED_FACTOR_OF = {"voedselbank": 0.01}
STALE_SHARE, STALE_MAX_RATIO = 0.05, 1.5
ENDED_USE = 0.10
USE_DAYS = 3 * 365

# other benefit income: WW or a disability benefit, seeds Z3a 4,670 : Z3b 1,880
P_DISABILITY = 4670 / (4670 + 1880)
ENDED_WW = 0.04

STREETS = ("Voorbeeldstraat", "Proeflaan", "Testweg", "Oefenpad", "Namaakhof", "Fictieplein", "Verzinselkade",
           "Denkbeeldsingel", "Nepdreef", "Schijnlaan", "Modelstraat", "Proefpolderweg")
GIVEN_NAMES = ("Anna", "Bo", "Daan", "Emma", "Fatima", "Hamza", "Iris", "Jayden", "Lotte", "Mohammed", "Noor",
               "Priya", "Sem", "Sanne", "Yara", "Lucas", "Mila", "Ahmed", "Eva", "Kees")
FAMILY_NAMES = ("Voorbeeld", "de Proef", "Testeling", "van Oefenstein", "Fictief", "Verzonnen", "van Namaak",
                "Denkbeeld", "de Modelaar", "Schijnvoet", "van Bedenken", "Proefmans")
SYNTHETIC_DISTRICTS = ("Synthetische wijk 1", "Synthetische wijk 2")
LETTER_PAIRS = tuple(chr(65 + a) + chr(65 + b) for a in range(26) for b in range(26))

# the default synthetic country (docs/reach.md): two real municipalities, the rest not real
COUNTRY_HOUSEHOLDS = 8_000_000       # issue 10: "about 8M households"
COUNTRY_SYNTHETIC = 340
COUNTRY_SEED = 20260301
ZOETERMEER = ("GM0637", 49_000, "Zoetermeer")   # seeds Z2: circa 49,000 households
GRONINGEN = ("GM0014", 130_000, "Groningen")    # assumption: the sources give no number of households


# -- municipalities ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Municipality:
    """A municipality to generate: ``key`` goes into the households and to the generator's norms."""

    key: str          # rulebook id, or the CBS code when the rulebook does not know it
    code: str         # CBS code (the part's municipality in the manifest)
    name: str
    rulebook: object  # meedoen.rules.model municipality, or None
    districts: tuple


def resolve_municipality(rulebook, given, name=None):
    """The :class:`Municipality` for a rulebook id or CBS code; a code the rulebook does not know
    (``GM`` and four digits) is generated on the national norms."""
    text = str(given).strip()
    known = rulebook.municipalities.get(text.lower())
    if known is None:
        known = next((m for m in rulebook.municipalities.values() if m.cbs_code.upper() == text.upper()), None)
    if known is not None:
        return Municipality(known.id, known.cbs_code, name or known.name, known, tuple(known.districts))
    code = text.upper()
    if len(code) != 6 or not code.startswith("GM") or not code[2:].isdigit():
        ids = ", ".join(sorted(rulebook.municipalities))
        raise ValueError(f"municipality {given!r}: not in the rulebook ({ids}) and not a CBS code such as GM0637")
    return Municipality(code, code, name or f"Gemeente {code}", None, SYNTHETIC_DISTRICTS)


def default_country(households=COUNTRY_HOUSEHOLDS, synthetic=COUNTRY_SYNTHETIC):
    """[(CBS code, households, name)]: Zoetermeer and Groningen, then ``synthetic`` municipalities that
    do NOT exist (GM9001..., "Synthetische gemeente 1..N"; no CBS code starts with GM9), sized
    deterministically (lognormal, sigma 1: assumption) to make ``households`` in all. A country too
    small to hold Zoetermeer and Groningen at their sizes is the 8M country scaled down."""
    _check_int("households", households, 1)
    if isinstance(synthetic, bool) or not isinstance(synthetic, int) or not 0 < synthetic <= 999:
        raise ValueError(f"synthetic: {synthetic!r} is not a number of municipalities from 1 to 999")
    real = [ZOETERMEER, GRONINGEN]
    rest = households - sum(n for _, n, _ in real)
    if rest < synthetic:
        return _scale(default_country(max(COUNTRY_HOUSEHOLDS, households - rest + synthetic), synthetic), households)
    weights = np.random.Generator(np.random.PCG64(COUNTRY_SEED)).lognormal(0.0, 1.0, synthetic)
    sizes = _apportion(weights, rest, minimum=1)
    return real + [(f"GM{9001 + i}", int(s), f"Synthetische gemeente {i + 1}") for i, s in enumerate(sizes)]


def _scale(plan, households):
    """``plan`` with its sizes scaled to ``households`` in all; a municipality scaled to 0 is left out."""
    sizes = _apportion([entry[1] for entry in plan], households)
    return [(entry[0], int(n), *entry[2:]) for entry, n in zip(plan, sizes) if n > 0]


def _apportion(weights, total, minimum=0):
    """Integers proportional to ``weights`` that sum to ``total`` (largest remainder), each >= ``minimum``."""
    weights = np.asarray(weights, float)
    spare = total - minimum * weights.size
    exact = spare * weights / weights.sum()
    sizes = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - sizes), kind="stable")
    sizes[order[: spare - int(sizes.sum())]] += 1
    return sizes + minimum


# -- one part ---------------------------------------------------------------------------------------

def block_seed(seed, index):
    """The generator seed of part ``index``: ``seed`` itself for part 0."""
    if index == 0:
        return seed
    return int(np.random.SeedSequence([seed, index]).generate_state(1, np.uint64)[0])


def take_up_rate(scheme, group, single_parent=False):
    """The probability that an eligible household of ``group`` (one of :data:`GROUPS`) uses ``scheme``."""
    rate = TAKE_UP.get(scheme, DEFAULT_TAKE_UP) * GROUP_FACTOR[group]
    return min(MAX_TAKE_UP, rate * (SINGLE_PARENT_FACTOR if single_parent else 1.0))


def household_groups(part, day, aow_age):
    """(group, single_parent) per household of ``part`` (in order), from what the register shows:
    ``bijstand`` (applicant or partner has bijstand on ``day``), ``pension`` (one of them at
    ``aow_age`` or with AOW), ``work`` (the applicant's largest income is wages or self-employment),
    else ``other``; single parent: no partner and a child under 18."""
    persons = part["persons"].select("person_id", "household_id", "role", "birth_date")
    b = pl.col("birth_date")
    later = (b.dt.month() > day.month) | ((b.dt.month() == day.month) & (b.dt.day() > day.day))
    persons = persons.with_columns(age=pl.lit(day.year) - b.dt.year() - later.cast(pl.Int32))
    running = current(part["benefits"], day).group_by("person_id").agg(
        bijstand=(pl.col("kind") == "bijstand").any(), aow=(pl.col("kind") == "aow").any())
    main = (part["incomes"].filter(pl.col("monthly_net_cents") > 0)
            .sort(["person_id", "monthly_net_cents", "source"], descending=[False, True, False])
            .group_by("person_id", maintain_order=True).first()
            .select("person_id", work=pl.col("source").cast(pl.String).is_in(["wages", "self_employment"])))
    p = persons.join(running, on="person_id", how="left").join(main, on="person_id", how="left")
    role = pl.col("role").cast(pl.String)
    claimant = role.is_in(["applicant", "partner"])
    per = p.group_by("household_id").agg(
        bijstand=(claimant & pl.col("bijstand").fill_null(False)).any(),
        pension=(claimant & ((pl.col("age") >= aow_age).fill_null(False) | pl.col("aow").fill_null(False))).any(),
        work=((role == "applicant") & pl.col("work").fill_null(False)).any(),
        partner=(role == "partner").any(),
        minor=((role == "child") & (pl.col("age") < 18).fill_null(False)).any(),
    )
    per = part["households"].select("household_id").join(per, on="household_id", how="left", maintain_order="left")
    group = np.select([per["bijstand"].to_numpy(), per["pension"].to_numpy(), per["work"].to_numpy()],
                      [0, 1, 2], 3)
    single_parent = (~per["partner"] & per["minor"]).to_numpy()
    return np.asarray(GROUPS)[group], single_parent


def synthetic_part(n, *, seed=DEFAULT_SEED, index=0, municipality="zoetermeer", day=DEFAULT_DAY, offset=0,
                   rulebook=None):
    """The six tables of one part of ``n`` households (ids from ``offset + 1``), as frames of the
    register format; ``municipality`` is a rulebook id, CBS code or :class:`Municipality`."""
    rulebook = rulebook or load_rulebook(default_rulebook_path())
    mun = municipality if isinstance(municipality, Municipality) else resolve_municipality(rulebook, municipality)
    pop = _draw(n, block_seed(seed, index), mun.key, day)
    households, members = _frames(pop)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, index, 1])))
    aow = _reference(day, mun.key)[2]
    day_n = day.toordinal() - date(1970, 1, 1).toordinal()

    hid = pl.format("syn-{}", (pl.col("hh").cast(pl.Int64) + offset + 1).cast(pl.String).str.zfill(6))
    code = pl.Series(pop.district.astype(np.int8))
    district = pl.lit(None, pl.String)
    for i, name in reversed(list(enumerate(mun.districts[:2]))):
        district = pl.when(code == i).then(pl.lit(name)).otherwise(district)
    households = households.with_columns(
        household_id=hid, municipality=pl.lit(mun.key), district=district,
        address_id=pl.format("adr-{}", (pl.col("hh").cast(pl.Int64) + offset + 1).cast(pl.String).str.zfill(6)))
    tables = {"households": households, "addresses": _addresses(households, mun, rng)}
    tables["persons"] = _persons(pop, members, households["household_id"], rng)
    tables["incomes"] = _incomes(pop, tables["persons"]["person_id"])
    tables["benefits"] = _benefits(pop, members, tables["persons"]["person_id"], rng, day, day_n, aow)
    tables = {t: conform(t, f) for t, f in tables.items()}
    ratio = _income_ratio(pop, mun.key, day)
    del pop, members  # bounded memory: the drawn arrays are no longer needed
    tables["scheme_use"] = _scheme_use(n, ratio, tables, mun, rulebook, rng, day, day_n, aow)
    return tables


def _addresses(households, mun, rng):
    n = households.height
    street, number = rng.integers(0, len(STREETS), n), rng.integers(1, 251, n)
    u_letter, letter, u_add = rng.random(n), rng.integers(0, 4, n), rng.random(n)
    postcode, pair = rng.integers(0, 1000, n), rng.integers(0, len(LETTER_PAIRS), n)
    return pl.DataFrame({
        "address_id": households["address_id"],
        "street": pl.Series(STREETS).gather(street),
        "house_number": number.astype(np.int32),
        "house_letter": pl.Series(["A", "B", "C", "D"]).gather(letter),
        "postcode": pl.Series(postcode).cast(pl.String).str.zfill(4) + pl.Series(LETTER_PAIRS).gather(pair),
        "city": pl.Series([mun.name] * n, dtype=pl.String), "municipality": pl.Series([mun.key] * n, dtype=pl.String),
        "district": households["district"],
        "with_letter": u_letter < 0.05, "with_addition": u_add < 0.03,
    }).with_columns(
        house_letter=pl.when("with_letter").then(pl.col("house_letter")),
        house_number_addition=pl.when("with_addition").then(pl.lit("bis")))


def _persons(pop, members, household_ids, rng):
    M = pop.hh.size
    rank = np.arange(M) - pop.first_member[pop.hh] + 1
    own_family = rng.integers(0, len(FAMILY_NAMES), M)
    family = np.where(pop.role == 2, own_family[pop.first_member[pop.hh]], own_family)  # children: the applicant's
    known = [members[f"status_{s}"].is_not_null() for s in ("receives_social_assistance", "receives_aow",
                                                            "student_with_studiefinanciering")]
    return pl.DataFrame({
        "household_id": household_ids.gather(pop.hh), "rank": rank,
        "role": members["role"], "birth_date": members["birth_date"],
        "given_name": pl.Series(GIVEN_NAMES).gather(rng.integers(0, len(GIVEN_NAMES), M)),
        "family_name": pl.Series(FAMILY_NAMES).gather(family),
        "income_known": members["income_known"], "benefits_known": known[0] & known[1] & known[2],
        "chronically_ill_or_disabled": members["status_chronically_ill_or_disabled"],
        "no_prospect_of_work": members["status_no_prospect_of_work"],
        "registered_premium_arrears": members["status_registered_premium_arrears"],
        "attends_school": members["attends_school"],
    }).with_columns(person_id=pl.format("{}-{}", "household_id", "rank")) if M else empty("persons")


def _incomes(pop, person_ids):
    known = pop.income_state == 0
    rows, sources, amounts = [], [], []
    for i, s in enumerate(INCOME_SOURCES):
        mask = known & (pop.income[i] != 0) & (~pop.wages_null if s == "wages" else True)
        idx = np.flatnonzero(mask)
        rows.append(idx), sources.append(np.full(idx.size, i)), amounts.append(pop.income[i, idx])
    null_wages = np.flatnonzero(known & pop.wages_null)
    rows.append(null_wages), sources.append(np.full(null_wages.size, INCOME_SOURCES.index("wages")))
    amounts.append(np.full(null_wages.size, -1))
    row, source, amount = (np.concatenate(a) for a in (rows, sources, amounts))
    order = np.lexsort((source, row))
    return pl.DataFrame({
        "person_id": person_ids.gather(row[order]),
        "source": pl.Series(INCOME_SOURCES, dtype=pl.String).gather(source[order]).cast(SCHEMAS["incomes"]["source"]),
        "monthly_net_cents": pl.Series(amount[order], dtype=pl.Int64),
    }).with_columns(_null_below_zero("monthly_net_cents")) if row.size else empty("incomes")


def _benefits(pop, members, person_ids, rng, day, day_n, aow):
    M = pop.hh.size
    age = _ages_on(pop.birth, day)
    adult_from = pop.birth + math.ceil(18 * 365.2425)  # on or after the 18th birthday
    u_years, u_other, u_kind, u_ended, u_len, u_start, u_study = (
        rng.integers(0, 365, pop.n)[pop.hh], rng.integers(30, 3650, M), rng.random(M), rng.random(M),
        rng.integers(60, 366, M), rng.integers(400, 3650, M), rng.integers(0, 4, M))
    flag = {s: members[f"status_{s}"].fill_null(False).to_numpy() for s in
            ("receives_social_assistance", "receives_aow", "student_with_studiefinanciering")}
    parts = []

    def add(mask, kind, since, until=None):
        idx = np.flatnonzero(mask)
        parts.append((idx, np.full(idx.size, kind), np.minimum(since[idx], day_n - 1),
                      np.full(idx.size, -1) if until is None else until[idx]))

    # bijstand since the years at the social minimum; one start per household, when both were adults
    on_bijstand = flag["receives_social_assistance"]
    start = np.full(pop.n, np.iinfo(np.int64).min)
    np.maximum.at(start, pop.hh[on_bijstand], adult_from[on_bijstand])
    years = pop.years[pop.hh]
    add(on_bijstand, "bijstand",
        np.maximum(day_n - 1 - np.floor(years * 365.2425).astype(np.int64) - u_years, start[pop.hh]))
    # AOW from the day of reaching the AOW age
    aow_since = pl.Series(pop.birth.astype(np.int32)).cast(pl.Date).dt.offset_by(f"{aow}y").cast(pl.Int32).to_numpy()
    add(flag["receives_aow"], "aow", aow_since.astype(np.int64))
    # studiefinanciering from a 1 September, not before the year of the 18th birthday
    last_sept = day.year if (day.month, day.day) >= (9, 1) else day.year - 1
    birth_year = pop.birth.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    year = np.minimum(np.maximum(last_sept - u_study, birth_year + 18), last_sept)
    sept = ((year - 1970) * 12 + 8).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    add(flag["student_with_studiefinanciering"], "studiefinanciering", sept)
    # other benefit income: WW or a disability benefit
    bijstand_true = pop.status[ST["receives_social_assistance"]]
    other = (pop.income[INCOME_SOURCES.index("benefit")] > 0) & ~bijstand_true
    disability = u_kind < P_DISABILITY
    other_since = np.maximum(day_n - u_other, adult_from)
    add(other & ~disability, "ww", other_since)
    add(other & disability & (age < 30), "wajong", other_since)
    add(other & disability & (age >= 30) & (age < 55), "wia", other_since)
    add(other & disability & (age >= 55), "wao", other_since)
    # an ended WW (never running on the day)
    ended = (pop.role != 2) & (age >= 25) & ~other & (u_ended < ENDED_WW)
    since = day_n - u_start
    add(ended, "ww", since, np.minimum(since + u_len, day_n - 1))

    if not parts or sum(p[0].size for p in parts) == 0:
        return empty("benefits")
    kinds = SCHEMAS["benefits"]["kind"].categories.to_list()
    row, kind, since, until = (np.concatenate(a) for a in zip(*parts))
    kind_code = _codes(kind, kinds)
    order = np.lexsort((kind_code, row))
    return pl.DataFrame({
        "person_id": person_ids.gather(row[order]),
        "kind": pl.Series(kinds, dtype=pl.String).gather(kind_code[order]).cast(SCHEMAS["benefits"]["kind"]),
        "since": pl.Series(since[order], dtype=pl.Int32).cast(pl.Date),
        "until": pl.Series(until[order], dtype=pl.Int32),
    }).with_columns(_null_below_zero("until").cast(pl.Date))


def _codes(values, categories):
    lookup = {c: i for i, c in enumerate(categories)}
    uniq, inverse = np.unique(values, return_inverse=True)
    return np.array([lookup[u] for u in uniq.tolist()], np.int64)[inverse.ravel()]


def _income_ratio(pop, key, day):
    """Each household's real counted income (claimants, the seven counted sources) over its plain norm."""
    norms, _, aow = _reference(day, key)
    n = pop.n
    age = _ages_on(pop.birth, day)
    claimant = pop.role <= 1
    counted = pop.income[: INCOME_SOURCES.index("other") + 1].sum(axis=0)
    total = np.bincount(pop.hh[claimant], weights=counted[claimant], minlength=n)
    partner = np.flatnonzero(pop.role == 1)
    couple = np.zeros(n, bool)
    couple[pop.hh[partner]] = True
    age_a = age[pop.first_member]
    age_p = np.full(n, -1, np.int64)
    age_p[pop.hh[partner]] = age[partner]
    norm = np.select(
        [~couple & (age_a >= aow), ~couple & (age_a >= 21), ~couple, (age_a >= aow) | (age_p >= aow)],
        [norms["single_aow"], norms["single_21_aow"], norms["single_18_20"], norms["couple_aow"]],
        norms["couple_21_aow"])
    return total / norm


def _scheme_use(n, ratio, tables, mun, rulebook, rng, day, day_n, aow):
    if mun.rulebook is None or n == 0:
        return empty("scheme_use")
    schemes = [s.id for s, _ in mun.rulebook.schemes_on(day)]
    result = evaluate_frames(rulebook, mun.rulebook, *to_frames(tables, day), day)
    group, single_parent = household_groups(tables, day, aow)
    z_household = rng.standard_normal(n)
    rows, codes, since, until = [], [], [], []
    end_of_year = date(day.year, 12, 31).toordinal() - date(1970, 1, 1).toordinal()
    rate_of = np.array([take_up_rate(scheme, g, sp) for scheme in schemes for g in GROUPS for sp in (False, True)])
    cell = _codes(group, GROUPS) * 2 + single_parent
    for code, scheme in enumerate(schemes):
        status = result[f"{scheme}__status"].cast(pl.String).to_numpy()
        e, u_stale, u_ended = rng.standard_normal(n), rng.random(n), rng.random(n)
        u_since, u_old, u_len = rng.integers(1, USE_DAYS + 1, n), rng.integers(400, 1500, n), rng.integers(30, 365, n)
        eligible, undetermined = status == "eligible", status == "undetermined"
        p = rate_of[code * 2 * len(GROUPS) + cell]
        factor = UNDETERMINED_FACTOR_OF.get(scheme, UNDETERMINED_FACTOR)
        p = np.where(eligible, p, np.where(undetermined & (ratio <= UNDETERMINED_MAX_RATIO), p * factor, 0.0))
        latent = math.sqrt(CORRELATION) * z_household + math.sqrt(1 - CORRELATION) * e
        use = latent < _probit(p)
        # stale grants: about STALE_SHARE of the users the eligible households are expected to give
        candidates = (status == "not_eligible") & (ratio <= STALE_MAX_RATIO)
        stale = candidates & (u_stale * max(1, candidates.sum()) < STALE_SHARE * p[eligible].sum())
        ended = eligible & ~use & (u_ended < ENDED_USE)
        old_since = day_n - u_old
        for mask, start, stop in ((use, day_n - u_since, np.full(n, -1)),
                                  (stale, day_n - u_since, np.full(n, end_of_year)),
                                  (ended, old_since, np.minimum(old_since + u_len, day_n - 1))):
            idx = np.flatnonzero(mask)
            rows.append(idx), codes.append(np.full(idx.size, code)), since.append(start[idx]), until.append(stop[idx])
    row, code, since, until = (np.concatenate(a) for a in (rows, codes, since, until))
    order = np.lexsort((code, row))
    return conform("scheme_use", pl.DataFrame({
        "household_id": tables["households"]["household_id"].gather(row[order]),
        "scheme": pl.Series(schemes, dtype=pl.String).gather(code[order]),
        "since": pl.Series(since[order], dtype=pl.Int32).cast(pl.Date),
        "until": pl.Series(until[order], dtype=pl.Int32),
    }).with_columns(_null_below_zero("until").cast(pl.Date)))


def _null_below_zero(column):
    return pl.when(pl.col(column) >= 0).then(pl.col(column)).alias(column)


def _probit(p):
    """Standard normal quantiles of ``p`` (0 gives -inf, so never used)."""
    uniq, inverse = np.unique(p, return_inverse=True)
    q = np.array([-np.inf if u <= 0 else (np.inf if u >= 1 else NormalDist().inv_cdf(u)) for u in uniq.tolist()])
    return q[inverse.ravel()]


# -- whole registers -----------------------------------------------------------------------------------

def generate_register(dest, households, *, seed=DEFAULT_SEED, municipality="zoetermeer", day=DEFAULT_DAY,
                      block=DEFAULT_BLOCK, overwrite=False, progress=None):
    """Write a synthetic register of ``households`` households of one municipality (rulebook id or CBS
    code) to folder ``dest``, in parts of at most ``block`` households; all or nothing.

    ``progress(done, total)`` is called after every part. The same arguments give byte-identical tables.
    """
    return generate_country(dest, None, [(municipality, households)], seed=seed, day=day, block=block,
                            overwrite=overwrite, progress=progress)


def generate_country(dest, households=None, municipalities=None, *, seed=DEFAULT_SEED, day=DEFAULT_DAY,
                     block=DEFAULT_BLOCK, overwrite=False, progress=None):
    """Write a synthetic register of several municipalities, each with its own parts.

    ``municipalities`` is a list of (rulebook id or CBS code, households[, name]); by default
    :func:`default_country` (Zoetermeer, Groningen and 340 municipalities that do not exist). With
    ``households`` the sizes are scaled to that total (a municipality scaled to 0 is left out).
    """
    _check_int("seed", seed, 0)
    _check_int("block", block, 1)
    if not isinstance(day, date):
        raise ValueError(f"day: {day!r} is not a date")
    plan = list(default_country() if municipalities is None else municipalities)
    if not plan:
        raise ValueError("municipalities: the list is empty")
    for i, entry in enumerate(plan):
        if not isinstance(entry, (tuple, list)) or len(entry) not in (2, 3):
            raise ValueError(f"municipalities[{i}]: {entry!r} is not (municipality, households[, name])")
        _check_int(f"municipalities[{i}] households", entry[1], 1)
    if households is not None:
        _check_int("households", households, 1)
        plan = _scale(plan, households)
    rulebook = load_rulebook(default_rulebook_path())
    resolved = [(resolve_municipality(rulebook, e[0], *e[2:]), e[1]) for e in plan]
    seen = set()
    for mun, _ in resolved:
        if mun.code in seen:
            raise ValueError(f"municipalities: {mun.code} appears twice")
        seen.add(mun.code)
    total = sum(n for _, n in resolved)
    info = {
        "synthetic": True, "seed": seed, "block": block, "households_requested": total,
        "generator": "meedoen.reach.register.synthetic",
        "municipalities": [{"code": m.code, "id": m.key, "name": m.name, "households": n,
                            "in_rulebook": m.rulebook is not None,
                            "exists": not m.code.startswith("GM9")} for m, n in resolved],
        "calibration": CALIBRATION,
    }
    done, index = 0, 0
    with RegisterWriter(dest, source="synthetic", reference_date=day, overwrite=overwrite, **info) as writer:
        for mun, n in resolved:
            for start in range(0, n, block):
                size = min(block, n - start)
                tables = synthetic_part(size, seed=seed, index=index, municipality=mun, day=day, offset=done,
                                        rulebook=rulebook)
                writer.add_part(mun.code, tables)
                del tables
                done += size
                index += 1
                if progress is not None:
                    progress(done, total)
        return writer.commit()


def _check_int(what, value, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{what}: {value!r} is not a whole number of at least {minimum}")


CALIBRATION = {
    "population": "meedoen.population.generator (Zoetermeer calibration; its docstring lists every share and source)",
    "figures": "docs/reach.md, 'Synthetic register': source value, generated value, assumptions",
    "take_up": {**{k: {"rate": v, "source": TAKE_UP_SOURCES[k]} for k, v in TAKE_UP.items()},
                "default": {"rate": DEFAULT_TAKE_UP, "source": TAKE_UP_SOURCES["default"]}},
    "group_factor": {**GROUP_FACTOR, "single_parent": SINGLE_PARENT_FACTOR, "max": MAX_TAKE_UP,
                     "source": "assumption (directions: 001 lines 1277-1281, 003 line 127, 002 lines 298-303)"},
    "household_correlation": CORRELATION,
    "undetermined": {"factor": UNDETERMINED_FACTOR, "max_income_ratio": UNDETERMINED_MAX_RATIO, "source": "assumption"},
    "undetermined_by_scheme": {**UNDETERMINED_FACTOR_OF,
                               "source": "voedselbank: about 1 per mille of inhabitants (000 lines 748-751)"},
    "stale_use": {"share_of_expected_users": STALE_SHARE, "max_income_ratio": STALE_MAX_RATIO, "until": "31 December",
                  "source": "assumption: an earlier grant that has not ended"},
    "ended_use": {"share": ENDED_USE, "source": "assumption"},
    "benefits": {"disability_vs_ww": "seeds Z3a 4,670 : Z3b 1,880", "ended_ww": ENDED_WW,
                 "wajong_wia_wao": "by age <30 / 30-54 / 55+ (assumption)"},
    "names_and_addresses": "fixed lists of fake names, streets and postcodes 0000-0999 (which do not exist)",
    "not_real": "every person, household and address; municipalities GM9xxx 'Synthetische gemeente N'",
}


def elfproef_numbers(n, start=10_000_000):
    """``n`` distinct nine-digit numbers from ``start`` (the first eight digits) that pass the BSN elfproef: test and
    benchmark data only, nobody's BSN on purpose."""
    found, base = [], start
    while len(found) < n:
        digits = [int(c) for c in f"{base:08d}"]
        last = sum(d * w for d, w in zip(digits, range(9, 1, -1))) % 11
        if last < 10:
            found.append(f"{base:08d}{last}")
        base += 1
    return found
