"""Plain Dutch (B1) and plain English: every text the engine shows a person reads right.

Every example household and every household of the rulebook's YAML test cases is evaluated on a few dates, with
each municipality; every text a person sees (explanations, condition texts, what would change, notes, labels,
notices) is collected per language and checked: no working-file names or line numbers, no identifiers with
underscores, no sentence over 25 words, no English function words in Dutch. Citations ('Bron: ...' steps and the
``source`` fields) name their source as it is written, so they are left out of the sentence and identifier checks;
on a Dutch page their own words (the explanation in brackets, 'en' between articles) must be Dutch too, only a
passage quoted in '...' and a web address are left as they are. The scheme's summary (the rulebook's own
description of the scheme, not a text about this household) is left out.
"""

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from meedoen.cli import main
from meedoen.rules import load_rulebook
from meedoen.rules.errors import InputError
from meedoen.rules.evaluate import evaluate
from meedoen.rules.explain import unverified_notice
from meedoen.rules.sources import internal_reason

RULEBOOK = load_rulebook()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "households"
LAST = RULEBOOK.covered[1]
DAYS = (date(2024, 6, 1), date(2025, 3, 1), date(2026, 6, 1), LAST + timedelta(days=40))  # the last: provisional
MAX_WORDS = 25
CITATION = re.compile(r"^(Bron|Source): ")
URL = re.compile(r"https?://\S+|www\.\S+|\b[\w.-]+\.(?:nl|com|org)\b\S*")
FILE_OR_LINE = re.compile(r"\b[\w./-]+\.(?:ya?ml|json|md|py|ts|txt)\b|\b(?:line|lines|regel|regels)\s+\d|\w\.ya?ml:\d+", re.I)
UNDERSCORE_ID = re.compile(r"\b\w+_\w+\b|\b\w+\[\d+\]")  # a code such as single_21_aow or members[1]
# Common English words that are not Dutch words ('is', 'in', 'de', 'of', 'was', 'over' are Dutch too).
ENGLISH = frozenset("""the and are not with for income you your this that which has have from than more less above
below limit assets household only would should can does were will at to it if when or unverified verified please
note state pension allowance benefit their there these those what who by since age child children municipality
residents debts schemes stated""".split())
WORD = re.compile(r"[^\W\d_][\w'’-]*")
QUOTED = re.compile(r"(?<!\w)'[^']*'(?!\w)")  # a passage quoted from the source: its words are the source's own


def strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from strings(value)
    elif isinstance(node, str):
        yield node


def texts(result):
    """{lang: [text]} of everything the result shows a person (not the ids, codes and source citations)."""
    shown = [result["social_minimum"]["steps"], result["social_minimum"]["gap"], result["income"]["steps"],
             [f["label"] for f in result["facts_needed"]], unverified_notice(result),
             (result["provisional"] or {}).get("text"), [s["name"] for s in result["ended_schemes"]]]
    for s in result["schemes"]:
        shown += [s["name"], s["reason"], s["amount_text"], s["what_would_change"], s["how_to_apply"],
                  s["note"], [h["helps_with"] for h in s["helpers"]], [c["text"] for c in s["conditions"]],
                  [c["gap"] for c in s["conditions"]], [limit["text"] for limit in s["income_limits"]]]
    for key in ("money_left", "payment_capacity"):
        if result.get(key):
            shown.append(result[key]["steps"])
    out = {"nl": [], "en": []}

    def walk(node):
        if isinstance(node, dict) and set(node) == {"nl", "en"}:
            for lang in out:
                out[lang].append(node[lang])
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)

    walk(shown)
    return out


def citations(result):
    """Every source citation the result shows next to its Dutch texts (conditions, schemes, norms, receipt)."""
    shown = [result["social_minimum"]["percentage_base_source"]]
    shown += [u["source"] for u in result["receipt"]["unverified_parameters"]]
    shown += (result.get("payment_capacity") or {}).get("sources", [])
    for s in result["schemes"]:
        shown += list(s["sources"]) + [c["source"] for c in s["conditions"]]
    return [text for text in shown if text]


