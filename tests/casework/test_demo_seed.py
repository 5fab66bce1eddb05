"""The demo casework (casework/demo.py): the three seed families, their logins, idempotence, and the pinned day."""

from datetime import date

from django.contrib.auth import get_user_model

from meedoen.casework import access
from meedoen.casework.models import Family, FamilyAccount, Involvement

DAY = date(2026, 3, 1)


def test_logins_and_families(casework_demo):
    User = get_user_model()
    for username in casework_demo["staff"]:
        assert User.objects.get(username=username).check_password(username)
    for username, reference in (("gezin-bakker", "Z-CW-0001"), ("gezin-yilmaz", "Z-CW-0002"), ("gezin-devries", "Z-CW-0003")):
        user = User.objects.get(username=username)
        assert user.check_password(username)
        assert FamilyAccount.objects.get(user=user).family.reference == reference
        assert not access.visible_families(user).exists()


def test_loading_twice_adds_nothing(casework_demo, counts):
    from meedoen.casework.demo import load_casework_demo

    before = counts()
    again = load_casework_demo(today=DAY)
    assert counts() == before
    assert {k: f.pk for k, f in again["families"].items()} == {k: f.pk for k, f in casework_demo["families"].items()}


def test_every_involvement_of_the_demo_has_started_on_the_pinned_day(casework_demo):
    assert not Involvement.objects.filter(family__reference__startswith="Z-CW-", since__gt=DAY).exists()
    coach = casework_demo["staff"]["professional"]
    assert access.visible_families(coach.user).filter(reference="Z-CW-0001").exists()


def test_every_coordinator_sees_their_family(demo):
    from meedoen.casework.services import plans

    for family in Family.objects.filter(reference__startswith="Z-CW-"):
        current = plans.current_coordinator(family)
        if current is not None:
            assert access.visible_families(current.professional.user).filter(pk=family.pk).exists(), family.reference
