"""A resident does the public check in a real browser and sees what the household can get."""

import re

import pytest

SEED_IDS = [
    "zoetermeer-single-parent-115pct",
    "zoetermeer-mother-of-three-on-bijstand",
    "groningen-selwerd-single-parent-118pct",
]
SECTION = {"eligible": "h-eligible", "undetermined": "h-maybe", "not_eligible": "h-not"}
MUNICIPALITY_NAME = {"zoetermeer": "Zoetermeer", "groningen": "Groningen"}


def assert_outcomes(resident, expect):
    statuses = resident.statuses()
    wrong = {s: (statuses.get(s), want) for s, want in expect.items() if statuses.get(s) != want}
    assert not wrong, f"scheme: (shown, expected): {wrong}\nall shown: {statuses}\nasked: {resident.asked}"
    # Each scheme is shown under the heading of its group.
    for scheme, status in expect.items():
        section = resident.page.locator(f'section[aria-labelledby="{SECTION[status]}"] #scheme-{scheme}')
        assert section.count() == 1, f"{scheme} is not under the {status} heading"


@pytest.mark.parametrize("seed", SEED_IDS)
def test_resident_sees_the_expected_outcomes(resident, seeds, seed):
    case = seeds[seed]
    resident.complete(case["household"], case["answers"])
    name = MUNICIPALITY_NAME[case["household"]["municipality"]]
    assert resident.heading() == f"Uw uitslag: {name}, 1 maart 2026"
    assert resident.page.locator("html").get_attribute("lang") == "nl"
    assert_outcomes(resident, case["expect"])
    eligible = resident.page.locator("#h-eligible").inner_text()
    assert re.fullmatch(r"Dit kunt u krijgen \(\d+\)", eligible), eligible


def test_household_with_income_above_the_limits(resident, seeds):
    """The same single parent one cent over 120% gets neither the pass nor the 110-120% insurance."""
    case = seeds["zoetermeer-single-parent-115pct"]
    answers = {**case["answers"], "members[0].monthly_net_income_cents": {"wages": "1.597,73"}}
    resident.complete(case["household"], answers)
    assert_outcomes(resident, {
        "zoetermeerpas": "not_eligible",
        "collectieve_zorgverzekering_110_tot_120": "not_eligible",
        "kwijtschelding_gemeentelijke_belastingen": "undetermined",  # payment capacity (Invorderingswet 1990 art. 26): rent, premiums and the assessment are not given
    })


def test_dont_know_answers_give_a_result_that_says_what_is_missing(resident, seeds):
    """Only 'Weet ik niet' and "Toon de uitslag": the income schemes stay undetermined and name what is needed."""
    resident.open()
    resident.fill_start(**seeds["zoetermeer-single-parent-115pct"]["household"])
    resident.press("Volgende")
    assert resident.heading() == "Nog een paar vragen"
    resident.press("Toon de uitslag")
    assert resident.on_result_page()
    assert resident.statuses()["zoetermeerpas"] == "undetermined"
    needs = resident.page.locator("#scheme-zoetermeerpas .needs").inner_text()
    assert needs.startswith("Om dit zeker te weten, hebben we nog nodig:"), needs


def test_step_one_shows_errors_next_to_the_fields(resident):
    resident.open()
    resident.page.fill("#applicant_birth_date", "31-02-1990")
    resident.page.fill("#child_1", "01-01-2099")
    resident.press("Volgende")
    page = resident.page
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#applicant_birth_date-error").inner_text().startswith("Vul een datum in")
    assert page.locator("#child_1-error").inner_text() == "Deze datum ligt in de toekomst."
    assert page.locator("#applicant_birth_date").input_value() == "31-02-1990"  # what was typed stays
    # Each link in the summary leads to its field.
    for link in page.locator(".error-summary a").all():
        target = link.get_attribute("href")
        assert page.locator(target).count() == 1, f"error summary link {target} has no target"


