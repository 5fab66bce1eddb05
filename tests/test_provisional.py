"""Past the last period of the national norms and parameters: the last known values, marked provisional.

A municipality's own settings and schemes are not carried forward: a scheme that ends by its own data stays ended.
"""

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from meedoen.rules import default_rulebook_path, evaluate, load_rulebook
from meedoen.rules.bulk import evaluate_frames, frames_from_households
from meedoen.rules.errors import HouseholdError

EXAMPLES = sorted(Path(__file__).resolve().parents[1].glob("examples/households/*.json"))
LAST, AFTER = date(2026, 12, 31), date(2027, 1, 15)


@pytest.fixture(scope="module")
def packaged():
    return load_rulebook()


@pytest.fixture(scope="module")
def continuing(tmp_path_factory):
    """The packaged rulebook as a municipality whose ordinances continue would have it: settings and schemes run to
    the end of 2027, while the national norms (and here also the parameters) still end on 2026-12-31."""
    path = tmp_path_factory.mktemp("continuing") / "rulebook"
    shutil.copytree(default_rulebook_path(), path)
    for f in (path / "municipalities").rglob("*.yaml"):
        if not f.name.endswith(".tests.yaml") and f.parent.name != "tests":
            f.write_text(f.read_text(encoding="utf-8").replace("valid_to: 2026-12-31", "valid_to: 2027-12-31"),
                         encoding="utf-8")
    params = path / "national" / "parameters.yaml"
    params.write_text(params.read_text(encoding="utf-8").replace("valid_to: 2027-12-31", "valid_to: 2026-12-31"),
                      encoding="utf-8")
    rulebook = load_rulebook(path)
    assert rulebook.norm_periods[-1].valid_to == LAST and rulebook.parameter_periods[-1].valid_to == LAST
    assert rulebook.municipalities["zoetermeer"].settings[-1].valid_to == date(2027, 12, 31)
    return rulebook


def households():
    out = []
    for f in EXAMPLES:
        data = json.loads(f.read_text(encoding="utf-8"))
        births = [m.get("birth_date") for m in data["members"] if m.get("birth_date")]
        # no birthday between the two dates, so the same household on both dates
        if all(not ("01-01" <= b[5:] <= "01-15") for b in births):
            out.append(pytest.param(data, id=f.stem))
    return out


@pytest.mark.parametrize("household", households())
def test_after_the_last_period_the_answers_equal_the_last_day_and_are_provisional(continuing, household):
    before = evaluate(continuing, household, LAST)
    after = evaluate(continuing, household, AFTER)
    assert before["provisional"] is None and before["receipt"]["provisional"] is False
    assert after["provisional"] is not None and after["receipt"]["provisional"] is True
    assert [(s["id"], s["status"], s["amount_cents"]) for s in after["schemes"]] == \
        [(s["id"], s["status"], s["amount_cents"]) for s in before["schemes"]]
    assert len(after["schemes"]) > 5
    assert after["social_minimum"]["cents"] == before["social_minimum"]["cents"]
    carried = {(c["file"], c["parameter"], c["valid_to"]) for c in after["receipt"]["carried_forward"]}
    assert ("national/parameters.yaml", "aow_age_years", "2026-12-31") in carried
    assert ("national/parameters.yaml", "kostendeler_base_percent", "2026-12-31") in carried
    norm_keys = set(continuing.norm_periods[-1].norms)
    assert {("national/bijstandsnormen.yaml", k, "2026-12-31") for k in norm_keys} <= carried
    assert after["provisional"]["carried_forward"] == after["receipt"]["carried_forward"]
    assert "voorlopig" in after["provisional"]["text"]["nl"] and "31 december 2026" in after["provisional"]["text"]["nl"]
    assert "provisional" in after["provisional"]["text"]["en"]
    assert after["ended_schemes"] == []


@pytest.mark.parametrize("household", households())
def test_bulk_agrees_after_the_last_period(continuing, household):
    single = evaluate(continuing, household, AFTER)
    frame, members, problems = frames_from_households([household], AFTER)
    assert not problems
    muni = continuing.municipality(household["municipality"])
    bulk = evaluate_frames(continuing, muni, frame, members, AFTER).row(0, named=True)
    assert single["schemes"]
    for s in single["schemes"]:
        assert bulk[f"{s['id']}__status"] == s["status"], s["id"]
        assert bulk[f"{s['id']}__amount_cents"] == s["amount_cents"], s["id"]


def test_a_scheme_that_ends_by_its_own_data_stays_ended(packaged):
    """The packaged municipal schemes end on 2026-12-31: on 2027-01-15 they are not carried forward (only the
    national norms are); the national scheme that runs on still answers, and the result says which ended."""
    household = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    zoetermeer = packaged.municipalities["zoetermeer"]
    before = evaluate(packaged, household, LAST)
    after = evaluate(packaged, household, AFTER)  # no error
    assert {s["id"] for s in before["schemes"]} > {s["id"] for s in after["schemes"]}
    still = {s.id for s in zoetermeer.schemes if s.versions[-1].valid_to >= AFTER}
    assert {s["id"] for s in after["schemes"]} == still and still  # the national scheme runs to 2027-12-31
    ended = {e["id"]: e["valid_to"] for e in after["ended_schemes"]}
    assert ended and set(ended) == {s.id for s in zoetermeer.schemes} - still
    assert set(ended.values()) == {"2026-12-31"}
    assert after["provisional"] is not None  # the norms are carried forward (parameters run to 2027 here)
    assert {c["file"] for c in after["provisional"]["carried_forward"]} == {"national/bijstandsnormen.yaml"}
    assert after["social_minimum"]["cents"] is None and "31 december 2026" in after["social_minimum"]["gap"]["nl"]
    frame, members, _ = frames_from_households([household], AFTER)
    bulk = evaluate_frames(packaged, zoetermeer, frame, members, AFTER).row(0, named=True)
    for s in after["schemes"]:
        assert bulk[f"{s['id']}__status"] == s["status"]
    assert not any(f"{e}__status" in bulk for e in ended)


def test_before_the_first_period_is_still_an_error(packaged):
    household = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    with pytest.raises(HouseholdError, match="outside every validity period"):
        evaluate(packaged, household, date(2023, 12, 31))


def test_more_than_a_year_past_the_last_period_is_an_error(packaged):
    """Carried forward for at most CARRY_FORWARD_DAYS: two missed re-indexations later the values are too old."""
    household = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    assert evaluate(packaged, household, date(2027, 12, 31))["provisional"] is not None
    with pytest.raises(HouseholdError, match="carried forward for at most 366 days"):
        evaluate(packaged, household, date(2028, 1, 2))
