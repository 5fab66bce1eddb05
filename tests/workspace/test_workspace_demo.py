"""load_demo: municipalities, demo users with their roles, example households with a first check."""

from io import StringIO
from pathlib import Path

import pytest

from meedoen.workspace.demo import DEMO_USERS
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from meedoen.municipalities.models import Municipality, Organisation
from meedoen.workspace.models import CheckRecord, ClientHousehold
from meedoen.workspace.roles import has_role

pytestmark = pytest.mark.django_db

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "households").glob("*.json"))


@pytest.fixture(autouse=True)
def demo_mode(monkeypatch):
    monkeypatch.setenv("MEEDOEN_DEMO", "1")


def counts():
    return {
        "municipalities": Municipality.objects.count(), "organisations": Organisation.objects.count(),
        "users": get_user_model().objects.count(), "groups": Group.objects.count(),
        "memberships": get_user_model().groups.through.objects.count(),
        "households": ClientHousehold.objects.count(), "checks": CheckRecord.objects.count(),
    }


def demo_logins():
    """The casework demo's own logins (workspace 'professional' and 'coordinator' are among the four)."""
    from meedoen.casework.demo import FAMILY_LOGINS, GRONINGEN, ZOETERMEER

    staff = {username for _, _, teams in ZOETERMEER + GRONINGEN for _, people in teams for username, *_ in people}
    return (staff - {"professional", "coordinator"}) | set(FAMILY_LOGINS.values())


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("load_demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_load_demo_is_idempotent(client):
    assert EXAMPLES, "the example households are part of the repository"
    out, _ = run()
    first = counts()
    assert first["households"] == first["checks"] == len(EXAMPLES)
    # the four role users, plus the casework demo's professionals and family logins
    assert first["users"] == len(DEMO_USERS) + len(demo_logins()) and first["municipalities"] >= 2
    for line in ("professional / professional", "coordinator / coordinator", "beleid / beleid", "beheer / beheer"):
        assert line in out
    out2, _ = run()
    assert counts() == first
    assert f"0 loaded with a first check, {len(EXAMPLES)} already there" in out2


def test_demo_users_have_their_roles_and_can_log_in(client):
    run()
    User = get_user_model()
    assert has_role(User.objects.get(username="professional"), "professional")
    assert has_role(User.objects.get(username="coordinator"), "coordinator")
    assert has_role(User.objects.get(username="beleid"), "policy")
    assert has_role(User.objects.get(username="beheer"), "functional_admin")
    assert client.post("/werkplek/inloggen/", {"username": "beheer", "password": "beheer"}).status_code == 302
    assert client.get("/werkplek/regelboek/zoetermeer/").status_code == 200
    client.logout()
    assert client.post("/werkplek/inloggen/", {"username": "professional", "password": "professional"}).status_code == 302
    assert "eenoudergezin-115-procent" in client.get("/werkplek/").content.decode()


def test_demo_seed_household_has_its_first_check():
    run()
    household = ClientHousehold.objects.get(reference="eenoudergezin-115-procent")
    record = household.checks.get()
    assert str(record.evaluated_on) == "2026-03-01"
    assert {s["id"]: s["status"] for s in record.result["schemes"]}["zoetermeerpas"] == "eligible"


def test_missing_examples_folder_is_not_fatal(tmp_path):
    out, err = run("--examples", str(tmp_path / "absent"))
    assert "No example households found" in err
    assert counts()["households"] == 0 and counts()["users"] == len(DEMO_USERS) + len(demo_logins())


def test_invalid_example_is_skipped(tmp_path):
    (tmp_path / "kapot.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "ongeldig.json").write_text('{"municipality": "zoetermeer", "members": []}', encoding="utf-8")
    (tmp_path / "goed.json").write_text(EXAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    out, err = run("--examples", str(tmp_path))
    assert "kapot.json" in err and "ongeldig.json" in err
    assert list(ClientHousehold.objects.values_list("reference", flat=True)) == ["goed"]


def test_refuses_outside_demo_mode(monkeypatch, settings):
    monkeypatch.delenv("MEEDOEN_DEMO")
    settings.DEBUG = False
    with pytest.raises(CommandError):
        run()
    assert counts()["users"] == 0
