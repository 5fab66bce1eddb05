"""The reach run: every scheme over a register, part by part, in bounded memory.

:func:`evaluate_part` gives one row per household: its district, household type, income band
and main income source, and per scheme the engine's status and amount and whether the household
uses the scheme (``scheme_use`` running on the day). :func:`run_register` streams all parts,
writes the outcomes as Parquet with the receipt in the file metadata, and sums the reach figures
(:mod:`meedoen.reach.figures`) as it goes.
"""

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import polars as pl

from .. import __version__
from ..rules.bulk import _percent_limit, evaluate_frames
from . import figures as fig
from .register.format import current, to_frames

BANDS = ("<=100", "100-110", "110-120", "120-130", ">130")  # % of the social minimum
UNKNOWN = "unknown"
WORK, BENEFIT, PENSION, NONE = "work", "benefit", "pension", "none"
SOURCE_GROUPS = {WORK: ("wages", "self_employment"), BENEFIT: ("benefit",), PENSION: ("pension",)}
KEEP = ("norm_cents", "income_cents", "category", "minors")


@dataclass
class RunResult:
    """What a run gives: the receipt, the figures and where the outcomes are."""

    receipt: dict
    figures: dict
    households: int
    outcomes: Path | None = None
    notes: list = field(default_factory=list)


def receipt(rulebook, day, register=None):
    """The receipt every outcome carries: rulebook version and hash, engine version, day, register."""
    data = {"rulebook_version": rulebook.version, "rulebook_hash": rulebook.hash,
            "engine_version": __version__, "evaluated_on": day.isoformat()}
    if register is not None:
        data["register_sha256"] = register.manifest.get("sha256", "")
    return data


def schemes_of(rulebook, municipality_code, day):
    """The rulebook's municipality for a register code (id or CBS code) and its scheme ids on ``day``; a code the
    rulebook has no folder for gets the national schemes only. (None, []) if the folder's rules do not cover ``day``."""
    municipality = rulebook.municipality(municipality_code)
    if municipality is None:
        municipality = rulebook.national_only(municipality_code)
    elif municipality.settings_on(day) is None:
        return None, []
    return municipality, [s.id for s, _ in municipality.schemes_on(day)]


def evaluate_part(rulebook, tables, day):
    """Per-household outcomes for one part (``tables``: the six frames of the register format).

    All households of a part belong to one municipality. Where the rulebook has no folder for it, the national
    schemes are evaluated; without municipal settings there is no social minimum, so the income band is unknown
    and whatever rests on the income is undetermined.
    """
    households, members = to_frames(tables, day)
    code = households["municipality"][0] if households.height else None
    municipality, scheme_ids = schemes_of(rulebook, code, day) if code else (None, [])
    # One municipality per part, named by its rulebook id where the rulebook knows it.
    own = municipality is not None and rulebook.municipality(code) is not None  # else: national schemes only
    base = households.select("hh", "household_id", pl.lit(municipality.id if own else code).alias("municipality"),
                             pl.col("district").fill_null(UNKNOWN))
    base = base.join(_income_source(members), on="hh", how="left", maintain_order="left")
    if municipality is None:
        return base.with_columns(household_type=pl.lit(UNKNOWN), income_band=pl.lit(UNKNOWN)).drop("hh")
    result = evaluate_frames(rulebook, municipality, households, members, day, keep=KEEP)
    settings = municipality.settings_on(day)
    band = _income_band(settings.rounding) if settings is not None else pl.lit(UNKNOWN)
    result = result.with_columns(household_type=_household_type(), income_band=band)
    use = _uses(tables["scheme_use"], households, scheme_ids, day)
    out = base.join(result.drop("household_id", *KEEP), on="hh", how="left", maintain_order="left")
    out = out.join(use, on="hh", how="left", maintain_order="left")
    return out.with_columns(pl.col(f"{s}__uses").fill_null(False) for s in scheme_ids).drop("hh")


def _household_type():
    minors, category = pl.col("minors"), pl.col("category")
    return (pl.when(category == "single").then(pl.lit("single"))
            .when(category == "single_parent").then(pl.lit("single_parent"))
            .when((category == "couple") & (minors > 0)).then(pl.lit("couple_with_children"))
            .when((category == "couple") & (minors == 0)).then(pl.lit("couple"))
            .otherwise(pl.lit(UNKNOWN)))


