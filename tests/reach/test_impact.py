"""Council decision impact (meedoen.reach.impact): gains and losses per scheme and the yearly cost, on
proposed rulebooks made by copying the current one and changing one value. Pure: no database."""

from datetime import date
from fractions import Fraction

import pytest

from meedoen.population.generator import generate_frames
from meedoen.reach import impact
from meedoen.rules import default_rulebook_path, load_rulebook
from meedoen.rules.bulk import frames_from_households

DAY = date(2026, 3, 1)
SCHEMES = "municipalities/zoetermeer/schemes"
PASS = f"{SCHEMES}/zoetermeerpas.yaml"
IIT = f"{SCHEMES}/individuele_inkomenstoeslag.yaml"
HEALTH = f"{SCHEMES}/collectieve_zorgverzekering_tot_110.yaml"
# A TEST VALUE, not from the sources: the health insurance's municipal contribution is not set in the rulebook.
TEST_MONTHLY_CENTS = 1500
WITH_TEST_AMOUNT = ("unit: per_month\n      amount_note:",
                    f"unit: per_month\n      amount_cents: {TEST_MONTHLY_CENTS}\n"
                    "      source: \"TEST VALUE (made up for this test), not from the sources\"\n"
                    "      reliability: U\n      amount_note:", "")


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("proposals")
    made = {name: path for name, path in zip(impact.DEMO_PROPOSALS, impact.write_demo_proposals(root))}
    made["pass-110"] = impact.make_proposal(default_rulebook_path(), root / "pass-110", "test-pass-110",
                                            {PASS: [("percent: 120", "percent: 110", "")]})
    made["health-now"] = impact.make_proposal(default_rulebook_path(), root / "health-now", "test-health-now",
                                              {HEALTH: [WITH_TEST_AMOUNT]})
    made["health-120"] = impact.make_proposal(default_rulebook_path(), root / "health-120", "test-health-120",
                                              {HEALTH: [WITH_TEST_AMOUNT, ("percent: 110", "percent: 120", "")]})
    made["health-gone"] = impact.make_proposal(default_rulebook_path(), root / "health-gone", "test-health-gone",
                                               {HEALTH: [("unit: per_month", "unit: in_kind", "")]})
    return made


@pytest.fixture(scope="module")
def current():
    return load_rulebook()


@pytest.fixture(scope="module")
def population():
    return generate_frames(4000, seed=7, municipality="zoetermeer", day=DAY)


def run(old, new, population, **kwargs):
    households, members = population
    return impact.council_impact(old, new, households, members, DAY, "zoetermeer", **kwargs)


def scheme(report, scheme_id):
    return next(s for s in report["schemes"] if s["scheme"] == scheme_id)


def test_a_higher_pass_limit_gains_households_and_its_cost_is_not_set(current, folders, population):
    new = load_rulebook(folders["zoetermeerpas-130"])
    assert new.version == "2027.1.0-voorstel-zoetermeerpas-130" and new.hash != current.hash
    report = run(current, new, population)
    s = scheme(report, "zoetermeerpas")
    assert s["eligible"]["new"] > s["eligible"]["old"] > 0
    assert s["gained"] == s["eligible"]["new"] - s["eligible"]["old"] and s["lost"] == 0
    assert s["transitions"] == [{"from": "not_eligible", "to": "eligible", "count": s["gained"]}]
    for dimension in ("household_type", "income_band"):
        assert_safe(s["gained_by"][dimension], s["gained"])
    # in kind: no amount in the rulebook, so no cost figure at all, and the total leaves it out
    assert s["cost"]["state"] == "not_set" and s["cost"]["change_cents"] is None
    assert s["cost"]["new"]["cents"] is None and s["cost"]["new"]["without_amount"] == s["eligible"]["new"]
    assert "zoetermeerpas" in report["totals"]["schemes_not_set"]
    assert report["households"] == population[0].filter(population[0]["municipality"] == "zoetermeer").height
    # only the pass changes
    assert [c["scheme"] for c in impact.changed(report)] == ["zoetermeerpas"]


