"""The money form (Geld en inkomen vastleggen): the facts the rulebook needs, entered over HTTP in euros, stored as
cents (empty = unknown, never zero), all or nothing, only with consent for money, logged; then the family page shows
the engine's answer for them."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from meedoen.casework import vocabulary as v
from meedoen.casework.models import AccessLog, Family, Person
from meedoen.casework.services import families
from meedoen.casework.services.money import INCOME_SOURCES, STATUSES
from meedoen.rules.evaluate import evaluate

DAY = date(2026, 3, 1)


def url(family, path=""):
    return f"/werkplek/gezinnen/{family.pk}/{path}"


def last_log_id():
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def rows_now():
    """Every Person and Family row as it is, to prove nothing was written."""
    return (list(Person.objects.order_by("pk").values()), list(Family.objects.order_by("pk").values()),
            AccessLog.objects.filter(action=v.WRITE).count())


def person_of(family, first_name):
    return family.memberships.get(person__first_name=first_name).person


def income_boxes(person, **euros):
    """Every income box of ``person``: 0 unless given (None: left empty, so unknown)."""
    boxes = {f"p{person.pk}_{source}": "0" for source in INCOME_SOURCES}
    boxes.update({f"p{person.pk}_{source}": "" if text is None else text for source, text in euros.items()})
    return boxes


def status_boxes(person, **answers):
    """Every status box of ``person``: 'no' unless given ('' is don't know)."""
    boxes = {f"p{person.pk}_{status}": "no" for status in STATUSES}
    boxes.update({f"p{person.pk}_{status}": answer for status, answer in answers.items()})
    return boxes


def engine_answer(rulebook, household):
    """{scheme id: (status, amount in cents, amount text)} per status, from the engine itself."""
    result = evaluate(rulebook, household, DAY, municipality=household["municipality"])
    by_status = {}
    for s in result["schemes"]:
        by_status.setdefault(s["status"], {})[s["id"]] = (s["status"], s["amount_cents"], s.get("amount_text"))
    return by_status, result


def page_answer(schemes):
    return {s["id"]: (s["status"], s["amount_cents"], s.get("amount_text")) for s in schemes}


def new_family_with_finances_consent(client, casework_demo):
    """A family made through the pages (woning's team), and the mother's consent for money given through the pages."""
    team = casework_demo["staff"]["woning"].teams.get()
    response = client.post("/werkplek/gezinnen/nieuw/", {
        "team": team.pk, "reference": "Z-GELD-1", "name": "Gezin Visser", "district": "Meerzicht", "help_kind": "huurachterstand",
        "since": "2026-02-15", "m1_first_name": "Anna", "m1_last_name": "Visser", "m1_role": v.PARENT, "m1_birth_date": "1988-04-02",
        "m1_start": "2026-02-15", "m2_first_name": "Bo", "m2_last_name": "Visser", "m2_role": v.CHILD, "m2_birth_date": "2016-06-01",
        "m2_start": "2026-02-15"})
    assert response.status_code == 302
    family = Family.objects.get(reference="Z-GELD-1")
    anna = person_of(family, "Anna")
    assert client.get(url(family, "geld/")).status_code == 403  # no consent for money yet
    response = client.post(url(family, "toestemming/"), {"organisation": team.organisation_id, "category": v.FINANCES,
                                                         "purpose": v.HELP, "given_by": anna.pk})
    assert response.status_code == 302, response.content.decode()[:500]
    return family


# --- (a) a family from the pages gets the engine's answer ------------------------------------------------------------

def test_money_entered_over_http_gives_the_engines_answer_on_the_family_page(login, casework_demo, rulebook):
    client = login("woning")
    family = new_family_with_finances_consent(client, casework_demo)
    anna, bo = person_of(family, "Anna"), person_of(family, "Bo")
    before = client.get(url(family)).context["schemes"]
    assert before["unused"] == []  # nothing is known about money yet: nothing is 'probably entitled'

    form = client.get(url(family, "geld/"))
    html = form.content.decode()
    assert form.status_code == 200 and "Geld en inkomen vastleggen" in html and "Anna Visser" in html
    assert f'name="p{anna.pk}_benefit"' in html and f'name="p{bo.pk}_school_level"' in html and 'name="assets"' in html
    response = client.post(url(family, "geld/"), {
        "assets": "500", "housing_costs": "700,00", "fixed_costs": "1.200,00",
        **income_boxes(anna, benefit="1.300,00"), **status_boxes(anna),
        **{f"p{bo.pk}_{source}": "" for source in INCOME_SOURCES}, **{f"p{bo.pk}_{status}": "" for status in STATUSES},
        f"p{bo.pk}_attends_school": "yes", f"p{bo.pk}_school_level": "primary"})
    assert response.status_code == 302 and response["Location"] == url(family) + "#schemes"

    family.refresh_from_db()
    anna.refresh_from_db()
    bo.refresh_from_db()
    assert (family.assets_cents, family.housing_costs_cents, family.fixed_costs_cents) == (50000, 70000, 120000)
    assert anna.monthly_net_income_cents == {"benefit": 130000}  # the zeros are what left-out sources mean
    assert anna.statuses == {status: False for status in STATUSES}
    assert bo.monthly_net_income_cents is None and bo.statuses == {}  # empty stays unknown
    assert bo.school == {"attends_school": True, "level": "primary"}

    # the same household, written out here from what was typed, through the engine
    expected, result = engine_answer(rulebook, anna_and_bo(no_prospect_of_work=False))
    assert expected.get("eligible"), "the test household should be probably entitled to something"
    page = client.get(url(family))
    shown = page.context["schemes"]
    assert page_answer(shown["unused"]) == expected["eligible"]
    assert page_answer(shown["undetermined"]) == expected.get("undetermined", {})
    html = page.content.decode()
    for s in result["schemes"]:
        if s["status"] == "eligible":
            assert escape(s["name"]["nl"]) in html
            if s["amount_cents"] is not None or s.get("amount_text"):
                assert escape(s["amount_text"]["nl"]) in html
    assert "€1.300,00" in html and "€500,00" in html  # the money section shows what was typed
    assert "Geld en inkomen zijn opgeslagen." in html


def test_the_form_shows_what_is_stored_and_saving_it_unchanged_changes_no_answer(login, fam):
    family = fam["yilmaz"]
    client = login("professional")  # Yilmaz's coordinator (Kwadraad), with consent for money
    page = client.get(url(family))
    schemes_before = page.context["schemes"]
    form = client.get(url(family, "geld/"))
    assert form.status_code == 200
    values = form.context["values"]
    father = person_of(family, "Mehmet")
    assert values[f"p{father.pk}_wages"] == "1650" and values[f"p{father.pk}_kinderbijslag"] == "600"
    assert values[f"p{father.pk}_benefit"] == "0"  # left out of the stored sources: zero, not unknown
    assert values["assets"] == "0" and values["housing_costs"] == ""  # known zero and unknown stay apart
    response = client.post(url(family, "geld/"), {key: value for key, value in values.items()})
    assert response.status_code == 302
    schemes_after = client.get(url(family)).context["schemes"]
    for part in ("unused", "undetermined"):
        assert page_answer(schemes_after[part]) == page_answer(schemes_before[part])
    english = client.get(url(family, "geld/") + "?lang=en").content.decode()
    assert "Record money and income" in english and "Net income a month, by kind" in english


# --- (b) an empty box stays unknown, and the page names what is still needed -----------------------------------------

def test_an_empty_box_stays_unknown_and_the_page_names_the_fact_still_needed(login, fam):
    family = fam["bakker"]
    sanne = person_of(family, "Sanne")
    client = login("professional")
    response = client.post(url(family, "geld/"), {"assets": "", "housing_costs": "720", "fixed_costs": "980",
                                                  **income_boxes(sanne, wages=None, benefit="1.250,00"), **status_boxes(sanne)})
    assert response.status_code == 302
    family.refresh_from_db()
    sanne.refresh_from_db()
    assert family.assets_cents is None  # empty is unknown, never zero
    assert sanne.monthly_net_income_cents == {"wages": None, "benefit": 125000}
    page = client.get(url(family))
    undetermined = page.context["schemes"]["undetermined"]
    wages_need = [s for s in undetermined if any(n.endswith("monthly_net_income_cents.wages") for n in s["needs"])]
    assert wages_need, [s["needs"] for s in undetermined]
    html = page.content.decode()
    assert "Netto loon per maand van de aanvrager" in html  # the fact still needed, in words
    assert "Ontbrekende gegevens invullen" in html  # and the way to fill it in
    form = client.get(url(family, "geld/")).context["values"]
    assert form[f"p{sanne.pk}_wages"] == "" and form[f"p{sanne.pk}_benefit"] == "1250" and form["assets"] == ""


# --- (c) bad input: 400 naming the field, nothing written ------------------------------------------------------------

def test_bad_amounts_and_strangers_are_a_400_naming_each_field_and_nothing_is_written(login, fam):
    family = fam["bakker"]
    sanne = person_of(family, "Sanne")
    stranger = fam["yilmaz"].memberships.first().person
    client = login("professional")
    cases = [
        ({f"p{sanne.pk}_wages": "-5"}, "Sanne Bakker, Loon: Een bedrag kan niet negatief zijn."),
        ({"assets": "veel"}, "Vermogen: &#x27;veel&#x27; is geen bedrag in euro&#x27;s."),
        ({"fixed_costs": "1234,567"}, "Vaste lasten per maand: Een bedrag heeft hoogstens 2 cijfers achter de komma"),
        ({"housing_costs": "12.345,678"}, "Woonkosten per maand: Een bedrag heeft hoogstens 2 cijfers achter de komma"),
        ({f"p{stranger.pk}_wages": "100"}, f"Gezinslid {stranger.pk}, Loon: Deze persoon hoort nu niet bij dit gezin."),
        ({f"p{sanne.pk}_receives_aow": "misschien"}, "Sanne Bakker, Krijgt AOW: Kies ja, nee of weet ik niet."),
        ({f"p{sanne.pk}_school_level": "universiteit"}, "Sanne Bakker, Soort school: Kies een soort school van de lijst."),
    ]
    for bad, named in cases:
        before = rows_now()
        response = client.post(url(family, "geld/"), {"assets": "100", **income_boxes(sanne, benefit="900"), **bad})
        html = response.content.decode()
        assert response.status_code == 400, bad
        assert named in html, bad
        assert rows_now() == before, bad
    assert stranger.full_name not in html  # the stranger's name is not shown
    # everything at once: every field named in the summary, still nothing written
    before = rows_now()
    response = client.post(url(family, "geld/"), {"assets": "veel", "fixed_costs": "1234,567", **income_boxes(sanne, wages="-5"),
                                                  f"p{stranger.pk}_wages": "100"})
    html = response.content.decode()
    assert response.status_code == 400
    for field in ("money_assets", "money_fixed_costs", f"money_p{sanne.pk}_wages", f"money_p{stranger.pk}_wages"):
        assert f'href="#{field}"' in html, field
    assert 'id="money_assets"' in html and 'aria-invalid="true"' in html and 'value="veel"' in html  # typed values kept
    assert rows_now() == before
    english = client.post(url(family, "geld/") + "?lang=en", {f"p{sanne.pk}_wages": "-5"})
    assert english.status_code == 400 and "Sanne Bakker, Wages: An amount cannot be negative." in english.content.decode()


def test_the_service_refuses_what_the_form_cannot_send(fam, casework_demo):
    from meedoen.casework.errors import CaseworkError
    from meedoen.casework.services import money

    family = fam["bakker"]
    sanne = person_of(family, "Sanne")
    user = casework_demo["staff"]["professional"].user
    before = rows_now()
    try:
        money.record(user, family, household={"assets_cents": 12.5, "fixed_costs_cents": -1, "rent": 5},
                     members={sanne.pk: {"monthly_net_income_cents": {"wages": True, "lottery": 5}, "statuses": {"receives_aow": "ja"},
                                         "school": {"level": "hbo"}}})
    except CaseworkError as exc:
        assert set(exc.problems) == {"assets_cents", "fixed_costs_cents", "rent", f"members[{sanne.pk}].monthly_net_income_cents.wages",
                                     f"members[{sanne.pk}].monthly_net_income_cents.lottery",
                                     f"members[{sanne.pk}].statuses.receives_aow", f"members[{sanne.pk}].school.level"}
        assert all(set(message) == {"nl", "en"} for message in exc.problems.values())
    else:
        raise AssertionError("bad facts were accepted")
    assert rows_now() == before


# --- (d) without consent for money ----------------------------------------------------------------------------------

def test_without_consent_for_money_the_form_is_refused_and_nothing_is_written(login, fam):
    family = fam["yilmaz"]  # Bureau Jeugdzorg sees Yilmaz's analysis, not its money
    client = login("jeugdzorg")
    father = family.memberships.filter(role=v.PARENT).first().person
    since = last_log_id()
    response = client.get(url(family, "geld/"))
    html = response.content.decode()
    assert response.status_code == 403 and "geen toestemming gegeven om geldzaken" in html
    assert "name=\"assets\"" not in html and "1650" not in html
    logged = set(AccessLog.objects.filter(pk__gt=since, family_id=family.pk).values_list("action", "category"))
    assert logged == {(v.READ, v.BASIC)}  # the refusal names the family; no read of money is claimed
    before = rows_now()
    response = client.post(url(family, "geld/"), {"assets": "1", f"p{father.pk}_wages": "1"})
    assert response.status_code == 403
    assert rows_now() == before
    assert login("jeugdzorg").get("/werkplek/gezinnen/999999/geld/").status_code == 404
    # not involved at all: the family does not exist
    assert login("woning").post(url(family, "geld/"), {"assets": "1"}).status_code == 404
    assert rows_now() == before


# --- (e) the access log ----------------------------------------------------------------------------------------------

def test_get_and_post_write_access_log_rows_for_money(login, fam):
    family = fam["bakker"]
    sanne = person_of(family, "Sanne")
    client = login("professional")
    since = last_log_id()
    client.get(url(family, "geld/"))
    reads = list(AccessLog.objects.filter(pk__gt=since, family_id=family.pk))
    assert {(r.action, r.category) for r in reads} == {(v.READ, v.BASIC), (v.READ, v.FINANCES)}
    assert all(r.path == url(family, "geld/") and r.purpose == v.HELP for r in reads)
    since = last_log_id()
    response = client.post(url(family, "geld/"), {"assets": "250", **income_boxes(sanne, benefit="1.100")})
    assert response.status_code == 302
    writes = list(AccessLog.objects.filter(pk__gt=since, family_id=family.pk, action=v.WRITE))
    assert writes and {r.category for r in writes} == {v.FINANCES}
    assert {r.person_id for r in writes} == {sanne.pk, None}  # Sanne's income, and the household's assets
    assert all("1.100" not in r.detail and "250" not in r.detail for r in writes)  # the log does not copy amounts


# --- (f) query count ------------------------------------------------------------------------------------------------

def test_the_form_queries_do_not_grow_with_the_members(login, fam, casework_demo, django_assert_max_num_queries):
    family = fam["bakker"]
    user = casework_demo["staff"]["professional"].user
    client = login("professional")
    client.get(url(family, "geld/"))  # warm-up
    with CaptureQueriesContext(connection) as first:
        assert client.get(url(family, "geld/")).status_code == 200
    for n in range(10):
        families.add_member(user, family, first_name=f"Kind{n}", last_name="Groot", role=v.CHILD, start=date(2026, 2, 1),
                            birth_date=date(2015, 1, 1 + n), monthly_net_income_cents={"wages": 100 + n},
                            statuses={"receives_aow": False}, school={"attends_school": True})
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url(family, "geld/"))
    assert "Kind9 Groot" in response.content.decode()
    assert len(first.captured_queries) <= 12


