import pytest


@pytest.fixture
def municipalities(db):
    from meedoen.municipalities.rulebook import sync_municipalities

    return sync_municipalities()
