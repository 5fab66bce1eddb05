"""Reach per scheme: eligible households, how many of them use the scheme, and the non-users,
in total and by district, household type, income band and income source; small numbers suppressed.

Counts are additive, so a run sums the counts of its parts (:func:`count`, :func:`combine`) and
suppresses only at the end (:func:`summarise`). A cell with a count from 1 to ``THRESHOLD - 1`` is not
shown (primary suppression); within a breakdown more cells are hidden, smallest first, until the hidden
ones cannot be worked back from the total and the shown cells: at least two hidden cells with
households, and for every measure a hidden sum of zero or at least ``THRESHOLD`` (secondary
suppression). A scheme whose total is hidden shows no breakdown.
"""

import polars as pl

THRESHOLD = 10  # counts below this (but above zero) are not shown: the CBS practice for small cells
DIMENSIONS = ("district", "household_type", "income_band", "income_source")
TOTAL = "total"
MEASURES = ("households", "eligible", "users", "non_users", "undetermined", "users_not_eligible")
COMBINED = "_combined"  # households eligible for one or more schemes: using none, some, all of them


def scheme_ids(outcomes):
    return [c[: -len("__status")] for c in outcomes.columns if c.endswith("__status")]


def count(outcomes):
    """Counts per (municipality, scheme, dimension, value) for one part's outcomes (long form)."""
    frames = []
    schemes = scheme_ids(outcomes)
    keys = [(TOTAL, pl.lit(TOTAL))] + [(d, pl.col(d)) for d in DIMENSIONS]
    for s in schemes:
        status, uses = pl.col(f"{s}__status").cast(pl.String), pl.col(f"{s}__uses")
        eligible = status == "eligible"
        measures = [
            pl.len().alias("households"),
            eligible.sum().alias("eligible"),
            (eligible & uses).sum().alias("users"),
            (eligible & ~uses).sum().alias("non_users"),
            (status == "undetermined").sum().alias("undetermined"),
            ((status != "eligible") & uses).sum().alias("users_not_eligible"),
        ]
        for dimension, value in keys:
            frames.append(outcomes.group_by("municipality", value.cast(pl.String).alias("value")).agg(measures)
                          .with_columns(scheme=pl.lit(s), dimension=pl.lit(dimension)))
    if schemes:
        eligible_n = pl.sum_horizontal((pl.col(f"{s}__status").cast(pl.String) == "eligible") for s in schemes)
        used_n = pl.sum_horizontal((pl.col(f"{s}__status").cast(pl.String) == "eligible") & pl.col(f"{s}__uses")
                                   for s in schemes)
        combined = outcomes.with_columns(eligible_n=eligible_n, used_n=used_n)
        any_eligible = pl.col("eligible_n") > 0
        for dimension, value in keys:
            frames.append(combined.group_by("municipality", value.cast(pl.String).alias("value")).agg(
                pl.len().alias("households"), any_eligible.sum().alias("eligible"),
                (any_eligible & (pl.col("used_n") == pl.col("eligible_n"))).sum().alias("users"),
                (any_eligible & (pl.col("used_n") == 0)).sum().alias("non_users"),
                (any_eligible & (pl.col("used_n") > 0) & (pl.col("used_n") < pl.col("eligible_n"))).sum().alias("undetermined"),
                pl.lit(0, pl.UInt32).alias("users_not_eligible"),
            ).with_columns(scheme=pl.lit(COMBINED), dimension=pl.lit(dimension)))
    else:
        frames.append(outcomes.group_by("municipality").agg(pl.len().alias("households"))
                      .with_columns(value=pl.lit(TOTAL), scheme=pl.lit(None, pl.String), dimension=pl.lit(TOTAL)))
    columns = ["municipality", "scheme", "dimension", "value", *MEASURES]
    frames = [f.with_columns((pl.col(m) if m in f.columns else pl.lit(0)).cast(pl.Int64).alias(m) for m in MEASURES)
              for f in frames]
    return pl.concat(frames, how="diagonal").select(columns)


def combine(counts):
    """The sum of several parts' counts."""
    if not counts:
        return pl.DataFrame(schema={"municipality": pl.String, "scheme": pl.String, "dimension": pl.String,
                                    "value": pl.String, **{m: pl.Int64 for m in MEASURES}})
    return (pl.concat(counts, how="diagonal").group_by("municipality", "scheme", "dimension", "value")
            .agg(pl.col(m).sum() for m in MEASURES).sort("municipality", "scheme", "dimension", "value", nulls_last=True))


COMBINED_NAME = {"nl": "Alle regelingen samen", "en": "All schemes together"}


