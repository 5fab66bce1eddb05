"""The council decision impact page (policy): a proposed rulebook against the current one over the municipality's
loaded register (its newest load) or a synthetic population, per scheme who gains or loses eligibility and the
yearly cost; the same table as CSV and PDF.

Proposed rulebooks are the folders (each with a ``rulebook.yaml``) in the directory of the setting
``MEEDOEN_PROPOSED_RULEBOOKS`` (or the environment variable of that name); only those can be chosen.
"""

import csv
import os
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from meedoen.municipalities.models import Municipality
from meedoen.municipalities.rulebook import current_rulebook
from meedoen.portal.views import check_date
from meedoen.rules import load_rulebook
from meedoen.rules.errors import InputError
from meedoen.web.language import current_language
from meedoen.workspace import roles
from meedoen.workspace.views import page, role_required

from .. import impact
from ..defaults import default_slug

DEFAULT_HOUSEHOLDS = 49_000  # about the households of Zoetermeer (seeds Z2: ~49,000), the generator's calibration
MAX_HOUSEHOLDS = 250_000     # keeps the page within a few seconds; the CLI has no limit
DEFAULT_SEED = 2026

TEXTS = {
    "title": ("Gevolgen van een raadsbesluit", "Impact of a council decision"),
    "intro": ("Wat verandert er als de gemeenteraad de regels aanpast? Kies een voorstel. We rekenen het huidige "
              "regelboek en het voorstel door over dezelfde huishoudens en laten per regeling zien wie erbij komt, wie "
              "eraf gaat, en wat het per jaar kost.",
              "What changes if the council changes the rules? Choose a proposal. We run the current rulebook and the "
              "proposal over the same households and show per scheme who gains, who loses, and what it costs per year."),
    "synthetic": ("De huishoudens zijn synthetisch: niemand bestaat echt. Ze lijken op Zoetermeer volgens de cijfers uit "
                  "de bronnen; de rest zijn aannames (zie meedoen.population.generator).",
                  "The households are synthetic: nobody in them exists. They resemble Zoetermeer by the figures in the "
                  "sources; the rest are assumptions (see meedoen.population.generator)."),
    "population": ("Over welke huishoudens", "Over which households"),
    "population_register": ("Het ingelezen register van de gemeente", "The municipality's loaded register"),
    "population_synthetic": ("Synthetische huishoudens (kies aantal en startgetal)", "Synthetic households (choose number and seed)"),
    "population_hint": ("Aantal huishoudens en startgetal gelden alleen voor synthetische huishoudens.",
                        "Number of households and seed apply to synthetic households only."),
    "bad_population": ("Kies het register of synthetische huishoudens.", "Choose the register or synthetic households."),
    "no_register": ("Voor deze gemeente is nog geen register ingelezen. Kies synthetische huishoudens.",
                    "No register has been loaded for this municipality yet. Choose synthetic households."),
    "register_note": ("De huishoudens komen uit het register dat op {day} is ingelezen ({source}, {n} huishoudens).",
                      "The households come from the register loaded on {day} ({source}, {n} households)."),
    "register_synthetic": (" Dit register is synthetisch: niemand erin bestaat echt.",
                           " This register is synthetic: nobody in it exists."),
    "no_proposals": ("Er staan geen voorstellen klaar. Functioneel beheer zet een voorstel als regelboekmap in de map "
                     "van de instelling MEEDOEN_PROPOSED_RULEBOOKS.",
                     "No proposals are ready. The functional administrators put a proposal as a rulebook folder in the "
                     "directory of the setting MEEDOEN_PROPOSED_RULEBOOKS."),
    "municipality": ("Gemeente", "Municipality"),
    "proposal": ("Voorstel (nieuw regelboek)", "Proposal (new rulebook)"),
    "households": ("Aantal huishoudens", "Number of households"),
    "households_hint": (f"Tussen 1 en {MAX_HOUSEHOLDS:,}. 49.000 is ongeveer het aantal huishoudens in Zoetermeer.".replace(",", "."),
                        f"Between 1 and {MAX_HOUSEHOLDS:,}. 49,000 is about the number of households in Zoetermeer."),
    "seed": ("Startgetal van de toevalsgenerator", "Seed of the random generator"),
    "seed_hint": ("Hetzelfde getal geeft dezelfde huishoudens.", "The same number gives the same households."),
    "day": ("Peildatum", "Reference date"),
    "day_hint": ("De dag waarop de regels gelden, bijvoorbeeld 2026-03-01.", "The day whose rules apply, for example 2026-03-01."),
    "take_up": ("Gebruik (%)", "Take-up (%)"),
    "take_up_hint": ("Welk deel van de huishoudens die het kunnen krijgen, het ook gebruikt. 100 = iedereen. Dit is een aanname.",
                     "Which share of the households that are eligible actually use it. 100 = everyone. This is an assumption."),
    "calculate": ("Reken door", "Calculate"),
    "errors_intro": ("Er gaat iets mis. Kijk bij de velden met een rode rand.", "Something is wrong. Look at the fields with a red border."),
    "bad_municipality": ("Kies een gemeente van de lijst.", "Choose a municipality from the list."),
    "bad_proposal": ("Kies een voorstel van de lijst.", "Choose a proposal from the list."),
    "bad_households": (f"Vul een heel getal in van 1 tot en met {MAX_HOUSEHOLDS}.", f"Give a whole number from 1 to {MAX_HOUSEHOLDS}."),
    "bad_seed": ("Vul een heel getal in.", "Give a whole number."),
    "bad_day": ("Dit is geen bestaande datum (jjjj-mm-dd).", "This is not an existing date (yyyy-mm-dd)."),
    "bad_take_up": ("Vul een percentage in van 0 tot en met 100.", "Give a percentage from 0 to 100."),
    "rulebook_problems": ("Het voorstel is geen geldig regelboek:", "The proposal is not a valid rulebook:"),
    "impact_problems": ("Dit kunnen we niet doorrekenen:", "We cannot calculate this:"),
    "current": ("Nu", "Now"),
    "proposed": ("Voorstel", "Proposal"),
    "receipt": ("Bewijs", "Receipt"),
    "engine": ("rekenmodule", "engine"),
    "result": ("Uitkomst", "Result"),
    "residents": ("huishoudens in de gemeente", "households in the municipality"),
    "changed": ("Regelingen die veranderen", "Schemes that change"),
    "unchanged": ("Geen verandering bij", "No change for"),
    "nothing_changes": ("Met dit voorstel verandert er voor deze huishoudens niets.", "With this proposal nothing changes for these households."),
    "total": ("Totaal verschil per jaar, voor de regelingen waarvan alle bedragen in de bronnen staan",
              "Total change per year, for the schemes with every amount in the sources"),
    "total_none": ("Van geen enkele veranderde regeling staan alle bedragen in de bronnen; er is geen totaal.",
                   "For none of the changed schemes are all amounts in the sources; there is no total."),
    "partly_note": ("Deels bekend: voor een deel van de huishoudens staat het bedrag niet in de bronnen; het verschil "
                    "geldt alleen voor de huishoudens met een bedrag.",
                    "Partly known: for some households the amount is not set in the sources; the change covers only the "
                    "households with an amount."),
    "who": ("Wie erbij komt en wie eraf gaat", "Who gains and who loses"),
    "total_row": ("Alle huishoudens", "All households"),
    "assumptions": ("Aannames", "Assumptions"),
    "download_csv": ("Download als CSV", "Download as CSV"),
    "download_pdf": ("Download als PDF", "Download as PDF"),
    "amount": ("Bedrag per huishouden per jaar", "Amount per household per year"),
    "per_child": ("per kind", "per child"),
    "unverified": ("niet geverifieerd", "not verified"),
    "count": ("aantal", "count"),
    "eligible": ("Kan het krijgen", "Eligible"),
    "undetermined": ("Nog niet te zeggen", "Undetermined"),
    "cost": ("Kosten per jaar", "Cost per year"),
    "cost_take_up": ("Kosten per jaar bij {p}% gebruik", "Cost per year at {p}% take-up"),
    "without_amount": ("Huishoudens zonder bedrag in de bronnen", "Households without an amount in the sources"),
    "change": ("Verschil", "Change"),
    "cost_state": ("Kosten", "Cost"),
    "moved": ("{n} van '{a}' naar '{b}'", "{n} from '{a}' to '{b}'"),
    "gain": ("Erbij", "Gain"),
    "lose": ("Eraf", "Lose"),
    "summary_table": ("Overzicht", "Overview"),
}


