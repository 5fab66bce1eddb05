"""Health endpoints: live always answers; ready checks database, migrations, cache and rulebook, and says which
check failed (503) instead of a server error."""

import pytest


def test_live_answers_without_login(client, db):
    response = client.get("/health/live")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_ready_checks_every_part(client, db):
    response = client.get("/health/ready")
    body = response.json()
    assert response.status_code == 200, body
    assert set(body["checks"]) == {"database", "migrations", "cache", "rulebook"}
    assert all(value.startswith("ok") for value in body["checks"].values())


def test_ready_names_the_part_that_fails(client, db, monkeypatch):
    from meedoen.web import health

    def broken():
        raise ConnectionError("the cache server is gone")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["checks"]["cache"] == "failed: ConnectionError"
    assert body["checks"]["database"] == "ok"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get(client, db, method):
    assert getattr(client, method)("/health/ready").status_code == 405