# --- language ---------------------------------------------------------------------------------------------------
def test_english_switch_shows_english_and_keeps_the_answers(resident, seeds):
    case = seeds["zoetermeer-mother-of-three-on-bijstand"]
    page = resident.page
    statuses = resident.complete(case["household"], case["answers"])

    # On the result page: the same outcome, in English.
    resident.switch_language("English")
    assert resident.heading() == "Your result: Zoetermeer, 1 March 2026"
    assert page.locator("html").get_attribute("lang") == "en"
    assert resident.statuses() == statuses
    assert page.locator("#scheme-kwijtschelding_gemeentelijke_belastingen .status").inner_text() == "You qualify"
    assert page.locator("#h-eligible").inner_text().startswith("You can get this")
    assert page.get_by_role("button", name="Nederlands").is_visible()

    # More questions, in English; back to Dutch on that page keeps the questions and the answers given.
    resident.press("Answer more questions")
    assert resident.heading() == "A few more questions"
    asked = page.locator('input[name="asked"]').get_attribute("value")
    assert asked and "monthly_net_income_cents" not in asked  # the income given before is kept
    resident.switch_language("Nederlands")
    assert resident.heading() == "Nog een paar vragen"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator('input[name="asked"]').get_attribute("value") == asked
    resident.press("Toon de uitslag")
    assert resident.heading() == "Uw uitslag: Zoetermeer, 1 maart 2026"
    assert resident.statuses() == statuses
    assert_outcomes(resident, case["expect"])
    assert page.locator("#scheme-kwijtschelding_gemeentelijke_belastingen .status").inner_text() == "U komt in aanmerking"


def test_english_switch_on_the_first_questions_page(resident, seeds):
    case = seeds["zoetermeer-single-parent-115pct"]
    page = resident.page
    resident.open()
    resident.fill_start(**case["household"])
    resident.press("Volgende")
    asked = page.locator('input[name="asked"]').get_attribute("value")
    resident.switch_language("English")
    assert resident.heading() == "A few more questions"
    assert page.locator('input[name="asked"]').get_attribute("value") == asked
    assert page.get_by_role("group", name="Net income a month of yourself").is_visible()


def test_english_switch_on_the_start_page_keeps_what_was_typed(resident, seeds):
    resident.open()
    resident.fill_start(**seeds["zoetermeer-single-parent-115pct"]["household"])
    resident.switch_language("English")
    assert resident.heading() == "Meedoen: what can you get?"
    assert resident.page.locator("#applicant_birth_date").input_value() == "01-05-1990"


def test_english_switch_on_the_questions_page_keeps_what_was_typed(resident, seeds):
    resident.open()
    resident.fill_start(**seeds["zoetermeer-single-parent-115pct"]["household"])
    resident.press("Volgende")
    income = 'input[name="f:members[0].monthly_net_income_cents:wages"]'
    resident.page.fill(income, "1.531,14")
    resident.switch_language("English")
    assert resident.heading() == "A few more questions"
    assert resident.page.locator(income).input_value() == "1.531,14"


def test_english_chosen_on_the_result_page_stays_after_start_again(resident, seeds):
    case = seeds["groningen-selwerd-single-parent-118pct"]
    resident.complete(case["household"], case["answers"])
    resident.switch_language("English")
    with resident.page.expect_navigation():
        resident.page.get_by_role("link", name="Start again").click()
    assert resident.heading() == "Meedoen: what can you get?"


# --- moving, printing -------------------------------------------------------------------------------------------
def test_moving_comparison_shows_both_municipalities_side_by_side(resident, seeds):
    case = seeds["zoetermeer-single-parent-115pct"]
    statuses = resident.complete(case["household"], case["answers"])
    page = resident.page
    page.select_option("#target", label="Groningen")
    resident.press("Vergelijk")
    assert resident.heading() == "Wat verandert er als we verhuizen?"
    assert page.get_by_text("Zoetermeer → Groningen, 1 maart 2026").is_visible()
    table = page.get_by_role("table", name="Wat verandert er als we verhuizen?")
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert headers == ["Zoetermeer", "Groningen"]
    here = " ".join(table.locator("tbody td:nth-child(1)").all_inner_texts())
    there = " ".join(table.locator("tbody td:nth-child(2)").all_inner_texts())
    assert "ZoetermeerPas" in here and "Vensterpas" in there, (here, there)
    assert "U komt in aanmerking" in here and "U komt in aanmerking" in there
    # The two columns are next to each other on the screen.
    left, right = (table.locator("thead th").nth(i).bounding_box() for i in (0, 1))
    assert abs(left["y"] - right["y"]) < 2 and left["x"] + left["width"] <= right["x"] + 1

    resident.switch_language("English")
    assert resident.heading() == "What changes if we move?"
    resident.press("Back to the result")
    assert resident.heading() == "Your result: Zoetermeer, 1 March 2026"
    assert resident.statuses() == statuses


