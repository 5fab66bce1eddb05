"""Small registers for the reach tests, built from the synthetic household generator (never real people)."""

import random
from datetime import date

import polars as pl

from meedoen.population.generator import generate_households
from meedoen.reach.register.format import STATUS_FROM_BENEFIT
from meedoen.reach.register.store import RegisterWriter

BENEFIT_OF = {status: kinds[0] for status, kinds in STATUS_FROM_BENEFIT.items()}


def as_register_tables(households, use_share=0.5, seed=1, schemes=("zoetermeerpas", "kwijtschelding_gemeentelijke_belastingen")):
    """(tables, reference households): the register rows for household dicts, and the dicts as the
    register states them (benefit statuses all known or all unknown per person)."""
    rnd = random.Random(seed)
    rows = {t: [] for t in ("households", "persons", "incomes", "benefits", "scheme_use")}
    reference = []
    for h in households:
        hid = h["id"]
        rows["households"].append({"household_id": hid, "municipality": h["municipality"], "district": h.get("district"),
                                   "assets_cents": h.get("assets_cents"), "fixed_costs_cents": h.get("fixed_costs_cents"),
                                   **(h.get("facts") or {})})
        members = []
        for i, m in enumerate(h["members"]):
            pid = f"{hid}-{i}"
            statuses = dict(m.get("statuses") or {})
            benefit_statuses = [statuses.get(s) for s in STATUS_FROM_BENEFIT]
            known = all(v is not None for v in benefit_statuses)
            if not known:
                for s in STATUS_FROM_BENEFIT:
                    statuses[s] = None
            for s, kind in BENEFIT_OF.items():
                if statuses.get(s):
                    rows["benefits"].append({"person_id": pid, "kind": kind, "since": date(2020, 1, 1), "until": None})
            incomes = m.get("monthly_net_income_cents")
            if incomes is not None:
                for source, cents in incomes.items():
                    rows["incomes"].append({"person_id": pid, "source": source, "monthly_net_cents": cents})
            rows["persons"].append({
                "person_id": pid, "household_id": hid, "role": m["role"],
                "birth_date": date.fromisoformat(m["birth_date"]) if m.get("birth_date") else None,
                "income_known": incomes is not None, "benefits_known": known,
                "chronically_ill_or_disabled": statuses.get("chronically_ill_or_disabled"),
                "no_prospect_of_work": statuses.get("no_prospect_of_work"),
                "registered_premium_arrears": statuses.get("registered_premium_arrears"),
                "attends_school": (m.get("school") or {}).get("attends_school"),
            })
            members.append({**m, "statuses": statuses})
        reference.append({**h, "members": members})
        for scheme in schemes:
            if rnd.random() < use_share:
                rows["scheme_use"].append({"household_id": hid, "scheme": scheme, "since": date(2025, 1, 1), "until": None})
    tables = {t: pl.DataFrame(r, infer_schema_length=None) if r else pl.DataFrame() for t, r in rows.items()}
    return tables, reference


def write_register(dest, parts, day=date(2026, 3, 1)):
    """A register with one part per (municipality, household dicts) pair; returns (register, reference dicts)."""
    reference = []
    with RegisterWriter(dest, source="test", reference_date=day, synthetic=True) as writer:
        for municipality, households in parts:
            tables, ref = as_register_tables(households)
            writer.add_part(municipality, tables)
            reference.extend(ref)
        register = writer.commit()
    return register, reference


def synthetic(n, seed, municipality="zoetermeer"):
    households = generate_households(n, seed=seed, municipality=municipality)
    return [{**h, "id": f"{municipality}-{seed}-{h['id']}", "municipality": municipality} for h in households]
