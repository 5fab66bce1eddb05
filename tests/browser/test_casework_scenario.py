"""Scenario V3 in a real browser: the parents are no longer left out of the case conference about their family.

Source: seeds-synthesis-stedenestafette.md §5 V3 (lines 691-709: a family of seven, more than € 20,000 of debt, a
truant daughter, "all kinds of counsellors", conferences the parents were not invited to) and seeds-itj.md §5.5
CT-11 (line 872: the family is invited by default; leaving it out needs a recorded reason).

The gezinscoach of Kwadraad (login "professional", coordinator of Gezin Yilmaz) logs in, finds the family, sees who
helps it, plans a case conference (trying first to leave the family out without a reason), records the outcome with
a decision for the municipality's debt help; then the mother logs in to "Mijn gezin" and reads it all, adds a goal
in her own words and sees who looked at the file. Everything is done with the forms and read from the screen.
"""

import re

import pytest

from casework_browser import casework_site  # noqa: F401 (a fixture)
from casework_browser import family_logs_in, professional_logs_in, squash, submit

MEETING_DAY, MEETING_TIME = "2026-03-10", "14:00"  # nine days after the pinned date 2026-03-01
DUE_DAY = "2026-03-20"
PLACE = "Wijkcentrum Oosterheem"
AGENDA = "1. Hoe gaat het met Deniz op school?\n2. Aanmelding bij schuldhulp"
MINUTES = "Beide ouders waren erbij. Iedereen weet nu wie wat doet. Deniz wil naar een andere school."
DECISION = "Gezin Yilmaz aanmelden bij schuldhulp"
DEBT_HELP = "Schuldhulpverlening gemeente Zoetermeer"
FAMILY_GOAL = "Wij willen zelf weten hoeveel schuld we hebben en wie ons daarbij helpt."

# What people read and press, per language.
WORDS = {
    "nl": {
        "families_menu": "Gezinnen", "caseload": "Mijn gezinnen",
        "helpers": "Wie helpt dit gezin", "conferences": "Overleggen", "plan": "Gezinsplan",
        "schedule_open": "Overleg plannen", "schedule_title": "Overleg plannen", "schedule_button": "Overleg plannen",
        "date": "Datum", "time": "Tijd", "place": "Plaats", "agenda": "Agenda",
        "invite_family": "Het gezin uitnodigen", "family_group": "Het gezin", "why_not": "Waarom is het gezin er niet bij?",
        "error_intro": "Er gaat iets mis. Kijk bij de velden met een rode rand.",
        "error_not_invited": "Het gezin wordt uitgenodigd, tenzij u vastlegt waarom niet.",
        "scheduled": "Het overleg is gepland.",
        "meeting_heading": f"10-03-2026 {MEETING_TIME}, {PLACE} (gepland)", "family_invited": "het gezin uitgenodigd", "family_not_invited": "niet uitgenodigd",
        "outcome_open": "Verslag en besluiten vastleggen", "minutes": "Verslag", "decision_1": "Besluit 1",
        "decision_text": "Wat is besloten?", "decision_org": "Organisatie die het doet", "due": "Klaar op",
        "save_outcome": "Verslag opslaan",
        "outcome_saved": "Het verslag is opgeslagen; de besluiten staan als afspraken in het plan.",
        "actions_caption": "Afspraken", "from_conference": "besluit uit een overleg", "due_shown": "20-03-2026",
        # the family portal
        "home": "Ons plan", "portal_meetings": "Overleggen", "portal_log": "Wie keek in ons dossier",
        "portal_helpers": "Wie helpt ons", "meetings_title": "Overleggen over ons gezin",
        "meeting_title": "Overleg op 10 maart 2026", "you_are_invited": "U bent uitgenodigd.",
        "agenda_heading": "Waar het over gaat (agenda)", "minutes_heading": "Wat er besproken is", "decisions_heading": "Besluiten",
        "other_actions": "Andere afspraken", "who_does_it": "Wie doet het", "due_portal": "20 maart 2026",
        "goal_field": "Ons doel", "save_goal": "Doel opslaan", "goal_saved": "Uw doel staat in het plan.",
        "written_by_family": "Geschreven door uw gezin", "log_caption": "Wie keek in ons dossier",
        "who": "Wie", "organisation": "Organisatie",
    },
    "en": {
        "families_menu": "Families", "caseload": "My families",
        "helpers": "Who helps this family", "conferences": "Case conferences", "plan": "Family plan",
        "schedule_open": "Schedule a case conference", "schedule_title": "Schedule a case conference",
        "schedule_button": "Schedule the conference",
        "date": "Date", "time": "Time", "place": "Place", "agenda": "Agenda",
        "invite_family": "Invite the family", "family_group": "The family", "why_not": "Why is the family not there?",
        "error_intro": "Something is wrong. Look at the fields with a red border.",
        "error_not_invited": "The family is invited unless you record why not.",
        "scheduled": "The case conference is scheduled.",
        "meeting_heading": f"10-03-2026 {MEETING_TIME}, {PLACE} (planned)", "family_invited": "the family invited", "family_not_invited": "not invited",
        "outcome_open": "Record minutes and decisions", "minutes": "Minutes", "decision_1": "Decision 1",
        "decision_text": "What was decided?", "decision_org": "Organisation that does it", "due": "Due date",
        "save_outcome": "Save the minutes",
        "outcome_saved": "The minutes are saved; the decisions are actions in the plan.",
        "actions_caption": "Actions", "from_conference": "decision of a case conference", "due_shown": "20-03-2026",
        "home": "Our plan", "portal_meetings": "Meetings", "portal_log": "Who looked at our file",
        "portal_helpers": "Who helps us", "meetings_title": "Meetings about our family",
        "meeting_title": "Meeting on 10 March 2026", "you_are_invited": "You are invited.",
        "agenda_heading": "What it is about (agenda)", "minutes_heading": "What was discussed", "decisions_heading": "Decisions",
        "other_actions": "Other actions", "who_does_it": "Who does it", "due_portal": "20 March 2026",
        "goal_field": "Our goal", "save_goal": "Save goal", "goal_saved": "Your goal is in the plan.",
        "written_by_family": "Written by your family", "log_caption": "Who looked at our file",
        "who": "Who", "organisation": "Organisation",
    },
}


