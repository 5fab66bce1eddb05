import pytest

from meedoen.rules import load_rulebook


@pytest.fixture(scope="session")
def rulebook():
    return load_rulebook()
