"""The access log cannot be changed or deleted from the application (issue 13).

tests/casework/test_audit_log.py already proves, per row, that a queryset update and delete, the model's save and
delete, and raw UPDATE/DELETE are refused by the database trigger of migration 0002 (casework_append_only). This file
adds what that test leaves out: the guard is in the catalogue as it should be (enabled, BEFORE, FOR EACH ROW, on UPDATE
and DELETE), statements over many rows and the ORM's other paths (bulk_update, update_or_create, save with
update_fields or force_update, the collector's fast delete) are refused and change nothing, appending still works, a
deleted user leaves their rows, and no page, portal page, API endpoint or admin page accepts a change to the log.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from meedoen.casework import audit
from meedoen.casework import vocabulary as v
from meedoen.casework.models import AccessLog, PlanVersion

pytestmark = pytest.mark.django_db

GUARDED = [("casework_accesslog", AccessLog, "detail"), ("casework_planversion", PlanVersion, "change")]


def refused(attempt):
    """Run ``attempt`` in a savepoint; it must be refused by the append-only trigger."""
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        attempt()


def state(model):
    return list(model.objects.order_by("pk").values())


@pytest.mark.parametrize("table", [t for t, _, _ in GUARDED])
def test_the_guard_is_in_the_database_enabled_for_every_row_on_update_and_delete(casework_demo, table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname, t.tgenabled, t.tgtype, p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid = %s::regclass AND NOT t.tgisinternal", [table])
        triggers = cursor.fetchall()
    guards = [row for row in triggers if row[3] == "casework_append_only"]
    assert len(guards) == 1, triggers
    name, enabled, kind, _ = guards[0]
    assert name == f"{table}_append_only"
    assert enabled == "O", f"{name} is not enabled (pg_trigger.tgenabled={enabled!r})"
    # tgtype bits (PostgreSQL's pg_trigger.h): 1 ROW, 2 BEFORE, 4 INSERT, 8 DELETE, 16 UPDATE
    assert kind & 1 and kind & 2, f"{name} must fire BEFORE, FOR EACH ROW (tgtype={kind})"
    assert kind & 8 and kind & 16 and not kind & 4, f"{name} must guard UPDATE and DELETE, not INSERT (tgtype={kind})"


@pytest.mark.parametrize("table,model,text_field", GUARDED)
def test_statements_over_many_rows_are_refused_and_change_nothing(casework_demo, table, model, text_field):
    assert model.objects.count() > 1
    before = state(model)
    refused(lambda: model.objects.update(**{text_field: "weg"}))
    refused(lambda: model.objects.all().delete())
    refused(lambda: model.objects.all()._raw_delete(model.objects.db))
    refused(lambda: connection.cursor().execute(f"UPDATE {table} SET {text_field} = ''"))
    refused(lambda: connection.cursor().execute(f"DELETE FROM {table}"))
    refused(lambda: connection.cursor().execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} LIMIT 2)"))
    assert state(model) == before


def test_the_orm_paths_that_write_an_existing_log_row_are_refused(casework_demo):
    rows = list(AccessLog.objects.order_by("pk")[:3])
    first = rows[0]
    before = state(AccessLog)

    def changed(**values):
        row = AccessLog.objects.get(pk=first.pk)
        for key, value in values.items():
            setattr(row, key, value)
        return row

    refused(lambda: AccessLog.objects.get(pk=first.pk).save())  # unchanged: Django still sends an UPDATE
    refused(lambda: changed(purpose="iets anders").save(update_fields=["purpose"]))
    refused(lambda: changed(actor_name="Iemand anders").save(force_update=True))
    refused(lambda: changed(at=first.at.replace(year=2020)).save())
    refused(lambda: AccessLog.objects.bulk_update([changed(detail="weg")], ["detail"]))
    refused(lambda: AccessLog.objects.update_or_create(pk=first.pk, defaults={"category": "x"}))
    for row in rows:
        refused(row.delete)
    assert state(AccessLog) == before


def test_appending_still_works_and_a_new_row_is_guarded_at_once(casework_demo):
    """The guard refuses changes, never additions: a new row is written, and cannot be changed afterwards."""
    coach = casework_demo["staff"]["professional"]
    family = casework_demo["families"]["Z-CW-0001"]
    count = AccessLog.objects.count()
    row = audit.log(coach.user, family.pk, v.READ, v.BASIC, v.HELP, detail="append-only test", path="/x/")
    audit.log_reads(coach.user, [family.pk], [v.PLAN], v.HELP, detail="append-only test")
    assert AccessLog.objects.count() == count + 2
    refused(lambda: AccessLog.objects.filter(pk=row.pk).update(detail=""))
    refused(lambda: AccessLog.objects.get(pk=row.pk).delete())
    assert AccessLog.objects.get(pk=row.pk).detail == "append-only test"


def test_deleting_a_user_leaves_their_log_rows(casework_demo):
    """The log has no foreign keys that could cascade: who acted stays in the log after the account is gone."""
    family = casework_demo["families"]["Z-CW-0001"]
    user = get_user_model().objects.create_user("tijdelijk", first_name="Tijdelijke", last_name="Gebruiker")
    row = audit.log(user, family.pk, v.READ, v.BASIC, v.HELP, detail="append-only test")
    user.delete()
    kept = AccessLog.objects.get(pk=row.pk)
    assert (kept.user_id, kept.actor_name, kept.family_id) == (row.user_id, "Tijdelijke Gebruiker", family.pk)


def test_no_page_endpoint_or_admin_page_changes_the_log(casework_demo, client):
    """The places that show the log only read it: the family portal's page and the API answer 405 to every other
    method, and the Django admin does not hold the log (nor the plan versions)."""
    from django.contrib import admin
    from django.urls import reverse
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    family = casework_demo["families"]["Z-CW-0001"]
    before = state(AccessLog)
    sanne = get_user_model().objects.get(username="gezin-bakker")
    client.force_login(sanne)
    portal = reverse("familyportal:log")
    assert client.get(portal).status_code == 200
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(portal).status_code == 405, method
    for username in ("gezin-bakker", "professional"):  # the family itself and its coordinator may read the log
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=get_user_model().objects.get(username=username))[0].key}")
        url = reverse("api:casework-access-log", kwargs={"family_id": family.pk})
        assert api.get(url).status_code == 200, username
        for method in ("post", "put", "patch", "delete"):
            assert getattr(api, method)(url, {"detail": "weg"}, format="json").status_code == 405, (username, method)
    assert AccessLog not in admin.site._registry and PlanVersion not in admin.site._registry
    after = state(AccessLog)
    assert after[:len(before)] == before  # the reads above only appended rows
    assert {row["action"] for row in after[len(before):]} == {v.READ}
