"""The synthetic register: round trip to the population generator, determinism, parts, all-or-nothing
writing, calibration on the seed figures, and scheme use that models non-take-up. Pure: no database."""

import math
from datetime import date

import polars as pl
import pytest

from meedoen.population.generator import generate_frames
from meedoen.reach.register import synthetic
from meedoen.reach.register.format import TABLES, current, to_frames
from meedoen.reach.register.store import RegisterError, open_register
from meedoen.reach.register.synthetic import (
    FAMILY_NAMES, GIVEN_NAMES, STREETS, block_seed, default_country, generate_country, generate_register,
    household_groups, take_up_rate)
from meedoen.rules import default_rulebook_path, load_rulebook
from meedoen.rules.bulk import evaluate_frames

DAY = date(2026, 3, 1)
BENEFIT_STATUSES = ("status_receives_social_assistance", "status_receives_aow", "status_student_with_studiefinanciering")
COUNTED = ("wages", "self_employment", "benefit", "pension", "alimony", "student_finance", "other")
# Zoetermeer's published norms, 1 Jan 2026, excl. holiday allowance (anchors-nl-scheme-products.md §6.1),
# written out so the calibration check does not depend on the generator's own norm lookup.
NORM_2026 = {"single_18_20": 32869, "single": 133143, "single_aow": 148646, "couple": 190202, "couple_aow": 203695}


def as_the_register_states_it(households, members, municipality, districts=("Palenstein", "Oosterheem")):
    """generate_frames' output with the differences the register format makes on purpose."""
    known = pl.all_horizontal([pl.col(c).is_not_null() for c in BENEFIT_STATUSES])
    district = pl.col("district").replace_strict({"Palenstein": districts[0], "Oosterheem": districts[1]}, default=None)
    return (households.with_columns(municipality=pl.lit(municipality), district=district),
            members.with_columns([pl.when(known).then(pl.col(c)).alias(c) for c in BENEFIT_STATUSES]))


def _age(day=DAY):
    b = pl.col("birth_date")
    later = (b.dt.month() > day.month) | ((b.dt.month() == day.month) & (b.dt.day() > day.day))
    return (pl.lit(day.year) - b.dt.year().cast(pl.Int32) - later.cast(pl.Int32)).alias("age")


@pytest.fixture(scope="module")
def rulebook():
    return load_rulebook(default_rulebook_path())


@pytest.fixture(scope="module")
def zoetermeer(tmp_path_factory):
    """A full-size Zoetermeer (seeds Z2: circa 49,000 households) in one part."""
    register = generate_register(tmp_path_factory.mktemp("zm") / "register", 49_000)
    return register, register.read(register.parts[0])


# -- the register path loses nothing ------------------------------------------------------------

def test_to_frames_gives_back_the_generator_population(tmp_path):
    register = generate_register(tmp_path / "r", 3000, seed=11)
    assert len(register.parts) == 1
    h, m = to_frames(register.read(register.parts[0]), DAY)
    gh, gm = as_the_register_states_it(*generate_frames(3000, seed=11), "zoetermeer")
    assert h.schema == gh.schema and m.schema == gm.schema
    assert h.equals(gh)
    assert m.equals(gm)
    # the two deliberate differences are real but small (the test would notice if they grew)
    original_h, original_m = generate_frames(3000, seed=11)
    moved = (original_h["municipality"] != "zoetermeer").sum()
    partly = original_m.select(pl.any_horizontal([pl.col(c).is_null() for c in BENEFIT_STATUSES])
                               & pl.any_horizontal([pl.col(c).is_not_null() for c in BENEFIT_STATUSES])).to_series().sum()
    assert 0 < moved < 0.02 * 3000 and 0 < partly < 0.05 * original_m.height


def test_every_part_is_a_generator_population_with_its_own_seed(tmp_path):
    register = generate_register(tmp_path / "r", 2500, seed=4, municipality="GM0014", block=1000)
    assert [p.households for p in register.parts] == [1000, 1000, 500]
    for k, part in enumerate(register.parts):
        h, m = to_frames(register.read(part), DAY)
        gh, gm = as_the_register_states_it(*generate_frames(part.households, block_seed(4, k), "groningen"), "groningen",
                                          ("Selwerd", "Paddepoel"))
        ids = [f"syn-{1000 * k + i + 1:06d}" for i in range(part.households)]
        assert h["household_id"].to_list() == ids
        assert h.drop("household_id").equals(gh.drop("household_id")) and m.equals(gm)
    assert block_seed(4, 0) == 4 and len({block_seed(4, k) for k in range(3)}) == 3


