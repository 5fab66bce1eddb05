"""axe-core on every page of the resident check: no violation of impact serious or critical."""

import pytest

BLOCKING = ("serious", "critical")
SEED = "zoetermeer-single-parent-115pct"


def describe(violations):
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v.get('helpUrl', '')}]")
        for node in v["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page, what):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    assert not blocking, f"axe on the {what} page ({page.url}):\n{describe(blocking)}"
    return violations


def to_start(resident, seed):
    resident.open()


def to_start_with_errors(resident, seed):
    resident.open()
    resident.page.fill("#applicant_birth_date", "31-02-1990")
    resident.page.fill("#child_1", "1-1-2099")
    resident.press("Volgende")
    assert resident.page.locator(".error-summary").is_visible()


def to_questions(resident, seed):
    resident.open()
    resident.fill_start(**seed["household"])
    resident.press("Volgende")
    assert resident.on_questions_page()


def to_questions_with_errors(resident, seed):
    to_questions(resident, seed)
    resident.page.locator('input[name="f:members[0].monthly_net_income_cents:wages"]').fill("veel")
    resident.press("Volgende")
    assert resident.page.locator(".error-summary").is_visible()


def to_result(resident, seed):
    resident.complete(seed["household"], seed["answers"])
    resident.page.locator("details").evaluate_all("all => all.forEach(d => { d.open = true; })")  # check "Waarom?" too


def to_result_in_english(resident, seed):
    to_result(resident, seed)
    resident.switch_language("English")
    resident.page.locator("details").evaluate_all("all => all.forEach(d => { d.open = true; })")


def to_compare(resident, seed):
    resident.complete(seed["household"], seed["answers"])
    resident.page.select_option("#target", "groningen")
    resident.press("Vergelijk")


def to_print(resident, seed):
    resident.complete(seed["household"], seed["answers"])
    resident.press("Printversie om mee te nemen")


PAGES = {
    "start": to_start,
    "start-with-errors": to_start_with_errors,
    "questions": to_questions,
    "questions-with-errors": to_questions_with_errors,
    "result": to_result,
    "result-in-english": to_result_in_english,
    "moving-comparison": to_compare,
    "print": to_print,
}


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(resident, seeds, name):
    PAGES[name](resident, seeds[SEED])
    violations = assert_accessible(resident.page, name)
    minor = [f"{v['id']} ({v['impact']})" for v in violations]
    if minor:
        print(f"axe, {name}: moderate/minor: {', '.join(minor)}")


@pytest.mark.parametrize("name", ["start", "questions", "result"])
def test_no_serious_accessibility_violations_on_a_phone(resident_with, seeds, name):
    resident = resident_with(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    PAGES[name](resident, seeds[SEED])
    assert_accessible(resident.page, f"{name} (phone)")


def test_axe_finds_a_known_violation(page):
    """The check above is only worth something if axe runs: an unlabelled field must be reported as critical."""
    from axe_playwright_python.sync_playwright import Axe

    page.set_content('<!DOCTYPE html><html lang="nl"><title>t</title><main><h1>t</h1><input type="text"></main></html>')
    violations = Axe().run(page).response["violations"]
    assert any(v["id"] == "label" and v["impact"] == "critical" for v in violations), violations