def texts(lang):
    index = 0 if lang == "nl" else 1
    return {key: pair[index] for key, pair in TEXTS.items()}


def proposals_dir():
    """The directory of proposed rulebooks (setting or environment), or None."""
    configured = getattr(settings, "MEEDOEN_PROPOSED_RULEBOOKS", None) or os.environ.get("MEEDOEN_PROPOSED_RULEBOOKS")
    return Path(configured) if configured else None


def proposals():
    """{folder name: path} of the rulebook folders in :func:`proposals_dir`."""
    folder = proposals_dir()
    if folder is None or not folder.is_dir():
        return {}
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_dir() and (p / "rulebook.yaml").is_file()}


def _signature(path):
    return tuple((str(f.relative_to(path)), f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(path.rglob("*.yaml")))


@lru_cache(maxsize=8)
def _load(path, signature):
    return load_rulebook(path)


def load_proposal(path):
    """The proposed rulebook, loaded again only when one of its files changed."""
    return _load(str(path), _signature(Path(path)))


@lru_cache(maxsize=2)
def _population(n, seed, slug, day):
    from meedoen.population.generator import generate_frames

    return generate_frames(n, seed=seed, municipality=slug, day=day)


def newest_load(municipality):
    """The municipality's newest register load, or None."""
    from ..models import RegisterLoad

    if municipality is None:
        return None
    return RegisterLoad.objects.filter(municipality=municipality).order_by("-loaded_at", "-pk").first()


@lru_cache(maxsize=2)
def _register_population(load_pk, manifest_sha256, day):
    """(households, members) of a register load in the bulk layout; a load never changes once stored."""
    from ..models import RegisterLoad
    from ..register.format import to_frames
    from ..services.runs import read_load

    return to_frames(read_load(RegisterLoad.objects.get(pk=load_pk)), day)


def _integer(raw, low, high):
    raw = (raw or "").strip().replace(".", "").replace(",", "").replace(" ", "")
    if not raw.lstrip("-").isdigit() or len(raw) > 12:
        return None
    value = int(raw)
    return value if low <= value <= high else None


def _newest_runs():
    from ..models import ReachRun

    return ReachRun.objects.order_by("-created_at", "-pk")


def _form(request, lang):
    """(values, parsed, errors) of the form; the report is computed only when a proposal was chosen."""
    words = texts(lang)
    municipalities = [m for m in Municipality.objects.filter(active=True) if m.slug in current_rulebook().municipalities]
    found = proposals()
    get = request.GET
    values = {"municipality": get.get("municipality") or default_slug(municipalities, _newest_runs()),
              "proposal": get.get("proposal", ""), "households": get.get("households") or str(DEFAULT_HOUSEHOLDS),
              "seed": get.get("seed") or str(DEFAULT_SEED), "day": get.get("day") or check_date().isoformat(),
              "take_up": get.get("take_up") or "100", "population": get.get("population", "")}
    errors = {}
    municipality = next((m for m in municipalities if m.slug == values["municipality"]), None)
    if municipality is None:
        errors["municipality"] = words["bad_municipality"]
    load = newest_load(municipality)
    values["population"] = values["population"] or ("register" if load else "synthetic")
    if values["population"] not in ("register", "synthetic"):
        errors["population"] = words["bad_population"]
    elif values["population"] == "register" and load is None and municipality is not None:
        errors["population"] = words["no_register"]
    if values["proposal"] and values["proposal"] not in found:
        errors["proposal"] = words["bad_proposal"]
    households = _integer(values["households"], 1, MAX_HOUSEHOLDS)
    if households is None:
        errors["households"] = words["bad_households"]
    seed = _integer(values["seed"], 0, 2**32 - 1)
    if seed is None:
        errors["seed"] = words["bad_seed"]
    try:
        day = date.fromisoformat(values["day"].strip())
    except ValueError:
        day, errors["day"] = None, words["bad_day"]
    try:
        impact.take_up_rate(values["take_up"])
    except impact.ImpactError:
        errors["take_up"] = words["bad_take_up"]
    parsed = {"municipality": municipality, "municipalities": municipalities, "proposals": list(found),
              "path": found.get(values["proposal"]), "households": households, "seed": seed, "day": day,
              "load": load if values["population"] == "register" else None}
    return values, parsed, errors


def _report(values, parsed):
    """(report, problems): the impact report, or the problems of the proposal (file:line) or of the calculation."""
    try:
        new = load_proposal(parsed["path"])
    except InputError as exc:
        return None, ("rulebook_problems", [str(p) for p in exc.problems])
    try:
        impact.check_rulebooks(current_rulebook(), new, parsed["day"], parsed["municipality"].slug)
        load = parsed["load"]
        if load is not None:
            households, members = _register_population(load.pk, load.manifest_sha256, parsed["day"])
        else:
            households, members = _population(parsed["households"], parsed["seed"], parsed["municipality"].slug, parsed["day"])
        report = impact.council_impact(current_rulebook(), new, households, members, parsed["day"],
                                       parsed["municipality"].slug, take_up_percent=values["take_up"])
    except impact.ImpactError as exc:
        return None, ("impact_problems", [str(p) for p in exc.problems])
    except ValueError as exc:  # a proposal the bulk evaluator or the generator cannot handle on this day
        return None, ("impact_problems", [str(exc)])
    report["proposal"] = values["proposal"]
    load = parsed["load"]
    report["population"] = ({"register": True, "synthetic": load.synthetic, "households": load.households,
                             "loaded_at": load.loaded_at.date().isoformat(), "source": load.source, "load": load.pk}
                            if load is not None else
                            {"register": False, "synthetic": True, "households": parsed["households"], "seed": parsed["seed"]})
    return report, None


def _signed(n):
    return f"+{n}" if n > 0 else str(n)


def _measures(s, report, lang):
    """(label, now, proposal, change) rows of one scheme for the page."""
    words, cost = texts(lang), s["cost"]
    money = lambda cents: impact.money_text(cents, lang)  # noqa: E731
    rows = [(words["eligible"], s["eligible"]["old"], s["eligible"]["new"], _signed(s["eligible"]["new"] - s["eligible"]["old"])),
            (words["undetermined"], s["undetermined"]["old"], s["undetermined"]["new"],
             _signed(s["undetermined"]["new"] - s["undetermined"]["old"])),
            (words["cost"], money(cost["old"]["cents"]), money(cost["new"]["cents"]), money(cost["change_cents"])),
            (words["cost_take_up"].format(p=report["take_up_percent"]), money(cost["old"]["with_take_up_cents"]),
             money(cost["new"]["with_take_up_cents"]), money(cost["change_with_take_up_cents"]))]
    if cost["old"]["without_amount"] or cost["new"]["without_amount"]:
        rows.append((words["without_amount"], cost["old"]["without_amount"], cost["new"]["without_amount"], ""))
    return rows


def _view(report, lang):
    """What the page and the PDF show of a report."""
    words = texts(lang)
    changed = impact.changed(report)
    changed_ids = {s["scheme"] for s in changed}
    details = []
    for s in changed:
        breakdown = []
        for dimension, values in impact.DIMENSIONS.items():
            shown = lambda n: impact.SMALL if n is None else n  # noqa: E731  (None: hidden, a small number)
            breakdown.append({"label": impact.word(dimension, lang), "rows": [
                (impact.word(v, lang), shown(s["gained_by"][dimension][v]), shown(s["lost_by"][dimension][v]))
                for v in values if s["gained_by"][dimension][v] != 0 or s["lost_by"][dimension][v] != 0]})
        moves = [words["moved"].format(n=m["count"], a=impact.word(m["from"], lang), b=impact.word(m["to"], lang))
                 for m in s["transitions"]]
        details.append({"scheme": s, "name": s["name"].get(lang, s["scheme"]), "breakdown": breakdown, "moves": moves,
                        "measures": _measures(s, report, lang), "state": impact.word(s["cost"]["state"], lang),
                        "amount": _amount_text(s["amount"]["new"] or s["amount"]["old"], lang)})
    totals = report["totals"]
    head = impact.columns(report, lang)
    return {"report": report, "details": details,
            "head": head[1:13], "rows": [row[1:13] for row in impact.rows(report, lang) if row[0] in changed_ids],
            "unchanged": [s["name"].get(lang, s["scheme"]) for s in report["schemes"] if s["scheme"] not in changed_ids],
            "total_text": impact.money_text(totals["change_cents"], lang) if any(
                s["scheme"] in totals["schemes_set"] for s in changed) else None,
            "total_take_up_text": impact.money_text(totals["change_with_take_up_cents"], lang),
            "any_partly": any(s["cost"]["state"] == impact.PARTLY_SET for s in changed),
            "assumptions": [a[lang] for a in report["assumptions"]], "population_note": _population_note(report, lang)}


def _population_note(report, lang):
    words, population = texts(lang), report.get("population") or {"register": False}
    if not population["register"]:
        return words["synthetic"]
    day = date.fromisoformat(population["loaded_at"])
    note = words["register_note"].format(day=f"{day:%d-%m-%Y}", source=population["source"],
                                         n=f"{population['households']:,}".replace(",", "." if lang == "nl" else ","))
    return note + (words["register_synthetic"] if population["synthetic"] else "")


def _amount_text(amount, lang):
    words = texts(lang)
    if amount is None:
        return ""
    suffix = f" {words['per_child']}" if amount["per_child"] else ""
    flag = f" ({words['unverified']})" if amount["unverified"] else ""
    if amount["cents"] is not None:
        return impact.money_text(amount["cents"], lang) + suffix + flag
    if amount["by_household"]:
        parts = [f"{impact.word(k, lang)} {impact.money_text(v, lang)}" for k, v in amount["by_household"].items()]
        return ", ".join(parts) + suffix + flag
    return (amount["note"] or {}).get(lang) or impact.word(impact.NOT_SET, lang)


def _page(request, lang, values, parsed, errors, problems=None, view=None):
    status = 400 if errors or problems else 200
    return page(request, "reach/impact/impact.html", {
        "I": texts(lang), "values": values, "errors": errors, "municipalities": parsed["municipalities"],
        "proposals": parsed["proposals"], "query": request.GET.urlencode(),
        "problems": (texts(lang)[problems[0]], problems[1]) if problems else None, "view": view}, status=status)


@role_required(roles.POLICY)
@require_http_methods(["GET"])
def impact_page(request):
    lang = current_language(request)
    values, parsed, errors = _form(request, lang)
    if errors or parsed["path"] is None:
        return _page(request, lang, values, parsed, errors)
    report, problems = _report(values, parsed)
    return _page(request, lang, values, parsed, errors, problems, _view(report, lang) if report else None)


def _download(request, kind):
    lang = current_language(request)
    values, parsed, errors = _form(request, lang)
    if not errors and parsed["path"] is None:
        errors["proposal"] = texts(lang)["bad_proposal"]
    if errors:
        return _page(request, lang, values, parsed, errors)
    report, problems = _report(values, parsed)
    if problems:
        return _page(request, lang, values, parsed, errors, problems)
    name = f"raadsbesluit-{parsed['municipality'].slug}-{values['proposal']}"
    if kind == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        writer = csv.writer(response)
        writer.writerow(impact.columns(report, lang))
        writer.writerows(impact.rows(report, lang, plain=True))
        return response
    from weasyprint import HTML

    html = render_to_string("reach/impact/report_pdf.html", {"I": texts(lang), "lang": lang, "pdf": True, **_view(report, lang)})
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@role_required(roles.POLICY)
@require_http_methods(["GET"])
def impact_csv(request):
    return _download(request, "csv")


@role_required(roles.POLICY)
@require_http_methods(["GET"])
def impact_pdf(request):
    return _download(request, "pdf")
