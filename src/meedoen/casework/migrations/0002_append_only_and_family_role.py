"""The database guards what must not change, and the family's role group.

* access log and plan versions: no UPDATE, no DELETE;
* consent: no DELETE; an UPDATE may only set ``withdrawn_at`` / ``withdrawn_by_name`` once.
(TRUNCATE, used by test tooling, is not affected.)
"""

from django.db import migrations

APPEND_ONLY = ["casework_accesslog", "casework_planversion"]

POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION casework_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '%% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION casework_consent_immutable() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'consents are never deleted'; END IF;
        IF OLD.withdrawn_at IS NOT NULL OR NEW.withdrawn_at IS NULL
           OR (to_jsonb(NEW) - 'withdrawn_at' - 'withdrawn_by_name') <> (to_jsonb(OLD) - 'withdrawn_at' - 'withdrawn_by_name') THEN
            RAISE EXCEPTION 'a consent is immutable: it can only be withdrawn, once';
        END IF;
        RETURN NEW;
    END; $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER casework_consent_guard BEFORE UPDATE OR DELETE ON casework_consent "
    "FOR EACH ROW EXECUTE FUNCTION casework_consent_immutable()",
] + [
    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION casework_append_only()"
    for table in APPEND_ONLY
]
POSTGRES_DOWN = [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in APPEND_ONLY] + [
    "DROP TRIGGER IF EXISTS casework_consent_guard ON casework_consent",
    "DROP FUNCTION IF EXISTS casework_consent_immutable()",
    "DROP FUNCTION IF EXISTS casework_append_only()",
]
SQLITE_UP = [
    stmt for table in APPEND_ONLY for stmt in (
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
    )
] + [
    "CREATE TRIGGER IF NOT EXISTS casework_consent_no_delete BEFORE DELETE ON casework_consent "
    "BEGIN SELECT RAISE(ABORT, 'consents are never deleted'); END",
    "CREATE TRIGGER IF NOT EXISTS casework_consent_withdraw_only BEFORE UPDATE ON casework_consent "
    "WHEN OLD.withdrawn_at IS NOT NULL OR NEW.withdrawn_at IS NULL OR NEW.family_id IS NOT OLD.family_id "
    "OR NEW.organisation_id IS NOT OLD.organisation_id OR NEW.category IS NOT OLD.category OR NEW.purpose IS NOT OLD.purpose "
    "OR NEW.given_by_id IS NOT OLD.given_by_id OR NEW.given_at IS NOT OLD.given_at "
    "BEGIN SELECT RAISE(ABORT, 'a consent is immutable: it can only be withdrawn, once'); END",
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {table}_{kind}" for table in APPEND_ONLY for kind in ("no_update", "no_delete")] + [
    "DROP TRIGGER IF EXISTS casework_consent_no_delete", "DROP TRIGGER IF EXISTS casework_consent_withdraw_only"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


def create_family_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="family")


def remove_family_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="family").delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
                             _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN})),
        migrations.RunPython(create_family_role, remove_family_role),
    ]
