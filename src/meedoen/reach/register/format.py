"""The register format (docs/register-format.md): six tables per part, and how they become the
engine's columnar households and members (:mod:`meedoen.rules.bulk`).

Unknown is not zero: a null is unknown. A person whose ``income_known`` is true has all of their
income in ``incomes`` (a source without a row is zero); false means their income is unknown. A
person whose ``benefits_known`` is true has all current benefits in ``benefits``; the statuses that
derive from benefits (bijstand, AOW, studiefinanciering) are then true or false, else unknown.
"""

import polars as pl

from ...rules.bulk import HOUSEHOLD_SCHEMA, INCOME_SOURCES, MEMBER_SCHEMA, ROLES

FORMAT = "meedoen-register/1"
TABLES = ("addresses", "households", "persons", "incomes", "benefits", "scheme_use")

BENEFIT_KINDS = ("bijstand", "ioaw", "ioaz", "aow", "anw", "ww", "wia", "wao", "wajong", "zw",
                 "studiefinanciering", "other")
# Statuses of the household format that a current benefit decides (bijstand includes the AIO).
STATUS_FROM_BENEFIT = {
    "receives_social_assistance": ("bijstand",),
    "receives_aow": ("aow",),
    "student_with_studiefinanciering": ("studiefinanciering",),
}
UNKNOWN = -1
PERSON_STATUSES = ("chronically_ill_or_disabled", "no_prospect_of_work", "registered_premium_arrears")

SCHEMAS = {
    "addresses": {
        "address_id": pl.String, "street": pl.String, "house_number": pl.Int32, "house_letter": pl.String,
        "house_number_addition": pl.String, "postcode": pl.String, "city": pl.String,
        "municipality": pl.String, "district": pl.String,
    },
    "households": {
        "household_id": pl.String, "municipality": pl.String, "district": pl.String, "address_id": pl.String,
        "assets_cents": pl.Int64, "fixed_costs_cents": pl.Int64, "years_at_social_minimum": pl.Int64,
        "received_income_supplement_last_12_months": pl.Boolean,
    },
    "persons": {
        "person_id": pl.String, "household_id": pl.String, "role": pl.Enum(ROLES), "birth_date": pl.Date,
        "given_name": pl.String, "family_name": pl.String,
        "income_known": pl.Boolean, "benefits_known": pl.Boolean,
        **{s: pl.Boolean for s in PERSON_STATUSES},
        "attends_school": pl.Boolean,
    },
    "incomes": {"person_id": pl.String, "source": pl.Enum(INCOME_SOURCES), "monthly_net_cents": pl.Int64},
    "benefits": {"person_id": pl.String, "kind": pl.Enum(BENEFIT_KINDS), "since": pl.Date, "until": pl.Date},
    "scheme_use": {"household_id": pl.String, "scheme": pl.String, "since": pl.Date, "until": pl.Date},
}
# Columns that may not be null: an identifier, a role, a source with its table's key.
REQUIRED = {
    "addresses": ("address_id",),
    "households": ("household_id", "municipality"),
    "persons": ("person_id", "household_id", "role", "income_known", "benefits_known"),
    "incomes": ("person_id", "source"),
    "benefits": ("person_id", "kind", "since"),
    "scheme_use": ("household_id", "scheme", "since"),
}


def empty(table):
    """An empty frame of ``table``'s schema."""
    return pl.DataFrame(schema=SCHEMAS[table])


def conform(table, frame):
    """``frame`` with exactly the columns of ``table``, cast to its types (missing columns are null)."""
    schema = SCHEMAS[table]
    if not frame.columns:  # literals over a frame without columns would make one row
        return empty(table)
    return frame.select([
        (pl.col(name) if name in frame.columns else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in schema.items()
    ])


def current(frame, day):
    """Rows of a benefits or scheme_use frame that run on ``day``."""
    return frame.filter((pl.col("since") <= day) & (pl.col("until").is_null() | (pl.col("until") >= day)))


def to_frames(part, day):
    """(households, members) in the layout of :mod:`meedoen.rules.bulk` for one part, on ``day``.

    ``part`` maps table names to frames (``households``, ``persons``, ``incomes``, ``benefits``);
    households keep the part's order (``hh`` = 0..n-1), members follow their household.
    """
    households = part["households"].with_row_index("hh")
    h = households.select([
        pl.col("hh").cast(pl.UInt32), *[pl.col(k).cast(t) for k, t in HOUSEHOLD_SCHEMA.items() if k != "hh"]
    ])
    persons = part["persons"].join(households.select("household_id", "hh"), on="household_id", how="inner",
                                   maintain_order="left").with_row_index("row")
    rows = persons.select("person_id", "row")
    # One group-by on the person's row number for all sources: the sum, or UNKNOWN (never a real amount,
    # amounts are not negative) where a row of that source has no amount.
    incomes = part["incomes"].join(rows, on="person_id", how="inner")
    amount, source = pl.col("monthly_net_cents"), pl.col("source")  # an Enum: compared without a cast
    wide = incomes.group_by("row").agg(
        pl.when((amount.is_null() & (source == s)).any()).then(UNKNOWN)
        .otherwise(pl.when(source == s).then(amount).sum()).alias(s)
        for s in INCOME_SOURCES)
    running = current(part["benefits"], day).join(rows, on="person_id", how="inner")
    flags = running.group_by("row").agg(
        pl.col("kind").cast(pl.String).is_in(list(kinds)).any().alias(status)
        for status, kinds in STATUS_FROM_BENEFIT.items())
    persons = persons.join(wide, on="row", how="left", maintain_order="left").join(
        flags, on="row", how="left", maintain_order="left")

    known = pl.col("income_known")
    columns = {"hh": pl.col("hh"), "role": pl.col("role").cast(pl.String), "birth_date": pl.col("birth_date"),
               "income_known": known}
    for s in INCOME_SOURCES:
        value = pl.col(s)
        columns[f"income_{s}"] = pl.when(known).then(
            pl.when(value == UNKNOWN).then(None).otherwise(value.fill_null(0)))
    for status in STATUS_FROM_BENEFIT:
        columns[f"status_{status}"] = pl.when(pl.col("benefits_known")).then(pl.col(status).fill_null(False))
    for status in PERSON_STATUSES:
        columns[f"status_{status}"] = pl.col(status)
    columns["attends_school"] = pl.col("attends_school")
    members = persons.select([columns[k].cast(MEMBER_SCHEMA[k] if k != "role" else pl.String).alias(k)
                              for k in MEMBER_SCHEMA])
    members = members.with_columns(pl.col("role").cast(MEMBER_SCHEMA["role"])).sort("hh", maintain_order=True)
    return h, members

