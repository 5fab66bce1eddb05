"""Applications, decisions, objections and lead times: validation with the field named, the Awb objection period,
the CSV import (good rows kept, bad rows named, nothing twice), small numbers suppressed, and the pages for policy and professionals."""

from datetime import date, timedelta

import pytest

from meedoen.reach.applications import leadtimes as lt

DAY = date(2026, 3, 1)  # MEEDOEN_CHECK_DATE of the test command
URL = "/werkplek/bereik/aanvragen/"


# -- pure: statistics, suppression, periods, the objection period (no database) -------------------------------------

def test_median_and_nearest_rank_90th_percentile():
    assert lt.stats([]) == {"count": 0, "median": None, "p90": None}
    assert lt.stats([5, 1, 3]) == {"count": 3, "median": 3, "p90": 5}
    assert lt.stats([1, 2, 3, 4]) == {"count": 4, "median": 2.5, "p90": 4}
    assert lt.stats(list(range(1, 21)))["p90"] == 18  # position ceil(0.9 x 20) = 18


def test_small_numbers_are_hidden_with_the_parts_that_would_give_them_away():
    assert lt.THRESHOLD == 10 and lt.HIDDEN == "<10"
    assert [lt.shown(n) for n in (0, 1, 9, 10, 250)] == [0, "<10", "<10", 10, 250]
    assert lt.shown_stats({"count": 4, "median": 12, "p90": 30}) == {"count": "<10", "median": None, "p90": None}
    assert lt.shown_stats({"count": 10, "median": 12, "p90": 30}) == {"count": 10, "median": 12, "p90": 30}
    # one small part would follow from the total: the next smallest is hidden too
    assert lt.shown_parts({"granted": 40, "refused": 3, "withdrawn": 12}) == {"granted": 40, "refused": "<10", "withdrawn": "x"}
    assert lt.shown_parts({"granted": 40, "refused": 3, "withdrawn": 2}) == {"granted": 40, "refused": "<10", "withdrawn": "<10"}
    assert lt.shown_parts({"granted": 40, "refused": 0, "withdrawn": 12}) == {"granted": 40, "refused": 0, "withdrawn": 12}


def test_periods_cover_the_range_by_month_quarter_or_whole():
    months = lt.periods(date(2025, 11, 15), date(2026, 2, 10), "month")
    assert [p.key for p in months] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert (months[0].first, months[-1].last) == (date(2025, 11, 15), date(2026, 2, 10))
    quarters = lt.periods(date(2025, 11, 15), date(2026, 2, 10), "quarter")
    assert [(p.key, p.label("nl"), p.label("en")) for p in quarters] == [("2025-Q4", "2025 K4", "2025 Q4"), ("2026-Q1", "2026 K1", "2026 Q1")]
    assert len(lt.periods(date(2025, 1, 1), date(2025, 12, 31), "all")) == 1


def test_the_objection_period_is_six_weeks_and_a_weekend_end_moves_to_monday():
    assert lt.objection_deadline(date(2026, 1, 5)) == date(2026, 2, 16)  # Monday + 42 days = Monday
    assert lt.objection_deadline(date(2026, 1, 17)) == date(2026, 3, 2)  # ends on Saturday 28 Feb -> Monday
    assert not lt.is_late(date(2026, 1, 5), date(2026, 2, 16)) and lt.is_late(date(2026, 1, 5), date(2026, 2, 17))


def test_the_table_counts_lead_times_and_who_still_waits():
    apps = [{"scheme": "pas", "received_on": date(2026, 1, 1), "decided_on": date(2026, 1, 1) + timedelta(days=d), "decision": "granted"}
            for d in range(1, 13)]
    apps += [{"scheme": "pas", "received_on": date(2026, 1, 20), "decided_on": None, "decision": None},
             {"scheme": "pas", "received_on": date(2026, 1, 2), "decided_on": date(2026, 1, 3), "decision": "withdrawn"}]
    rows = lt.table(apps, [], date(2026, 1, 1), date(2026, 1, 31), "all", reference_day=date(2026, 1, 31))
    pas = next(r for r in rows if r["scheme"] == "pas")
    assert pas["received"] == 14 and pas["decisions"] == {"granted": 12, "refused": 0, "withdrawn": 1}
    assert pas["lead_time"] == {"count": 12, "median": 6.5, "p90": 11}  # the withdrawal is not a lead time
    assert pas["pending"] == {"count": 1, "median": 11, "p90": 11}
    shown = lt.display(pas)
    assert shown["pending"] == {"count": "<10", "median": None, "p90": None}
    assert shown["decisions"] == {"granted": "x", "refused": 0, "withdrawn": "<10"}
    assert next(r for r in rows if r["scheme"] == lt.ALL_SCHEMES)["received"] == 14