# --- (g) the household facts: years at the social minimum and the income supplement ---------------------------------

SUPPLEMENT = "individuele_inkomenstoeslag"


def anna_and_bo(no_prospect_of_work, facts=None):
    """Anna and Bo as typed in these tests, written out here (not through engine_household)."""
    household = {
        "municipality": "zoetermeer", "district": "Meerzicht", "assets_cents": 50000, "housing_costs_cents": 70000,
        "fixed_costs_cents": 120000,
        "members": [
            {"id": "anna", "role": "applicant", "birth_date": "1988-04-02",
             "monthly_net_income_cents": {source: 130000 if source == "benefit" else 0 for source in INCOME_SOURCES},
             "statuses": {status: no_prospect_of_work and status == "no_prospect_of_work" for status in STATUSES}},
            {"id": "bo", "role": "child", "birth_date": "2016-06-01", "school": {"attends_school": True, "level": "primary"}},
        ],
    }
    if facts is not None:
        household["facts"] = facts
    return household


def supplement_household(facts=None):
    """Anna (no prospect of work) and Bo, for the income supplement."""
    return anna_and_bo(no_prospect_of_work=True, facts=facts)


def post_supplement_family(client, family, years, supplement):
    anna, bo = person_of(family, "Anna"), person_of(family, "Bo")
    return client.post(url(family, "geld/"), {
        "assets": "500", "housing_costs": "700", "fixed_costs": "1.200", "years_at_social_minimum": years,
        "received_income_supplement_last_12_months": supplement,
        **income_boxes(anna, benefit="1.300,00"), **status_boxes(anna, no_prospect_of_work="yes"),
        f"p{bo.pk}_attends_school": "yes", f"p{bo.pk}_school_level": "primary"})