def assert_safe(cells, total):
    """A breakdown adds up to its total where shown; hidden cells (None) are at least two and hide 0 or >= 10."""
    shown = [n for n in cells.values() if n is not None]
    hidden = len(cells) - len(shown)
    assert all(n == 0 or n >= 10 for n in shown)
    assert hidden == 0 and sum(shown) == total or hidden >= 2 and (total - sum(shown) == 0 or total - sum(shown) >= 10)


def test_gainers_are_between_the_old_and_the_new_limit(current, folders, population):
    """The pass's gainers all have an income in the 120-130 % band."""
    report = run(current, load_rulebook(folders["zoetermeerpas-130"]), population)
    bands = scheme(report, "zoetermeerpas")["gained_by"]["income_band"]
    assert bands["120-130"] == scheme(report, "zoetermeerpas")["gained"]


def test_a_lower_limit_loses_households(current, folders, population):
    s = scheme(run(current, load_rulebook(folders["pass-110"]), population), "zoetermeerpas")
    assert s["lost"] > 0 and s["gained"] == 0
    assert s["eligible"]["old"] - s["eligible"]["new"] == s["lost"]
    assert_safe(s["lost_by"]["household_type"], s["lost"])


def test_income_supplement_after_two_years_costs_more_for_the_households_with_an_amount(current, folders, population):
    report = run(current, load_rulebook(folders["inkomenstoeslag-2-jaar"]), population, take_up_percent=50)
    s = scheme(report, "individuele_inkomenstoeslag")
    cost = s["cost"]
    assert s["gained"] > 0 and cost["change_cents"] > 0
    # the 2026 amounts are known for singles and single parents, not for couples: partly set
    assert s["amount"]["new"]["by_household"] == {"single": 55200, "single_parent": 65900}
    assert cost["state"] == "partly_set" and cost["new"]["without_amount"] > 0
    assert cost["new"]["cents"] % 100 == 0 and cost["new"]["cents"] >= 55200 * (cost["new"]["households"] - cost["new"]["without_amount"])
    assert cost["change_with_take_up_cents"] == cost["new"]["with_take_up_cents"] - cost["old"]["with_take_up_cents"]
    assert cost["new"]["with_take_up_cents"] == cost["new"]["cents"] // 2
    assert report["take_up_percent"] == "50"
    assert any("50%" in a["en"] for a in report["assumptions"])
    assert report["totals"]["schemes_partly_set"] == ["individuele_inkomenstoeslag"]


def household(hid, partner=False, years=2):
    members = [{"role": "applicant", "birth_date": "1980-01-01", "monthly_net_income_cents": {"benefit": 100000},
                "statuses": {"no_prospect_of_work": True}}]
    if partner:
        members.append({"role": "partner", "birth_date": "1981-01-01", "monthly_net_income_cents": {}})
    return {"id": hid, "municipality": "zoetermeer", "members": members, "assets_cents": 0,
            "facts": {"years_at_social_minimum": years, "received_income_supplement_last_12_months": False}}


def test_exact_cost_and_take_up_for_a_known_household(current, folders):
    households, members, problems = frames_from_households([household("single")], DAY)
    assert problems == []
    new = load_rulebook(folders["inkomenstoeslag-2-jaar"])
    report = impact.council_impact(current, new, households, members, DAY, "GM0637", take_up_percent="62.5")
    cost = scheme(report, "individuele_inkomenstoeslag")["cost"]
    assert cost["state"] == "set"
    assert (cost["old"]["cents"], cost["new"]["cents"], cost["change_cents"]) == (0, 55200, 55200)
    assert cost["change_with_take_up_cents"] == 34500  # 62.5 % of €552,00
    assert report["totals"]["change_cents"] == 55200 and report["totals"]["schemes_set"] == ["individuele_inkomenstoeslag"]