# -- the database -------------------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def pinned(monkeypatch):
    monkeypatch.setenv("MEEDOEN_CHECK_DATE", DAY.isoformat())


@pytest.fixture
def zoetermeer(db):
    from meedoen.municipalities.models import Municipality
    from meedoen.municipalities.rulebook import sync_municipalities

    sync_municipalities()
    return Municipality.objects.get(slug="zoetermeer")


def make_user(username, *role_names):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    u = get_user_model().objects.create_user(username)  # no password: the tests log in with force_login
    for name in role_names:
        u.groups.add(Group.objects.get_or_create(name=name)[0])
    return u


@pytest.fixture
def pro(db):
    return make_user("pro", "professional")


@pytest.fixture
def policy(db):
    return make_user("beleid", "policy")


def register(user, municipality, **kwargs):
    from meedoen.reach.applications import services

    values = {"scheme": "zoetermeerpas", "received_on": "2026-01-05", "channel": "resident", **kwargs}
    return services.register_application(user, municipality, **values)


def problems_of(call):
    from meedoen.reach.applications.services import ApplicationError

    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value.problems


def test_an_application_with_its_decision_and_lead_time(zoetermeer, pro):
    application = register(pro, zoetermeer, decided_on="20-01-2026", decision="granted")
    assert (application.received_on, application.decided_on, application.lead_time_days) == (date(2026, 1, 5), date(2026, 1, 20), 15)
    assert application.decided_by == pro and application.channel == "resident"


@pytest.mark.parametrize("kwargs, field, words", [
    ({"received_on": "2026-02-30"}, "received_on", "not an existing date"),
    ({"received_on": "5 januari"}, "received_on", "not a date"),
    ({"received_on": "2026-03-02"}, "received_on", "in the future"),
    ({"decided_on": "2026-01-04", "decision": "granted"}, "decided_on", "cannot be before the application"),
    ({"decision": "refused", "decided_on": "2026-01-10"}, "reason", "always says why"),
    ({"decision": "granted"}, "decided_on", "Give the date"),
    ({"decided_on": "2026-01-10"}, "decision", "Choose the decision"),
    ({"decision": "maybe", "decided_on": "2026-01-10"}, "decision", "not possible"),
    ({"scheme": "ooievaarspas"}, "scheme", "not a scheme of Zoetermeer"),
    ({"channel": ""}, "channel", "Choose"),
    ({"family_reference": "Z-NOPE"}, "family_reference", "no family with case number"),
])
def test_bad_input_is_refused_with_the_field_named(zoetermeer, pro, kwargs, field, words):
    from meedoen.reach.applications.models import Application

    problems = problems_of(lambda: register(pro, zoetermeer, **kwargs))
    assert field in problems and words in problems[field]["en"] and problems[field]["nl"]
    assert Application.objects.count() == 0


def test_a_decision_is_recorded_once(zoetermeer, pro):
    from meedoen.reach.applications import services

    application = register(pro, zoetermeer)
    assert application.pending
    services.decide(pro, application, decided_on="2026-02-01", decision="refused", reason="Inkomen boven de grens.")
    assert (application.decision, application.lead_time_days) == ("refused", 27)
    problems = problems_of(lambda: services.decide(pro, application, decided_on="2026-02-02", decision="granted"))
    assert "already been decided" in problems["decision"]["en"]


def test_objections_only_on_a_decision_and_a_late_one_is_flagged(zoetermeer, pro):
    from meedoen.reach.applications import services

    pending = register(pro, zoetermeer)
    assert "only be made to a decision" in problems_of(lambda: services.file_objection(pro, pending, filed_on="2026-02-01"))["filed_on"]["en"]
    decided = register(pro, zoetermeer, received_on="2026-01-02", decided_on="2026-01-05", decision="refused", reason="Te hoog inkomen.")
    assert "cannot be before the decision" in problems_of(lambda: services.file_objection(pro, decided, filed_on="2026-01-04"))["filed_on"]["en"]
    on_time = services.file_objection(pro, decided, filed_on="2026-02-16")
    late = services.file_objection(pro, decided, filed_on="2026-02-17")
    assert (on_time.late, late.late) == (False, True)
    problems = problems_of(lambda: services.decide_objection(pro, late, decided_on="2026-02-20", outcome="rejected"))
    assert "objection_reason" in problems
    services.decide_objection(pro, late, decided_on="2026-02-20", outcome="rejected", reason="Termijn overschreden, niet verschoonbaar.")
    assert late.outcome == "rejected"
    assert "before the objection" in problems_of(lambda: services.decide_objection(pro, on_time, decided_on="2026-02-10", outcome="upheld"))["objection_decided_on"]["en"]


