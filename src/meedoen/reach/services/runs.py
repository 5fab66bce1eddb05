"""Register loads and reach runs in the database: load a register folder into the tables, run the
rulebook over a load (or a folder) with progress a page can show, keep the figures and non-users."""

import logging
import threading
from datetime import date
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from meedoen.municipalities.rulebook import current_rulebook

from .. import figures as fig
from ..models import (NonUser, ReachRun, RegisterAddress, RegisterBenefit, RegisterHousehold, RegisterIncome,
                      RegisterLoad, RegisterPerson, RegisterSchemeUse)
from ..register.format import SCHEMAS, TABLES, conform
from ..register.store import open_register
from ..run import evaluate_part, receipt, _write_outcomes

log = logging.getLogger(__name__)
CHUNK = 5_000  # households per step of a database run (the progress bar moves per step)
MODELS = {"addresses": RegisterAddress, "households": RegisterHousehold, "persons": RegisterPerson,
          "incomes": RegisterIncome, "benefits": RegisterBenefit, "scheme_use": RegisterSchemeUse}


class RunError(Exception):
    """A run or load that cannot start; ``key`` names its text in ``texts_runs`` (English in ``str``)."""

    ENGLISH = {
        "no_register": "{municipality}: no register loaded yet",
        "no_rules": "the rulebook has no rules for {municipality} on {day}",
        "not_in_register": "{path}: no households of {municipality} in this register",
    }

    def __init__(self, key, **values):
        self.key, self.values = key, values
        super().__init__(self.ENGLISH[key].format(**values))

    def text(self, lang):
        from ..texts_runs import TEXTS

        return TEXTS[f"error_{self.key}"][0 if lang == "nl" else 1].format(**self.values)


def _codes(municipality):
    return {municipality.slug, municipality.cbs_code, municipality.cbs_code.lower()}


# -- loading a register into the database ------------------------------------------------------------

def load_register(path, municipality, user=None):
    """Load the parts of ``municipality`` from the register folder ``path``: all rows or none."""
    register = open_register(path)
    parts = [p for p in register.parts if p.municipality in _codes(municipality)]
    if not parts:
        raise RunError("not_in_register", path=path, municipality=municipality.name)
    with transaction.atomic():
        load = RegisterLoad.objects.create(
            municipality=municipality, source=str(register.manifest.get("source", ""))[:100],
            reference_date=register.reference_date, manifest_sha256=register.manifest.get("sha256", ""),
            synthetic=bool(register.manifest.get("synthetic")), loaded_by=user)
        position = 0
        for part in parts:
            tables = register.read(part)
            households = tables["households"].with_row_index("position", offset=position)
            position += households.height
            tables["households"] = households
            for table in TABLES:
                _insert(load, table, tables[table])
        load.households = position
        load.persons = sum(p.persons for p in parts)
        load.save(update_fields=["households", "persons"])
    if connection.vendor == "postgresql":  # fresh statistics, or the planner guesses the new rows wrong
        with connection.cursor() as cursor:
            for model in MODELS.values():
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return load


def _insert(load, table, frame):
    model = MODELS[table]
    columns = list(SCHEMAS[table]) + (["position"] if table == "households" else [])
    frame = frame.select([pl.col(c).cast(pl.String) if isinstance(frame.schema[c], pl.Enum) else pl.col(c)
                          for c in columns])
    fields = ["load_id", *columns]
    if connection.vendor == "postgresql":
        sql = f'COPY {model._meta.db_table} ({", ".join(fields)}) FROM STDIN'
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in frame.iter_rows():
                copy.write_row((load.pk, *row))
    else:  # SQLite (the demo): one prepared INSERT for all rows
        sql = f'INSERT INTO {model._meta.db_table} ({", ".join(fields)}) VALUES ({", ".join(["%s"] * len(fields))})'
        with connection.cursor() as cursor:
            cursor.executemany(sql, [(load.pk, *row) for row in frame.iter_rows()])


def read_load(load, first=0, count=None):
    """The register tables of a load, for households at positions ``first`` .. ``first + count - 1``.

    One query per table, each a join from the step's households (by position) to the table's rows."""
    last = first + (count if count is not None else load.households)
    h, p = RegisterHousehold._meta.db_table, RegisterPerson._meta.db_table
    step = "h.load_id = %s AND h.position >= %s AND h.position < %s"
    via_household = f"JOIN {h} h ON h.load_id = t.load_id AND h.household_id = t.household_id WHERE {step}"
    via_person = (f"JOIN {p} p ON p.load_id = t.load_id AND p.person_id = t.person_id "
                  f"JOIN {h} h ON h.load_id = p.load_id AND h.household_id = p.household_id WHERE {step}")
    params = [load.pk, first, last]
    return {
        "households": _select(RegisterHousehold, "households", f"JOIN {h} h ON h.id = t.id WHERE {step} ORDER BY h.position", params),
        "persons": _select(RegisterPerson, "persons", f"{via_household} ORDER BY h.position, t.id", params),
        "incomes": _select(RegisterIncome, "incomes", via_person, params),
        "benefits": _select(RegisterBenefit, "benefits", via_person, params),
        "scheme_use": _select(RegisterSchemeUse, "scheme_use", via_household, params),
        "addresses": _select(RegisterAddress, "addresses",
                             f"WHERE t.load_id = %s AND t.address_id IN (SELECT h.address_id FROM {h} h WHERE {step})",
                             [load.pk, *params]),
    }


def _select(model, table, joins, params):
    columns = list(SCHEMAS[table])
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {", ".join("t." + c for c in columns)} FROM {model._meta.db_table} t {joins}', params)
        rows = cursor.fetchall()
    return _frame(table, columns, rows)


