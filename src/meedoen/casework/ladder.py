"""The municipality's casework settings (escalation ladder), read from its rulebook folder."""

from functools import lru_cache
from pathlib import Path

import yaml

from meedoen.municipalities.rulebook import current_rulebook


@lru_cache(maxsize=None)
def settings_of(slug):
    """The casework.yaml of municipality ``slug``: {'escalation': [...], 'stall': {...}}; empty if it has none."""
    path = Path(current_rulebook().path) / "municipalities" / slug / "casework.yaml"
    if not path.is_file():
        return {"escalation": [], "stall": {"overdue_days": None}}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    data.setdefault("escalation", [])
    data.setdefault("stall", {"overdue_days": None})
    return data


def escalation_ladder(slug):
    """The levels above the coordinator, lowest first."""
    return sorted(settings_of(slug)["escalation"], key=lambda level: level["level"])