def test_linking_a_family_the_team_helps_is_logged_for_the_family(casework_demo):
    from meedoen.casework.models import AccessLog, Family
    from meedoen.municipalities.models import Municipality

    coach = casework_demo["staff"]["professional"].user
    family = Family.objects.get(reference="Z-CW-0001")
    application = register(coach, Municipality.objects.get(slug="zoetermeer"), family_reference="Z-CW-0001")
    assert application.family == family
    assert AccessLog.objects.filter(family_id=family.pk, category="schemes", detail__contains="zoetermeerpas").exists()


# -- the import -----------------------------------------------------------------------------------------------------

GOOD = ("scheme,received,decided,decision,reason\n"
        "zoetermeerpas,2026-01-05,2026-01-20,granted,\n"
        "kindpakket_kindpas,2026-01-06,,,\n"
        "zoetermeerpas,2026-01-07,2026-01-09,refused,Inkomen boven 120%\n")


def test_an_import_saves_every_row(zoetermeer, policy):
    from meedoen.reach.applications import services
    from meedoen.reach.applications.models import Application

    report = services.import_csv(policy, zoetermeer, GOOD.encode(), name="export.csv")
    assert report.ok and report.saved == 3
    rows = list(Application.objects.order_by("source_row").values_list("scheme", "decision", "channel", "source_row"))
    assert rows == [("zoetermeerpas", "granted", None, 2), ("kindpakket_kindpas", None, None, 3), ("zoetermeerpas", "refused", None, 4)]
    again = services.import_csv(policy, zoetermeer, GOOD.encode(), name="export-kopie.csv")
    assert not again.ok and "imported for this municipality before" in again.lines("en")[0]
    assert Application.objects.count() == 3


def test_an_import_with_bad_rows_keeps_the_good_ones_and_names_row_and_field(zoetermeer, policy):
    from meedoen.reach.applications import services
    from meedoen.reach.applications.models import Application

    text = ("Regeling;Ontvangen;Besloten;Besluit;Reden\n"
            "zoetermeerpas;05-01-2026;20-01-2026;toegekend;\n"
            "zoetermeerpas;2026-02-30;;;\n"
            "zoetermeerpas;2026-01-10;2026-01-08;afgewezen;\n"
            "onbekend;2026-01-10;;;\n")
    report = services.import_csv(policy, zoetermeer, text.encode("utf-8"), name="aanvragen.csv")
    assert not report.ok and report.saved == 1 and Application.objects.count() == 1
    assert Application.objects.get().source_row == 2
    lines = report.lines("en")
    assert any(line.startswith("aanvragen.csv:3, received:") and "2026-02-30" in line for line in lines)
    assert any(line.startswith("aanvragen.csv:4, decided:") for line in lines)
    assert any(line.startswith("aanvragen.csv:4, reason:") for line in lines)
    assert any(line.startswith("aanvragen.csv:5, scheme:") for line in lines)
    assert not any(":2," in line for line in lines)  # the good row has no problem
    corrected = ("Regeling;Ontvangen;Besloten;Besluit;Reden\n"
                 "zoetermeerpas;05-01-2026;20-01-2026;toegekend;\n"
                 "zoetermeerpas;2026-02-28;;;\n"
                 "zoetermeerpas;2026-01-10;2026-01-18;afgewezen;Inkomen te hoog\n")
    again = services.import_csv(policy, zoetermeer, corrected.encode("utf-8"), name="aanvragen-verbeterd.csv")
    assert again.ok and again.saved == 2 and again.already == 1  # the row saved the first time is not saved twice
    assert Application.objects.count() == 3


def test_a_bsn_is_refused_as_household_number(zoetermeer, policy, pro):
    from meedoen.reach.applications import services
    from meedoen.reach.applications.models import Application

    text = ("scheme,received,decided,decision,reason,household_id\n"
            "zoetermeerpas,2026-01-05,,,,111222333\n"      # passes the elfproef: a BSN
            "zoetermeerpas,2026-01-06,,,,hh-000042\n")
    report = services.import_csv(policy, zoetermeer, text.encode(), name="x.csv")
    assert [line for line in report.lines("en") if "household_id" in line] == [
        "x.csv:2, household_id: This looks like a citizen service number (BSN). Use the household number of the register, not a BSN."]
    assert list(Application.objects.values_list("household_id", flat=True)) == ["hh-000042"]
    with pytest.raises(services.ApplicationError) as refused:
        register(pro, zoetermeer, household_id="111 222 333")
    assert "household_id" in refused.value.problems


