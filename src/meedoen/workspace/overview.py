"""What the rulebook page shows for one municipality, as plain data (no Django)."""

from types import SimpleNamespace

from meedoen.rules.explain import CATEGORY, format_date, pct, statement
from meedoen.rules.model import INCOME_CONDITION_KINDS
from meedoen.rules.money import format_eur
from meedoen.rules.testing import run_tests

_TESTS = {}


def test_results(rulebook, municipality_id):
    """run_tests for one municipality, once per rulebook hash (a loaded rulebook never changes)."""
    key = (rulebook.hash, municipality_id)
    if key not in _TESTS:
        _TESTS.clear()  # only the current rulebook is kept
        _TESTS[key] = run_tests(rulebook, municipality_id)
    return _TESTS[key]


def _pair(nl, en):
    return {"nl": nl, "en": en}


def _period(start, end):
    return _pair(f"{format_date(start, 'nl')} tot en met {format_date(end, 'nl')}",
                 f"{format_date(start, 'en')} to {format_date(end, 'en')}")


def _benefit(benefit, municipality):
    if benefit.amount_cents is not None:
        amount = _pair(format_eur(benefit.amount_cents, "nl"), format_eur(benefit.amount_cents, "en"))
    elif benefit.amount_cents_by_household:
        items = benefit.amount_cents_by_household.items()
        amount = _pair(", ".join(f"{CATEGORY[c][0]} {format_eur(v, 'nl')}" for c, v in items),
                       ", ".join(f"{CATEGORY[c][1]} {format_eur(v, 'en')}" for c, v in items))
    else:
        note = benefit.amount_note or _pair("Het bedrag staat niet in de bronnen.", "The amount is not set in the sources.")
        amount = note
    return {"description": benefit.description, "amount": amount, "unit": benefit.unit, "per_child": benefit.per_child,
            "source": benefit.source, "unverified": benefit.reliability == "U"}


def scheme_rows(rulebook, muni):
    ctx = SimpleNamespace(municipality=muni)
    rows = []
    for scheme in muni.schemes:
        if scheme.provider == "municipality":
            provider = _pair(f"gemeente {muni.name}", f"municipality of {muni.name}")
        else:
            org = muni.organisations.get(scheme.provider)
            name = org.name if org else scheme.provider
            provider = _pair(name, name)
        versions = []
        for v in scheme.versions:
            conditions = [{"id": c.id, "kind": c.kind, "text": statement(c, ctx), "source": c.source,
                           "unverified": c.reliability == "U"} for c in v.conditions]
            limits = [{"kind": c.kind, "percent": _pair(pct(c.percent, "nl"), pct(c.percent, "en")),
                       "text": statement(c, ctx), "source": c.source, "unverified": c.reliability == "U"}
                      for c in v.conditions if c.kind in INCOME_CONDITION_KINDS]
            versions.append({
                "valid_from": v.valid_from.isoformat(), "valid_to": v.valid_to.isoformat(),
                "period": _period(v.valid_from, v.valid_to),
                "conditions": conditions, "income_limits": limits, "benefit": _benefit(v.benefit, muni),
                "sources": list(v.sources), "individual_assessment": v.individual_assessment, "note": v.note,
            })
        rows.append({"id": scheme.id, "name": scheme.name, "summary": scheme.summary, "provider": provider,
                     "file": scheme.file, "versions": versions})
    return rows


def _value_text(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return "" if value is None else str(value)


def unverified_values(rulebook, muni):
    """Every value tagged U that this municipality's results can use: national norms and parameters,
    the municipality's settings, and its schemes' conditions and amounts."""
    items = []
    for period in rulebook.norm_periods:
        for key, variants in period.norms.items():
            for variant, s in variants.items():
                if s.unverified:
                    items.append({"name": s.name, "where": "rulebook/national/bijstandsnormen.yaml",
                                  "period": _period(period.valid_from, period.valid_to),
                                  "value": _pair(format_eur(s.value, "nl"), format_eur(s.value, "en")) if isinstance(s.value, int) else None,
                                  "source": s.source, "note": s.note})
    for period in rulebook.parameter_periods:
        for name, s in period.values.items():
            if s.unverified:
                items.append({"name": name, "where": "rulebook/national/parameters.yaml",
                              "period": _period(period.valid_from, period.valid_to),
                              "value": _pair(_value_text(s.value), _value_text(s.value)), "source": s.source, "note": s.note})
    for settings in muni.settings:
        for s in (settings.base, settings.counted_income):
            if s.unverified:
                items.append({"name": s.name, "where": f"rulebook/municipalities/{muni.id}/municipality.yaml",
                              "period": _period(settings.valid_from, settings.valid_to), "value": None,
                              "source": s.source, "note": s.note})
    for scheme in muni.schemes:
        for v in scheme.versions:
            for c in v.conditions:
                if c.reliability == "U":
                    items.append({"name": f"{scheme.id}: {c.id}", "where": scheme.file,
                                  "period": _period(v.valid_from, v.valid_to), "value": None,
                                  "source": c.source, "note": c.note})
            if v.benefit.reliability == "U":
                items.append({"name": f"{scheme.id}: benefit amount", "where": scheme.file,
                              "period": _period(v.valid_from, v.valid_to), "value": None,
                              "source": v.benefit.source, "note": ""})
    return items


def settings_rows(muni):
    return [{"period": _period(s.valid_from, s.valid_to), "holiday_allowance": s.holiday_allowance,
             "kostendelersnorm": s.kostendelersnorm, "rounding": s.rounding,
             "counted_income_sources": list(s.counted_income_sources), "source": s.base.source,
             "unverified": s.base.unverified or s.counted_income.unverified} for s in muni.settings]


def overview(rulebook, muni):
    results = test_results(rulebook, muni.id)
    tests = [{"name": r.test.name, "where": r.where, "date": r.test.date.isoformat(), "passed": r.passed,
              "failures": list(r.failures)} for r in results]
    failed = sum(1 for r in tests if not r["passed"])
    return {
        "rulebook": {"version": rulebook.version, "hash": rulebook.hash, "title": rulebook.title},
        "municipality": {"id": muni.id, "name": muni.name, "cbs_code": muni.cbs_code},
        "schemes": scheme_rows(rulebook, muni),
        "settings": settings_rows(muni),
        "tests": tests, "tests_failed": failed, "tests_passed": len(tests) - failed,
        "unverified": unverified_values(rulebook, muni),
    }