def shown_scheme(page, scheme_id):
    """(part of the page, the scheme as shown) for ``scheme_id``, or (None, None)."""
    for part in ("unused", "undetermined"):
        for s in page.context["schemes"][part]:
            if s["id"] == scheme_id:
                return part, s
    return None, None


def test_the_two_household_facts_entered_in_the_form_give_the_engines_income_supplement(login, casework_demo, rulebook):
    client = login("woning")
    family = new_family_with_finances_consent(client, casework_demo)
    form = client.get(url(family, "geld/")).content.decode()
    assert 'name="years_at_social_minimum"' in form and 'name="received_income_supplement_last_12_months"' in form
    assert "Aantal jaren op het sociaal minimum" in form and "langdurigheidstoeslag" in form
    response = post_supplement_family(client, family, "4", "no")
    assert response.status_code == 302, response.content.decode()[:2000]
    family.refresh_from_db()
    assert (family.years_at_social_minimum, family.received_income_supplement_last_12_months) == (4, False)

    expected, result = engine_answer(rulebook, supplement_household(
        {"years_at_social_minimum": 4, "received_income_supplement_last_12_months": False}))
    assert SUPPLEMENT in expected.get("eligible", {}), "the test household should qualify for the income supplement"
    page = client.get(url(family))
    part, shown = shown_scheme(page, SUPPLEMENT)
    assert part == "unused"
    assert (shown["status"], shown["amount_cents"], shown.get("amount_text")) == expected["eligible"][SUPPLEMENT]
    assert shown["amount_cents"] is not None
    html = page.content.decode()
    want = next(s for s in result["schemes"] if s["id"] == SUPPLEMENT)
    assert escape(want["name"]["nl"]) in html and escape(want["amount_text"]["nl"]) in html
    # the money section shows the two facts as recorded
    assert "<dt>Aantal jaren op het sociaal minimum</dt><dd>4</dd>" in html
    assert "afgelopen 12 maanden?</dt><dd>nee</dd>" in html
    # the form shows what is stored; the export of a member holds it
    values = client.get(url(family, "geld/")).context["values"]
    assert (values["years_at_social_minimum"], values["received_income_supplement_last_12_months"]) == ("4", "no")

    # received it in the past 12 months: not eligible, as the engine says
    assert post_supplement_family(client, family, "4", "yes").status_code == 302
    expected, _ = engine_answer(rulebook, supplement_household(
        {"years_at_social_minimum": 4, "received_income_supplement_last_12_months": True}))
    assert SUPPLEMENT in expected["not_eligible"]
    assert shown_scheme(client.get(url(family)), SUPPLEMENT) == (None, None)
    # 0 years is a known 0, not unknown: not eligible either
    assert post_supplement_family(client, family, "0", "no").status_code == 302
    family.refresh_from_db()
    assert family.years_at_social_minimum == 0
    assert shown_scheme(client.get(url(family)), SUPPLEMENT) == (None, None)


