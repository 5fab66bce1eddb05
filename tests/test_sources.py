"""Sources a person can look up (issue 12 point 1).

The rulebook's shown sources name laws, ordinances and documents by their public titles; a source that names a
working file or a line number is refused by ``meedoen rules validate`` with its file:line; and what residents and
staff read (explanations, ``meedoen check``, letters, workspace scheme pages) carries no working-file names.
"""

import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from meedoen.cli import main
from meedoen.reach.letters import TEXTS, decision_ground, rule_reasons
from meedoen.rules import RulebookError, default_rulebook_path, load_rulebook
from meedoen.rules.evaluate import evaluate
from meedoen.rules.sources import internal_reason
from meedoen.workspace.overview import overview

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "households"
II = "municipalities/zoetermeer/schemes/individuele_inkomenstoeslag.yaml"
DAYS = (date(2024, 6, 1), date(2025, 3, 1), date(2026, 3, 1), date(2026, 9, 1))

# Independent of sources.py: the working files and notation this project's notes use.
LEAKS = re.compile(r"\bseeds?\s*0\d\d|\bseeds?-\w|\.md\b|\blines?\s+\d|\bregels?\s+\d|§\s*\d+\.\d|\bsrc/|"
                   r"unnamed code|code repositor|anchors-|dutch-parameters|shared/domain|constants\.ts", re.I)


def strings(node):
    """Every string inside a JSON-like value."""
    if isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from strings(value)
    elif isinstance(node, str):
        yield node


def leaks(texts):
    return sorted({t for t in texts if LEAKS.search(t)})


@pytest.fixture(scope="module")
def rulebook():
    return load_rulebook()


@pytest.fixture
def book(tmp_path):
    dest = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_path(), dest)
    return dest


def validate(book):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--rulebook", str(book), "rules", "validate"], out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def replace_line(book, rel, old, new):
    """Replace ``old`` on the first line that has it; return that line's 1-based number."""
    path = book / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines, start=1):
        if old in line:
            lines[number - 1] = line.replace(old, new, 1)
            path.write_text("\n".join(lines), encoding="utf-8")
            return number
    raise AssertionError(f"{old!r} not in {rel}: the rulebook changed, update the test")


# -- the data -------------------------------------------------------------------------------------------------------

def test_every_shown_source_of_the_packaged_rulebook_is_public(rulebook):
    found = []
    for muni in rulebook.municipalities.values():
        for scheme in muni.schemes:
            for v in scheme.versions:
                found += list(v.sources) + [c.source for c in v.conditions] + [v.benefit.source, v.proactive.source]
        found += [o.source for o in muni.organisations.values()]
        found += [s.base.source for s in muni.settings] + [s.counted_income.source for s in muni.settings]
    for period in rulebook.norm_periods:
        found += [a.source for by_vt in period.norms.values() for a in by_vt.values()]
    for period in rulebook.parameter_periods:
        found += [p.source for p in period.values.values()]
    assert len(found) > 150
    assert leaks(found) == []
    # the provenance stays in the files, for authors
    text = (default_rulebook_path() / II).read_text(encoding="utf-8")
    assert "provenance:" in text and "seed 003" in text


def test_a_source_without_public_source_says_so_in_words():
    text = (default_rulebook_path() / II).read_text(encoding="utf-8")
    assert "niet openbaar gevonden" in text


@pytest.mark.parametrize("bad", [
    "seed 003 line 142",
    "anchors-nl-scheme-products.md §6.2",
    "dutch-parameters.md §1.2 (unnamed code repository, src/constants.ts; no URL)",
    "Kadernota Zoetermeer, lines 731-768",
])
def test_validate_refuses_a_working_file_source_with_file_line(book, bad):
    line = replace_line(book, II, 'source: "gemeente Zoetermeer', f'source: "{bad}; gemeente Zoetermeer')
    code, text = validate(book)
    assert code != 0
    assert f"{II}:{line}" in text and "not a public source" in text
    with pytest.raises(RulebookError):
        load_rulebook(book)


def test_the_same_text_is_allowed_in_provenance(book):
    replace_line(book, II, 'provenance: "', 'provenance: "seed 003 line 142; ')
    code, text = validate(book)
    assert code == 0, text


def test_validate_refuses_working_files_in_notes_and_list_sources(book):
    line = replace_line(book, II, '- "gemeente Zoetermeer', '- "see seeds-itj.md; gemeente Zoetermeer')
    code, text = validate(book)
    assert code != 0 and f"{II}:{line}" in text


def test_validate_checks_the_side_files(book):
    rel = "municipalities/zoetermeer/casework.yaml"
    line = replace_line(book, rel, 'source: "Integraal', 'source: "seed 000 lines 1528-1532; Integraal')
    code, text = validate(book)
    assert code != 0 and f"{rel}:{line}" in text


@pytest.mark.parametrize("text, bad", [
    ("Participatiewet art. 22a, https://wetten.overheid.nl/BWBR0015703", False),
    ("Besluit gemeentelijke schuldhulpverlening paragraaf 2 (Stb. 2020, 240)", False),
    ("bron: beleidsregel gemeente Zoetermeer, niet openbaar gevonden", False),
    ("seed 004 lines 750-751", True),
    ("regel 141 van de nota", True),
    ("src/constants.ts", True),
])
def test_internal_reason(text, bad):
    assert (internal_reason(text) is not None) == bad


# -- what people read -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("household", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_explanations_in_both_languages_cite_no_working_files(rulebook, household):
    data = json.loads((EXAMPLES / household).read_text(encoding="utf-8"))
    shown = []
    for muni in rulebook.municipalities:
        for day in DAYS:
            result = evaluate(rulebook, data, day, municipality=muni, money=True)
            texts = list(strings(result))
            shown += texts
            assert leaks(texts) == [], (muni, day)
        for lang in ("nl", "en"):
            out, err = io.StringIO(), io.StringIO()
            code = main(["check", str(EXAMPLES / household), "--municipality", muni, "--date", "2026-03-01",
                         "--lang", lang], out=out, err=err)
            assert code == 0, err.getvalue()
            assert leaks(out.getvalue().splitlines()) == [], (muni, lang)
    # the explanations do carry sources, and those are the public ones
    assert any("overheid.nl" in t or "zoetermeer.nl" in t or "Participatiewet" in t for t in shown)


def test_letters_and_scheme_pages_cite_no_working_files(rulebook):
    assert leaks(strings({k: list(v) for k, v in TEXTS.items()})) == []
    texts = []
    for slug, muni in rulebook.municipalities.items():
        for scheme in muni.schemes:
            for v in scheme.versions:
                for lang in ("nl", "en"):
                    texts.append(decision_ground(rulebook, slug, scheme, v, v.valid_from, lang))
                    texts += rule_reasons(muni, v, lang)
        texts += list(strings(overview(rulebook, muni)))
    assert any("wetten.overheid.nl" in t or "zoetermeer.nl" in t for t in texts)
    assert leaks(texts) == []


def test_reach_templates_print_no_working_files():
    root = Path(__file__).resolve().parent.parent / "src" / "meedoen" / "reach" / "templates"
    files = list(root.rglob("*.html")) + list(root.rglob("*.txt"))
    assert files
    for f in files:
        assert leaks(f.read_text(encoding="utf-8").splitlines()) == [], f
