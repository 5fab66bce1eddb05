"""The ``meedoen`` command: check a household, and tools for rulebook authors."""

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from .rules import load_rulebook
from .rules.errors import InputError, Problem
from .rules.household import parse_household
from .rules.evaluate import evaluate
from .rules.explain import format_date, unverified_notice
from .rules.money import format_eur

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
MARK = {"eligible": "[ja]", "not_eligible": "[nee]", "undetermined": "[?]"}
CONDITION_MARK = {True: "✓", False: "✗", None: "?"}  # as on the resident's result page
STATUS_TEXT = {
    "eligible": ("U komt in aanmerking", "You qualify"),
    "not_eligible": ("U komt niet in aanmerking", "You do not qualify"),
    "undetermined": ("Nog niet te zeggen", "Cannot say yet"),
}


def parse_date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)")


def count(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def read_json(path):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError([Problem(str(path), f"cannot read file: {exc.strerror}")])
    except UnicodeDecodeError:
        raise InputError([Problem(str(path), "file is not UTF-8 text")])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(f"{path}:{exc.lineno}:{exc.colno}", f"not valid JSON: {exc.msg}")])


def cmd_check(args, out):
    rulebook = load_rulebook(args.rulebook)
    day = args.date or date.today()
    data = read_json(args.household)
    if args.move_to and isinstance(data, dict):
        data = {**data, "municipality": args.move_to, "district": None}
    try:
        household = parse_household(data, on=day)
    except InputError as exc:
        raise InputError([Problem(f"{args.household}: {p.where}", p.what) for p in exc.problems])
    result = evaluate(rulebook, household, day, municipality=args.municipality)
    if args.json:
        json.dump(result, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print_result(result, args.lang, out)
    return EXIT_OK


def print_result(r, lang, out):
    i = 0 if lang == "nl" else 1
    w = out.write
    sm, inc = r["social_minimum"], r["income"]
    w(f"{r['municipality']['name']}, {format_date(date.fromisoformat(r['date']), lang)}\n\n")
    if r.get("provisional"):  # past the last period of the national norms: the last known values, once
        w(f"{r['provisional']['text'][lang]}\n")
        names = ", ".join(sorted({c["parameter"] for c in r["provisional"]["carried_forward"]}))
        w(("  Voortgezet: " if i == 0 else "  Carried forward: ") + names + "\n\n")
    if r.get("ended_schemes"):
        ends = sorted({s["valid_to"] for s in r["ended_schemes"]})
        w((f"{len(r['ended_schemes'])} regelingen van de gemeente lopen in dit regelboek tot en met {', '.join(ends)}.\n\n"
           if i == 0 else
           f"{len(r['ended_schemes'])} municipal schemes in this rulebook end on {', '.join(ends)}.\n\n"))
    notice = unverified_notice(r)
    if notice:  # values tagged U: said once, not per scheme
        w(f"{notice[lang]}\n\n")
    if sm["cents"] is not None:
        w(("Sociaal minimum: " if i == 0 else "Social minimum: ") + format_eur(sm["cents"], lang) + ("/maand\n" if i == 0 else "/month\n"))
        for s in sm["steps"]:
            w(f"  {s[lang]}\n")
    else:
        w("Sociaal minimum: nog onbekend\n" if i == 0 else "Social minimum: not known yet\n")
        if sm["gap"]:
            w(f"  {sm['gap'][lang]}\n")
    for s in inc["steps"]:
        w(f"  {s[lang]}\n")
    w("\n")
    for s in r["schemes"]:
        w(f"{MARK[s['status']]} {s['name'][lang]}: {STATUS_TEXT[s['status']][i]}\n")
        if s["status"] == "eligible":
            w(f"    {s['amount_text'][lang]}\n")
        if s["reason"]:
            w(f"    {s['reason'][lang]}\n")
        for c in s["conditions"]:
            w(f"    - {CONDITION_MARK[c['result']]} {c['text'][lang]}\n")
            w(f"      ({'bron' if i == 0 else 'source'}: {c['source']})\n")
        for limit in s["income_limits"]:
            if limit["text"]:
                w(f"    {'Afstand' if i == 0 else 'Distance'}: {limit['text'][lang]}\n")
        for change in s["what_would_change"]:
            w(f"    {'Wat het verandert' if i == 0 else 'What would change it'}: {change[lang]}\n")
        w("\n")
    if r["facts_needed"]:
        w("Nog nodig, belangrijkste eerst:\n" if i == 0 else "Still needed, most decisive first:\n")
        for f in r["facts_needed"]:
            w(f"  - {f['label'][lang]} [{f['fact']}] ({len(f['schemes'])})\n")
        w("\n")
    rc = r["receipt"]
    w(f"{'Bewijs' if i == 0 else 'Receipt'}: rulebook {rc['rulebook_version']} sha256:{rc['rulebook_hash']}, engine {rc['engine_version']}\n")


def cmd_validate(args, out):
    from .rules.expiry import WARN_DAYS, grouped, running_out

    rulebook = load_rulebook(args.rulebook)
    schemes = sum(len(m.schemes) for m in rulebook.municipalities.values())
    out.write(f"ok: {rulebook.path}: {len(rulebook.municipalities)} municipalities, {schemes} schemes, "
              f"{len(rulebook.tests)} tests; version {rulebook.version}, sha256:{rulebook.hash}\n")
    today = args.today or date.today()
    for file, end, names in grouped(running_out(rulebook, today, WARN_DAYS)):  # a warning, not a failure
        when = "ended" if end < today else "ends"
        out.write(f"warning: {file}: the last period {when} on {end} (within {WARN_DAYS} days of {today}); after it "
                  f"checks carry these forward, marked provisional: {', '.join(names)}\n")
    return EXIT_OK


def cmd_test(args, out):
    from .rules.testing import run_tests

    rulebook = load_rulebook(args.rulebook)
    results = run_tests(rulebook, args.municipality)
    failed = [r for r in results if not r.passed]
    for r in results:
        if not r.passed or args.verbose:
            out.write(f"{'FAIL' if r.failures else 'ok'} {r.where} {r.test.name}\n")
            for f in r.failures:
                out.write(f"    {f}\n")
    out.write(f"{len(results) - len(failed)} passed, {len(failed)} failed\n")
    return EXIT_FAILED if failed or not results else EXIT_OK


def cmd_list(args, out):
    rulebook = load_rulebook(args.rulebook)
    day = args.date
    for m in rulebook.municipalities.values():
        if args.municipality and rulebook.municipality(args.municipality) is not m:
            continue
        out.write(f"{m.name} ({m.id}, {m.cbs_code})\n")
        for scheme in m.schemes:
            versions = [v for v in scheme.versions if day is None or v.valid_from <= day <= v.valid_to]
            for v in versions:
                limits = ", ".join(
                    f"{'>' if c.kind == 'income_above' else '<='}{c.params['percent']}%"
                    for c in v.conditions if c.kind in ("income_at_most", "income_above")
                ) or "-"
                kind = "individual" if v.individual_assessment else "rules"
                out.write(f"  {scheme.id:45} {v.valid_from}..{v.valid_to}  income {limits:14} {kind:10} {scheme.name[args.lang]}\n")
    return EXIT_OK


def cmd_diff(args, out):
    from .rules.diff import diff_rulebooks

    old, new = load_rulebook(args.old), load_rulebook(args.new)
    if args.impact:
        return _impact(old, new, args, out)
    report = diff_rulebooks(old, new, args.population, args.date or date.today(), limit=args.show)
    if args.json:
        json.dump(report, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    out.write(f"old: {old.version} sha256:{old.hash[:12]}  new: {new.version} sha256:{new.hash[:12]}  "
              f"households: {report['households']}  date: {report['date']}\n")
    if not report["changes"]:
        out.write("no household changes outcome\n")
    for change in report["changes"]:
        out.write(f"{change['municipality']}/{change['scheme']}: {change['from']} -> {change['to']}: "
                  f"{change['count']} households (e.g. {', '.join(change['examples'])})\n")
    for note in report["notes"]:
        out.write(f"note: {note}\n")
    return EXIT_OK


def _impact(old, new, args, out):
    """``rules diff --impact``: who gains or loses eligibility per scheme, and the yearly cost."""
    from .population.generator import read_jsonl
    from .reach.impact import council_impact, summary_lines
    from .rules.bulk import frames_from_households

    if not args.municipality:
        raise InputError([Problem("--municipality", "--impact needs the municipality whose schemes change")])
    day = args.date or date.today()
    raw, problems = read_jsonl(args.population)
    households, members, invalid = frames_from_households(raw, day)
    report = council_impact(old, new, households, members, day, args.municipality, take_up_percent=args.take_up)
    report["notes"] = [str(p) for p in problems + invalid] + list(report.get("notes", []))
    if args.json:
        json.dump(report, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for line in summary_lines(report, args.lang):
            out.write(line + "\n")
    return EXIT_OK


def cmd_generate(args, out):
    from .population.generator import generate_households, write_jsonl

    rulebook = load_rulebook(args.rulebook)
    if rulebook.municipality(args.municipality) is None:
        raise InputError([Problem("--municipality", f"unknown municipality {args.municipality!r}")])
    households = generate_households(args.households, seed=args.seed, municipality=args.municipality)
    count = write_jsonl(households, args.out)
    out.write(f"wrote {count} synthetic households to {args.out}\n")
    return EXIT_OK


def build_parser():
    parser = argparse.ArgumentParser(prog="meedoen", description="Meedoen: municipal poverty schemes as code.")
    parser.add_argument("--rulebook", help="rulebook folder (default: the packaged rulebook)")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="what one household is entitled to, and why")
    check.add_argument("household", help="household JSON file (see docs/household-format.md)")
    check.add_argument("--date", type=parse_date, help="evaluation date YYYY-MM-DD (default: today)")
    check.add_argument("--municipality", help="evaluate with MUNICIPALITY's rulebook, residence as given")
    check.add_argument("--move-to", metavar="MUNICIPALITY",
                       help="check as if the household lived in MUNICIPALITY (what changes if we move?)")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument("--lang", choices=["nl", "en"], default="nl")
    check.set_defaults(func=cmd_check)

    rules = sub.add_parser("rules", help="tools for rulebook authors")
    rsub = rules.add_subparsers(dest="rules_command", required=True)
    validate = rsub.add_parser("validate", help="check the rulebook files; warn about norms and parameters running out")
    validate.add_argument("--today", type=parse_date, help="the date to warn from (default today; YYYY-MM-DD)")
    validate.set_defaults(func=cmd_validate)
    test = rsub.add_parser("test", help="run the YAML test cases next to the schemes")
    test.add_argument("--municipality")
    test.add_argument("-v", "--verbose", action="store_true")
    test.set_defaults(func=cmd_test)
    lst = rsub.add_parser("list", help="list schemes and their validity periods")
    lst.add_argument("--municipality")
    lst.add_argument("--date", type=parse_date)
    lst.add_argument("--lang", choices=["nl", "en"], default="nl")
    lst.set_defaults(func=cmd_list)
    diff = rsub.add_parser("diff", help="which households change outcome between two rulebook versions")
    diff.add_argument("old", help="old rulebook folder")
    diff.add_argument("new", help="new rulebook folder")
    diff.add_argument("--population", required=True, help="households, one JSON object per line (.jsonl)")
    diff.add_argument("--date", type=parse_date)
    diff.add_argument("--show", type=count, default=5, help="example household ids per change")
    diff.add_argument("--json", action="store_true")
    diff.add_argument("--impact", action="store_true",
                      help="council decision impact: gains, losses and yearly cost per scheme (needs --municipality)")
    diff.add_argument("--municipality", help="with --impact: the municipality whose schemes change")
    diff.add_argument("--take-up", type=float, default=100, help="with --impact: take-up percentage for the cost (default 100)")
    diff.add_argument("--lang", choices=["nl", "en"], default="nl")
    diff.set_defaults(func=cmd_diff)

    population = sub.add_parser("population", help="synthetic populations (never real people)")
    psub = population.add_subparsers(dest="population_command", required=True)
    gen = psub.add_parser("generate", help="write a deterministic synthetic population as JSON lines")
    gen.add_argument("--households", type=count, default=1000)
    gen.add_argument("--seed", type=int, default=2026)
    gen.add_argument("--municipality", default="zoetermeer")
    gen.add_argument("--out", required=True)
    gen.set_defaults(func=cmd_generate)

    from .reach.cli import add_commands

    add_commands(sub, parse_date, count)
    return parser


def main(argv=None, out=None, err=None):
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args, out)
    except BrokenPipeError:  # output piped into e.g. head
        return EXIT_OK
    except OSError as exc:  # a file that cannot be read or written
        err.write(f"meedoen: {exc.filename}: {exc.strerror}\n")
        return EXIT_BAD_INPUT
    except InputError as exc:
        err.write(f"meedoen: {len(exc.problems)} problem(s):\n")
        for p in exc.problems:
            err.write(f"  {p}\n")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