def test_empty_household_facts_stay_unknown_and_the_page_names_them(login, casework_demo, rulebook):
    from meedoen.casework.services.schemes import engine_household

    client = login("woning")
    family = new_family_with_finances_consent(client, casework_demo)
    assert post_supplement_family(client, family, "4", "no").status_code == 302
    assert post_supplement_family(client, family, "", "").status_code == 302  # emptied again: unknown, not 0 or no
    family.refresh_from_db()
    assert family.years_at_social_minimum is None and family.received_income_supplement_last_12_months is None
    assert "facts" not in engine_household(family, DAY)

    expected, result = engine_answer(rulebook, supplement_household())
    assert SUPPLEMENT in expected["undetermined"]
    page = client.get(url(family))
    part, shown = shown_scheme(page, SUPPLEMENT)
    assert part == "undetermined"
    assert (shown["status"], shown["amount_cents"], shown.get("amount_text")) == expected["undetermined"][SUPPLEMENT]
    assert {"facts.years_at_social_minimum", "facts.received_income_supplement_last_12_months"} <= set(shown["needs"])
    html = page.content.decode()
    labels = {f["fact"]: f["label"]["nl"] for f in result["facts_needed"]}
    assert escape(labels["facts.years_at_social_minimum"]) in html
    assert "Hoeveel jaar heeft u al een inkomen op of onder het sociaal minimum?" in html
    values = client.get(url(family, "geld/")).context["values"]
    assert (values["years_at_social_minimum"], values["received_income_supplement_last_12_months"]) == ("", "")

    # one known, one unknown: only the unknown one is still needed
    assert post_supplement_family(client, family, "5", "").status_code == 302
    part, shown = shown_scheme(client.get(url(family)), SUPPLEMENT)
    assert part == "undetermined"
    assert "facts.received_income_supplement_last_12_months" in shown["needs"]
    assert "facts.years_at_social_minimum" not in shown["needs"]
    family.refresh_from_db()
    assert engine_household(family, DAY)["facts"] == {"years_at_social_minimum": 5}


