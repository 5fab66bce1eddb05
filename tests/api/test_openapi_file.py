"""docs/openapi.yaml is the schema the code generates (regenerate it with the command below)."""

from pathlib import Path

from django.core.management import call_command

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
REGENERATE = ("DJANGO_SETTINGS_MODULE=meedoen.web.settings MEEDOEN_DEMO=1 "
              "python -m django spectacular --file docs/openapi.yaml --validate")


def test_committed_schema_is_up_to_date(tmp_path):
    fresh = tmp_path / "openapi.yaml"
    call_command("spectacular", file=str(fresh), validate=True, fail_on_warn=True)
    assert SCHEMA_FILE.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8"), (
        f"docs/openapi.yaml is out of date; regenerate it: {REGENERATE}")