def _frame(table, columns, rows):
    plain = {c: (pl.String if isinstance(t, pl.Enum) else t) for c, t in SCHEMAS[table].items()}
    return conform(table, pl.DataFrame(rows, schema=plain, orient="row"))


# -- runs --------------------------------------------------------------------------------------------

def start_run(municipality, day, user, load=None, background=None):
    """A run of ``municipality``'s schemes on ``day`` over ``load`` (default: its latest register load)."""
    load = load or RegisterLoad.objects.filter(municipality=municipality).first()
    if load is None:
        raise RunError("no_register", municipality=municipality.name)
    rulebook = current_rulebook()
    rules = rulebook.municipality(municipality.slug)
    if rules is None or rules.settings_on(day) is None or rulebook.norms_on(day) is None:
        raise RunError("no_rules", municipality=municipality.name, day=f"{day:%d-%m-%Y}")
    run = ReachRun.objects.create(municipality=municipality, day=day, source=f"database:{load.pk}",
                                  register_load=load, started_by=user, progress_total=load.households)
    if background is None:
        background = getattr(settings, "MEEDOEN_REACH_BACKGROUND", False)
    if background:
        threading.Thread(target=_execute_in_thread, args=(run.pk,), daemon=True, name=f"reach-run-{run.pk}").start()
    else:
        execute_run(run)
    return run


def _execute_in_thread(pk):
    try:
        execute_run(ReachRun.objects.get(pk=pk))
    finally:
        connection.close()


def execute_run(run):
    """Evaluate the run's register load in steps of ``CHUNK`` households; figures and non-users at the end."""
    rulebook = current_rulebook()
    stamp = receipt(rulebook, run.day)
    stamp["register_sha256"] = run.register_load.manifest_sha256
    ReachRun.objects.filter(pk=run.pk).update(state=ReachRun.RUNNING, rulebook_version=rulebook.version,
                                              rulebook_hash=rulebook.hash, engine_version=stamp["engine_version"])
    folder = Path(settings.DATA_DIR) / "reach" / f"run-{run.pk}"
    try:
        counts, non_users = [], []
        load = run.register_load
        for first in range(0, load.households, CHUNK):
            tables = read_load(load, first, CHUNK)
            tables["scheme_use"] = _with_grants(tables, run)
            outcomes = evaluate_part(rulebook, tables, run.day)
            counts.append(fig.count(outcomes))
            _write_outcomes(outcomes, folder / "outcomes" / f"chunk-{first // CHUNK:05d}.parquet", stamp)
            non_users.extend(_non_users(run, outcomes, tables))
            ReachRun.objects.filter(pk=run.pk).update(progress_done=min(first + CHUNK, load.households))
        figures = fig.summarise(fig.combine(counts), rulebook=rulebook, day=run.day)
        with transaction.atomic():
            NonUser.objects.bulk_create(non_users, batch_size=2000)
            ReachRun.objects.filter(pk=run.pk).update(
                state=ReachRun.DONE, figures=figures, outcomes_path=str(folder), finished_at=timezone.now(),
                progress_done=load.households)
    except Exception as exc:  # the page says what went wrong; the log has the details
        log.exception("reach run %s failed", run.pk)
        ReachRun.objects.filter(pk=run.pk).update(state=ReachRun.FAILED, error=str(exc)[:2000],
                                                  finished_at=timezone.now())
    run.refresh_from_db()
    return run


def _with_grants(tables, run):
    """The register's scheme use plus the schemes granted proactively (a grant is use from its day)."""
    from ..models import GrantDecision

    ids = tables["households"]["household_id"].to_list()
    grants = GrantDecision.objects.filter(municipality=run.municipality, granted=True, household_id__in=ids,
                                          decided_at__date__lte=run.day).values_list("household_id", "scheme", "decided_at")
    rows = [(h, s, d.date(), None) for h, s, d in grants]
    if not rows:
        return tables["scheme_use"]
    extra = conform("scheme_use", pl.DataFrame(rows, schema=["household_id", "scheme", "since", "until"], orient="row"))
    return pl.concat([tables["scheme_use"], extra])


def _non_users(run, outcomes, tables):
    """NonUser rows for every (household, scheme) that is eligible and not in use, with the applicant's address."""
    schemes = fig.scheme_ids(outcomes)
    applicants = tables["persons"].filter(pl.col("role") == "applicant").select(
        "household_id", "person_id", "given_name", "family_name")
    homes = tables["households"].select("household_id", "address_id").join(
        tables["addresses"].select("address_id", "street", "house_number", "house_letter", "house_number_addition",
                                   "postcode", "city"), on="address_id", how="left")
    base = outcomes.join(applicants, on="household_id", how="left").join(homes, on="household_id", how="left")
    rows = []
    for s in schemes:
        hits = base.filter((pl.col(f"{s}__status") == "eligible") & ~pl.col(f"{s}__uses"))
        for r in hits.iter_rows(named=True):
            number = "".join(str(x) for x in (r["house_number"], r["house_letter"]) if x is not None)
            if r["house_number_addition"]:
                number += f"-{r['house_number_addition']}"
            rows.append(NonUser(
                run=run, scheme=s, household_id=r["household_id"], person_id=r["person_id"] or "",
                amount_cents=r[f"{s}__amount_cents"], district=r["district"] or "",
                household_type=r["household_type"], income_band=r["income_band"], income_source=r["income_source"] or "",
                given_name=r["given_name"] or "", family_name=r["family_name"] or "", street=r["street"] or "",
                house_number=number, postcode=r["postcode"] or "", city=r["city"] or ""))
    return rows


def parse_day(text):
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None