def test_bad_household_facts_are_a_400_naming_the_field_and_nothing_is_written(login, fam):
    family = fam["bakker"]
    client = login("professional")
    years = "Aantal jaren op het sociaal minimum"
    supplement = "Individuele inkomenstoeslag gekregen in de afgelopen 12 maanden?"
    cases = [
        ({"years_at_social_minimum": "-1"}, f"{years}: Het aantal jaren kan niet negatief zijn."),
        ({"years_at_social_minimum": "2,5"}, f"{years}: Vul een heel aantal jaren in, bijvoorbeeld 3."),
        ({"years_at_social_minimum": "3.0"}, f"{years}: Vul een heel aantal jaren in, bijvoorbeeld 3."),
        ({"years_at_social_minimum": "drie"}, f"{years}: Vul een heel aantal jaren in, bijvoorbeeld 3."),
        ({"years_at_social_minimum": "101"}, f"{years}: Dat is meer dan 100 jaar."),
        ({"years_at_social_minimum": "12345678901234567890"}, f"{years}: Dat is meer dan 100 jaar."),
        ({"received_income_supplement_last_12_months": "misschien"}, f"{supplement}: Kies ja, nee of weet ik niet."),
    ]
    for bad, named in cases:
        before = rows_now()
        response = client.post(url(family, "geld/"), {"assets": "100", "years_at_social_minimum": "4", **bad})
        html = response.content.decode()
        assert response.status_code == 400, bad
        assert named in html, bad
        field = next(iter(bad))
        assert f'href="#money_{field}"' in html and f'id="money_{field}"' in html, bad
        assert rows_now() == before, bad
    english = client.post(url(family, "geld/") + "?lang=en", {"years_at_social_minimum": "-3"})
    assert english.status_code == 400
    assert "Number of years at the social minimum: The number of years cannot be negative." in english.content.decode()
    family.refresh_from_db()
    assert family.years_at_social_minimum is None and family.assets_cents == 0