# -- determinism, parts, all or nothing ------------------------------------------------------------

def test_same_arguments_give_byte_identical_tables(tmp_path):
    a = generate_register(tmp_path / "a", 1500, seed=9, block=600)
    b = generate_register(tmp_path / "b", 1500, seed=9, block=600)
    c = generate_register(tmp_path / "c", 1500, seed=10, block=600)
    files = [f"{p.name}/{t}.parquet" for p in a.parts for t in TABLES]
    assert len(files) == 3 * 6
    assert all((a.path / f).read_bytes() == (b.path / f).read_bytes() for f in files)
    assert a.manifest["sha256"] == b.manifest["sha256"] != c.manifest["sha256"]
    assert a.manifest["synthetic"] is True and a.manifest["seed"] == 9 and a.manifest["source"] == "synthetic"
    assert "take_up" in a.manifest["calibration"]


def test_parts_hold_at_most_block_households_and_keep_households_whole(tmp_path):
    register = generate_register(tmp_path / "r", 2500, block=1000)
    assert [p.households for p in register.parts] == [1000, 1000, 500]
    all_ids = []
    for part in register.parts:
        t = register.read(part)
        assert part.municipality == "GM0637" and part.persons == t["persons"].height
        households = set(t["households"]["household_id"])
        persons = set(t["persons"]["person_id"])
        assert set(t["persons"]["household_id"]) <= households
        assert set(t["scheme_use"]["household_id"]) <= households
        assert set(t["incomes"]["person_id"]) <= persons and set(t["benefits"]["person_id"]) <= persons
        assert t["addresses"]["address_id"].to_list() == t["households"]["address_id"].to_list()
        assert t["persons"].group_by("household_id").agg((pl.col("role") == "applicant").sum())["role"].to_list() \
            == [1] * len(households)
        all_ids += t["households"]["household_id"].to_list()
    assert len(set(all_ids)) == 2500


def test_generation_is_block_by_block(tmp_path, monkeypatch):
    drawn = []
    real = synthetic._draw
    monkeypatch.setattr(synthetic, "_draw", lambda n, *a: drawn.append(n) or real(n, *a))
    progress = []
    generate_register(tmp_path / "r", 2500, block=1000, progress=lambda done, total: progress.append((done, total)))
    assert drawn == [1000, 1000, 500]     # never more than a block in memory at once
    assert progress == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_a_failure_midway_leaves_nothing_behind(tmp_path):
    def stop(done, total):
        if done > 600:
            raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        generate_register(tmp_path / "r", 1500, block=600, progress=stop)
    assert list(tmp_path.iterdir()) == []
    old = generate_register(tmp_path / "r", 300)
    with pytest.raises(RuntimeError):
        generate_register(tmp_path / "r", 1500, block=600, progress=stop, overwrite=True)
    assert [p.name for p in tmp_path.iterdir()] == ["r"]
    assert open_register(tmp_path / "r").manifest["sha256"] == old.manifest["sha256"]


def test_bad_arguments_say_what_is_wrong(tmp_path):
    with pytest.raises(ValueError, match="'amsterdam': not in the rulebook"):
        generate_register(tmp_path / "r", 10, municipality="amsterdam")
    with pytest.raises(ValueError, match="households: 0 is not a whole number of at least 1"):
        generate_register(tmp_path / "r", 0)
    with pytest.raises(ValueError, match="block"):
        generate_register(tmp_path / "r", 10, block=0)
    with pytest.raises(ValueError, match="GM0637 appears twice"):
        generate_country(tmp_path / "r", None, [("zoetermeer", 5), ("GM0637", 5)])
    generate_register(tmp_path / "r", 10)
    with pytest.raises(RegisterError, match="already exists"):
        generate_register(tmp_path / "r", 10)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


# -- what the tables hold --------------------------------------------------------------------------

def test_names_addresses_and_dates_are_synthetic_and_before_the_day(zoetermeer):
    _, t = zoetermeer
    assert set(t["addresses"]["street"]) <= set(STREETS)
    assert t["addresses"]["postcode"].str.contains(r"^0\d{3}[A-Z]{2}$").all()   # no Dutch postcode starts with 0
    assert set(t["persons"]["given_name"]) <= set(GIVEN_NAMES) and set(t["persons"]["family_name"]) <= set(FAMILY_NAMES)
    for table in ("benefits", "scheme_use"):
        assert t[table]["since"].max() < DAY
        ended = t[table].filter(pl.col("until").is_not_null())
        assert (ended["until"] >= ended["since"]).all()
    assert (t["benefits"]["until"] < DAY).sum() > 0 and current(t["benefits"], DAY).height < t["benefits"].height
    # AOW from the AOW birthday; couples on bijstand share its start
    aow = t["benefits"].filter(pl.col("kind") == "aow").join(t["persons"], on="person_id")
    assert (aow["since"] == aow["birth_date"].dt.offset_by("67y")).all()
    bijstand = t["benefits"].filter(pl.col("kind") == "bijstand").join(t["persons"], on="person_id")
    assert bijstand.group_by("household_id").agg(pl.col("since").n_unique())["since"].max() == 1


