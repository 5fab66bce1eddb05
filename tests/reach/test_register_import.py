"""Importing a real register: BRP persons and benefits exports -> the register format (synthetic data only)."""

import json
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from meedoen.reach.register.format import to_frames
from meedoen.reach.register.importer import import_register
from meedoen.reach.register.store import RegisterWriter, open_register
from meedoen.reach.register.validate import (elfproef, parse_bsn, parse_cents, parse_date, pseudonym,
                                             table_problems)
from meedoen.rules import default_rulebook_path, load_rulebook
from meedoen.rules.bulk import evaluate_frames

FIXTURES = Path(__file__).parent / "fixtures"
BRP = FIXTURES / "brp-personen.json"
BENEFITS, INCOMES = FIXTURES / "uitkeringen.csv", FIXTURES / "inkomens.csv"
USE, DISTRICTS = FIXTURES / "gebruik-regelingen.csv", FIXTURES / "wijken.csv"
DAY = date(2026, 3, 1)
KEY = "synthetic-test-key-0123456789"
BSN = {"jan": "999991012", "anna": "999991024", "lotte": "999991036", "daan": "999991048",
       "fatima": "999991061", "yusuf": "999991073", "piet": "999991085", "kees": "999991097",
       "sam": "999991103", "tom": "999991001", "eva": "999991115", "wim": "999991127"}


@pytest.fixture(scope="module")
def rulebook():
    return load_rulebook(default_rulebook_path())


def run(tmp_path, *, name="reg", key=KEY, brp=(BRP,), files=(BENEFITS, INCOMES, USE, DISTRICTS), rulebook=None, **kw):
    return import_register(tmp_path / name, list(brp), *files, pseudonym_key=key, reference_date=DAY,
                           rulebook=rulebook, **kw)


def tables(report):
    return report.register.read(report.register.parts[0])


def pid(who, key=KEY):
    return pseudonym(key.encode(), "person", BSN[who])


def members(report):
    """{household applicant name: {name: role}} for the home rows, and the housemate rows per household."""
    persons = tables(report)["persons"]
    names = {pid(w): w for w in BSN}
    homes, mates = {}, {}
    for hid, group in persons.group_by("household_id", maintain_order=True):
        rows = group.to_dicts()
        applicant = next(names[r["person_id"]] for r in rows if r["role"] == "applicant")
        homes[applicant] = {names[r["person_id"]]: r["role"] for r in rows if "@" not in r["person_id"]}
        mates[applicant] = sorted(names[r["person_id"].split("@")[0]] for r in rows if "@" in r["person_id"])
    return homes, mates


def errors(report):
    return {(Path(p.file).name, p.where, p.field, p.code) for p in report.problems if p.level == "error"}


# -- values ------------------------------------------------------------------------------------

def test_elfproef():
    assert elfproef("111222333") and elfproef("999991012")
    assert not elfproef("123456789") and not elfproef("999991001") and not elfproef("000000000")
    assert parse_bsn("99999 1012") == ("999991012", None)
    assert parse_bsn("11222333") == (None, "bsn_elfproef")  # padded to 011222333, which fails
    assert parse_bsn("12345") == (None, "bsn_format") and parse_bsn("") == (None, "required")


@pytest.mark.parametrize("text, cents", [
    ("1.331,42", 133142), ("1486.46", 148646), ("1,234.56", 123456), ("0", 0), ("12,5", 1250),
    ("€ 7,05", 705), ("0.29", 29), ("12.345.678", 1234567800), ("", None),
])
def test_amounts_become_exact_cents(text, cents):
    assert parse_cents(text) == (cents, None)


@pytest.mark.parametrize("text, code", [
    ("1.234", "amount_ambiguous"), ("1,234", "amount_ambiguous"), ("-5,00", "amount_negative"),
    ("1.2345", "amount_decimals"), ("12a", "amount_invalid"), ("1,2,3", "amount_invalid"), ("1.23,4.5", "amount_invalid"),
])
def test_bad_amounts(text, code):
    assert parse_cents(text) == (None, code)


def test_dates():
    assert parse_date("2025-02-30") == (None, "date_invalid")
    assert parse_date("01-02-2025") == (date(2025, 2, 1), None)
    assert parse_date("2025-02-01") == (date(2025, 2, 1), None)
    assert parse_date(" ") == (None, None)


# -- households -----------------------------------------------------------------------------------

