"""Check records are append-only in the database too: an UPDATE is refused by a trigger.

(Deleting is prevented in the application and by PROTECT on the foreign keys; TRUNCATE, used by
test tooling, is not affected.)
"""

from django.db import migrations

TABLE = "workspace_checkrecord"

POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION workspace_checkrecord_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'check records are append-only';
    END;
    $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER workspace_checkrecord_no_update BEFORE UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION workspace_checkrecord_append_only()""",
]
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS workspace_checkrecord_no_update ON {TABLE}",
    "DROP FUNCTION IF EXISTS workspace_checkrecord_append_only()",
]
SQLITE_UP = [
    f"""CREATE TRIGGER IF NOT EXISTS workspace_checkrecord_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'check records are append-only'); END""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS workspace_checkrecord_no_update"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("workspace", "0002_roles")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