def _combined_cell(cell):
    """For the combined row: eligible for one or more schemes, and using all, none or some of them."""
    return {"value": cell["value"], "suppressed": cell["suppressed"], "households": cell["households"],
            "eligible_any": cell["eligible"], "uses_all": cell["users"], "uses_none": cell["non_users"],
            "uses_some": cell["undetermined"],
            "reach_percent": cell["reach_percent"]}


CHECKED = ("eligible", "users", "non_users", "undetermined")  # measures of a cell that small numbers hide


def _hidden(n, threshold):
    return 0 < n < threshold


def _small(cell, threshold):
    return any(_hidden(cell[m], threshold) for m in CHECKED)


def _protected(cells, threshold):
    """True when the hidden cells cannot be worked back from the total and the shown cells: for every
    measure their sum is zero or at least ``threshold``, and at least two of them hold households."""
    hidden = [c for c in cells if c["suppressed"]]
    if not hidden:
        return True
    if sum(1 for c in hidden if c["households"] > 0) < 2:
        return False
    return all(not _hidden(sum(c[m] for c in hidden), threshold) for m in CHECKED)


def _suppress(rows, threshold, hide_all=False):
    """Cells of one breakdown with small numbers hidden: primary (a count from 1 to ``threshold - 1``)
    and secondary (more cells, smallest first, until the hidden ones cannot be worked back)."""
    cells = [{**row, "suppressed": hide_all or _small(row, threshold)} for row in rows]
    while not _protected(cells, threshold):
        shown = sorted((c for c in cells if not c["suppressed"] and c["households"] > 0),
                       key=lambda c: (c["households"], c["eligible"]))
        if not shown:  # nothing left to hide with: hide every cell
            for c in cells:
                c["suppressed"] = True
            break
        shown[0]["suppressed"] = True
    return [_shown(c) for c in cells]


def suppress_counts(counts, threshold=THRESHOLD):
    """One breakdown of plain counts ({value: n}) with small numbers hidden as in the reach figures (primary and
    secondary suppression, the total being known): {value: n, or None where hidden}."""
    cells = [{"value": value, "households": n, "eligible": n, "users": 0, "non_users": 0, "undetermined": 0}
             for value, n in counts.items()]
    return {c["value"]: c["households"] for c in _suppress(cells, threshold)}


def _shown(c):
    if c["suppressed"]:
        return {"value": c["value"], "suppressed": True, "households": None, "eligible": None,
                "users": None, "non_users": None, "undetermined": None, "reach_percent": None}
    reach = round(100 * c["users"] / c["eligible"], 1) if c["eligible"] else None
    return {"value": c["value"], "suppressed": False, "households": c["households"],
            "eligible": c["eligible"], "users": c["users"], "non_users": c["non_users"],
            "undetermined": c["undetermined"], "reach_percent": reach}


def summarise(counts, *, rulebook=None, day=None, threshold=THRESHOLD):
    """JSON-ready figures per municipality and scheme, small numbers suppressed."""
    result = {"threshold": threshold, "municipalities": {}}
    for (code,), frame in counts.group_by(["municipality"], maintain_order=True):
        municipality = rulebook.municipality(code) if rulebook else None
        rules = municipality or (rulebook.national_only(code) if rulebook else None)  # no folder: national schemes
        names = {s.id: s.name for s, _ in rules.schemes_on(day)} if rules and day else {}
        total = frame.filter((pl.col("dimension") == TOTAL))
        entry = {"name": municipality.name if municipality else code,
                 "rulebook": municipality is not None,  # False: no folder of its own, the national schemes only
                 "households": int(total["households"].max() or 0), "schemes": {}}
        for (scheme,), rows in frame.filter(pl.col("scheme").is_not_null()).group_by(["scheme"], maintain_order=True):
            total = rows.filter(pl.col("dimension") == TOTAL).to_dicts()
            by = {TOTAL: [_shown({**total[0], "suppressed": _small(total[0], threshold)})] if total else []}
            hide_all = bool(by[TOTAL]) and by[TOTAL][0]["suppressed"]  # a hidden total hides every breakdown
            for dimension in DIMENSIONS:
                part = rows.filter(pl.col("dimension") == dimension).sort("value").to_dicts()
                by[dimension] = _suppress(part, threshold, hide_all)
            if scheme == COMBINED:
                by = {d: [_combined_cell(c) for c in cells] for d, cells in by.items()}
            entry["schemes"][scheme] = {"name": names.get(scheme, COMBINED_NAME if scheme == COMBINED else
                                                          {"nl": scheme, "en": scheme}),
                                        "total": by.pop(TOTAL)[0] if by[TOTAL] else None, "by": by}
        result["municipalities"][code] = entry
    return result