def english_words(text):
    """The English words of a Dutch text, its web addresses and quoted passages left out."""
    plain = QUOTED.sub("", URL.sub("", text))
    return sorted({w for w in (m.lower() for m in WORD.findall(plain)) if w in ENGLISH})


def citation_problems(text):
    """What is wrong with a citation shown on a Dutch page: an English explanation or connecting word."""
    english = english_words(text)
    return [f"English in citation {english}"] if english else []


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?:;])\s+", text) if s]


def problems(text, lang):
    """What is wrong with one shown text, as short strings (empty: nothing)."""
    found = []
    if internal_reason(text) or FILE_OR_LINE.search(text):
        found.append("names a working file or line")
    if CITATION.match(text):  # a source as its author wrote it, but explained in the page's language
        return found + (citation_problems(text) if lang == "nl" else [])
    plain = URL.sub("", text)
    found += [f"identifier {m!r}" for m in UNDERSCORE_ID.findall(plain)]
    for sentence in sentences(plain):
        words = [w for w in sentence.split() if re.search(r"\w", w)]
        if len(words) > MAX_WORDS:
            found.append(f"{len(words)} words: {sentence!r}")
    if lang == "nl":
        english = english_words(plain)
        if english:
            found.append(f"English {english}")
    return found


def households():
    """(name, household, municipality, days) for every example and every YAML test case."""
    for path in sorted(EXAMPLES.glob("*.json")):
        yield path.name, json.loads(path.read_text(encoding="utf-8")), None, DAYS
    for case in RULEBOOK.tests:
        yield f"{case.municipality}:{case.name}", case.household, case.municipality, (case.date,) + DAYS


CASES = list(households())


def shown_texts(household, municipality, days):
    """[(where, lang, text)] over the municipalities and days the household can be evaluated on."""
    munis = [municipality] if municipality else list(RULEBOOK.municipalities)
    found = []
    for muni in munis:
        for day in days:
            try:
                result = evaluate(RULEBOOK, household, day, municipality=muni, money=True)
            except InputError:
                continue  # e.g. a birth date after the day: not a result anyone sees
            for lang, items in texts(result).items():
                found += [(f"{muni} {day}", lang, t) for t in items if t]
            found += [(f"{muni} {day}", "citation", t) for t in citations(result)]
    return found


@pytest.mark.parametrize("name, household, municipality, days", CASES, ids=[c[0] for c in CASES])
def test_every_shown_text_is_plain(name, household, municipality, days):
    shown = shown_texts(household, municipality, days)
    assert shown, "nothing was evaluated"
    bad = sorted({f"{where} [{lang}] {p}: {text}" for where, lang, text in shown
                  for p in (citation_problems(text) if lang == "citation" else problems(text, lang))})
    assert bad == [], "\n".join(bad[:20])


def test_the_checks_catch_what_they_are_for():
    assert problems("Klopt niet: in het huishouden is de aanvrager, are not income.", "nl") == ["English ['are', 'income', 'not']"]
    assert problems("Let op, niet geverifieerd: bijstandsnorm single_21_aow excl_vt", "nl") == [
        "identifier 'single_21_aow'", "identifier 'excl_vt'"]
    assert problems("Zie anchors-nl-scheme-products.md regel 12.", "nl") == ["names a working file or line"]
    assert problems(" ".join(["woord"] * 26) + ".", "nl")[0].startswith("26 words")
    # Dutch words that look English are fine.
    assert problems("Uw inkomen is in de maand van de aanvraag hoger of lager.", "nl") == []
    # A citation keeps its titles and quotes, but its explanation is in the page's language.
    assert problems("Bron: Participatiewet art. 31 lid 2 (kinderbijslag en huurtoeslag zijn geen inkomen).", "nl") == []
    assert problems("Bron: Participatiewet art. 31 lid 2 (kinderbijslag and huurtoeslag are not income).", "nl") == [
        "English in citation ['and', 'are', 'income', 'not']"]
    assert problems("Source: Participatiewet art. 31 lid 2 (kinderbijslag and huurtoeslag are not income).", "en") == []
    assert citation_problems("Participatiewet art. 35 and art. 40 (the municipality of residence)") == [
        "English in citation ['and', 'municipality', 'the']"]
    assert citation_problems("Verwey-Jonker Instituut, 'Samen voor succes' (2010), par. 2.4: 'De norm voor ondersteunende "
                             "maatregelen ... is 120%'; https://www.zoetermeer.nl/the-and-for") == []