def conferences_of(family):
    from meedoen.casework.models import CaseConference

    return CaseConference.objects.filter(family=family).count()


def main_text(page):
    return squash(page.get_by_role("main").inner_text())


def professional_plans_the_conference(page, base_url, family, w, lang):
    # --- log in with the form, open "Gezinnen", then the family ---------------------------------------------
    professional_logs_in(page, base_url, "professional", lang)
    page.get_by_role("navigation").get_by_role("link", name=w["families_menu"], exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == w["caseload"]
    families = page.get_by_role("table", name=re.compile(w["families_menu"]))
    submit(page, families.get_by_role("link", name="Gezin Yilmaz", exact=True))
    assert squash(page.get_by_role("heading", level=1).inner_text()) == "Gezin Yilmaz (Z-CW-0002)"

    # --- who helps the family: both organisations, each with a contact ---------------------------------------
    helpers = page.get_by_role("region", name=w["helpers"], exact=True)
    rows = {name: squash(helpers.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile(name))).inner_text())
            for name in ("Kwadraad maatschappelijk werk", "Bureau Jeugdzorg Haaglanden")}
    assert "Fatima el Amrani" in rows["Kwadraad maatschappelijk werk"], rows
    assert "professional@example.org" in rows["Kwadraad maatschappelijk werk"], rows
    assert "Sander Mulder" in rows["Bureau Jeugdzorg Haaglanden"], rows
    assert "079 000 00 00" in rows["Bureau Jeugdzorg Haaglanden"] and "jeugdzorg@example.org" in rows["Bureau Jeugdzorg Haaglanden"], rows
    assert "Deniz Yilmaz" in rows["Bureau Jeugdzorg Haaglanden"], rows  # jeugdhulp for the daughter

    # --- plan a case conference on the family page -------------------------------------------------------------
    meetings = page.get_by_role("region", name=w["conferences"], exact=True)
    meetings.locator("summary", has_text=w["schedule_open"]).click()
    form = meetings.locator("form").filter(has=page.get_by_role("button", name=w["schedule_button"], exact=True))
    form.get_by_label(w["date"], exact=True).fill(MEETING_DAY)
    form.get_by_label(w["time"], exact=True).fill(MEETING_TIME)
    form.get_by_label(w["place"], exact=True).fill(PLACE)
    form.get_by_label(w["agenda"], exact=True).fill(AGENDA)
    form.get_by_role("checkbox", name=re.compile("Sander Mulder")).check()
    form.get_by_role("checkbox", name=re.compile("Fatima el Amrani")).check()
    family_group = form.get_by_role("group", name=w["family_group"], exact=True)
    invite = family_group.get_by_role("checkbox", name=w["invite_family"], exact=True)
    # The family is invited by default, and so are both parents; the children are not ticked.
    assert invite.is_checked()
    assert family_group.get_by_role("checkbox", name=re.compile(r"^Mehmet Yilmaz")).is_checked()
    assert family_group.get_by_role("checkbox", name=re.compile(r"^Ayşe Yilmaz")).is_checked()
    assert not family_group.get_by_role("checkbox", name=re.compile(r"^Deniz Yilmaz")).is_checked()

    # Leaving the family out without writing down why: refused, with the reason next to the field.
    before = conferences_of(family)
    invite.uncheck()
    with page.expect_navigation() as sent:
        form.get_by_role("button", name=w["schedule_button"], exact=True).click()
    assert sent.value.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == w["schedule_title"]
    summary = page.get_by_role("alert")
    assert w["error_intro"] in squash(summary.inner_text())
    link = summary.get_by_role("link", name=re.compile(re.escape(w["error_not_invited"])))
    assert link.is_visible()
    reason = page.get_by_label(w["why_not"], exact=True)
    assert link.get_attribute("href") == "#" + reason.get_attribute("id")  # the summary leads to the field
    assert reason.get_attribute("aria-describedby") and "error" in reason.get_attribute("aria-describedby")
    assert w["error_not_invited"] in squash(page.get_by_role("group", name=w["family_group"], exact=True).inner_text())
    assert conferences_of(family) == before, "a conference was planned without the family and without a reason"
    # What was typed stays.
    assert page.get_by_label(w["place"], exact=True).input_value() == PLACE
    assert page.get_by_label(w["agenda"], exact=True).input_value() == AGENDA

    # Invite the family after all: planned.
    page.get_by_role("checkbox", name=w["invite_family"], exact=True).check()
    assert page.get_by_role("checkbox", name=re.compile(r"^Mehmet Yilmaz")).is_checked()
    submit(page, page.get_by_role("button", name=w["schedule_button"], exact=True))
    assert page.get_by_role("status").filter(has_text=w["scheduled"]).is_visible()
    assert conferences_of(family) == before + 1
    meetings = page.get_by_role("region", name=w["conferences"], exact=True)
    ours = meetings.get_by_role("article").filter(has=page.get_by_role("heading", name=w["meeting_heading"], exact=True))
    text = squash(ours.inner_text())
    assert "Mehmet Yilmaz" in text and "Ayşe Yilmaz" in text and "Sander Mulder" in text, text
    assert w["family_invited"] in text and w["family_not_invited"] not in text, text

    # --- record the outcome: a decision for the municipality's debt help, with a due date -----------------------
    ours.locator("summary", has_text=w["outcome_open"]).click()
    ours.get_by_label(w["minutes"], exact=True).fill(MINUTES)
    decision = ours.get_by_role("group", name=w["decision_1"], exact=True)
    decision.get_by_label(w["decision_text"], exact=True).fill(DECISION)
    decision.get_by_label(w["decision_org"], exact=True).select_option(label=DEBT_HELP)
    decision.get_by_label(w["due"], exact=True).fill(DUE_DAY)
    submit(page, ours.get_by_role("button", name=w["save_outcome"], exact=True))
    assert page.get_by_role("status").filter(has_text=w["outcome_saved"]).is_visible()

    # The decision is an action of the family plan, for the debt help, due on the 20th.
    plan = page.get_by_role("region", name=w["plan"], exact=True)
    action = plan.get_by_role("table", name=w["actions_caption"], exact=True).get_by_role("row").filter(has_text=DECISION)
    assert action.count() == 1
    row = squash(action.inner_text())
    assert DEBT_HELP in row and w["due_shown"] in row and w["from_conference"] in row, row
    # And the held conference shows its minutes and decision.
    held = page.get_by_role("region", name=w["conferences"], exact=True).get_by_role("article").filter(has_text=PLACE)
    assert MINUTES in squash(held.inner_text()) and DECISION in squash(held.inner_text())


