import pytest

from meedoen.rules import load_rulebook


@pytest.fixture(scope="session")
def rulebook():
    return load_rulebook()


CASEWORK_DAY = "2026-03-01"  # the pinned date of the test command; demo families are built relative to it


@pytest.fixture
def casework_demo(db, monkeypatch, settings):
    """The demo casework (three seed-scenario families, organisations, teams, professionals, family logins),
    built on the pinned date. Returns {'staff': {username: Professional}, 'families': {reference: Family}}.

    Logins: every professional's password is their username (professional, coordinator, schuldhulp, ggz,
    jgz, school, jeugdzorg, maatje, woning, mjd); families: gezin-bakker, gezin-yilmaz, gezin-devries.
    """
    from datetime import date

    from meedoen.casework.demo import load_casework_demo
    from meedoen.municipalities.rulebook import sync_municipalities
    from meedoen.workspace.demo import ensure_users

    monkeypatch.setenv("MEEDOEN_CHECK_DATE", CASEWORK_DAY)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sync_municipalities()
    ensure_users()
    return load_casework_demo(today=date.fromisoformat(CASEWORK_DAY))