def test_an_import_without_the_columns_says_which_are_missing(zoetermeer, policy):
    from meedoen.reach.applications import services

    report = services.import_csv(policy, zoetermeer, b"scheme,received\nzoetermeerpas,2026-01-05\n", name="x.csv")
    assert not report.ok and "decided, decision, reason" in report.lines("en")[0]


# -- lead times for policy ----------------------------------------------------------------------------------------

@pytest.fixture
def decided_twelve(zoetermeer, pro):
    """12 ZoetermeerPas applications received 5 Jan and decided after 1..12 days; 3 refused ones."""
    for days in range(1, 13):
        register(pro, zoetermeer, decided_on=(date(2026, 1, 5) + timedelta(days=days)).isoformat(), decision="granted")
    for _ in range(3):
        register(pro, zoetermeer, scheme="kindpakket_kindpas", decided_on="2026-01-30", decision="refused", reason="Geen kind onder 18.")


def test_the_lead_time_page_opens_on_the_municipality_with_applications(client, policy, decided_twelve):
    from meedoen.municipalities.models import Municipality

    assert Municipality.objects.filter(active=True).order_by("name").first().slug != "zoetermeer"  # not just the first
    client.force_login(policy)
    response = client.get(URL, {"from": "2026-01-01", "to": "2026-01-31", "by": "all"})
    assert response.status_code == 200 and response.context["values"]["municipality"] == "zoetermeer"


def test_the_lead_time_page_shows_medians_and_hides_small_numbers(client, policy, decided_twelve):
    client.force_login(policy)
    response = client.get(URL, {"municipality": "zoetermeer", "from": "2026-01-01", "to": "2026-01-31", "by": "all", "lang": "en"})
    assert response.status_code == 200
    rows = {r["scheme"]: r for r in response.context["rows"]}
    assert rows["zoetermeerpas"]["lead_time"] == {"count": 12, "median": 6.5, "p90": 11}
    assert rows["kindpakket_kindpas"]["decisions"]["refused"] == "<10"
    assert rows["kindpakket_kindpas"]["lead_time"]["median"] is None
    assert b"&lt;10" in response.content and b"Days to decision" in response.content
    dutch = client.get(URL, {"municipality": "zoetermeer", "from": "2026-01-01", "to": "2026-01-31", "by": "all", "lang": "nl"})
    assert "Dagen tot besluit" in dutch.content.decode()


