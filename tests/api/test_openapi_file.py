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


def test_the_schema_says_what_the_server_enforces():
    """A client that follows the schema is not refused for page=0, page_size=0 or an empty reason."""
    import yaml

    schema = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))
    pages = [(path, p) for path, item in schema["paths"].items() for op in item.values() if isinstance(op, dict)
             for p in op.get("parameters", []) if p.get("name") in ("page", "page_size")]
    assert pages and all(p["schema"].get("minimum") == 1 for _, p in pages), pages
    assert all(p["schema"].get("maximum") == 200 for _, p in pages if p["name"] == "page_size")
    reason = schema["components"]["schemas"]["ReasonRequest"]["properties"]["reason"]
    assert reason["minLength"] == 1 and reason["pattern"] == r"\S"
