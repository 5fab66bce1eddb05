"""A check has a time budget (settings.CHECK_BUDGET_SECONDS): past it the engine stops before the next scheme and
the resident check and the API say "try again" (503), never a 500 and never a half answer."""

import html
import json
import time
from datetime import date
from pathlib import Path

import pytest

from meedoen.rules import load_rulebook
from meedoen.rules.errors import BudgetExceeded
from meedoen.rules.evaluate import evaluate

from test_provisional_notice import START, hidden

HOUSEHOLD = json.loads((Path(__file__).resolve().parents[2] / "examples" / "households"
                        / "eenoudergezin-115-procent.json").read_text(encoding="utf-8"))
DAY = date(2026, 6, 1)


def test_the_engine_stops_past_its_deadline_and_a_later_one_changes_nothing():
    rulebook = load_rulebook()
    with pytest.raises(BudgetExceeded, match="time budget"):
        evaluate(rulebook, HOUSEHOLD, DAY, deadline=time.monotonic() - 1)
    assert evaluate(rulebook, HOUSEHOLD, DAY, deadline=time.monotonic() + 60) == evaluate(rulebook, HOUSEHOLD, DAY)


@pytest.mark.django_db
def test_the_api_answers_503_as_a_problem_when_the_budget_is_spent(client, municipalities, settings):
    body = {"household": HOUSEHOLD, "date": DAY.isoformat()}
    ok = client.post("/api/v1/check/", body, content_type="application/json")
    assert ok.status_code == 200
    settings.CHECK_BUDGET_SECONDS = -1
    slow = client.post("/api/v1/check/", body, content_type="application/json")
    assert slow.status_code == 503 and slow["Content-Type"].startswith("application/problem+json")
    assert "took too long" in slow.json()["detail"] and "schemes" not in slow.json()


@pytest.mark.django_db
@pytest.mark.parametrize("lang, words", [("nl", "duurde te lang"), ("en", "took too long")])
def test_the_resident_check_says_try_again(client, municipalities, settings, lang, words):
    questions = client.post("/", {**START, "lang": lang})
    assert questions.status_code == 200
    settings.CHECK_BUDGET_SECONDS = -1
    for response in (client.post("/", {**START, "lang": lang}),  # the first questions need a check too
                     client.post("/check/", {"household": hidden(questions, "household", "/check/"),
                                             "asked": hidden(questions, "asked", "/check/"), "skipped": "",
                                             "action": "result", "lang": lang})):
        assert response.status_code == 503
        assert words in html.unescape(response.content.decode())