def test_a_couple_without_an_amount_in_the_sources_is_counted_not_priced(current, folders):
    households, members, _ = frames_from_households([household("single"), household("couple", partner=True)], DAY)
    report = impact.council_impact(current, load_rulebook(folders["inkomenstoeslag-2-jaar"]), households, members, DAY, "zoetermeer")
    s = scheme(report, "individuele_inkomenstoeslag")
    assert s["gained"] == 2  # one single, one couple: too few to show by household type
    assert s["gained_by"]["household_type"]["single"] is None and s["gained_by"]["household_type"]["couple"] is None
    # two hidden cells of 1 still give away their sum (2): with nothing else to hide, the whole breakdown is hidden
    assert all(n is None for d in ("household_type", "income_band") for n in s["gained_by"][d].values())
    row = next(r for r in impact.rows(report, "en") if r[0] == "individuele_inkomenstoeslag")
    assert row.count("<10") == sum(len(v) for v in impact.DIMENSIONS.values())
    assert s["cost"]["state"] == "partly_set" and s["cost"]["new"]["without_amount"] == 1
    assert s["cost"]["change_cents"] == 55200  # the single only; nothing invented for the couple
    assert report["totals"]["change_cents"] == 0  # partly known costs are not summed into the total


def test_a_monthly_amount_counts_twelve_times_a_year(folders, population):
    old, new = load_rulebook(folders["health-now"]), load_rulebook(folders["health-120"])
    s = scheme(run(old, new, population), "collectieve_zorgverzekering_tot_110")
    cost = s["cost"]
    assert cost["state"] == "set" and s["gained"] > 0
    assert cost["old"]["cents"] == TEST_MONTHLY_CENTS * 12 * s["eligible"]["old"]
    assert cost["new"]["cents"] == TEST_MONTHLY_CENTS * 12 * s["eligible"]["new"]
    assert cost["change_cents"] == TEST_MONTHLY_CENTS * 12 * (s["eligible"]["new"] - s["eligible"]["old"])
    amount = s["amount"]["new"]
    assert (amount["unit"], amount["cents"], amount["by_household"]) == ("per_month", TEST_MONTHLY_CENTS * 12, None)
    assert amount["unverified"] and "TEST VALUE" in amount["source"]


def test_an_amount_that_disappears_makes_the_change_not_set(folders, population):
    s = scheme(run(load_rulebook(folders["health-now"]), load_rulebook(folders["health-gone"]), population),
               "collectieve_zorgverzekering_tot_110")
    assert s["transitions"] == []
    assert s["cost"]["old"]["cents"] > 0 and s["cost"]["new"]["cents"] is None
    assert s["cost"]["state"] == "not_set" and s["cost"]["change_cents"] is None


def test_identical_rulebooks_change_nothing(current, population):
    report = run(current, current, population)
    assert impact.changed(report) == []
    assert all(s["gained"] == s["lost"] == s["became_undetermined"] == 0 for s in report["schemes"])


def test_bad_input_is_named(current, population):
    households, members = population
    with pytest.raises(impact.ImpactError) as caught:
        impact.council_impact(current, current, households, members, DAY, "atlantis")
    assert "atlantis" in str(caught.value)
    for bad in (120, -1, "veel"):
        with pytest.raises(impact.ImpactError, match="take_up_percent"):
            impact.council_impact(current, current, households, members, DAY, "zoetermeer", take_up_percent=bad)
    with pytest.raises(impact.ImpactError, match="not valid"):
        impact.council_impact(current, current, households, members, date(2031, 1, 1), "zoetermeer")


def test_take_up_rate_is_exact():
    assert impact.take_up_rate("62,5") == Fraction(5, 8)
    assert impact.take_up_rate(100) == 1


def test_the_table_has_a_value_for_every_column(current, folders, population):
    report = run(current, load_rulebook(folders["zoetermeerpas-130"]), population)
    for lang in ("nl", "en"):
        head, body = impact.columns(report, lang), impact.rows(report, lang, plain=True)
        assert len(body) == len(report["schemes"]) and all(len(row) == len(head) for row in body)
    row = next(r for r in impact.rows(report, "nl", plain=True) if r[0] == "zoetermeerpas")
    assert row[10] == "niet in de bronnen"
    lines = impact.summary_lines(report, "en")
    assert len(lines) == 2 and lines[1].startswith("  zoetermeerpas: ") and "not set in the sources" in lines[1]


