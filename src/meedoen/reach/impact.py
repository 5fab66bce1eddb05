"""Council decision impact: under a proposed rulebook version, who gains or loses eligibility per scheme,
and at what yearly cost. Pure Python (no Django); extends :mod:`meedoen.rules.diff` with counts by household
type and income band and with the cost.

Both rulebooks are evaluated with :func:`meedoen.rules.bulk.evaluate_frames` over the same households (the
municipality's residents in the columnar frames). Per scheme: households eligible now and under the proposal,
those that gain and lose eligibility, those whose outcome becomes or stops being undetermined, and every
transition (``absent``: the scheme is not in that rulebook on the day). Gains and losses are broken down by
household type and income band as they are now (the current rulebook's norm).

**Yearly cost.** The rulebook's benefit gives the amount per household (``amount_cents``,
``amount_cents_by_household``, times the children for ``per_child``), in a ``unit``: a year is 12 x
``per_month``, 1 x ``per_year`` and 1 x ``once`` (assumption: a one-off benefit is paid once in the year);
``in_kind`` has no amount. The cost is the sum over the eligible households. Where the rulebook gives no
amount for an eligible household, its cost is *not set in the sources*: those households are counted, and
no figure is filled in. A scheme's cost change is ``set`` when every eligible household on both sides has an
amount, ``partly_set`` when some have (the change then covers those households only) and ``not_set`` when
the rulebook gives no amount. Undetermined households are not in the cost: it is not known whether they are
eligible.

**Take-up.** ``take_up_percent`` (default 100: everyone eligible uses the scheme) is an explicit assumption
applied alike to every scheme and household; both the full and the take-up cost are reported.
"""

import re
import shutil
from fractions import Fraction
from pathlib import Path

import polars as pl

from .. import __version__
from ..rules.bulk import evaluate_frames
from ..rules.errors import InputError, Problem
from ..rules.money import format_eur, round_half_up
from .figures import suppress_counts
from .run import BANDS, KEEP, UNKNOWN, _household_type, _income_band

ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED, ABSENT = "eligible", "not_eligible", "undetermined", "absent"
STATUSES = (ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED, ABSENT)
YEARLY_FACTOR = {"per_month": 12, "per_year": 1, "once": 1}  # in_kind: no amount
SET, PARTLY_SET, NOT_SET = "set", "partly_set", "not_set"
HOUSEHOLD_TYPES = ("single", "single_parent", "couple", "couple_with_children", UNKNOWN)
INCOME_BANDS = (*BANDS, UNKNOWN)  # % of the social minimum, as in the reach figures
DIMENSIONS = {"household_type": HOUSEHOLD_TYPES, "income_band": INCOME_BANDS}

WORDS = {
    "single": ("alleenstaand", "single"),
    "single_parent": ("eenoudergezin", "single parent"),
    "couple": ("paar zonder kinderen", "couple without children"),
    "couple_with_children": ("paar met kinderen", "couple with children"),
    UNKNOWN: ("onbekend", "unknown"),
    "<=100": ("tot en met 100%", "up to 100%"),
    "100-110": ("100-110%", "100-110%"),
    "110-120": ("110-120%", "110-120%"),
    "120-130": ("120-130%", "120-130%"),
    ">130": ("boven 130%", "above 130%"),
    ELIGIBLE: ("kan het krijgen", "eligible"),
    NOT_ELIGIBLE: ("kan het niet krijgen", "not eligible"),
    UNDETERMINED: ("nog niet te zeggen", "undetermined"),
    ABSENT: ("regeling bestaat niet", "scheme does not exist"),
    SET: ("bekend", "known"),
    PARTLY_SET: ("deels bekend", "partly known"),
    NOT_SET: ("niet in de bronnen", "not set in the sources"),
    "household_type": ("soort huishouden", "household type"),
    "income_band": ("inkomen", "income"),
    "gained": ("erbij", "gain"),
    "lost": ("eraf", "lose"),
}