def family_reads_it(page, base_url, w, lang):
    family_logs_in(page, base_url, "gezin-yilmaz", lang)
    assert page.get_by_role("heading", level=1).inner_text() == w["home"]
    assert page.locator("html").get_attribute("lang") == lang
    menu = page.get_by_role("navigation", name=re.compile("Mijn gezin|My family"))

    # The decision is an action in their plan: who does it and when.
    plan_text = main_text(page)
    assert w["other_actions"] in plan_text
    actions = page.get_by_role("listitem").filter(has_text=DECISION)
    assert actions.count() == 1
    item = squash(actions.inner_text())
    assert DEBT_HELP in item and w["due_portal"] in item and w["who_does_it"] in item, item

    # The meeting: invited, with its agenda, minutes and decision.
    submit(page, menu.get_by_role("link", name=w["portal_meetings"], exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == w["meetings_title"]
    meeting = page.get_by_role("article", name=w["meeting_title"], exact=True)
    assert meeting.count() == 1
    for heading in ("agenda_heading", "minutes_heading", "decisions_heading"):
        assert meeting.get_by_role("heading", name=w[heading], exact=True).is_visible()
    text = squash(meeting.inner_text())
    assert w["you_are_invited"] in text, text
    for part in (squash(AGENDA), MINUTES, DECISION, PLACE, "Fatima el Amrani", "Sander Mulder", "Mehmet Yilmaz", "Ayşe Yilmaz"):
        assert part in text, f"{part!r} not in the meeting: {text}"

    # Who helps us: both organisations with their contact.
    submit(page, menu.get_by_role("link", name=w["portal_helpers"], exact=True))
    for organisation, contact in (("Kwadraad maatschappelijk werk", "professional@example.org"),
                                  ("Bureau Jeugdzorg Haaglanden", "jeugdzorg@example.org")):
        card = page.get_by_role("article", name=organisation, exact=True)
        assert contact in card.inner_text()

    # A goal in their own words.
    submit(page, menu.get_by_role("link", name=w["home"], exact=True))
    page.get_by_label(w["goal_field"], exact=True).fill(FAMILY_GOAL)
    submit(page, page.get_by_role("button", name=w["save_goal"], exact=True))
    assert page.get_by_role("status").filter(has_text=w["goal_saved"]).is_visible()
    goal = page.get_by_role("article", name=FAMILY_GOAL, exact=True)
    assert w["written_by_family"] in goal.inner_text()

    # Who looked at our file: the gezinscoach, with her organisation.
    submit(page, menu.get_by_role("link", name=w["portal_log"], exact=True))
    log = page.get_by_role("table", name=w["log_caption"], exact=True)
    rows = log.get_by_role("row").filter(has=page.get_by_role("cell", name="Fatima el Amrani", exact=True))
    assert rows.count() > 0, squash(log.inner_text())[:1000]
    first = rows.first.get_by_role("cell")
    cells = [squash(c) for c in first.all_inner_texts()]
    assert "Fatima el Amrani" in cells and "Kwadraad maatschappelijk werk" in cells, cells


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_parents_are_invited_and_read_the_outcome(casework_site, casework_demo, new_page, lang):
    """V3 / CT-11 in the browser, in Dutch and in English (?lang=en on the login pages, remembered after)."""
    family = casework_demo["families"]["Z-CW-0002"]
    w = WORDS[lang]
    locale = "nl-NL" if lang == "nl" else "en-GB"
    professional_plans_the_conference(new_page(locale=locale), casework_site, family, w, lang)
    family_reads_it(new_page(locale=locale), casework_site, w, lang)  # a fresh browser context: no cookies
