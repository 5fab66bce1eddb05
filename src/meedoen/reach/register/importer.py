"""Import a real register: BRP persons and a benefits administration's exports -> the register
format (docs/register-format.md), all or nothing (docs/register-import.md).

:func:`import_register` reads every input, checks every row, derives the households, builds the
six tables with keyed pseudonyms instead of BSNs, checks the tables once more and writes them with
:class:`~meedoen.reach.register.store.RegisterWriter`. It raises nothing on bad input: the
:class:`ImportReport` lists every problem with file, row or JSON path, field and reason, and says
whether a register was written (``report.register``).
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from .benefits_file import (MUNICIPAL_KINDS, district_of, income_source, read_benefits, read_csv,
                            read_districts, read_incomes, read_scheme_use)
from .brp import derive_households, read_brp
from .format import conform
from .store import RegisterError, RegisterWriter
from .validate import ERROR, NOTICE, ImportProblem, MIN_KEY_LENGTH, check_key, pseudonym, table_problems

PART_HOUSEHOLDS = 200_000  # households per part (the format: at most a few hundred thousand)
MAX_PROBLEMS = 1000  # problems listed in the JSON report (the total is always given)
HOUSEMATE_SUFFIX = 16  # hex digits of the household id in a housemate row's person_id


@dataclass
class ImportReport:
    """What an import did: the register written (or None), every problem, and the counts."""

    dest: Path
    reference_date: date | None = None
    register: object = None
    problems: list = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {"files": {}, "register": {}})

    @property
    def errors(self):
        return [p for p in self.problems if p.level == ERROR]

    @property
    def notices(self):
        return [p for p in self.problems if p.level == NOTICE]

    @property
    def exit_code(self):
        """0: written without errors; 2: bad input (rows rejected, or nothing written)."""
        return 0 if self.register is not None and not self.errors else 2

    def as_dict(self, max_problems=MAX_PROBLEMS):
        return {
            "dest": str(self.dest), "written": self.register is not None,
            "reference_date": self.reference_date.isoformat() if self.reference_date else None,
            "counts": self.counts,
            "errors_total": len(self.errors), "notices_total": len(self.notices),
            "problems_total": len(self.problems),
            "problems": [p.as_dict() for p in self.problems[:max_problems]],
        }

    def to_json(self, max_problems=MAX_PROBLEMS):
        return json.dumps(self.as_dict(max_problems), indent=2, ensure_ascii=False) + "\n"

    def to_text(self, lang="nl", max_problems=50):
        nl = lang == "nl"
        reg = self.counts.get("register", {})
        lines = []
        if self.register is not None:
            lines.append((f"Register geschreven naar {self.dest}: {reg.get('households', 0)} huishoudens, "
                          f"{reg.get('persons', 0)} personen, {reg.get('addresses', 0)} adressen.") if nl else
                         (f"Register written to {self.dest}: {reg.get('households', 0)} households, "
                          f"{reg.get('persons', 0)} persons, {reg.get('addresses', 0)} addresses."))
        else:
            lines.append(f"Er is niets geschreven naar {self.dest}." if nl else f"Nothing was written to {self.dest}.")
        files = self.counts.get("files", {})
        if files:
            lines.append("Bestanden:" if nl else "Files:")
        for name, c in files.items():
            parts = [f"{c.get('read', 0)} {'gelezen' if nl else 'read'}",
                     f"{c.get('accepted', 0)} {'goedgekeurd' if nl else 'accepted'}",
                     f"{c.get('rejected', 0)} {'afgewezen' if nl else 'rejected'}"]
            if "left_out" in c:
                parts.append(f"{c['left_out']} {'weggelaten' if nl else 'left out'}")
            lines.append(f"  {name} ({_KIND_NAMES[c['kind']][0 if nl else 1]}): " + ", ".join(parts))
        errors, notices = len(self.errors), len(self.notices)
        if self.problems:
            shown = min(max_problems, len(self.problems))
            lines.append((f"Problemen: {errors} fouten, {notices} meldingen" if nl else
                          f"Problems: {errors} errors, {notices} notices")
                         + ((f" (de eerste {shown})" if nl else f" (the first {shown})") if shown < len(self.problems) else "") + ":")
            for p in self.problems[:max_problems]:
                tag = ("fout" if nl else "error") if p.level == ERROR else ("melding" if nl else "notice")
                lines.append(f"  [{tag}] {p.text(lang)}")
        else:
            lines.append("Geen problemen." if nl else "No problems.")
        return "\n".join(lines) + "\n"


_KIND_NAMES = {"brp": ("BRP", "BRP"), "benefits": ("uitkeringen", "benefits"), "incomes": ("inkomens", "incomes"),
               "scheme_use": ("gebruik regelingen", "scheme use"), "districts": ("wijken", "districts")}


def import_register(dest, brp_paths, benefits_path=None, incomes_path=None, scheme_use_path=None,
                    districts_path=None, *, pseudonym_key, municipality=None, reference_date,
                    benefits_complete=False, overwrite=False, rulebook=None, part_households=PART_HOUSEHOLDS):
    """Read, check, derive and write a register at ``dest``; return an :class:`ImportReport`.

    ``brp_paths``: one path or several (BRP responses, arrays or JSON lines). ``pseudonym_key``:
    the secret key of the pseudonyms (at least 16 characters; keep it secret and the same for
    every import, or later imports will not match). ``municipality``: CBS code or rulebook id; only
    persons registered there are kept (default: each person's gemeenteVanInschrijving).
    ``benefits_complete``: the caller declares that the benefits file lists every current benefit
    of every person (AOW and the like included); without it only persons with a running municipal
    benefit have known benefits. ``rulebook``: to check scheme ids (default: the shipped one).
    """
    report = ImportReport(Path(dest), reference_date)
    brp_paths = [brp_paths] if isinstance(brp_paths, (str, Path)) else list(brp_paths)
    _import(report, brp_paths, benefits_path, incomes_path, scheme_use_path, districts_path, pseudonym_key,
            municipality, reference_date, benefits_complete, overwrite, rulebook, part_households)
    order = {str(p): i for i, p in enumerate([*brp_paths, benefits_path, incomes_path, scheme_use_path, districts_path])}
    report.problems.sort(key=lambda p: (order.get(p.file, -1), _position(p.where)))
    return report


def _position(where):
    """Sort key of a place in a file: its numbers (line 12, personen[3]) in order."""
    return tuple(int(n) for n in re.findall(r"\d+", where))


def _import(report, brp_paths, benefits_path, incomes_path, scheme_use_path, districts_path, pseudonym_key,
            municipality, reference_date, benefits_complete, overwrite, rulebook, part_households):
    problems = report.problems
    key = check_key(pseudonym_key)
    if key is None:
        problems.append(ImportProblem("", "", "pseudonym_key", "bad_key", {"min": MIN_KEY_LENGTH}))
        return report
    if report.dest.exists() and not overwrite:
        problems.append(ImportProblem(str(report.dest), "", "", "dest_exists"))
        return report
    rules = _Rules(rulebook)
    code = None
    if municipality is not None:
        code = rules.code_of(municipality)
        if code is None:
            problems.append(ImportProblem("", "", "municipality", "unknown_municipality", {"value": str(municipality)}))
            return report

    # 1. read every file; any file that cannot be used at all stops the import
    files = {kind: read_csv(path, kind) for kind, path in (("benefits", benefits_path), ("incomes", incomes_path),
                                                           ("scheme_use", scheme_use_path), ("districts", districts_path))
             if path is not None}
    brp = read_brp(brp_paths, reference_date, code)
    report.counts["files"].update(brp.counts)
    for f in files.values():
        report.counts["files"][f.name] = f.count()
    if brp.fatal or any(f.fatal for f in files.values()):
        problems.extend(p for p in brp.problems if p.code in ("file_unreadable", "not_json", "no_persons"))
        for f in files.values():
            problems.extend(f.problems)
        return report
    problems.extend(brp.problems)
    districts = {}
    if "districts" in files:
        result = read_districts(files["districts"])
        problems.extend(result.problems)
        report.counts["files"][files["districts"].name] = result.count
        districts = result.rows

    # 2. an invalid resident rejects every resident of the address
    persons = dict(brp.persons)
    by_address = defaultdict(list)
    for p in persons.values():
        by_address[p.address_id].append(p)
    spoilt = {}
    for address_id, file, where in brp.rejected:
        if address_id is not None:
            spoilt.setdefault(address_id, f"{file} {where}")
    for address_id, residents in by_address.items():
        if len({p.municipality for p in residents}) > 1:
            for p in residents:
                problems.append(ImportProblem(p.file, p.where, "gemeenteVanInschrijving", "address_mixed"))
            spoilt.setdefault(address_id, None)
    for address_id in list(spoilt):
        for p in by_address.pop(address_id, []):
            if spoilt[address_id] is not None:
                problems.append(ImportProblem(p.file, p.where, "", "address_rejected", {"where": spoilt[address_id]}))
            report.counts["files"][p.file]["accepted"] -= 1
            report.counts["files"][p.file]["rejected"] += 1
            del persons[p.bsn]

    # 3. households per address
    households = []
    for address_id in sorted(by_address):
        found, notices = derive_households(by_address[address_id], brp.children, reference_date)
        households.extend(found)
        problems.extend(notices)
    person_id = {bsn: pseudonym(key, "person", bsn) for bsn in persons}
    household_id = {h.applicant.bsn: pseudonym(key, "household", h.applicant.bsn) for h in households}
    home = {m.bsn: household_id[h.applicant.bsn] for h in households for m, _ in h.members}

    # 4. benefits and incomes
    benefits, incomes, benefit_spoilt = [], [], {}
    known_benefits = set(persons) if (benefits_complete and "benefits" in files) else set()
    known_income = set()
    if "benefits" in files:
        result = read_benefits(files["benefits"], persons, brp.every_bsn)
        _take(report, files["benefits"], result)
        benefits = result.rows
        running = [b for b in benefits if _runs(b, reference_date)]
        known_benefits |= {b["bsn"] for b in running if b["kind"] in MUNICIPAL_KINDS}
        _spoil(problems, files["benefits"].name, result, known_benefits, "benefits_now_unknown")
        benefit_spoilt = result.spoilt
        for b in running:
            incomes.append({"bsn": b["bsn"], "source": income_source(b["kind"]), "cents": b["net_cents"]})
        wages = defaultdict(set)
        for b in running:
            if b["wages_cents"] is not None:
                wages[b["bsn"]].add(b["wages_cents"])
        for bsn, values in wages.items():
            if len(values) > 1:
                first = next(b for b in running if b["bsn"] == bsn)
                problems.append(ImportProblem(files["benefits"].name, first["where"], "monthly_wages", "wages_conflict", {}, NOTICE))
            incomes.append({"bsn": bsn, "source": "wages", "cents": next(iter(values)) if len(values) == 1 else None})
    if "incomes" in files:
        result = read_incomes(files["incomes"], persons, brp.every_bsn)
        _take(report, files["incomes"], result)
        incomes.extend(result.rows)
        known_income = {r["bsn"] for r in result.rows}
        _spoil(problems, files["incomes"].name, result, known_income, "income_now_unknown")
    known_income -= set(benefit_spoilt)  # the rejected benefit row may have been an income too

    # 5. scheme use; a wrong row for a known household rejects that household
    uses, rejected_households = [], {}
    if "scheme_use" in files:
        municipality_of = {household_id[h.applicant.bsn]: h.applicant.municipality for h in households}

        def schemes_of(hid):
            if hid not in municipality_of:
                return None
            return municipality_of[hid], rules.schemes(municipality_of[hid])

        result = read_scheme_use(files["scheme_use"], home.get, schemes_of, brp.every_bsn, persons)
        _take(report, files["scheme_use"], result)
        uses = [u for u in result.rows if u["household_id"] not in result.spoilt]
        for hid, where in result.spoilt.items():
            rejected_households[hid] = f"{files['scheme_use'].name} {where}"
    if rejected_households:
        kept = []
        for h in households:
            hid = household_id[h.applicant.bsn]
            if hid not in rejected_households:
                kept.append(h)
                continue
            for m, _ in h.members:
                problems.append(ImportProblem(m.file, m.where, "", "household_rejected_use", {"where": rejected_households[hid]}))
                report.counts["files"][m.file]["accepted"] -= 1
                report.counts["files"][m.file]["rejected"] += 1
        households = kept
    in_register = {m.bsn for h in households for m, _ in h.members}
    _drop_outside(report, files, benefits, incomes, in_register,
                  {bsn: rejected_households.get(hid, "") for bsn, hid in home.items()})

    # 6. the six tables, checked once more, then written all or nothing
    tables = _tables(households, household_id, person_id, benefits, incomes, uses, known_benefits,
                     known_income, districts, in_register)
    found = table_problems(tables, reference_date)
    if found:
        problems.extend(found)
        return report
    report.counts["register"] = _register_counts(tables, households)
    if not households:
        problems.append(ImportProblem(str(report.dest), "", "", "nothing_accepted"))
        return report
    info = {"import": {
        "inputs": {kind: Path(p).name for kind, p in (("benefits", benefits_path), ("incomes", incomes_path),
                                                      ("scheme_use", scheme_use_path), ("districts", districts_path)) if p},
        "brp": [Path(p).name for p in brp_paths], "benefits_complete": bool(benefits_complete and "benefits" in files),
        "pseudonym": f"hmac-sha256, {len(next(iter(person_id.values())))} hex", "counts": report.counts["register"],
        "errors": len(report.errors), "notices": len(report.notices)}}
    source = "brp+benefits" if "benefits" in files else "brp"
    try:
        with RegisterWriter(report.dest, source=source, reference_date=reference_date, overwrite=overwrite, **info) as writer:
            for municipality_code, part in _parts(tables, part_households):
                writer.add_part(municipality_code, part)
            report.register = writer.commit()
    except (OSError, RegisterError) as exc:
        problems.append(ImportProblem(str(report.dest), "", "", "write_failed", {"error": str(exc)}))
        report.register = None
    return report


class _Rules:
    """The rulebook, loaded only when needed (a municipality id to resolve, scheme ids to check)."""

    def __init__(self, rulebook):
        self._rulebook = rulebook

    @property
    def rulebook(self):
        if self._rulebook is None:
            from ...rules import default_rulebook_path, load_rulebook
            self._rulebook = load_rulebook(default_rulebook_path())
        return self._rulebook

    def code_of(self, municipality):
        text = str(municipality).strip()
        if re.fullmatch(r"(?i)GM\d{4}", text):
            return text.upper()
        found = self.rulebook.municipality(text)
        return found.cbs_code.upper() if found is not None else None

    def schemes(self, code):
        """Ids of every scheme the rulebook has for municipality ``code`` (any version)."""
        found = self.rulebook.municipality(code)
        if found is None:
            return ()
        return {s.id for s in found.schemes}


def _runs(row, day):
    return row["since"] <= day and (row["until"] is None or row["until"] >= day)


def _take(report, csvfile, result):
    report.problems.extend(result.problems)
    report.counts["files"][csvfile.name] = result.count


def _spoil(problems, name, result, known, code):
    """A person with a rejected row: what the row said is missing, so that fact becomes unknown."""
    for bsn, where in result.spoilt.items():
        known.discard(bsn)
        problems.append(ImportProblem(name, where, "bsn", code, {}, NOTICE))


def _drop_outside(report, files, benefits, incomes, in_register, why):
    """Rows of persons whose household was rejected after their rows were accepted (``why``: bsn -> where)."""
    for kind, rows in (("benefits", benefits), ("incomes", [r for r in incomes if "where" in r])):
        if kind not in files:
            continue
        outside = [r for r in rows if r["bsn"] not in in_register]
        for r in outside:
            report.problems.append(ImportProblem(files[kind].name, r["where"], "bsn", "in_rejected_household",
                                                 {"where": why.get(r["bsn"], "")}))
            report.counts["files"][files[kind].name]["accepted"] -= 1
            report.counts["files"][files[kind].name]["rejected"] += 1
    benefits[:] = [r for r in benefits if r["bsn"] in in_register]
    incomes[:] = [r for r in incomes if r["bsn"] in in_register]


def _tables(households, household_id, person_id, benefits, incomes, uses, known_benefits, known_income,
            districts, in_register):
    addresses, hh_rows, person_rows = {}, [], []
    for h in households:
        a = h.applicant
        hid = household_id[a.bsn]
        district = district_of(districts, a.address.get("postcode"))
        addresses.setdefault(h.address_id, {"address_id": h.address_id, **a.address,
                                            "municipality": a.municipality, "district": district})
        hh_rows.append({"household_id": hid, "municipality": a.municipality, "district": district,
                        "address_id": h.address_id})
        for m, role in h.members:
            named = role in ("applicant", "partner")  # names only for letters to the applicant and partner
            person_rows.append({"person_id": person_id[m.bsn], "household_id": hid, "role": role,
                                "birth_date": m.birth_date, "given_name": m.given_name if named else None,
                                "family_name": m.family_name if named else None,
                                "income_known": m.bsn in known_income, "benefits_known": m.bsn in known_benefits})
        for m in h.housemates:
            person_rows.append({"person_id": f"{person_id[m.bsn]}@{hid[:HOUSEMATE_SUFFIX]}", "household_id": hid,
                                "role": "other", "birth_date": m.birth_date, "income_known": False,
                                "benefits_known": False})
    tables = {
        "addresses": _frame(list(addresses.values())),
        "households": _frame(hh_rows),
        "persons": _frame(person_rows),
        "incomes": _frame([{"person_id": person_id[r["bsn"]], "source": r["source"], "monthly_net_cents": r["cents"]}
                           for r in incomes]),
        "benefits": _frame([{"person_id": person_id[b["bsn"]], "kind": b["kind"], "since": b["since"], "until": b["until"]}
                            for b in benefits]),
        "scheme_use": _frame([{k: u[k] for k in ("household_id", "scheme", "since", "until")} for u in uses]),
    }
    return {name: conform(name, frame) for name, frame in tables.items()}


def _frame(rows):
    return pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame()


def _register_counts(tables, households):
    persons = tables["persons"]
    return {
        "addresses": tables["addresses"].height, "households": tables["households"].height,
        "persons": sum(len(h.members) for h in households),
        "person_rows": persons.height,
        "housemate_rows": persons.height - sum(len(h.members) for h in households),
        "birth_date_unknown": sum(1 for h in households for m, _ in h.members if m.birth_date is None),
        "income_known": int(persons["income_known"].sum() or 0),
        "benefits_known": int(persons["benefits_known"].sum() or 0),
        "benefits": tables["benefits"].height, "incomes": tables["incomes"].height,
        "scheme_use": tables["scheme_use"].height,
    }


def _parts(tables, size):
    """(municipality, tables) per part: whole households, one municipality each, at most ``size``."""
    households = tables["households"]
    for (code,), frame in households.group_by("municipality", maintain_order=True):
        for start in range(0, frame.height, size):
            chunk = frame.slice(start, size)
            hids = chunk["household_id"].to_list()
            persons = tables["persons"].filter(pl.col("household_id").is_in(hids))
            pids = persons["person_id"].to_list()
            yield code, {
                "addresses": tables["addresses"].filter(pl.col("address_id").is_in(chunk["address_id"].to_list())),
                "households": chunk,
                "persons": persons,
                "incomes": tables["incomes"].filter(pl.col("person_id").is_in(pids)),
                "benefits": tables["benefits"].filter(pl.col("person_id").is_in(pids)),
                "scheme_use": tables["scheme_use"].filter(pl.col("household_id").is_in(hids)),
            }