def test_the_service_refuses_household_facts_of_the_wrong_kind(fam, casework_demo):
    from meedoen.casework.errors import CaseworkError
    from meedoen.casework.services import money

    family = fam["bakker"]
    user = casework_demo["staff"]["professional"].user
    for years in (2.5, True, -1, 101, "3"):
        before = rows_now()
        try:
            money.record(user, family, household={"years_at_social_minimum": years,
                                                  "received_income_supplement_last_12_months": "nee"})
        except CaseworkError as exc:
            assert set(exc.problems) == {"years_at_social_minimum", "received_income_supplement_last_12_months"}, years
        else:
            raise AssertionError(f"{years!r} was accepted")
        assert rows_now() == before
    since = last_log_id()
    money.record(user, family, household={"years_at_social_minimum": 100, "received_income_supplement_last_12_months": False})
    family.refresh_from_db()
    assert (family.years_at_social_minimum, family.received_income_supplement_last_12_months) == (100, False)
    (row,) = AccessLog.objects.filter(pk__gt=since, family_id=family.pk)
    assert (row.action, row.category, row.person_id) == (v.WRITE, v.FINANCES, None)
    assert "sociaal minimum" in row.detail and "100" not in row.detail


# --- (h) the facts still needed name members by their first name -----------------------------------------------------