def test_a_proposal_edit_that_does_not_match_is_refused(tmp_path):
    with pytest.raises(impact.ImpactError, match="not found"):
        impact.make_proposal(default_rulebook_path(), tmp_path / "x", "v", {PASS: [("percent: 999", "percent: 1", "")]})
    assert not (tmp_path / "x").exists()


# -- the page (Django, PostgreSQL) ------------------------------------------------------------------------------

PAGE = "/werkplek/bereik/raadsbesluit/"


@pytest.fixture
def policy_client(db, client, settings, folders, monkeypatch):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from meedoen.municipalities.rulebook import sync_municipalities

    monkeypatch.setenv("MEEDOEN_CHECK_DATE", DAY.isoformat())
    settings.MEEDOEN_PROPOSED_RULEBOOKS = str(folders["zoetermeerpas-130"].parent)
    sync_municipalities()
    user = get_user_model().objects.create_user("beleid-impact", password="x")
    user.groups.add(Group.objects.get_or_create(name="policy")[0])
    client.force_login(user)
    return client


def ask(client, url=PAGE, **params):
    query = {"municipality": "zoetermeer", "households": "3000", "seed": "11", "day": DAY.isoformat(), **params}
    return client.get(url, query)


def test_the_page_lists_the_proposals_and_shows_the_gain(policy_client):
    first = policy_client.get(PAGE)
    assert first.status_code == 200 and b"zoetermeerpas-130" in first.content and first.context["view"] is None
    response = ask(policy_client, proposal="zoetermeerpas-130", lang="en")
    assert response.status_code == 200
    view = response.context["view"]
    row = next(r for r in view["rows"] if r[0] == "ZoetermeerPas (city pass)")
    assert row[3] > 0 and row[4] == 0  # gain, lose
    assert row[9] == "not set in the sources" and view["total_text"] is None
    assert b"2027.1.0-voorstel-zoetermeerpas-130" in response.content and b"synthetic" in response.content
    assert "niet in de bronnen" in ask(policy_client, proposal="zoetermeerpas-130", lang="nl").content.decode()


def test_the_page_opens_on_the_municipality_of_the_newest_run(policy_client):
    from meedoen.municipalities.models import Municipality
    from meedoen.reach.models import ReachRun

    assert policy_client.get(PAGE).context["values"]["municipality"] == "groningen"  # no run yet: the first by name
    ReachRun.objects.create(municipality=Municipality.objects.get(slug="zoetermeer"), day=DAY, source="test", state=ReachRun.DONE)
    assert policy_client.get(PAGE).context["values"]["municipality"] == "zoetermeer"


def test_the_page_shows_a_positive_cost_where_the_rulebook_has_amounts(policy_client):
    response = ask(policy_client, proposal="inkomenstoeslag-2-jaar", take_up="50", households="20000", lang="nl")
    assert response.status_code == 200
    view = response.context["view"]
    scheme = next(d["scheme"] for d in view["details"] if d["scheme"]["scheme"] == "individuele_inkomenstoeslag")
    assert scheme["gained"] > 0 and scheme["cost"]["change_cents"] > 0
    assert scheme["cost"]["change_with_take_up_cents"] * 2 in (scheme["cost"]["change_cents"] - 1, scheme["cost"]["change_cents"], scheme["cost"]["change_cents"] + 1)
    assert "deels bekend" in response.content.decode()


def test_csv_and_pdf_have_the_table(policy_client):
    csv_response = ask(policy_client, PAGE + "gevolgen.csv", proposal="zoetermeerpas-130", lang="en")
    assert csv_response.status_code == 200 and csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode().splitlines()
    assert lines[0].startswith("scheme,name,eligible now,eligible with proposal,gain,lose")
    assert any(line.startswith("zoetermeerpas,") and "not set in the sources" in line for line in lines)
    pdf = ask(policy_client, PAGE + "gevolgen.pdf", proposal="zoetermeerpas-130")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("params, field", [
    ({"proposal": "../../etc"}, "proposal"),
    ({"proposal": "zoetermeerpas-130", "households": "veel"}, "households"),
    ({"proposal": "zoetermeerpas-130", "households": "9999999"}, "households"),
    ({"proposal": "zoetermeerpas-130", "take_up": "150"}, "take_up"),
    ({"proposal": "zoetermeerpas-130", "day": "2026-02-30"}, "day"),
    ({"proposal": "zoetermeerpas-130", "municipality": "atlantis"}, "municipality"),
])
def test_bad_choices_are_named_not_a_500(policy_client, params, field):
    response = ask(policy_client, **params)
    assert response.status_code == 400 and field in response.context["errors"]
    assert ask(policy_client, PAGE + "gevolgen.pdf", **params).status_code == 400


