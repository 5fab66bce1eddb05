import json
import shutil

from datetime import date

from meedoen.rules import default_rulebook_path, load_rulebook
from meedoen.rules.diff import diff_rulebooks


def household(hid, wages, municipality="zoetermeer"):
    return {"id": hid, "municipality": municipality,
            "members": [{"role": "applicant", "birth_date": "1980-01-01", "monthly_net_income_cents": {"wages": wages}}]}


def test_diff_finds_households_between_old_and_new_limit(tmp_path):
    new_path = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_path(), new_path)
    scheme = new_path / "municipalities/zoetermeer/schemes/zoetermeerpas.yaml"
    scheme.write_text(scheme.read_text().replace("percent: 120", "percent: 130"))
    population = tmp_path / "population.jsonl"
    rows = [household("at-120", 159772), household("just-over-120", 159773), household("at-130", 173086),
            household("over-130", 173087), household("groningen", 165000, "groningen")]
    population.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n")
    old, new = load_rulebook(), load_rulebook(new_path)
    assert old.hash != new.hash
    report = diff_rulebooks(old, new, population, date(2026, 3, 1))
    changes = [c for c in report["changes"] if c["scheme"] == "zoetermeerpas"]
    assert changes == [{"municipality": "zoetermeer", "scheme": "zoetermeerpas", "from": "not_eligible",
                        "to": "eligible", "count": 2, "examples": ["just-over-120", "at-130"]}]
    assert [c for c in report["changes"] if c["scheme"] != "zoetermeerpas"] == []
    assert report["households"] == 5
    assert any(":6" in note for note in report["notes"])  # the bad line is reported, the good ones kept


def test_diff_of_identical_rulebooks_is_empty(tmp_path):
    population = tmp_path / "p.jsonl"
    population.write_text(json.dumps(household("a", 100000)) + "\n")
    rb = load_rulebook()
    assert diff_rulebooks(rb, rb, population, date(2026, 3, 1))["changes"] == []
