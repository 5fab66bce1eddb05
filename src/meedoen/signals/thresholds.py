"""Signal thresholds per DDAS partner type and the matching period, as rulebook data (pure Python, no Django).

Read from ``partner_types`` and ``matching_period_days`` in ``national/vroegsignalering.yaml``, overlaid per key by
the municipality's own ``vroegsignalering.yaml``. None means "not set in the sources": unknown, not zero.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from meedoen.signals.deadlines import rulebook_root

FIELDS = ("min_days", "max_days", "min_amount_cents")


class ThresholdError(ValueError):
    """Bad threshold data: the message names the file and the key."""


@dataclass(frozen=True)
class PartnerType:
    """One DDAS EnumSignaalpartner value with its thresholds and their source."""

    code: str
    label: str
    description: str
    min_days: int | None
    max_days: int | None
    min_amount_cents: int | None
    source: str
    note: str


@dataclass(frozen=True)
class SignalThresholds:
    municipality: str
    matching_period_days: int | None
    matching_period_note: str
    partner_types: dict

    def of(self, code):
        """The PartnerType of a DDAS code; ThresholdError names the unknown code."""
        try:
            return self.partner_types[code]
        except KeyError:
            raise ThresholdError(f"unknown partner type {code!r}; known are {', '.join(self.partner_types)}") from None


def _read(path, required):
    if not path.is_file():
        if required:
            raise ThresholdError(f"{path}: file not found")
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ThresholdError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise ThresholdError(f"{path}: must be a mapping")
    return data


def _count(value, where):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ThresholdError(f"{where}: a whole number of 0 or more, or null when not set in the sources; not {value!r}")
    return value


def _partner(path, code, raw, base=None):
    where = f"{path}: partner_types.{code}"
    if not isinstance(raw, dict):
        raise ThresholdError(f"{where}: must be a mapping")
    merged = {**(base or {}), **raw}
    if not isinstance(merged.get("source"), str) or not merged["source"].strip():
        raise ThresholdError(f"{where}.source: say where the threshold comes from (law, article, URL)")
    values = {field: _count(merged.get(field), f"{where}.{field}") for field in FIELDS}
    if values["min_days"] is not None and values["max_days"] is not None and values["min_days"] > values["max_days"]:
        raise ThresholdError(f"{where}.max_days: lower than min_days")
    return merged, PartnerType(code=code, label=str(merged.get("label") or code),
                               description=str(merged.get("description") or ""), source=merged["source"].strip(),
                               note=str(merged.get("note") or ""), **values)


@lru_cache(maxsize=None)
def _thresholds(root, slug):
    root = Path(root)
    national_path = root / "national" / "vroegsignalering.yaml"
    national = _read(national_path, required=True)
    raw_types = national.get("partner_types")
    if not isinstance(raw_types, dict) or not raw_types:
        raise ThresholdError(f"{national_path}: partner_types: missing")
    merged = {code: _partner(national_path, code, raw)[0] for code, raw in raw_types.items()}
    types = {code: _partner(national_path, code, raw)[1] for code, raw in raw_types.items()}
    period = national.get("matching_period_days") or {}
    period_path = national_path
    local_path = root / "municipalities" / slug / "vroegsignalering.yaml"
    local = _read(local_path, required=False)
    local_types = local.get("partner_types") or {}
    if not isinstance(local_types, dict):
        raise ThresholdError(f"{local_path}: partner_types: must be a mapping")
    for code, raw in local_types.items():
        if code not in types:
            raise ThresholdError(f"{local_path}: partner_types.{code}: unknown; known are {', '.join(types)}")
        types[code] = _partner(local_path, code, raw, merged[code])[1]
    if "matching_period_days" in local:
        period, period_path = local["matching_period_days"] or {}, local_path
    if not isinstance(period, dict):
        raise ThresholdError(f"{period_path}: matching_period_days: must be a mapping with value and note")
    days = _count(period.get("value"), f"{period_path}: matching_period_days.value")
    return SignalThresholds(slug, days, str(period.get("note") or ""), types)


def thresholds(slug, root=None):
    """The signal thresholds of municipality ``slug`` (the national ones where it sets none)."""
    return _thresholds(str(root or rulebook_root()), slug)


def partner_type_choices(slug="zoetermeer", root=None):
    """(code, label) pairs of the DDAS partner types, in the order of the code list."""
    return [(t.code, t.label) for t in thresholds(slug, root).partner_types.values()]


def out_of_range(partner_type, days_late, amount_cents):
    """True if a signal falls outside the partner type's thresholds (DDAS 'unjustified signal'); None if unknown.

    ``days_late`` or ``amount_cents`` None means unknown; a threshold None means not set in the sources.
    """
    checks = []
    if partner_type.min_days is not None:
        checks.append(None if days_late is None else days_late < partner_type.min_days)
    if partner_type.max_days is not None:
        checks.append(None if days_late is None else days_late > partner_type.max_days)
    if partner_type.min_amount_cents is not None:
        checks.append(None if amount_cents is None else amount_cents < partner_type.min_amount_cents)
    if any(check is True for check in checks):
        return True
    if any(check is None for check in checks):
        return None
    return False