def test_households_roles_and_housemates(tmp_path, rulebook):
    report = run(tmp_path, rulebook=rulebook)
    assert report.register is not None
    homes, mates = members(report)
    assert homes["jan"] == {"jan": "applicant", "anna": "partner", "lotte": "child", "daan": "child"}
    assert mates["jan"] == []
    # the 22-year-old son heads his own household (Participatiewet art. 4); each is the other's housemate
    assert homes["fatima"] == {"fatima": "applicant"} and mates["fatima"] == ["yusuf"]
    assert homes["yusuf"] == {"yusuf": "applicant"} and mates["yusuf"] == ["fatima"]
    assert homes["piet"] == {"piet": "applicant"} and mates["piet"] == ["kees"]
    assert homes["kees"] == {"kees": "applicant"} and mates["kees"] == ["piet"]
    assert set(homes) == {"jan", "fatima", "yusuf", "piet", "kees"}  # Sam: rejected by scheme use; Tom, Eva: invalid address


def test_kostendelers_follow_the_rulebook_age(tmp_path, rulebook):
    """Housemates at least kostendeler_min_age_years old are kostendelers: Kees (35) for Piet, not Yusuf (22) for Fatima."""
    report = run(tmp_path, rulebook=rulebook)
    min_age = int(rulebook.parameters_on(DAY).values["kostendeler_min_age_years"].value)
    persons = tables(report)["persons"]
    names = {pid(w): w for w in BSN}
    heads = persons.filter(pl.col("role") == "applicant").select("household_id", who=pl.col("person_id").replace_strict(names))
    others = persons.filter(pl.col("role") == "other").with_columns(
        age=((pl.lit(DAY) - pl.col("birth_date")).dt.total_days() // 366))  # a lower bound is enough here
    kd = heads.join(others.group_by("household_id").agg((pl.col("age") >= min_age).sum().alias("kd")), on="household_id", how="left")
    kd = dict(zip(kd["who"], kd["kd"].fill_null(0)))
    assert kd == {"jan": 0, "fatima": 0, "yusuf": 1, "piet": 1, "kees": 1}


def brp_file(tmp_path, persons, name="brp.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "RaadpleegMetBurgerservicenummer", "personen": persons}), encoding="utf-8")
    return path


def person(bsn, born, aoi="0637010000000099", **extra):
    geboorte = {"datum": born if isinstance(born, dict) else {"type": "Datum", "datum": born}}
    return {"burgerservicenummer": bsn, "naam": {"voornamen": "X", "geslachtsnaam": "Y"}, "geboorte": geboorte,
            "gemeenteVanInschrijving": {"code": "0637", "omschrijving": "Zoetermeer"},
            "verblijfplaats": {"type": "Adres", "adresseerbaarObjectIdentificatie": aoi,
                               "verblijfadres": {"korteStraatnaam": "Teststraat", "huisnummer": 1, "postcode": "2711AB"}},
            **extra}


def roles_of(report, bsns):
    persons = tables(report)["persons"]
    names = {pseudonym(KEY.encode(), "person", b): b for b in bsns}
    return {names[r["person_id"]]: (r["role"], r["household_id"]) for r in persons.to_dicts() if "@" not in r["person_id"]}


def test_presumed_couple_partial_dates_and_minor_without_parent(tmp_path, rulebook):
    a, b, c, g, h = "999991152", "999991164", "999991176", "999991188", "999991206"
    assert all(elfproef(x) for x in (a, b, c, g, h))
    path = brp_file(tmp_path, [
        person(a, "1980-01-01"),
        person(b, "1982-05-05"),
        person(c, {"type": "JaarDatum", "jaar": 2015, "langFormaat": "2015"}, ouders=[{"burgerservicenummer": a}, {"burgerservicenummer": b}]),
        person(g, "2012-03-03"),  # a minor living here whose parents do not
        person(h, "1950-02-02", aoi="0637010000000098",
               partners=[{"burgerservicenummer": "999991218", "soortVerbintenis": {"code": "H"}}]),  # partner elsewhere
    ])
    report = run(tmp_path, brp=(path,), files=(), rulebook=rulebook)
    roles = roles_of(report, (a, b, c, g, h))
    assert [roles[x][0] for x in (a, b, c, g, h)] == ["applicant", "partner", "child", "other", "applicant"]
    assert len({roles[x][1] for x in (a, b, c, g)}) == 1
    birth = dict(zip(tables(report)["persons"]["person_id"], tables(report)["persons"]["birth_date"]))
    assert birth[pseudonym(KEY.encode(), "person", c)] is None  # year only: unknown birth date
    codes = {(p.where, p.code) for p in report.notices}
    assert {("personen[0]", "presumed_couple"), ("personen[3]", "minor_without_parent"),
            ("personen[4]", "partner_elsewhere")} <= codes
    assert not report.errors


def test_input_shapes_give_the_same_register(tmp_path, rulebook):
    personen = json.loads(BRP.read_text(encoding="utf-8"))["personen"]
    array = tmp_path / "array.json"
    array.write_text(json.dumps(personen), encoding="utf-8")
    lines = tmp_path / "lines.jsonl"
    lines.write_text("\n".join(json.dumps(p) for p in personen) + "\n", encoding="utf-8")
    ids = []
    for i, path in enumerate((BRP, array, lines)):
        report = run(tmp_path, name=f"r{i}", brp=(path,), files=(), rulebook=rulebook)
        ids.append(sorted(tables(report)["persons"]["person_id"].to_list()))
        assert any(p.code == "bsn_elfproef" and p.where.endswith("9]" if i < 2 else "line 10") for p in report.problems)
    assert ids[0] == ids[1] == ids[2]


# -- pseudonyms -----------------------------------------------------------------------------------

def test_pseudonyms_stable_keyed_and_never_the_bsn(tmp_path, rulebook):
    one, two = run(tmp_path, name="a", rulebook=rulebook), run(tmp_path, name="b", rulebook=rulebook)
    other = run(tmp_path, name="c", key="another-secret-key-987654321", rulebook=rulebook)
    ids = [set(tables(r)["persons"]["person_id"]) | set(tables(r)["households"]["household_id"]) for r in (one, two, other)]
    assert ids[0] == ids[1]
    assert not ids[0] & ids[2]
    assert pid("jan") in ids[0] and all(len(i.split("@")[0]) == 32 for i in ids[0])
    for folder in (tmp_path / "a", tmp_path / "c"):
        for file in folder.rglob("*"):
            if file.is_file():
                data = file.read_bytes()
                assert not any(b.encode() in data for b in BSN.values()), file


def test_short_key_is_refused(tmp_path):
    report = run(tmp_path, key="short")
    assert report.register is None and [p.code for p in report.problems] == ["bad_key"]
    assert not (tmp_path / "reg").exists()


# -- bad rows ---------------------------------------------------------------------------------------

def test_every_bad_row_is_reported_and_good_rows_kept(tmp_path, rulebook):
    report = run(tmp_path, rulebook=rulebook)
    assert errors(report) == {
        ("brp-personen.json", "personen[9]", "burgerservicenummer", "bsn_elfproef"),
        ("brp-personen.json", "personen[10]", "", "address_rejected"),
        ("brp-personen.json", "personen[8]", "", "household_rejected_use"),
        ("uitkeringen.csv", "line 5", "bsn", "bsn_not_in_brp"),
        ("uitkeringen.csv", "line 6", "since", "date_invalid"),
        ("uitkeringen.csv", "line 7", "kind", "kind_unknown"),
        ("uitkeringen.csv", "line 8", "until", "date_order"),
        ("uitkeringen.csv", "line 8", "monthly_net", "amount_negative"),
        ("uitkeringen.csv", "line 9", "bsn", "bsn_elfproef"),
        ("uitkeringen.csv", "line 10", "bsn", "person_not_accepted"),
        ("inkomens.csv", "line 7", "monthly_net", "amount_ambiguous"),
        ("gebruik-regelingen.csv", "line 3", "scheme", "scheme_unknown"),
        ("gebruik-regelingen.csv", "line 4", "since", "date_invalid"),
        ("wijken.csv", "line 4", "postcode", "postcode_invalid"),
    }
    assert ("brp-personen.json", "personen[11]", "deceased") in {(Path(p.file).name, p.where, p.code) for p in report.notices}
    counts = {Path(k).name: v for k, v in report.counts["files"].items()}
    assert counts["brp-personen.json"] == {"kind": "brp", "read": 12, "accepted": 8, "rejected": 3, "left_out": 1}
    assert counts["uitkeringen.csv"] == {"kind": "benefits", "read": 9, "accepted": 3, "rejected": 6}
    t = tables(report)
    assert sorted(t["benefits"]["kind"].cast(pl.String)) == ["aow", "bijstand", "ww"]
    assert t["incomes"].filter(pl.col("person_id") == pid("fatima"))["monthly_net_cents"].to_list() == [133142]
    assert t["scheme_use"]["scheme"].to_list() == ["kwijtschelding_gemeentelijke_belastingen"]
    districts = dict(zip(t["households"]["address_id"], t["households"]["district"]))
    assert districts["0637010000000001"] == "Oosterheem" and districts["0637010000000002"] == "Palenstein"
    assert districts["0637010000000003"] is None
    assert report.exit_code == 2


def known(report, column):
    persons = tables(report)["persons"].filter(~pl.col("person_id").str.contains("@"))
    names = {pid(w): w for w in BSN}
    return {names[p]: v for p, v in zip(persons["person_id"], persons[column])}


def test_income_and_benefits_known_only_where_a_file_covers_the_person(tmp_path, rulebook):
    report = run(tmp_path, rulebook=rulebook)
    income = known(report, "income_known")
    assert {w for w, v in income.items() if v} == {"jan", "anna", "piet", "yusuf"}  # Kees: ambiguous row; Fatima: rejected benefit row
    assert not any(known(report, "benefits_known").values())  # Fatima's only municipal benefit has a rejected row beside it
    clean = tmp_path / "clean.csv"
    clean.write_text("bsn;soort;ingangsdatum;einddatum;netto_per_maand\n999991061;bijstand;01-01-2024;;1.331,42\n"
                     "999991085;aow;2025-01-15;;1486,46\n", encoding="utf-8")
    plain = known(run(tmp_path, name="plain", files=(clean,), rulebook=rulebook), "benefits_known")
    assert {w for w, v in plain.items() if v} == {"fatima"}  # AOW comes from the SVB: unknown without the declaration
    complete = known(run(tmp_path, name="complete", files=(clean,), benefits_complete=True, rulebook=rulebook), "benefits_known")
    assert all(complete.values())


# -- all or nothing ----------------------------------------------------------------------------------

def leftovers(parent):
    return [p.name for p in parent.iterdir() if p.name.startswith(".")]


def test_crash_midway_leaves_no_register(tmp_path, monkeypatch, rulebook):
    calls = []
    original = RegisterWriter.add_part

    def crash(self, municipality, part):
        calls.append(municipality)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        return original(self, municipality, part)

    monkeypatch.setattr(RegisterWriter, "add_part", crash)
    with pytest.raises(RuntimeError):
        run(tmp_path, rulebook=rulebook, part_households=1)
    assert len(calls) == 2 and not (tmp_path / "reg").exists() and not leftovers(tmp_path)

    def full(self, municipality, part):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(RegisterWriter, "add_part", full)
    report = run(tmp_path, rulebook=rulebook)
    assert report.register is None and "write_failed" in {p.code for p in report.problems}
    assert not (tmp_path / "reg").exists() and not leftovers(tmp_path)


def test_parts_hold_whole_households(tmp_path, rulebook):
    report = run(tmp_path, rulebook=rulebook, part_households=2)
    register = open_register(tmp_path / "reg")
    assert [p.households for p in register.parts] == [2, 2, 1]
    hids = [set(register.read(p, ("persons",))["persons"]["household_id"]) for p in register.parts]
    assert sum(len(h) for h in hids) == 5 and not (hids[0] & hids[1])
    assert register.manifest["import"]["counts"]["households"] == 5 and report.exit_code == 2


@pytest.mark.parametrize("content, code", [
    ("{not json", "not_json"), ("", "no_persons"), ('{"type": "x"}', "no_persons"),
])
def test_unusable_brp_file_gives_one_problem_and_writes_nothing(tmp_path, content, code):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    report = run(tmp_path, brp=(path,), files=())
    assert [p.code for p in report.problems] == [code] and report.register is None
    assert not (tmp_path / "reg").exists()


def test_unusable_csv_or_missing_file_writes_nothing(tmp_path, rulebook):
    report = run(tmp_path, files=(tmp_path / "missing.csv",), rulebook=rulebook)
    assert [p.code for p in report.problems] == ["file_unreadable"] and report.register is None
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name;amount\nx;1\n", encoding="utf-8")
    report = run(tmp_path, files=(wrong,), rulebook=rulebook)
    assert [(p.code, p.params["columns"]) for p in report.problems] == [("missing_columns", "bsn, kind, since")]
    assert not (tmp_path / "reg").exists()


def test_existing_destination_needs_overwrite(tmp_path, rulebook):
    (tmp_path / "reg").mkdir()
    report = run(tmp_path, files=(), rulebook=rulebook)
    assert [p.code for p in report.problems] == ["dest_exists"]
    shutil.rmtree(tmp_path / "reg")
    assert run(tmp_path, files=(), rulebook=rulebook).register is not None
    assert run(tmp_path, files=(), rulebook=rulebook, overwrite=True).register is not None


def test_municipality_filter(tmp_path, rulebook):
    assert run(tmp_path, files=(), municipality="zoetermeer", rulebook=rulebook).register.municipalities == ["GM0637"]
    report = run(tmp_path, name="gr", files=(), municipality="groningen", rulebook=rulebook)
    assert report.register is None and {p.code for p in report.problems} >= {"municipality_other", "nothing_accepted"}
    assert [p.code for p in run(tmp_path, name="x", files=(), municipality="atlantis", rulebook=rulebook).problems] == ["unknown_municipality"]


# -- report and engine ----------------------------------------------------------------------------------

def test_report_as_json_and_text(tmp_path, rulebook):
    report = run(tmp_path, rulebook=rulebook)
    data = json.loads(report.to_json(max_problems=3))
    assert data["written"] and data["problems_total"] == len(report.problems) and len(data["problems"]) == 3
    assert data["errors_total"] == 14 and data["counts"]["register"]["households"] == 5
    assert {"file", "where", "field", "reason", "reason_nl", "level"} <= set(data["problems"][0])
    nl, en = report.to_text("nl"), report.to_text("en")
    assert "5 huishoudens" in nl and "klopt niet volgens de elfproef" in nl
    assert "5 households" in en and "fails the elfproef" in en
    assert not any(b in report.to_json() + nl + en for b in BSN.values())


def test_register_evaluates_with_the_engine(tmp_path, rulebook):
    report = run(tmp_path, rulebook=rulebook)
    part = tables(report)
    households, people = to_frames(part, DAY)
    result = evaluate_frames(rulebook, rulebook.municipality("GM0637"), households, people, DAY)
    heads = part["persons"].filter(pl.col("role") == "applicant")
    who = {h: {pid(w): w for w in BSN}[p] for h, p in zip(heads["household_id"], heads["person_id"])}
    status = {who[h]: s for h, s in zip(result["household_id"], result["zoetermeerpas__status"])}
    # the couple with two children earns 1,800.00 a month, under 120 % of the couple norm
    assert status["jan"] == "eligible"
    assert status["kees"] == "undetermined" and status["fatima"] == "undetermined"  # income unknown
    kindpakket = dict(zip((who[h] for h in result["household_id"]), result["kindpakket_kindpas__status"]))
    assert kindpakket["jan"] == "eligible" and kindpakket["piet"] == "not_eligible"


def test_couple_above_the_limit_is_not_eligible(tmp_path, rulebook):
    rich = tmp_path / "inkomens.csv"
    rich.write_text("bsn,source,monthly_net\n999991012,wages,\"3.000,00\"\n999991024,wages,0\n", encoding="utf-8")
    report = run(tmp_path, files=(None, rich), rulebook=rulebook)
    households, people = to_frames(tables(report), DAY)
    result = evaluate_frames(rulebook, rulebook.municipality("GM0637"), households, people, DAY)
    jan = tables(report)["persons"].filter(pl.col("person_id") == pid("jan"))["household_id"][0]
    assert result.filter(pl.col("household_id") == jan)["zoetermeerpas__status"][0] == "not_eligible"


def test_table_checks():
    good = {"households": pl.DataFrame({"household_id": ["h"], "municipality": ["GM0637"]}),
            "persons": pl.DataFrame({"person_id": ["a", "b"], "household_id": ["h", "h"], "role": ["applicant", "applicant"],
                                     "income_known": [True, True], "benefits_known": [False, False],
                                     "birth_date": [date(1990, 1, 1), date(2030, 1, 1)]})}
    found = " ".join(p.params["what"] for p in table_problems(good, DAY))
    assert "exactly one applicant" in found and "birth date is after" in found