def rulebook_citations(node, keys=()):
    """(keys, text) of every shown citation in a rulebook file: ``source``, ``sources`` and ``legal_source`` texts
    and the Dutch ``note``/``amount_note`` texts; ``provenance`` is internal, the income codes are not citations."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "provenance" and not (key == "sources" and keys[-1:] == ("counted_income_sources",)):
                yield from rulebook_citations(value, keys + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from rulebook_citations(value, keys + (index,))
    elif isinstance(node, str):
        named = [k for k in keys if isinstance(k, str)]
        if any(k in ("source", "sources", "legal_source") for k in named) or (
                named[-1:] == ["nl"] and any(k in ("note", "amount_note") for k in named)):
            yield keys, node


def test_every_citation_in_the_rulebook_is_explained_in_dutch():
    """Also the sources no household above reaches: side files (deadlines, thresholds, casework), proactive grounds."""
    import yaml

    root = Path(RULEBOOK.path)
    files = [f for f in sorted(root.rglob("*.yaml")) if not f.name.endswith(".tests.yaml") and "tests" not in f.parts]
    found = [(f.relative_to(root), keys, text) for f in files
             for keys, text in rulebook_citations(yaml.safe_load(f.read_text(encoding="utf-8")))]
    assert len(found) > 100 and any("legal_source" in keys for _, keys, _ in found)
    bad = [f"{f} {'.'.join(map(str, keys))}: {p}: {text}" for f, keys, text in found for p in citation_problems(text)]
    assert bad == [], "\n".join(bad)


def test_condition_texts_have_no_double_negative_and_say_the_facts():
    data = json.loads((EXAMPLES / "eenoudergezin-115-procent.json").read_text(encoding="utf-8"))
    result = evaluate(RULEBOOK, data, date(2026, 6, 1))
    income = [c for s in result["schemes"] for c in s["conditions"] if c["kind"] in ("income_at_most", "income_above")]
    assert income
    for c in income:
        limit = next(limit for s in result["schemes"] for limit in s["income_limits"] if limit["condition"] == c["id"])
        assert result["income"]["cents"] > limit["limit_cents"] or result["income"]["cents"] <= limit["limit_cents"]
        above = result["income"]["cents"] > limit["limit_cents"]
        assert (" Dat is meer dan de grens" in c["text"]["nl"]) == above, c["text"]["nl"]
        assert (" Dat is niet meer dan de grens" in c["text"]["nl"]) == (not above), c["text"]["nl"]
        assert ("That is more than the limit" in c["text"]["en"]) == above
    every = [c["text"]["nl"] for s in result["schemes"] for c in s["conditions"]]
    assert not any(t.startswith(("Klopt niet:", "Klopt:", "Nog onbekend:")) for t in every)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_check_says_not_verified_once(lang, tmp_path):
    path = EXAMPLES / "eenoudergezin-115-procent.json"
    result = evaluate(RULEBOOK, json.loads(path.read_text(encoding="utf-8")), date(2026, 6, 1))
    notice = unverified_notice(result)
    assert notice and sum(1 for s in result["schemes"] if s["unverified"]) > 1  # several schemes, one notice
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(path), "--date", "2026-06-01", "--lang", lang], out=out, err=err) == 0, err.getvalue()
    text = out.getvalue()
    assert text.count(notice[lang]) == 1
    assert "single_21_aow" not in text and "excl_vt" not in text
    cited = ("(bron:", "(source:", "Bron:", "Source:")
    skip = cited + ("Bewijs:", "Receipt:", "Voortgezet:", "Carried forward:")
    # a needed fact ends with its JSON path for the rulebook author, e.g. '[members[0].birth_date] (2)'
    lines = [re.sub(r" \[\S+\] \(\d+\)$", "", line.strip()) for line in text.splitlines()]
    bad = [(line, p) for line in lines if line and not line.startswith(skip) for p in problems(line, lang)]
    if lang == "nl":  # the sources next to the Dutch texts are explained in Dutch too
        sources = [line for line in lines if line.startswith(cited)]
        assert sources
        bad += [(line, p) for line in sources for p in citation_problems(line)]
    assert bad == []


def test_no_notice_without_unverified_values():
    data = json.loads((EXAMPLES / "eenoudergezin-115-procent.json").read_text(encoding="utf-8"))
    result = evaluate(RULEBOOK, data, date(2026, 6, 1))
    assert unverified_notice({**result, "receipt": {**result["receipt"], "unverified_parameters": []}}) is None


# -- the resident's result page and print page: the notice once, not per scheme ------------------------------------

@pytest.fixture
def portal_municipalities(db):
    from meedoen.municipalities.rulebook import sync_municipalities

    return sync_municipalities()


def _portal_result(client, lang, action):
    import html

    def hidden(response, name):
        text = response.content.decode()
        text = text[text.index('action="/check/"'):]
        return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', text).group(1))

    start = {"municipality": "zoetermeer", "applicant_birth_date": "01-05-1990", "has_partner": "no",
             "child_1": "01-03-2015", "lang": lang}
    questions = client.post("/", start)
    assert questions.status_code == 200
    response = client.post("/check/", {"household": hidden(questions, "household"), "asked": hidden(questions, "asked"),
                                       "skipped": "", "action": action, "lang": lang})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("action", ["result", "print"])
def test_result_pages_say_not_verified_once(client, portal_municipalities, monkeypatch, lang, action):
    from meedoen.rules.explain import UNVERIFIED_NOTICE

    monkeypatch.setenv("MEEDOEN_CHECK_DATE", "2026-06-01")  # the 2026 norms are tagged U
    page = _portal_result(client, lang, action)
    assert page.count(UNVERIFIED_NOTICE[lang]) == 1
    assert page.count('id="unverified-notice"') == 1
    assert "single_21_aow" not in page and "excl_vt" not in page
    from meedoen.portal.texts import TEXTS

    per_scheme = TEXTS["unverified"][0 if lang == "nl" else 1]
    assert per_scheme not in page  # not once more per scheme



def test_every_member_filter_reads_as_plain_text_in_every_state():
    """Also the statuses and role mixes the packaged rulebook does not use yet."""
    from types import SimpleNamespace

    from meedoen.rules.context import Derived
    from meedoen.rules.explain import SAY_STATUS, condition_text
    from meedoen.rules.model import Condition

    ctx = SimpleNamespace(municipality=SimpleNamespace(name="Zoetermeer"))
    roles_options = (["applicant"], ["partner"], ["applicant", "partner"], ["child"], ["other"], ["child", "other"])
    filters = [{}, {"age_min": 18, "age_max": 64}, {"age_min": 65}, {"age_max": 17}, {"age_min": 21, "below_aow_age": True},
               {"attends_school": True}, {"attends_school": False}]
    filters += [{"statuses": {s: wanted}} for s in SAY_STATUS for wanted in (True, False)]
    seen = set()
    for roles in roles_options:
        for extra in filters:
            for negate in (False, True):
                params = {"roles": roles, **extra, **({"negate": True} if negate else {})}
                cond = Condition(id="c", kind="member_exists", params=params, source="s")
                for value in (True, False, None):
                    text = condition_text(cond, Derived(value, detail={"matching": [], "count": 0}), ctx)
                    for lang in ("nl", "en"):
                        assert problems(text[lang], lang) == [], (params, value, text[lang])
                        assert "  " not in text[lang] and " ." not in text[lang], text[lang]
                    seen.add(text["nl"])
    assert len(seen) > 200  # the texts differ by filter and state
    assert "U bent 65 jaar of ouder." in seen
    assert "In uw huishouden woont een kind dat naar school gaat." in seen
    assert "Voorwaarde: uw partner krijgt geen AOW. Dat weten we nog niet." in seen