def test_other_municipalities_and_the_default_country(tmp_path):
    register = generate_country(tmp_path / "c", 3000, [("zoetermeer", 2), ("GM0014", 1),
                                                       ("GM9001", 1, "Synthetische gemeente 1")], block=600)
    assert [(p.municipality, p.households) for p in register.parts] == [
        ("GM0637", 600), ("GM0637", 600), ("GM0637", 300), ("GM0014", 600), ("GM0014", 150),
        ("GM9001", 600), ("GM9001", 150)]
    groningen = register.read(register.parts[3])
    assert set(groningen["households"]["municipality"]) == {"groningen"}
    assert set(groningen["households"]["district"].drop_nulls()) == {"Selwerd", "Paddepoel"}
    assert {"minimaregelingen", "vensterpas"} <= set(groningen["scheme_use"]["scheme"])
    unknown = register.read(register.parts[-1])
    assert set(unknown["households"]["municipality"]) == {"GM9001"}
    assert set(unknown["addresses"]["city"]) == {"Synthetische gemeente 1"}
    assert unknown["scheme_use"].height == 0          # no rulebook: national schemes only, none in use here
    ids = pl.concat([register.read(p, ["households"])["households"] for p in register.parts])["household_id"]
    assert ids.n_unique() == 3000
    assert [m["exists"] for m in register.manifest["municipalities"]] == [True, True, False]

    country = default_country()
    assert country == default_country() and len(country) == 342
    assert country[:2] == [("GM0637", 49_000, "Zoetermeer"), ("GM0014", 130_000, "Groningen")]
    assert sum(n for _, n, _ in country) == 8_000_000 and min(n for _, n, _ in country) >= 1
    assert all(code == f"GM{9000 + i}" and name == f"Synthetische gemeente {i}"
               for i, (code, _, name) in enumerate(country[2:], start=1))
    assert default_country(1_000_000)[:2] == country[:2]           # the real sizes where they fit
    small = default_country(2_000)                                  # else the whole country scaled down
    assert sum(n for _, n, _ in small) == 2_000 and small[0][0] == "GM0637" and small[0][1] < 49_000


# -- calibration (Zoetermeer, seeds-synthesis-stedenestafette.md §3.1) -------------------------------