def test_the_facts_still_needed_name_the_member_by_first_name(login, fam, casework_demo):
    from meedoen.casework.services.schemes import engine_household

    family = fam["bakker"]
    sanne = person_of(family, "Sanne")
    client = login("professional")
    assert client.post(url(family, "geld/"), income_boxes(sanne, wages=None, benefit="1.250,00")).status_code == 302
    html = client.get(url(family)).content.decode()
    assert "Netto loon per maand van de aanvrager (Sanne)" in html
    assert "person-" not in html
    assert [m["id"] for m in engine_household(family, DAY)["members"]] == ["Sanne", "Noah", "Mila", "Daan"]

    # two members with the same first name: the full name; the same full name too: a number
    user = casework_demo["staff"]["professional"].user
    families.add_member(user, family, first_name="Noah", last_name="de Wit", role=v.OTHER, start=date(2026, 2, 1))
    assert [m["id"] for m in engine_household(family, DAY)["members"]] == ["Sanne", "Noah Bakker", "Mila", "Daan", "Noah de Wit"]
    families.add_member(user, family, first_name="Mila", last_name="Bakker", role=v.OTHER, start=date(2026, 2, 1))
    ids = [m["id"] for m in engine_household(family, DAY)["members"]]
    assert ids == ["Sanne", "Noah Bakker", "Mila Bakker 1", "Daan", "Noah de Wit", "Mila Bakker 2"]
    html = client.get(url(family)).content.decode()
    assert "person-" not in html and "(Sanne)" in html