def test_a_broken_proposal_shows_its_problems_with_file_and_line(policy_client, folders):
    broken = folders["zoetermeerpas-130"].parent / "kapot"
    impact.make_proposal(default_rulebook_path(), broken, "kapot", {PASS: [("percent: 120", "percent: twelve", "")]})
    response = ask(policy_client, proposal="kapot", lang="en")
    assert response.status_code == 400
    title, problems = response.context["problems"]
    assert any("zoetermeerpas.yaml:" in p for p in problems)
    import shutil
    shutil.rmtree(broken)


def test_a_day_outside_the_rulebook_is_explained(policy_client):
    response = ask(policy_client, proposal="zoetermeerpas-130", day="2031-01-01", lang="en")
    assert response.status_code == 400 and "not valid" in " ".join(response.context["problems"][1])


def test_only_policy_sees_the_page(client, db, settings, folders):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    settings.MEEDOEN_PROPOSED_RULEBOOKS = str(folders["zoetermeerpas-130"].parent)
    assert client.get(PAGE).status_code == 302
    user = get_user_model().objects.create_user("pro-impact", password="x")
    user.groups.add(Group.objects.get_or_create(name="professional")[0])
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE + "gevolgen.csv").status_code == 403


def test_without_the_setting_the_page_says_there_are_no_proposals(policy_client, settings, monkeypatch):
    settings.MEEDOEN_PROPOSED_RULEBOOKS = None
    monkeypatch.delenv("MEEDOEN_PROPOSED_RULEBOOKS", raising=False)
    response = policy_client.get(PAGE, {"lang": "en"})
    assert response.status_code == 200 and b"No proposals are ready" in response.content


@pytest.fixture
def loaded_register(policy_client, tmp_path):
    """A synthetic Zoetermeer register of 2,500 households loaded into the database; returns (register, load)."""
    from meedoen.municipalities.models import Municipality
    from meedoen.reach.register.synthetic import generate_register
    from meedoen.reach.services.runs import load_register

    register = generate_register(tmp_path / "register", 2500, day=DAY)
    return register, load_register(register.path, Municipality.objects.get(slug="zoetermeer"))


def test_with_a_loaded_register_the_page_counts_its_households(policy_client, loaded_register, current, folders):
    from meedoen.reach.register.format import to_frames

    register, load = loaded_register
    response = ask(policy_client, proposal="zoetermeerpas-130", households="", seed="", lang="en")
    assert response.status_code == 200 and response.context["values"]["population"] == "register"
    report = response.context["view"]["report"]
    assert report["population"]["register"] and report["population"]["load"] == load.pk
    # The same report as the pure function over the register's own Parquet files: nothing lost in the database.
    (part,) = register.parts_of()
    households, members = to_frames(register.read(part), DAY)
    expected = impact.council_impact(current, load_rulebook(folders["zoetermeerpas-130"]), households, members, DAY, "zoetermeer")
    assert report["households"] == expected["households"] == load.households
    assert scheme(report, "zoetermeerpas")["gained"] == scheme(expected, "zoetermeerpas")["gained"] > 0
    assert "register loaded on" in response.content.decode() and "synthetic" in response.content.decode()
    synthetic = ask(policy_client, proposal="zoetermeerpas-130", population="synthetic", households="3000")
    assert synthetic.status_code == 200 and synthetic.context["view"]["report"]["households"] != load.households


def test_asking_for_the_register_without_one_is_named(policy_client):
    response = ask(policy_client, proposal="zoetermeerpas-130", population="register")
    assert response.status_code == 400 and "population" in response.context["errors"]
    assert ask(policy_client, proposal="zoetermeerpas-130", population="alles").context["errors"]["population"]
