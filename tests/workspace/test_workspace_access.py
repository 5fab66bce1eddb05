"""Login, roles and who may see which page."""

from contextlib import nullcontext

import pytest
from django.contrib.auth.models import AnonymousUser

from meedoen.workspace.roles import ROLES, has_role

pytestmark = pytest.mark.django_db

LOGIN = "/werkplek/inloggen/"


def urls(household_pk):
    return {
        "home": ("get", "/werkplek/"),
        "new": ("get", "/werkplek/huishoudens/nieuw/"),
        "detail": ("get", f"/werkplek/huishoudens/{household_pk}/"),
        "run_check": ("post", f"/werkplek/huishoudens/{household_pk}/controleer/"),
        "rulebook": ("get", "/werkplek/regelboek/"),
        "rulebook_detail": ("get", "/werkplek/regelboek/zoetermeer/"),
        "rulebook_sync": ("post", "/werkplek/regelboek/bijwerken/"),
    }


# page -> expected status per role: professional, coordinator, policy, functional_admin, no role
MATRIX = {
    "home": (200, 200, 200, 200, 200),
    "new": (200, 200, 403, 403, 403),
    "detail": (200, 200, 403, 403, 403),
    "run_check": (302, 302, 403, 403, 403),
    "rulebook": (403, 403, 200, 200, 403),
    "rulebook_detail": (403, 403, 200, 200, 403),
    "rulebook_sync": (403, 403, 403, 302, 403),
}
ROLE_ORDER = ["professional", "coordinator", "policy", "functional_admin", "none"]
CASES = [(page, role, statuses[i]) for page, statuses in MATRIX.items() for i, role in enumerate(ROLE_ORDER)]


def test_the_four_roles_exist_as_groups():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


@pytest.mark.parametrize("page", list(MATRIX))
def test_login_required_everywhere(client, seed_household, page):
    method, url = urls(seed_household.pk)[page]
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN + "?next=")


@pytest.mark.parametrize("page,role,status", CASES, ids=[f"{p}-{r}" for p, r, _ in CASES])
def test_role_matrix(client_as, seed_household, page, role, status, django_assert_max_num_queries):
    method, url = urls(seed_household.pk)[page]
    client = client_as(role)
    # refusing costs no more than finding the session, the user and the roles; pages stay small
    # (updating municipalities from the rulebook, an action, writes every organisation: not bounded here)
    bound = nullcontext() if page == "rulebook_sync" and status != 403 else \
        django_assert_max_num_queries(3 if status == 403 else 8)
    with bound:
        response = getattr(client, method)(url)
    assert response.status_code == status
    if status == 403:
        assert "Geen toegang" in response.content.decode()


def test_professional_does_not_see_another_professionals_household(client, make_user, seed_household):
    client.force_login(make_user("other-professional", "professional"))
    assert client.get(f"/werkplek/huishoudens/{seed_household.pk}/").status_code == 404
    assert client.post(f"/werkplek/huishoudens/{seed_household.pk}/controleer/").status_code == 404
    assert "Z-2026-0001" not in client.get("/werkplek/").content.decode()


def test_home_lists_households_for_casework_only(client_as, seed_household):
    assert "Z-2026-0001" in client_as("professional").get("/werkplek/").content.decode()
    assert "Z-2026-0001" in client_as("coordinator").get("/werkplek/").content.decode()
    policy_home = client_as("policy").get("/werkplek/").content.decode()
    assert "Z-2026-0001" not in policy_home and "/werkplek/regelboek/zoetermeer/" in policy_home
    assert "geen rol" in client_as("none").get("/werkplek/").content.decode()


def test_wrong_method_is_refused(client_as, seed_household):
    client = client_as("professional")
    assert client.get(f"/werkplek/huishoudens/{seed_household.pk}/controleer/").status_code == 405


def test_has_role(users, make_user):
    assert has_role(users["professional"], "professional")
    assert has_role(users["coordinator"], "professional", "coordinator")
    assert not has_role(users["policy"], "professional", "coordinator")
    assert not has_role(users["none"], *ROLES)
    assert not has_role(AnonymousUser(), *ROLES)
    admin = make_user("root")
    admin.is_superuser = True
    assert has_role(admin, "functional_admin")


def test_login_page_and_login(client, users):
    page = client.get(LOGIN)
    assert page.status_code == 200
    assert '<label for="id_username">Gebruikersnaam</label>' in page.content.decode()
    wrong = client.post(LOGIN, {"username": "user-professional", "password": "nope"})
    assert wrong.status_code == 200
    assert "error-summary" in wrong.content.decode()
    assert "klopt niet" in wrong.content.decode()
    right = client.post(LOGIN, {"username": "user-professional", "password": "secret-pass-123"})
    assert right.status_code == 302 and right["Location"] == "/werkplek/"
    assert client.get(LOGIN).status_code == 302  # already logged in


def test_login_page_in_english(client):
    page = client.get(LOGIN + "?lang=en").content.decode()
    assert '<label for="id_password">Password</label>' in page
    wrong = client.post(LOGIN, {"username": "nobody", "password": "nope", "lang": "en"}).content.decode()
    assert "The username or password is not right." in wrong


def test_english_chosen_on_the_login_page_stays(client, users):
    client.get(LOGIN + "?lang=en")
    client.post(LOGIN, {"username": "user-professional", "password": "secret-pass-123"})
    page = client.get("/werkplek/").content.decode()
    assert '<html lang="en">' in page and "Households" in page


def test_logout_is_a_post(client_as):
    client = client_as("professional")
    assert client.post("/werkplek/uitloggen/").status_code == 302
    assert client.get("/werkplek/").status_code == 302


@pytest.mark.parametrize("role,max_queries", [
    ("professional", 4), ("coordinator", 4), ("policy", 4), ("functional_admin", 4), ("none", 3),
])
def test_home_query_count(client_as, seed_household, django_assert_max_num_queries, role, max_queries):
    client = client_as(role)
    with django_assert_max_num_queries(max_queries):
        assert client.get("/werkplek/").status_code == 200


def test_home_query_count_does_not_grow_with_households(client_as, seed_household, django_assert_max_num_queries):
    from meedoen.workspace.models import CheckRecord, ClientHousehold

    for n in range(15):
        household = ClientHousehold.objects.create(
            municipality=seed_household.municipality, reference=f"Z-{n}", household=seed_household.household,
            created_by=seed_household.created_by)
        CheckRecord(household=household, evaluated_on="2026-03-01", result={"schemes": []}, rulebook_version="x",
                    rulebook_hash="y", engine_version="z", created_by=seed_household.created_by).save()
    client = client_as("coordinator")
    with django_assert_max_num_queries(4):
        response = client.get("/werkplek/")
    assert response.content.decode().count("/werkplek/huishoudens/") >= 16