def test_calibrated_on_the_zoetermeer_figures(zoetermeer):
    register, t = zoetermeer
    h, m = to_frames(t, DAY)
    m = m.with_columns(_age())
    claimants = m.filter(pl.col("role").is_in(["applicant", "partner"])).with_columns(
        income=pl.sum_horizontal([pl.col(f"income_{s}") for s in COUNTED], ignore_nulls=False))
    per = claimants.group_by("hh").agg(
        partner=(pl.col("role") == "partner").any(), a=pl.col("age").filter(pl.col("role") == "applicant").first(),
        p=pl.col("age").filter(pl.col("role") == "partner").first(),
        known=(pl.col("income").is_not_null() & pl.col("age").is_not_null()).all(), income=pl.col("income").sum())
    a, p = pl.col("a"), pl.col("p")
    norm = (pl.when(~pl.col("partner")).then(
                pl.when(a >= 67).then(NORM_2026["single_aow"]).when(a >= 21).then(NORM_2026["single"])
                .otherwise(NORM_2026["single_18_20"]))
            .otherwise(pl.when((a >= 67) | (p >= 67)).then(NORM_2026["couple_aow"]).otherwise(NORM_2026["couple"])))
    g = per.filter("known").with_columns(norm=norm)
    share = {pc: g.select((pl.col("income") <= (pl.col("norm") * 2 * pc + 100) // 200).mean()).item()
             for pc in (110, 120, 130)}
    assert abs(share[110] * 49_000 - 3_900) <= 0.15 * 3_900, share     # Z6: 8 % ~ 3,900
    assert abs(share[120] * 49_000 - 5_453) <= 0.10 * 5_453, share     # Z4: 5,453
    assert abs(share[130] * 49_000 - 9_300) <= 0.10 * 9_300, share     # Z5: 19 % ~ 9,300
    assert abs(t["persons"].height - 120_881) <= 0.03 * 120_881         # Z1
    running = current(t["benefits"], DAY).join(t["persons"], on="person_id")
    bijstand_households = running.filter((pl.col("kind") == "bijstand") & pl.col("role").is_in(["applicant", "partner"]))[
        "household_id"].unique()
    children = m.join(h.select("hh", "household_id"), on="hh").filter((pl.col("role") == "child") & (pl.col("age") < 18))
    in_bijstand = children["household_id"].is_in(bijstand_households.implode()).sum()
    assert abs(in_bijstand - 2_090) <= 0.25 * 2_090, in_bijstand        # Z8 (2008; see docs/reach.md)
    kinds = dict(running.group_by(pl.col("kind").cast(pl.String)).len().iter_rows())
    disability, ww = kinds["wia"] + kinds["wao"] + kinds["wajong"], kinds["ww"]
    assert abs(disability / (disability + ww) - 4_670 / 6_550) <= 0.03   # Z3a : Z3b
    assert abs(disability + ww + kinds["bijstand"] - 9_000) <= 0.10 * 9_000   # Z3: 9,000 benefit recipients


# -- scheme use that models non-take-up --------------------------------------------------------------

def test_eligible_households_use_schemes_at_the_stated_rates(zoetermeer, rulebook):
    _, t = zoetermeer
    h, m = to_frames(t, DAY)
    result = evaluate_frames(rulebook, rulebook.municipalities["zoetermeer"], h, m, DAY)
    group, single_parent = household_groups(t, DAY, 67)
    result = result.with_columns(group=pl.Series(group), single_parent=pl.Series(single_parent))
    used = current(t["scheme_use"], DAY)
    checked, pairs, users = 0, 0, 0
    by_group = {g: [0, 0] for g in ("bijstand", "work")}
    for scheme, _ in rulebook.municipalities["zoetermeer"].schemes_on(DAY):
        eligible = result.filter(pl.col(f"{scheme.id}__status") == "eligible").with_columns(
            uses=pl.col("household_id").is_in(used.filter(pl.col("scheme") == scheme.id)["household_id"].implode()))
        if eligible.height < 300:
            continue
        expected = sum(take_up_rate(scheme.id, g, sp) for g, sp in eligible.select("group", "single_parent").iter_rows())
        n, rate = eligible.height, eligible["uses"].mean()
        mean = expected / n
        assert abs(rate - mean) <= 4 * math.sqrt(mean * (1 - mean) / n) + 0.01, (scheme.id, rate, mean)
        assert 0 < eligible["uses"].sum() < n         # non-users exist
        checked, pairs, users = checked + 1, pairs + n, users + eligible["uses"].sum()
        for g in by_group:
            sub = eligible.filter(pl.col("group") == g)
            by_group[g][0] += sub.height
            by_group[g][1] += sub["uses"].sum()
    assert checked >= 6
    assert 0.40 <= users / pairs <= 0.60               # seeds N8: about half of the entitled are not reached
    assert by_group["bijstand"][1] / by_group["bijstand"][0] > by_group["work"][1] / by_group["work"][0] + 0.1
    # a few households that are not eligible still use a scheme (an earlier grant that has not ended)
    not_eligible = result.filter(pl.col("zoetermeerpas__status") == "not_eligible")["household_id"]
    stale = used.filter((pl.col("scheme") == "zoetermeerpas") & pl.col("household_id").is_in(not_eligible.implode()))
    zoetermeerpas_users = used.filter(pl.col("scheme") == "zoetermeerpas").height
    assert 0 < stale.height <= 0.10 * zoetermeerpas_users
    assert (stale["until"] == date(2026, 12, 31)).all()


def test_take_up_rates_are_those_of_the_table():
    assert take_up_rate("zoetermeerpas", "other") == 0.50
    assert take_up_rate("kwijtschelding_gemeentelijke_belastingen", "other") == 0.55
    assert take_up_rate("minimaregelingen", "other") == 0.60
    assert take_up_rate("zoetermeerpas", "bijstand") == pytest.approx(0.60)
    assert take_up_rate("zoetermeerpas", "work") == pytest.approx(0.40)
    assert take_up_rate("zoetermeerpas", "bijstand", True) == pytest.approx(0.66)
    assert take_up_rate("tegemoetkoming_schoolkosten", "bijstand", True) <= 0.95
