"""Every reach page checks the role: anonymous users go to the login page, users without the role get 403
(or 404 where a page would say what exists); applications pages are for professionals too."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db
FOR_PROFESSIONALS = {"reach:applications_new", "reach:applications_mine", "reach:applications_detail",
                     "reach:applications_decide", "reach:applications_objection", "reach:applications_objection_decide"}


def reach_routes():
    found = []

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace == "reach":
                found.append(f"reach:{p.name}")
    walk(get_resolver().url_patterns, "")
    return found


def url(name):
    from django.urls import get_resolver as resolver

    for kwargs in ({}, {"pk": 1}, {"pk": 1, "objection_pk": 1}):
        try:
            return reverse(name, kwargs=kwargs)
        except Exception:
            continue
    raise AssertionError(f"cannot build a URL for {name}")


def user(username, role=None):
    u = get_user_model().objects.create_user(username, password="x")
    if role:
        u.groups.add(Group.objects.get_or_create(name=role)[0])
    return u


def test_there_are_reach_routes():
    assert len(reach_routes()) >= 20


@pytest.mark.parametrize("name", reach_routes())
def test_anonymous_and_roleless_users_are_refused(client, name):
    path = url(name)
    response = client.get(path)
    assert response.status_code == 302 and "/werkplek/inloggen/" in response["Location"], (name, response.status_code)
    client.force_login(user("nobody"))
    assert client.get(path).status_code in (403, 404, 405), name
    client.force_login(user("prof", "professional"))
    status = client.get(path).status_code
    if name in FOR_PROFESSIONALS:
        assert status in (200, 404, 405), (name, status)
    else:
        assert status in (403, 404, 405), (name, status)