def _income_band(rounding):
    income, norm = pl.col("income_cents"), pl.col("norm_cents")
    band = pl.when(income.is_null() | norm.is_null()).then(pl.lit(UNKNOWN))
    for label, percent in zip(BANDS, (100, 110, 120, 130)):
        band = band.when(income <= _percent_limit(norm, Fraction(percent), rounding)).then(pl.lit(label))
    return band.otherwise(pl.lit(BANDS[-1]))


def _income_source(members):
    """The largest counted source of the applicant's and partner's income: work, benefit, pension or none."""
    claimants = members.filter(pl.col("role").is_in(["applicant", "partner"]))
    sums = claimants.group_by("hh").agg(
        (pl.col("income_known").not_().any()).alias("unknown"),
        *[pl.sum_horizontal(pl.col(f"income_{s}") for s in sources).sum().alias(group)
          for group, sources in SOURCE_GROUPS.items()])
    groups = list(SOURCE_GROUPS)
    largest = pl.lit(NONE)
    for group in reversed(groups):  # ties go to the first group
        others = [pl.col(g) for g in groups if g != group]
        largest = pl.when((pl.col(group) > 0) & pl.all_horizontal(pl.col(group) >= o for o in others)) \
            .then(pl.lit(group)).otherwise(largest)
    return sums.select("hh", pl.when(pl.col("unknown")).then(pl.lit(UNKNOWN)).otherwise(largest).alias("income_source"))


def _uses(scheme_use, households, scheme_ids, day):
    """One boolean column ``<scheme>__uses`` per scheme: the household uses it on ``day``."""
    running = current(scheme_use, day).filter(pl.col("scheme").is_in(scheme_ids))
    keyed = running.join(households.select("household_id", "hh"), on="household_id").select("hh", "scheme").unique()
    frame = households.select("hh")
    for s in scheme_ids:
        users = keyed.filter(pl.col("scheme") == s).select("hh").with_columns(pl.lit(True).alias(f"{s}__uses"))
        frame = frame.join(users, on="hh", how="left", maintain_order="left")
    return frame


def run_register(rulebook, register, day, out=None, *, municipality=None, progress=None, overwrite=False):
    """Run every part of ``register`` (or of one ``municipality``); write outcomes to ``out``.

    ``out`` becomes a folder with ``outcomes/part-*.parquet`` (receipt in each file's metadata),
    ``figures.json`` and ``receipt.json``, written all or nothing. ``progress(done, total)`` is
    called after each part with households done so far.
    """
    parts = register.parts_of(municipality)
    total = sum(p.households for p in parts)
    stamp = receipt(rulebook, day, register)
    tmp = _temporary_folder(out, overwrite)
    counts = []
    done = 0
    try:
        for part in parts:
            outcomes = evaluate_part(rulebook, register.read(part), day)
            counts.append(fig.count(outcomes))
            if tmp is not None:
                _write_outcomes(outcomes, tmp / "outcomes" / f"{part.name}.parquet", stamp)
            done += part.households
            if progress:
                progress(done, total)
        figures = finish(counts, rulebook, day, stamp, tmp, out)
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    return RunResult(stamp, figures, done, Path(out) if out else None)


def finish(counts, rulebook, day, stamp, tmp, out):
    """The figures of a run from its parts' counts; with an output folder, write them and the receipt
    and put the folder in place."""
    figures = fig.summarise(fig.combine(counts), rulebook=rulebook, day=day)
    if tmp is not None:
        (tmp / "figures.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
        (tmp / "receipt.json").write_text(json.dumps(stamp, indent=1), encoding="utf-8")
        _commit_folder(tmp, Path(out))
    return figures


def _write_outcomes(frame, path, stamp):
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    table = frame.to_arrow()
    table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                           b"meedoen_receipt": json.dumps(stamp).encode()})
    pq.write_table(table, path)


def _temporary_folder(out, overwrite):
    if out is None:
        return None
    out = Path(out)
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out}: already exists (use --overwrite to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))


def _commit_folder(tmp, out):
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        shutil.rmtree(old, ignore_errors=True)
    os.replace(tmp, out)


def read_outcomes(folder, municipality=None):
    """The outcomes of a run folder as one frame (scheme columns of every municipality), and the receipt."""
    folder = Path(folder)
    stamp = json.loads((folder / "receipt.json").read_text(encoding="utf-8"))
    frames = [pl.read_parquet(f) for f in sorted((folder / "outcomes").glob("*.parquet"))]
    if municipality is not None:
        frames = [f for f in frames if f.height and f["municipality"][0] == municipality]
    return (pl.concat(frames, how="diagonal") if frames else pl.DataFrame()), stamp
