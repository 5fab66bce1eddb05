"""Property: for any synthetic population, date and rulebook, the batch gives each household the
status and amount per scheme that /check/ gives it (and neither fails)."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meedoen.population.generator import generate_households


@given(seed=st.integers(0, 2**31), day=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
       lives_in=st.sampled_from(["zoetermeer", "groningen"]), rulebook=st.sampled_from(["zoetermeer", "GM0014"]))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_batch_agrees_with_single_checks(api_with_token, seed, day, lives_in, rulebook):
    households = generate_households(12, seed=seed, municipality=lives_in, day=day)
    body = {"households": households, "date": day.isoformat(), "municipality": rulebook}
    response = api_with_token.post("/api/v1/check/batch/", body, format="json")
    assert response.status_code == 200, response.content
    batch = response.json()
    assert batch["invalid"] == [] and batch["evaluated"] == len(households)
    for result in batch["results"]:
        assert result["id"] == households[result["index"]]["id"]
        single = api_with_token.post("/api/v1/check/", {"household": households[result["index"]], "date": day.isoformat(),
                                                        "municipality": rulebook}, format="json")
        assert single.status_code == 200, single.content
        outcomes = {s["id"]: {"status": s["status"], "amount_cents": s["amount_cents"]} for s in single.json()["schemes"]}
        assert outcomes == result["schemes"]
