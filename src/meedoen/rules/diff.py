"""Which households change outcome between two rulebook versions."""

import polars as pl

from .bulk import evaluate_frames, frames_from_households


def _residents(households, municipality):
    names = [municipality.id, municipality.cbs_code.lower()]
    return households.filter(pl.col("municipality").str.strip_chars().str.to_lowercase().is_in(names))


def _outcomes(rulebook, municipality_id, households, members, day, notes, label):
    municipality = rulebook.municipalities.get(municipality_id)
    if municipality is None:
        return None
    if municipality.settings_on(day) is None or rulebook.norms_on(day) is None:
        notes.append(f"{label} rulebook has no valid settings for {municipality_id} on {day}")
        return None
    return evaluate_frames(rulebook, municipality, households, members, day)


def diff_rulebooks(old, new, population_path, day, limit=5):
    """A report of status changes per municipality and scheme for the households in ``population_path``."""
    from ..population.generator import read_jsonl

    raw, problems = read_jsonl(population_path)
    households, members, invalid = frames_from_households(raw, day)
    notes = [str(p) for p in problems + invalid]
    changes = []
    for municipality_id in sorted(set(old.municipalities) | set(new.municipalities)):
        reference = new.municipalities.get(municipality_id) or old.municipalities[municipality_id]
        residents = _residents(households, reference)
        if residents.height == 0:
            continue
        resident_members = members.join(residents.select("hh"), on="hh", how="semi")
        before = _outcomes(old, municipality_id, residents, resident_members, day, notes, "old")
        after = _outcomes(new, municipality_id, residents, resident_members, day, notes, "new")
        schemes = sorted({c[: -len("__status")] for frame in (before, after) if frame is not None
                          for c in frame.columns if c.endswith("__status")})
        for scheme in schemes:
            column = f"{scheme}__status"
            left = before[column] if before is not None and column in before.columns else pl.Series([None] * residents.height, dtype=pl.String)
            right = after[column] if after is not None and column in after.columns else pl.Series([None] * residents.height, dtype=pl.String)
            frame = pl.DataFrame({"household_id": residents["household_id"], "from": left.fill_null("absent"),
                                  "to": right.fill_null("absent")}).filter(pl.col("from") != pl.col("to"))
            grouped = frame.group_by(["from", "to"], maintain_order=True).agg(
                pl.len().alias("count"), pl.col("household_id").head(limit).alias("examples"))
            for row in grouped.sort(["from", "to"]).iter_rows(named=True):
                changes.append({"municipality": municipality_id, "scheme": scheme, **row})
    return {
        "date": day.isoformat(),
        "households": households.height,
        "old": {"version": old.version, "hash": old.hash},
        "new": {"version": new.version, "hash": new.hash},
        "changes": changes,
        "notes": notes,
    }