def test_the_csv_has_the_same_suppressed_table(client, policy, decided_twelve):
    client.force_login(policy)
    response = client.get(URL + "doorlooptijden.csv", {"municipality": "zoetermeer", "from": "2026-01-01", "to": "2026-01-31", "by": "quarter", "lang": "en"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Period,Scheme,Received,Granted")
    pas = next(line for line in lines if ",ZoetermeerPas" in line)
    assert pas.startswith("2026 Q1,ZoetermeerPas (city pass),12,12,0,0,6.5,11,")
    assert any("<10" in line for line in lines if "Child package" in line)


def test_bad_filters_are_named_not_a_500(client, policy, zoetermeer):
    client.force_login(policy)
    response = client.get(URL, {"municipality": "zoetermeer", "from": "2026-13-01", "to": "2026-01-31", "by": "week", "lang": "en"})
    assert response.status_code == 400
    assert set(response.context["errors"]) == {"from", "by"}
    assert b"not an existing date" in response.content
    response = client.get(URL, {"municipality": "zoetermeer", "from": "2026-02-01", "to": "2026-01-31"})
    assert response.status_code == 400 and "to" in response.context["errors"]
    assert client.get(URL + "doorlooptijden.csv", {"municipality": "atlantis"}).status_code == 400


def test_who_may_see_which_page(client, zoetermeer, pro, policy):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(pro)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "nieuw/").status_code == 200
    assert client.get(URL + "inlezen/").status_code == 403
    client.force_login(policy)
    assert client.get(URL).status_code == 200
    assert client.get(URL + "inlezen/").status_code == 200
    assert client.get(URL + "nieuw/").status_code == 403


# -- the forms ------------------------------------------------------------------------------------------------------

def test_the_form_gives_each_field_its_message_and_saves_a_good_one(client, zoetermeer, pro):
    from meedoen.reach.applications.models import Application

    client.force_login(pro)
    bad = client.post(URL + "nieuw/", {"municipality": "zoetermeer", "scheme": "zoetermeerpas", "received_on": "2026-02-30",
                                       "channel": "resident", "decision": "refused", "decided_on": "2026-01-01", "lang": "en"})
    assert bad.status_code == 400 and Application.objects.count() == 0
    assert {"received_on", "reason"} <= set(bad.context["errors"])
    assert b'href="#id_received_on"' in bad.content and b"not an existing date" in bad.content
    good = client.post(URL + "nieuw/", {"municipality": "zoetermeer", "scheme": "zoetermeerpas", "received_on": "2026-02-02",
                                        "channel": "professional", "lang": "nl"})
    application = Application.objects.get()
    assert good.status_code == 302 and good["Location"].startswith(f"{URL}{application.pk}/")
    page = client.get(f"{URL}{application.pk}/", {"lang": "nl"})
    assert page.status_code == 200 and "wacht al 27 dagen" in page.content.decode()


def test_deciding_and_objecting_on_the_page(client, zoetermeer, pro):
    client.force_login(pro)
    application = register(pro, zoetermeer)
    bad = client.post(f"{URL}{application.pk}/besluit/", {"decision": "refused", "decided_on": "2026-01-10", "lang": "en"})
    assert bad.status_code == 400 and "reason" in bad.context["errors"]
    ok = client.post(f"{URL}{application.pk}/besluit/", {"decision": "refused", "decided_on": "2026-01-10", "reason": "Te hoog inkomen."})
    assert ok.status_code == 302
    late = client.post(f"{URL}{application.pk}/bezwaar/", {"filed_on": "2026-02-27", "lang": "en"}, follow=True)
    assert late.status_code == 200 and b"after the six-week period" in late.content
    objection = application.objections.get()
    assert objection.late
    done = client.post(f"{URL}{application.pk}/bezwaar/{objection.pk}/", {"outcome": "upheld", "objection_decided_on": "2026-02-28"})
    assert done.status_code == 302
    objection.refresh_from_db()
    assert objection.outcome == "upheld"


def test_someone_else_s_application_is_not_found(client, zoetermeer, pro):
    other = make_user("other", "professional")
    application = register(other, zoetermeer)
    client.force_login(pro)
    assert client.get(f"{URL}{application.pk}/").status_code == 404
    assert client.post(f"{URL}{application.pk}/besluit/", {"decision": "granted", "decided_on": "2026-02-01"}).status_code == 404


def test_the_import_page_reports_bad_rows_and_keeps_good_ones(client, zoetermeer, policy):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meedoen.reach.applications.models import Application

    client.force_login(policy)
    bad = SimpleUploadedFile("export.csv", b"scheme,received,decided,decision,reason\nzoetermeerpas,2026-01-05,,nee,\n"
                             b"zoetermeerpas,2026-01-05,2026-01-20,granted,\n")
    response = client.post(URL + "inlezen/", {"municipality": "zoetermeer", "file": bad, "lang": "en"})
    assert response.status_code == 400 and b"export.csv:2, decision" in response.content
    assert b"1 good rows were saved" in response.content and Application.objects.count() == 1
    good = SimpleUploadedFile("export.csv", GOOD.encode())
    response = client.post(URL + "inlezen/", {"municipality": "zoetermeer", "file": good})
    assert response.status_code == 302 and Application.objects.count() == 3  # the first GOOD row was already there
    assert client.post(URL + "inlezen/", {"municipality": "zoetermeer"}).status_code == 400


# -- the demo -------------------------------------------------------------------------------------------------------

def test_demo_applications_are_the_same_for_the_same_seed(client, zoetermeer, policy):
    from meedoen.reach.applications.models import Application, Objection
    from meedoen.reach.applications.services import seed_demo_applications

    def snapshot():
        return (list(Application.objects.order_by("household_id").values_list("scheme", "received_on", "decided_on", "decision")),
                list(Objection.objects.order_by("application__household_id").values_list("filed_on", "outcome", "late")))

    assert seed_demo_applications(zoetermeer, 600, seed=5) == 600
    first = snapshot()
    assert seed_demo_applications(zoetermeer, 600, seed=5) == 600
    assert snapshot() == first and Application.objects.count() == 600
    assert first[1], "some objections"
    assert all(a[2] is None or a[2] >= a[1] for a in first[0])
    client.force_login(policy)
    response = client.get(URL, {"municipality": "zoetermeer", "by": "quarter"})
    assert response.status_code == 200 and response.context["has_any"]