ASSUMPTIONS = [
    {"nl": "Een bedrag per maand telt 12 keer per jaar, een bedrag per jaar 1 keer. Een eenmalig bedrag telt 1 keer "
           "per jaar (aanname).",
     "en": "An amount per month counts 12 times a year, an amount per year once. A one-off amount counts once a year "
           "(assumption)."},
    {"nl": "Gebruik: {take_up} van de huishoudens die het kunnen krijgen, gebruikt de regeling (aanname, voor elke "
           "regeling gelijk). 100% betekent: iedereen die het kan krijgen, gebruikt het.",
     "en": "Take-up: {take_up} of the households that are eligible use the scheme (assumption, the same for every "
           "scheme). 100% means: everyone eligible uses it."},
    {"nl": "Huishoudens waarvoor het nog niet te zeggen is, tellen niet mee in de kosten.",
     "en": "Households whose outcome is undetermined are not in the cost."},
    {"nl": "Soort huishouden en inkomen zijn die van nu (het huidige regelboek).",
     "en": "Household type and income band are as they are now (the current rulebook)."},
]


class ImpactError(InputError):
    """The impact cannot be computed (unknown municipality, a day outside a rulebook, a bad take-up rate)."""


def take_up_rate(take_up_percent):
    """The take-up percentage as an exact fraction of 1; ImpactError unless 0 to 100."""
    try:
        percent = Fraction(str(take_up_percent).strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        percent = None
    if percent is None or not 0 <= percent <= 100:
        raise ImpactError([Problem("take_up_percent", f"{take_up_percent!r} is not a percentage from 0 to 100")])
    return percent / 100


def council_impact(old_rulebook, new_rulebook, households, members, day, municipality_id, take_up_percent=100):
    """The impact report (a JSON-ready dict) of going from ``old_rulebook`` to ``new_rulebook`` for the residents
    of ``municipality_id`` in the frames ``households`` / ``members`` (:mod:`meedoen.rules.bulk` layout) on ``day``."""
    rate = take_up_rate(take_up_percent)
    old_m, new_m = check_rulebooks(old_rulebook, new_rulebook, day, municipality_id)
    residents = _residents(households, old_m)
    resident_members = members.join(residents.select("hh"), on="hh", how="semi")
    before = _evaluate(old_rulebook, old_m, residents, resident_members, day)
    after = _evaluate(new_rulebook, new_m, residents, resident_members, day, keep=False)
    described = _described(before, old_m.settings_on(day).rounding)
    old_versions = dict((s.id, (s, v)) for s, v in old_m.schemes_on(day))
    new_versions = dict((s.id, (s, v)) for s, v in new_m.schemes_on(day))
    order = list(old_versions) + [s for s in new_versions if s not in old_versions]
    schemes = [_scheme(sid, old_versions.get(sid), new_versions.get(sid), before, after, described, rate)
               for sid in order]
    return {
        "municipality": {"id": new_m.id, "name": new_m.name},
        "date": day.isoformat(),
        "households": residents.height,
        "old": {"version": old_rulebook.version, "hash": old_rulebook.hash},
        "new": {"version": new_rulebook.version, "hash": new_rulebook.hash},
        "engine_version": __version__,
        "take_up_percent": _percent_text(rate),
        "schemes": schemes,
        "totals": _totals(schemes),
        "assumptions": [{k: text.format(take_up=_percent_text(rate) + "%") for k, text in a.items()} for a in ASSUMPTIONS],
    }


def check_rulebooks(old_rulebook, new_rulebook, day, municipality_id):
    """The municipality in both rulebooks; ImpactError when one lacks it or is not valid for it on ``day``."""
    found, problems = [], []
    for label, rulebook in (("current", old_rulebook), ("proposed", new_rulebook)):
        municipality = rulebook.municipality(municipality_id)
        found.append(municipality)
        if municipality is None:
            problems.append(Problem(f"{label} rulebook {rulebook.version}", f"has no municipality {municipality_id!r}"))
        elif municipality.settings_on(day) is None or rulebook.norms_on(day) is None or rulebook.parameters_on(day) is None:
            problems.append(Problem(f"{label} rulebook {rulebook.version}", f"is not valid for {municipality.id} on {day}"))
    if problems:
        raise ImpactError(problems)
    return found


# -- evaluation --------------------------------------------------------------------------------------------------

def _residents(households, municipality):
    names = [municipality.id, municipality.cbs_code.lower()]
    return households.filter(pl.col("municipality").str.strip_chars().str.to_lowercase().is_in(names))


def _evaluate(rulebook, municipality, households, members, day, keep=True):
    return evaluate_frames(rulebook, municipality, households, members, day, keep=KEEP if keep else ())


def _described(before, rounding):
    """``hh``, ``household_type`` and ``income_band`` per household, as the reach run gives them, under the
    current rulebook."""
    return before.select("hh", _household_type().alias("household_type"), _income_band(rounding).alias("income_band"))


# -- per scheme --------------------------------------------------------------------------------------------------

def _status(frame, scheme_id, present):
    column = f"{scheme_id}__status"
    if not present or column not in frame.columns:
        return pl.Series([ABSENT] * frame.height, dtype=pl.String)
    return frame[column].cast(pl.String).fill_null(ABSENT)


def _amount(frame, scheme_id, present):
    column = f"{scheme_id}__amount_cents"
    if not present or column not in frame.columns:
        return pl.Series([None] * frame.height, dtype=pl.Int64)
    return frame[column]


def _scheme(scheme_id, old, new, before, after, described, rate):
    scheme = (new or old)[0]
    table = pl.DataFrame({
        "hh": before["hh"],
        "from": _status(before, scheme_id, old is not None), "to": _status(after, scheme_id, new is not None),
        "old_amount": _amount(before, scheme_id, old is not None), "new_amount": _amount(after, scheme_id, new is not None),
    }).join(described, on="hh", how="left", maintain_order="left")
    gained = table.filter((pl.col("to") == ELIGIBLE) & (pl.col("from") != ELIGIBLE))
    lost = table.filter((pl.col("from") == ELIGIBLE) & (pl.col("to") != ELIGIBLE))
    moved = table.filter(pl.col("from") != pl.col("to"))
    transitions = [{"from": r["from"], "to": r["to"], "count": r["len"]}
                   for r in moved.group_by("from", "to").len().sort("from", "to").iter_rows(named=True)]
    old_cost = _side(table, "from", "old_amount", old, rate)
    new_cost = _side(table, "to", "new_amount", new, rate)
    return {
        "scheme": scheme_id, "name": dict(scheme.name),
        "in_old": old is not None, "in_new": new is not None,
        "eligible": {"old": _count(table, "from", ELIGIBLE), "new": _count(table, "to", ELIGIBLE)},
        "undetermined": {"old": _count(table, "from", UNDETERMINED), "new": _count(table, "to", UNDETERMINED)},
        "gained": gained.height, "lost": lost.height,
        "became_undetermined": moved.filter(pl.col("to") == UNDETERMINED).height,
        "became_determined": moved.filter(pl.col("from") == UNDETERMINED).height,
        "transitions": transitions,
        "gained_by": _breakdown(gained), "lost_by": _breakdown(lost),
        "amount": {"old": _yearly_amounts(old), "new": _yearly_amounts(new)},
        "cost": _cost(old_cost, new_cost),
    }


def _count(table, column, status):
    return table.filter(pl.col(column) == status).height


def _breakdown(rows):
    """Gainers or losers per household type and income band; small numbers hidden (None), as in the reach figures."""
    result = {}
    for dimension, values in DIMENSIONS.items():
        counts = dict(rows.group_by(dimension).len().iter_rows())
        result[dimension] = suppress_counts({value: int(counts.get(value, 0)) for value in values})
    return result


def _has_amount(version):
    b = version.benefit
    return b.unit in YEARLY_FACTOR and (b.amount_cents is not None or bool(b.amount_cents_by_household))


def _yearly_amounts(pair):
    """The amount per household per year the version gives (None: not set in the sources)."""
    if pair is None:
        return None
    b = pair[1].benefit
    factor = YEARLY_FACTOR.get(b.unit)
    result = {"unit": b.unit, "per_child": b.per_child, "cents": None, "by_household": None,
              "note": dict(b.amount_note) if b.amount_note else None, "source": b.source,
              "unverified": b.reliability == "U"}
    if factor is not None and b.amount_cents is not None:
        result["cents"] = b.amount_cents * factor
    if factor is not None and b.amount_cents_by_household:
        result["by_household"] = {k: v * factor for k, v in b.amount_cents_by_household.items()}
    return result


def _side(table, status_column, amount_column, pair, rate):
    """The yearly cost of one side: the sum over eligible households with an amount, and how many have none."""
    eligible = table.filter(pl.col(status_column) == ELIGIBLE)
    if pair is None:
        return {"state": ABSENT, "cents": 0, "with_take_up_cents": 0, "households": 0, "without_amount": 0}
    version = pair[1]
    known = eligible.filter(pl.col(amount_column).is_not_null())
    missing = eligible.height - known.height
    if not _has_amount(version) or (eligible.height and not known.height):
        return {"state": NOT_SET, "cents": None, "with_take_up_cents": None, "households": eligible.height,
                "without_amount": eligible.height}
    cents = int(known[amount_column].sum() or 0) * YEARLY_FACTOR[version.benefit.unit]
    return {"state": PARTLY_SET if missing else SET, "cents": cents, "with_take_up_cents": _share(cents, rate),
            "households": eligible.height, "without_amount": missing}


def _cost(old, new):
    states = {old["state"], new["state"]}
    state = NOT_SET if NOT_SET in states else PARTLY_SET if PARTLY_SET in states else SET
    change = change_take_up = None
    if state != NOT_SET:
        change = new["cents"] - old["cents"]
        change_take_up = new["with_take_up_cents"] - old["with_take_up_cents"]
    return {"state": state, "old": old, "new": new, "change_cents": change, "change_with_take_up_cents": change_take_up}


def _share(cents, rate):
    """``rate`` of ``cents``, rounded half up to the cent (away from zero for negative amounts)."""
    sign = -1 if cents < 0 else 1
    return sign * round_half_up(abs(cents) * rate.numerator, rate.denominator)


def _percent_text(rate):
    percent = rate * 100
    if percent.denominator == 1:
        return str(percent.numerator)
    return f"{float(percent):.2f}".rstrip("0").rstrip(".")


def _totals(schemes):
    """The cost change over the schemes whose cost is known; the others are named, never summed in."""
    full = [s for s in schemes if s["cost"]["state"] == SET]
    return {
        "change_cents": sum(s["cost"]["change_cents"] for s in full),
        "change_with_take_up_cents": sum(s["cost"]["change_with_take_up_cents"] for s in full),
        "schemes_set": [s["scheme"] for s in full],
        "schemes_partly_set": [s["scheme"] for s in schemes if s["cost"]["state"] == PARTLY_SET],
        "schemes_not_set": [s["scheme"] for s in schemes if s["cost"]["state"] == NOT_SET],
        "gained": sum(s["gained"] for s in schemes), "lost": sum(s["lost"] for s in schemes),
    }


def changed(report):
    """The schemes in ``report`` where some household's outcome or the cost changes."""
    return [s for s in report["schemes"] if s["transitions"] or s["cost"]["change_cents"]]


# -- the table (page, CSV, PDF) ------------------------------------------------------------------------------------

def word(key, lang):
    pair = WORDS.get(key)
    return pair[0 if lang == "nl" else 1] if pair else key


def money_text(cents, lang, plain=False):
    """An amount in euros ('€1.234,56'; plain: '1234.56' for CSV); None is 'not set in the sources'."""
    if cents is None:
        return word(NOT_SET, lang)
    if plain:
        sign = "-" if cents < 0 else ""
        return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"
    return format_eur(cents, lang)


def columns(report, lang):
    """The column headings of the table, in ``lang``."""
    nl = lang == "nl"
    take_up = report["take_up_percent"] + "%"
    head = [
        "regeling" if nl else "scheme", "naam" if nl else "name",
        "kan het nu krijgen" if nl else "eligible now", "kan het krijgen met voorstel" if nl else "eligible with proposal",
        "erbij" if nl else "gain", "eraf" if nl else "lose",
        "wordt onbepaald" if nl else "becomes undetermined", "niet meer onbepaald" if nl else "no longer undetermined",
        "kosten per jaar nu (EUR)" if nl else "yearly cost now (EUR)",
        "kosten per jaar met voorstel (EUR)" if nl else "yearly cost with proposal (EUR)",
        "verschil per jaar (EUR)" if nl else "change per year (EUR)",
        (f"verschil bij {take_up} gebruik (EUR)" if nl else f"change at {take_up} take-up (EUR)"),
        "kosten" if nl else "cost",
        "huishoudens zonder bedrag nu" if nl else "households without an amount now",
        "huishoudens zonder bedrag met voorstel" if nl else "households without an amount with proposal",
    ]
    for change in ("gained", "lost"):
        for dimension, values in DIMENSIONS.items():
            head += [f"{word(change, lang)}, {word(dimension, lang)}: {word(value, lang)}" for value in values]
    return head


SMALL = "<10"  # a breakdown cell hidden because of small numbers (reach.figures.THRESHOLD)


def rows(report, lang, plain=False):
    """One row per scheme, in the order of :func:`columns` (plain: amounts as '1234.56', for CSV)."""
    result = []
    for s in report["schemes"]:
        c = s["cost"]
        row = [s["scheme"], s["name"].get(lang, s["scheme"]), s["eligible"]["old"], s["eligible"]["new"],
               s["gained"], s["lost"], s["became_undetermined"], s["became_determined"],
               money_text(c["old"]["cents"], lang, plain), money_text(c["new"]["cents"], lang, plain),
               money_text(c["change_cents"], lang, plain), money_text(c["change_with_take_up_cents"], lang, plain),
               word(c["state"], lang), c["old"]["without_amount"], c["new"]["without_amount"]]
        for change in ("gained_by", "lost_by"):
            for dimension, values in DIMENSIONS.items():
                row += [SMALL if s[change][dimension][value] is None else s[change][dimension][value] for value in values]
        result.append(row)
    return result


def summary_lines(report, lang="en"):
    """The report as plain lines for a terminal (``meedoen rules diff ... --impact``): the changed schemes."""
    nl = lang == "nl"
    lines = [f"{report['municipality']['name']} {report['date']}: {report['households']} "
             f"{'huishoudens' if nl else 'households'}, {report['old']['version']} -> {report['new']['version']}, "
             f"{'gebruik' if nl else 'take-up'} {report['take_up_percent']}%"]
    for s in changed(report):
        c = s["cost"]
        lines.append(f"  {s['scheme']}: {s['eligible']['old']} -> {s['eligible']['new']} "
                     f"(+{s['gained']} -{s['lost']}, {'onbepaald' if nl else 'undetermined'} "
                     f"{s['undetermined']['old']} -> {s['undetermined']['new']}); "
                     f"{'per jaar' if nl else 'per year'} {money_text(c['change_cents'], lang)}"
                     f" ({word(c['state'], lang)}; {report['take_up_percent']}%: {money_text(c['change_with_take_up_cents'], lang)})")
    if len(lines) == 1:
        lines.append("  " + ("geen verandering" if nl else "no change"))
    return lines


# -- proposed rulebooks for the demo and the tests ------------------------------------------------------------

def make_proposal(source, target, version, edits):
    """Copy the rulebook folder ``source`` to ``target`` with a new ``version`` and text ``edits``
    ({relative file: [(old text, new text, after)]}: replace the first ``old text`` that follows ``after``).

    ImpactError when a text is not found, so a proposal never silently equals the current rulebook.
    """
    source, target = Path(source), Path(target)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    manifest = target / "rulebook.yaml"
    manifest.write_text(re.sub(r"^version:.*$", f'version: "{version}"', manifest.read_text(encoding="utf-8"),
                               count=1, flags=re.M), encoding="utf-8")
    for name, changes in edits.items():
        path = target / name
        text = path.read_text(encoding="utf-8")
        for old, new, after in changes:
            start = text.find(after) if after else 0
            at = text.find(old, start) if start >= 0 else -1
            if at < 0:
                shutil.rmtree(target)
                raise ImpactError([Problem(f"{name}", f"text {old!r} not found" + (f" after {after!r}" if after else ""))])
            text = text[:at] + new + text[at + len(old):]
        path.write_text(text, encoding="utf-8")
    return target


ZOETERMEER = "municipalities/zoetermeer/schemes"
DEMO_PROPOSALS = {
    # folder name: (version, edits, what it is). Synthetic proposals to show the page; not a council decision.
    "zoetermeerpas-130": ("2027.1.0-voorstel-zoetermeerpas-130", {
        f"{ZOETERMEER}/zoetermeerpas.yaml": [("percent: 120", "percent: 130", "")]},
        {"nl": "Voorbeeld: ZoetermeerPas tot 130% in plaats van 120% van de bijstandsnorm.",
         "en": "Example: ZoetermeerPas up to 130% instead of 120% of the social assistance norm."}),
    "inkomenstoeslag-2-jaar": ("2027.1.0-voorstel-inkomenstoeslag-2-jaar", {
        f"{ZOETERMEER}/individuele_inkomenstoeslag.yaml": [("value: 3", "value: 2", "valid_from: 2026-01-01")]},
        {"nl": "Voorbeeld: individuele inkomenstoeslag 2026 na 2 jaar in plaats van 3 jaar op het minimum.",
         "en": "Example: individual income supplement 2026 after 2 instead of 3 years at the social minimum."}),
}


def write_demo_proposals(folder, source=None):
    """The demo's proposed rulebooks (:data:`DEMO_PROPOSALS`) as folders under ``folder``; returns their paths."""
    from ..rules import default_rulebook_path

    source = source or default_rulebook_path()
    Path(folder).mkdir(parents=True, exist_ok=True)
    return [make_proposal(source, Path(folder) / name, version, edits)
            for name, (version, edits, _) in DEMO_PROPOSALS.items()]
