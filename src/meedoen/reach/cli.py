"""The ``meedoen reach`` and ``meedoen register`` commands."""

import json
import sys

import polars as pl
from datetime import date
from pathlib import Path

from ..rules import default_rulebook_path, load_rulebook
from ..rules.errors import InputError, Problem

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _progress(label, enabled):
    """A tqdm progress bar on stderr (households done of total), or None when not wanted."""
    if not enabled:
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=0, unit=" households", unit_scale=True, desc=label, file=sys.stderr, leave=True)

    def update(done, total):
        bar.total = total
        bar.n = done
        bar.refresh()

    return update, bar


def _register(path):
    from .register.store import RegisterError, open_register

    try:
        return open_register(path)
    except RegisterError as exc:
        raise _input_error(path, exc)


def _input_error(path, exc):
    """An InputError for ``path`` whose message does not repeat the path."""
    text = str(exc)
    for prefix in (f"{path}: ", f"{Path(path)}: "):
        text = text[len(prefix):] if text.startswith(prefix) else text
    return InputError([Problem(str(path), text)])


def cmd_reach(args, out):
    from .figures import COMBINED

    from .register.store import RegisterError

    rulebook_path = args.rulebook or str(default_rulebook_path())
    rulebook = load_rulebook(rulebook_path)
    register = _register(args.register)
    day = args.date or register.reference_date or date.today()
    if rulebook.norms_on(day) is None:
        first, last = rulebook.covered
        raise InputError([Problem("--date", f"{day} is outside the rulebook's validity ({first} to {last})")])
    if args.municipality:
        known = rulebook.municipality(args.municipality)
        codes = {args.municipality} | ({known.id, known.cbs_code} if known else set())
        found = next((code for code in register.municipalities if code in codes), None)
        if found is None:
            raise InputError([Problem("--municipality", f"the register has no households of {args.municipality!r}; "
                                      f"it has: {', '.join(register.municipalities[:20])}")])
        args.municipality = found
    if args.out and Path(args.out).exists() and not args.overwrite:
        raise InputError([Problem(args.out, "already exists (use --overwrite to replace it)")])
    update, bar = _progress("reach", not args.quiet)
    try:
        if args.national:
            from .national import run_national

            if args.municipality:
                raise InputError([Problem("--national", "runs every municipality; leave out --municipality")])
            result = run_national(rulebook_path, register.path, day, args.out, scheduler=args.scheduler,
                                  workers=args.workers, progress=update, overwrite=args.overwrite)
        else:
            from .run import run_register

            result = run_register(rulebook, register, day, args.out, municipality=args.municipality,
                                  progress=update, overwrite=args.overwrite)
    except RegisterError as exc:
        raise _input_error(register.path, exc)
    except pl.exceptions.PolarsError as exc:  # a table with wrong columns or types
        raise InputError([Problem(str(register.path), f"a table does not have the register format "
                                  f"(docs/register-format.md): {str(exc).splitlines()[0]}")])
    finally:
        if bar is not None:
            bar.close()
    if args.json:
        json.dump({"receipt": result.receipt, "households": result.households, "figures": result.figures,
                   "outcomes": str(result.outcomes) if result.outcomes else None}, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return EXIT_OK
    i = 0 if args.lang == "nl" else 1
    names = {m.get("id", m.get("code")): m.get("name") for m in register.manifest.get("municipalities", [])
             if isinstance(m, dict) and m.get("name")}
    r = result.receipt
    out.write(f"{result.households:,} {'huishoudens' if i == 0 else 'households'}, {r['evaluated_on']}; "
              f"rulebook {r['rulebook_version']} sha256:{r['rulebook_hash'][:12]}, engine {r['engine_version']}\n")
    for code, entry in result.figures["municipalities"].items():
        name = names.get(code, entry["name"])
        known = rulebook.municipality(code)
        out.write(f"\n{name} ({known.cbs_code if known else code}): {entry['households']:,} "
                  f"{'huishoudens' if i == 0 else 'households'}\n")
        if not entry["schemes"]:
            out.write("  " + ("geen regelboek voor deze gemeente: geen gemeentelijke regelingen berekend\n" if i == 0
                              else "no rulebook for this municipality: no municipal schemes evaluated\n"))
            continue
        heads = (("recht", "eligible"), ("gebruikt", "use it"), ("niet bereikt", "not reached"),
                 ("bereik", "reach"), ("nog niet te zeggen", "cannot say yet"))
        out.write(f"  {'regeling' if i == 0 else 'scheme':48}" + "".join(f" {h[i]:>14}" for h in heads) + "\n")
        for scheme, data in entry["schemes"].items():
            if scheme == COMBINED:
                continue
            t = data["total"]
            cells = ["<10" if t["suppressed"] else f"{t[k]:,}" for k in ("eligible", "users", "non_users")]
            reach = "" if t["reach_percent"] is None else f"{t['reach_percent']:.1f}%"
            unknown = "<10" if t["suppressed"] else f"{t['undetermined']:,}"
            name = data["name"][args.lang]
            name = name if len(name) <= 48 else name[:47] + "…"
            out.write(f"  {name:48}" + "".join(f" {c:>14}" for c in (*cells, reach, unknown)) + "\n")
    if result.outcomes:
        out.write(f"\n{'uitkomsten per huishouden' if i == 0 else 'outcomes per household'}: {result.outcomes}\n")
    return EXIT_OK


def cmd_register_generate(args, out):
    from .register import synthetic

    from .register.store import RegisterError

    if args.households < 1:
        raise InputError([Problem("--households", "give at least 1 household")])
    if Path(args.out).exists() and not args.overwrite:
        raise InputError([Problem(args.out, "already exists (use --overwrite to replace it)")])
    update, bar = _progress("register", not args.quiet)
    try:
        if args.country:
            register = synthetic.generate_country(args.out, args.households, synthetic.default_country(args.households),
                                                  seed=args.seed, day=args.day, overwrite=args.overwrite, progress=update)
        else:
            rulebook = load_rulebook(args.rulebook or default_rulebook_path())
            if rulebook.municipality(args.municipality) is None:
                raise InputError([Problem("--municipality", f"unknown municipality {args.municipality!r}")])
            register = synthetic.generate_register(args.out, args.households, seed=args.seed,
                                                   municipality=args.municipality, day=args.day,
                                                   overwrite=args.overwrite, progress=update)
    except (RegisterError, ValueError) as exc:
        raise InputError([Problem(args.out, str(exc))])
    finally:
        if bar is not None:
            bar.close()
    out.write(f"wrote a synthetic register of {register.households:,} households in {len(register.parts)} parts "
              f"to {register.path}\n")
    return EXIT_OK


def cmd_register_import(args, out):
    import os

    from .register.importer import import_register

    key = os.environ.get("MEEDOEN_PSEUDONYM_KEY", "")
    if not key:
        raise InputError([Problem("MEEDOEN_PSEUDONYM_KEY", "set a secret key for the pseudonyms of citizen "
                                  "service numbers (keep it stable: the same key matches later imports)")])
    report = import_register(args.out, args.brp, benefits_path=args.benefits, incomes_path=args.incomes,
                             scheme_use_path=args.scheme_use, districts_path=args.districts, pseudonym_key=key,
                             municipality=args.municipality, reference_date=args.day or date.today(),
                             benefits_complete=args.benefits_complete, overwrite=args.overwrite)
    if args.report:
        Path(args.report).write_text(report.to_json(), encoding="utf-8")
    out.write(report.to_text(args.lang))
    return report.exit_code


def add_commands(sub, parse_date, count):
    """Add ``reach`` and ``register`` to the ``meedoen`` command's subparsers."""
    reach = sub.add_parser("reach", help="all schemes over a register: eligible non-users and reach per scheme")
    reach.add_argument("register", help="register folder (docs/register-format.md)")
    reach.add_argument("--out", help="folder for the per-household outcomes (Parquet) and figures")
    reach.add_argument("--date", type=parse_date, help="evaluation date (default: the register's reference date)")
    reach.add_argument("--municipality", help="only this municipality's households (CBS code or id)")
    reach.add_argument("--national", action="store_true", help="every municipality on Dask distributed")
    reach.add_argument("--scheduler", help="address of a Dask scheduler (default: a local cluster)")
    reach.add_argument("--workers", type=count, default=2, help="worker processes of the local cluster")
    reach.add_argument("--overwrite", action="store_true")
    reach.add_argument("--json", action="store_true")
    reach.add_argument("--quiet", action="store_true", help="no progress bar")
    reach.add_argument("--lang", choices=["nl", "en"], default="nl")
    reach.set_defaults(func=cmd_reach)

    register = sub.add_parser("register", help="make or import a register for reach runs")
    rsub = register.add_subparsers(dest="register_command", required=True)
    gen = rsub.add_parser("generate", help="a deterministic synthetic register (never real people)")
    gen.add_argument("--households", type=count, default=49_000)
    gen.add_argument("--seed", type=int, default=2026)
    gen.add_argument("--municipality", default="zoetermeer")
    gen.add_argument("--day", type=parse_date, default=date(2026, 3, 1))
    gen.add_argument("--country", action="store_true",
                     help="the whole country: Zoetermeer, Groningen and synthetic municipalities")
    gen.add_argument("--out", required=True)
    gen.add_argument("--overwrite", action="store_true")
    gen.add_argument("--quiet", action="store_true")
    gen.set_defaults(func=cmd_register_generate)
    imp = rsub.add_parser("import", help="a register from Haal Centraal BRP persons and benefits files")
    imp.add_argument("--brp", required=True, action="append", help="BRP persons (JSON, JSON lines); repeatable")
    imp.add_argument("--benefits", help="benefits export (CSV, docs/register-import.md)")
    imp.add_argument("--benefits-complete", action="store_true",
                     help="the benefits file holds every current benefit of the persons in it")
    imp.add_argument("--incomes", help="incomes (CSV)")
    imp.add_argument("--scheme-use", help="schemes in use (CSV)")
    imp.add_argument("--districts", help="postcode to district (CSV)")
    imp.add_argument("--municipality", help="CBS code, if the BRP file does not say")
    imp.add_argument("--day", type=parse_date, help="reference date (default: today)")
    imp.add_argument("--out", required=True)
    imp.add_argument("--report", help="write the import report as JSON here")
    imp.add_argument("--overwrite", action="store_true")
    imp.add_argument("--lang", choices=["nl", "en"], default="nl")
    imp.set_defaults(func=cmd_register_import)
