"""Load a rulebook folder, validate it against the JSON Schemas and check its consistency.

Every problem is reported with file:line; nothing is loaded half.
"""

import hashlib
import json
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import jsonschema
import yaml

from . import yamlines
from .errors import Problem, RulebookError
from .sources import side_file_problems, source_problems
from .model import (
    Benefit,
    Condition,
    MunicipalSettings,
    Municipality,
    NormPeriod,
    Organisation,
    ParameterPeriod,
    Proactive,
    Rulebook,
    RuleTest,
    Scheme,
    SchemeVersion,
    Sourced,
)

SCHEMA_DIR = Path(__file__).parent / "schemas"


def default_rulebook_path():
    return Path(__file__).resolve().parent.parent / "rulebook"


@lru_cache(maxsize=None)
def schema(name):
    with open(SCHEMA_DIR / f"{name}.schema.json", encoding="utf-8") as f:
        return json.load(f)


def jsonable(value):
    """YAML values as JSON would have them (dates become ISO strings)."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


path_text = yamlines.path_text  # also used by the API's messages


def _focused_errors(error):
    """For a oneOf over condition kinds, keep only the errors of the branch whose kind matches."""
    if error.validator != "oneOf" or not isinstance(error.instance, dict):
        return [error]
    kind = error.instance.get("kind")
    branches = error.validator_value
    for index, branch in enumerate(branches):
        const = branch.get("properties", {}).get("kind", {}).get("const")
        if const is not None and const == kind:
            return [e for e in error.context if e.relative_schema_path[0] == index] or [error]
    kinds = [b.get("properties", {}).get("kind", {}).get("const") for b in branches]
    if all(kinds):
        error.message = f"unknown kind {kind!r}; known kinds: {', '.join(kinds)}"
    return [error]


def schema_problems(data, schema_name, where, root=None):
    """Problems of ``data`` against a JSON Schema; ``root`` (YAML) gives lines."""
    validator = jsonschema.Draft202012Validator(schema(schema_name))
    problems = []
    for error in sorted(validator.iter_errors(jsonable(data)), key=lambda e: list(map(str, e.path))):
        for e in _focused_errors(error):
            path = list(error.path) + list(e.path) if e is not error else list(error.path)
            place = f"{where}:{yamlines.line_of(root, path)}" if root is not None else where
            problems.append(Problem(place, f"{path_text(path)}: {e.message}"))
    return problems


class _FileReader:
    """Reads YAML files of one rulebook, collecting problems instead of stopping."""

    def __init__(self, root):
        self.root = Path(root)
        self.problems = []
        self.digest = hashlib.sha256()

    def rel(self, path):
        try:
            return str(Path(path).relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def read(self, path, schema_name):
        where = self.rel(path)
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            self.problems.append(Problem(where, f"cannot read file: {exc.strerror}"))
            return None
        self.digest.update(where.encode() + b"\0" + raw + b"\0")
        try:
            data = yamlines.load(raw.decode("utf-8"))
        except UnicodeDecodeError:
            self.problems.append(Problem(where, "file is not UTF-8 text"))
            return None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark else 0
            reason = getattr(exc, "problem", None) or str(exc)
            self.problems.append(Problem(f"{where}:{line}", f"YAML syntax: {reason}"))
            return None
        if data is None:
            self.problems.append(Problem(where, "file is empty"))
            return None
        found = schema_problems(data, schema_name, where, data)
        self.problems.extend(found)
        if found:
            return None
        if schema_name not in ("tests", "household"):
            self.problems.extend(source_problems(data, where))
        for keys, value in _fractional_cents(data, []):
            self.problems.append(Problem(f"{where}:{yamlines.line_of(data, keys)}",
                                         f"{path_text(keys)}: {value!r} is not a whole number of cents"))
        bad = []
        _dates_as_dates(data, [], bad)
        for keys, text in bad:
            self.problems.append(Problem(f"{where}:{yamlines.line_of(data, keys)}", f"{path_text(keys)}: {text!r} is not a real date"))
        return None if bad else data

    def problem(self, path, node, keys, what):
        self.problems.append(Problem(f"{self.rel(path)}:{yamlines.line_of(node, keys)}", what))


def _sourced(node, name=""):
    return Sourced(
        value=node.get("value", node.get("cents")),
        reliability=node["reliability"],
        source=node["source"],
        note=node.get("note", ""),
        name=name,
    )


def _check_periods(reader, path, node, key, periods):
    """Periods must start before they end, and follow each other without gap or overlap."""
    ordered = sorted(enumerate(periods), key=lambda p: p[1]["valid_from"])
    previous = None
    for index, period in ordered:
        start, end = period["valid_from"], period["valid_to"]
        if not isinstance(start, date) or not isinstance(end, date):
            continue
        if end < start:
            reader.problem(path, node, [key, index, "valid_to"], f"valid_to {end} is before valid_from {start}")
        if previous is not None:
            prev_end = previous["valid_to"]
            if start <= prev_end:
                reader.problem(path, node, [key, index, "valid_from"],
                               f"period {start}..{end} overlaps the period ending {prev_end}")
            elif start != prev_end + timedelta(days=1):
                reader.problem(path, node, [key, index, "valid_from"],
                               f"gap: nothing is valid from {prev_end + timedelta(days=1)} to {start - timedelta(days=1)}")
        previous = period


def _fractional_cents(node, keys, inside_cents=False):
    """(path, value) of every float where whole cents are expected (JSON Schema lets 12.0 pass)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "household":
                continue
            yield from _fractional_cents(value, keys + [key], inside_cents or "cents" in str(key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _fractional_cents(item, keys + [index], inside_cents)
    elif inside_cents and isinstance(node, float):
        yield keys, node


def _dates_as_dates(node, keys, bad):
    """Quoted dates ("2024-01-01") become dates too, so period checks see every period."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("valid_from", "valid_to", "date") and isinstance(value, str):
                try:
                    node[key] = date.fromisoformat(value)
                except ValueError:
                    bad.append((keys + [key], value))
            elif key != "household":
                _dates_as_dates(value, keys + [key], bad)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            _dates_as_dates(item, keys + [index], bad)


def load_rulebook(path=None):
    """Load and check the rulebook folder at ``path`` (default: the packaged one)."""
    root = Path(path) if path else default_rulebook_path()
    if not root.is_dir():
        raise RulebookError([Problem(str(root), "rulebook folder not found")])
    reader = _FileReader(root)
    manifest = reader.read(root / "rulebook.yaml", "rulebook")
    norms_file = root / "national" / "bijstandsnormen.yaml"
    params_file = root / "national" / "parameters.yaml"
    norms = reader.read(norms_file, "bijstandsnormen")
    params = reader.read(params_file, "parameters")
    if norms:
        _check_periods(reader, norms_file, norms, "periods", norms["periods"])
    if params:
        _check_periods(reader, params_file, params, "periods", params["periods"])
    norm_periods = tuple(
        NormPeriod(p["valid_from"], p["valid_to"],
                   {k: {vt: _sourced(a, f"bijstandsnorm {k} {vt}") for vt, a in v.items()}
                    for k, v in p["norms"].items()})
        for p in sorted(norms["periods"], key=lambda p: p["valid_from"])
    ) if norms else ()
    parameter_periods = tuple(
        ParameterPeriod(p["valid_from"], p["valid_to"],
                        {k: _sourced(v, k) for k, v in p.items() if k not in ("valid_from", "valid_to")})
        for p in sorted(params["periods"], key=lambda p: p["valid_from"])
    ) if params else ()

    national = _load_national_schemes(reader, root / "national" / "schemes", norm_periods, parameter_periods)
    municipalities = {}
    tests = []
    muni_root = root / "municipalities"
    for folder in sorted(p for p in muni_root.iterdir() if p.is_dir()) if muni_root.is_dir() else []:
        municipality = _load_municipality(reader, folder, norm_periods, national)
        if municipality is None:
            continue
        if municipality.id in municipalities:
            reader.problems.append(Problem(reader.rel(folder), f"municipality id {municipality.id!r} used twice"))
        municipalities[municipality.id] = municipality
        tests.extend(_load_tests(reader, folder, municipality))
    if not municipalities and not reader.problems:
        reader.problems.append(Problem(reader.rel(muni_root), "no municipality folders found"))
    tests.extend(_load_national_tests(reader, root / "national" / "schemes", municipalities))
    reader.problems.extend(side_file_problems(root, reader.rel))
    if reader.problems:
        raise RulebookError(reader.problems)
    return Rulebook(
        path=str(root),
        version=manifest["version"],
        hash=reader.digest.hexdigest(),
        title=manifest["title"],
        norm_periods=norm_periods,
        parameter_periods=parameter_periods,
        municipalities=municipalities,
        tests=tuple(tests),
        national_schemes=tuple(national),
    )


def _scheme_files(scheme_dir):
    return sorted(p for p in scheme_dir.glob("*.yaml") if not p.name.endswith(".tests.yaml")) if scheme_dir.is_dir() else []


def _load_national_schemes(reader, scheme_dir, norm_periods, parameter_periods):
    """The schemes of national/schemes/: national law, for every municipality (provider 'municipality' only)."""
    schemes, seen = [], set()
    for sfile in _scheme_files(scheme_dir):
        scheme = _load_scheme(reader, sfile, {}, (), parameter_periods, norm_periods, national=True)
        if scheme is None:
            continue
        if scheme.id in seen:
            reader.problems.append(Problem(reader.rel(sfile), f"scheme id {scheme.id!r} used twice"))
        seen.add(scheme.id)
        schemes.append(scheme)
    return schemes


def _with_national(own, national):
    """The municipality's own schemes, then every national scheme it does not override with the same id."""
    ids = {s.id for s in own}
    return tuple(own) + tuple(s for s in national if s.id not in ids)


def _load_municipality(reader, folder, norm_periods, national=()):
    mfile = folder / "municipality.yaml"
    data = reader.read(mfile, "municipality")
    if data is None:
        return None
    if data["id"] != folder.name:
        reader.problem(mfile, data, ["id"], f"id {data['id']!r} differs from its folder name {folder.name!r}")
    _check_periods(reader, mfile, data, "settings", data["settings"])
    organisations = {}
    for index, org in enumerate(data.get("organisations", [])):
        if org["id"] in organisations:
            reader.problem(mfile, data, ["organisations", index, "id"], f"organisation id {org['id']!r} used twice")
        organisations[org["id"]] = Organisation(org["id"], org["name"], org.get("helps_with"), org.get("source", ""))
    settings = tuple(
        MunicipalSettings(
            valid_from=s["valid_from"], valid_to=s["valid_to"],
            holiday_allowance=s["percentage_base"]["holiday_allowance"],
            kostendelersnorm=s["percentage_base"]["kostendelersnorm"],
            rounding=s["percentage_base"]["rounding"],
            base=Sourced(
                value=(s["percentage_base"]["holiday_allowance"], s["percentage_base"]["kostendelersnorm"]),
                reliability=s["percentage_base"]["reliability"], source=s["percentage_base"]["source"],
                note=s["percentage_base"].get("note", ""), name="percentage_base"),
            counted_income_sources=tuple(s["counted_income_sources"]["sources"]),
            counted_income=_sourced({**s["counted_income_sources"], "value": None}, "counted_income_sources"),
        )
        for s in sorted(data["settings"], key=lambda s: s["valid_from"])
    )
    districts = tuple(data.get("districts", []))
    schemes = []
    files = _scheme_files(folder / "schemes")
    seen = set()
    for sfile in files:
        scheme = _load_scheme(reader, sfile, organisations, districts, settings, norm_periods)
        if scheme is None:
            continue
        if scheme.id in seen:
            reader.problems.append(Problem(reader.rel(sfile), f"scheme id {scheme.id!r} used twice"))
        seen.add(scheme.id)
        schemes.append(scheme)
    return Municipality(
        id=data["id"], name=data["name"], cbs_code=data["cbs_code"], districts=districts,
        organisations=organisations, settings=settings, schemes=_with_national(schemes, national), note=data.get("note", ""),
    )


def _covered(periods, start, end):
    """True if the contiguous ``periods`` cover start..end."""
    return bool(periods) and periods[0].valid_from <= start and end <= periods[-1].valid_to


def _starts_within(periods, start, end):
    """True if the contiguous ``periods`` cover start..end up to their last day (later days are carried forward)."""
    return bool(periods) and _covered(periods, start, min(end, max(start, periods[-1].valid_to)))


def _load_scheme(reader, sfile, organisations, districts, settings, norm_periods, national=False):
    """One scheme file; ``settings`` are the municipality's (for a national scheme: the national parameter periods)."""
    data = reader.read(sfile, "scheme")
    if data is None:
        return None
    if data["id"] != sfile.stem:
        reader.problem(sfile, data, ["id"], f"id {data['id']!r} differs from its file name {sfile.stem!r}")
    if data["provider"] != "municipality" and data["provider"] not in organisations:
        reader.problem(sfile, data, ["provider"],
                       "a national scheme's provider is 'municipality'" if national else
                       f"unknown provider {data['provider']!r}: not 'municipality' nor an organisation of municipality.yaml")
    for index, helper in enumerate(data.get("helpers", [])):
        if helper not in organisations:
            reader.problem(sfile, data, ["helpers", index], f"unknown organisation {helper!r} (not in municipality.yaml)")
    _check_periods(reader, sfile, data, "versions", data["versions"])
    versions = []
    for vindex, v in enumerate(data["versions"]):
        ids = set()
        conditions = []
        for cindex, c in enumerate(v["conditions"]):
            keys = ["versions", vindex, "conditions", cindex]
            if c["id"] in ids:
                reader.problem(sfile, data, keys + ["id"], f"condition id {c['id']!r} used twice in this version")
            ids.add(c["id"])
            for dindex, district in enumerate(c.get("districts", [])):
                if district not in districts:
                    reader.problem(sfile, data, keys + ["districts", dindex],
                                   "a national scheme cannot name districts" if national else
                                   f"unknown district {district!r} (not in municipality.yaml districts)")
            if "age_min" in c and "age_max" in c and c["age_min"] > c["age_max"]:
                reader.problem(sfile, data, keys + ["age_max"], f"age_max {c['age_max']} is below age_min {c['age_min']}")
            params = {k: val for k, val in c.items() if k not in ("id", "kind", "source", "provenance", "reliability", "note", "text")}
            conditions.append(Condition(c["id"], c["kind"], params, c["source"], c.get("reliability", "S"),
                                        c.get("note", ""), c.get("text")))
        b = v["benefit"]
        if "amount_cents" in b and "amount_cents_by_household" in b:
            reader.problem(sfile, data, ["versions", vindex, "benefit"],
                           "give amount_cents or amount_cents_by_household, not both")
        if ("amount_cents" in b or "amount_cents_by_household" in b) and "source" not in b:
            reader.problem(sfile, data, ["versions", vindex, "benefit"], "an amount needs its source")
        version = SchemeVersion(
            valid_from=v["valid_from"], valid_to=v["valid_to"], conditions=tuple(conditions),
            benefit=Benefit(
                description=b["description"], unit=b["unit"], per_child=b.get("per_child", False),
                amount_cents=b.get("amount_cents"), amount_cents_by_household=b.get("amount_cents_by_household"),
                amount_note=b.get("amount_note"), source=b.get("source", ""), reliability=b.get("reliability", ""),
            ),
            sources=tuple(v["sources"]), individual_assessment=v.get("individual_assessment"), note=v.get("note"),
            proactive=Proactive(**v["proactive"]) if "proactive" in v else Proactive(),
        )
        # national norms and parameters past their last period are carried forward (provisional, rules.expiry), so a
        # version may run past them; a municipality's own settings are not carried forward and must cover it
        if not (_starts_within if national else _covered)(settings, version.valid_from, version.valid_to):
            reader.problem(sfile, data, ["versions", vindex, "valid_from"],
                           f"version {version.valid_from}..{version.valid_to} is not covered by the "
                           + ("national parameters" if national else "municipality settings"))
        if version.has_income_test and not _starts_within(norm_periods, version.valid_from, version.valid_to):
            reader.problem(sfile, data, ["versions", vindex, "valid_from"],
                           f"version {version.valid_from}..{version.valid_to} has an income test but the national norms do not cover its start")
        versions.append(version)
    versions.sort(key=lambda v: v.valid_from)
    return Scheme(
        id=data["id"], name=data["name"], summary=data["summary"], provider=data["provider"],
        versions=tuple(versions), how_to_apply=data.get("how_to_apply"), helpers=tuple(data.get("helpers", [])),
        file=reader.rel(sfile), national=national,
    )


def _load_tests(reader, folder, municipality):
    files = sorted(folder.glob("schemes/*.tests.yaml")) + sorted(folder.glob("tests/*.yaml"))
    tests = []
    for tfile in files:
        data = reader.read(tfile, "tests")
        if data is None:
            continue
        tests += [_rule_test(reader, tfile, data, index, case, municipality) for index, case in enumerate(data)]
    return tests


def _load_national_tests(reader, scheme_dir, municipalities):
    """The cases next to the national schemes; each runs in the municipality its household names."""
    tests = []
    for tfile in sorted(scheme_dir.glob("*.tests.yaml")) if scheme_dir.is_dir() else []:
        data = reader.read(tfile, "tests")
        if data is None:
            continue
        for index, case in enumerate(data):
            given = str(case["household"].get("municipality", "")).strip().lower()
            municipality = next((m for m in municipalities.values() if given in (m.id, m.cbs_code.lower())), None)
            if municipality is None:
                reader.problem(tfile, data, [index, "household", "municipality"],
                               f"unknown municipality {given!r}: a national case runs in a municipality of the rulebook")
                continue
            tests.append(_rule_test(reader, tfile, data, index, case, municipality))
    return tests


def _rule_test(reader, tfile, data, index, case, municipality):
    from .household import household_problems  # local: household imports nothing from here at import time

    scheme_ids = {s.id for s in municipality.schemes}
    for key in case["expect"]:
        if key not in scheme_ids:
            reader.problem(tfile, data, [index, "expect", key], f"unknown scheme {key!r} in {municipality.id}")
    for p in household_problems(jsonable(case["household"])):
        line = yamlines.line_of(data, [index, "household", *p.path])
        reader.problems.append(Problem(f"{reader.rel(tfile)}:{line}", f"household.{p.where}: {p.what}"))
    return RuleTest(
        name=case["name"], municipality=municipality.id, file=reader.rel(tfile), line=data.item_lines[index],
        date=case["date"], household=jsonable(case["household"]), expect=dict(case["expect"]),
        source=case.get("source", ""),
    )