def test_print_version(resident, seeds):
    case = seeds["zoetermeer-single-parent-115pct"]
    resident.complete(case["household"], case["answers"])
    page = resident.page
    eligible = resident.scheme_names("eligible")
    not_eligible = resident.scheme_names("not_eligible")
    assert eligible and not_eligible

    # Printing the result page itself hides the header, the moving form and the buttons.
    page.emulate_media(media="print")
    assert not page.locator(".page-header").is_visible()
    assert not page.locator("#h-move").is_visible()
    assert page.locator("#scheme-zoetermeerpas").is_visible()
    page.emulate_media(media="screen")

    resident.press("Printversie om mee te nemen")
    assert resident.heading() == "Uw uitslag: Zoetermeer, 1 maart 2026"
    assert page.locator(".page-header").count() == 0
    lists = page.locator("main > ul")
    can_get, cannot_get = lists.nth(0).inner_text(), lists.nth(2).inner_text()
    for name in eligible:
        assert name in can_get, f"{name!r} missing from the print version's 'Dit kunt u krijgen'"
    for name in not_eligible:
        assert name in cannot_get, f"{name!r} missing from the print version's 'Dit kunt u nu niet krijgen'"
    assert page.get_by_text("Neem dit mee naar het loket").is_visible()
    assert "Berekend met regelboek" in page.locator(".receipt").inner_text()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_printing_the_result_page_shows_why(resident, seeds):
    case = seeds["zoetermeer-single-parent-115pct"]
    resident.complete(case["household"], case["answers"])
    resident.page.emulate_media(media="print")
    assert resident.page.locator("#scheme-zoetermeerpas .conditions").is_visible()


def test_dutch_result_has_no_english_engine_text(resident, seeds):
    case = seeds["zoetermeer-single-parent-115pct"]
    resident.complete(case["household"], case["answers"])
    reason = resident.page.locator("#scheme-voedselbank .reason").inner_text()
    assert "in the sources" not in reason and "limit for" not in reason, reason


# --- without JavaScript, on a phone -----------------------------------------------------------------------------
def test_check_works_without_javascript(resident_with, seeds):
    resident = resident_with(java_script_enabled=False)
    case = seeds["zoetermeer-mother-of-three-on-bijstand"]
    resident.complete(case["household"], case["answers"])
    assert_outcomes(resident, case["expect"])
    resident.switch_language("English")
    assert resident.heading() == "Your result: Zoetermeer, 1 March 2026"
    resident.page.select_option("#target", "groningen")
    resident.press("Compare")
    assert resident.heading() == "What changes if we move?"
    resident.press("Back to the result")
    resident.press("Printable version to take along")
    assert resident.heading() == "Your result: Zoetermeer, 1 March 2026"


PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def assert_fits_the_screen(page, width=375):
    overflow = page.evaluate(
        """w => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > w + 1 && e.getClientRects().length)
                 .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))
                 .slice(0, 10)""", width)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width and not overflow, f"page is {scroll}px wide on a {width}px screen; too wide: {overflow}"


def test_check_on_a_phone(resident_with, seeds):
    resident = resident_with(**PHONE)
    page = resident.page
    case = seeds["groningen-selwerd-single-parent-118pct"]
    resident.open()
    assert_fits_the_screen(page)
    resident.fill_start(**case["household"])
    resident.press("Volgende")
    assert_fits_the_screen(page)
    resident.answer_all(case["answers"])
    assert_fits_the_screen(page)
    assert_outcomes(resident, case["expect"])
    page.select_option("#target", "zoetermeer")
    resident.press("Vergelijk")
    assert resident.heading() == "Wat verandert er als we verhuizen?"
    headers = page.locator("table.compare thead th").all_inner_texts()
    assert [h.strip() for h in headers] == ["Groningen", "Zoetermeer"]


def test_moving_comparison_fits_a_phone_screen(resident_with, seeds):
    resident = resident_with(**PHONE)
    case = seeds["groningen-selwerd-single-parent-118pct"]
    resident.complete(case["household"], case["answers"])
    resident.page.select_option("#target", "zoetermeer")
    resident.press("Vergelijk")
    assert_fits_the_screen(resident.page)
