"""Fixtures of the debt-help tests: the casework demo on the pinned day and a family the municipal debt-help team
helps (involved, with consent for money), built through the casework services."""

from datetime import date, timedelta

import pytest

from meedoen.casework import vocabulary as cv

from dh_support import DAY


@pytest.fixture
def staff(casework_demo):
    return casework_demo["staff"]


@pytest.fixture
def shv(staff):
    """Marleen Bos of the municipal debt-help team."""
    return staff["schuldhulp"]


@pytest.fixture
def debt_family(casework_demo, shv, staff):
    """'Z-DH-0001', made by the debt-help worker on DAY - 400: Ines (35) and her daughter Roos (21), consent for money
    for the debt-help organisation only. The Kwadraad coach is involved too, without that consent."""
    from meedoen.casework.access import family_access
    from meedoen.casework.services import consent, families
    from meedoen.municipalities.models import Municipality

    start = DAY - timedelta(days=400)
    family = families.create_family(shv.user, shv.teams.first(), municipality=Municipality.objects.get(slug="zoetermeer"),
                                    reference="Z-DH-0001", name="Gezin Schuld", since=start, help_kind="schuldhulp", members=[
        dict(first_name="Ines", last_name="Schuld", role=cv.PARENT, start=start, birth_date=date(1990, 5, 1)),
        dict(first_name="Roos", last_name="Schuld", role=cv.OTHER, start=start, birth_date=date(2004, 6, 1)),
    ])
    ines = family.memberships.get(person__first_name="Ines").person
    consent.give(shv.user, family, organisation_id=shv.organisation_id, category=cv.FINANCES, purpose=cv.HELP, given_by=ines)
    coach = staff["professional"]
    families.register_involvement(coach.user, family, coach.teams.first(), since=start, help_kind="gezinscoaching", professional=coach)
    return family_access(shv.user, family.pk)


@pytest.fixture
def open_case(debt_family, shv):
    from meedoen.debthelp import services

    def make(registered_on=DAY - timedelta(days=300), **kwargs):
        kwargs.setdefault("origin", "self")
        return services.open_case(shv.user, debt_family, registered_on=registered_on, **kwargs)
    return make
