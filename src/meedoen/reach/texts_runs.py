"""Fixed texts of the reach pages (runs and figures), in plain Dutch and English."""

TEXTS = {
    "reach": ("Bereik", "Reach"),
    "intro": ("Hier rekent u alle regelingen door over het huishoudensbestand (register). U ziet per regeling hoeveel "
              "huishoudens er recht op hebben, hoeveel de regeling gebruiken, en wie u nog niet bereikt.",
              "Here you run every scheme over the register of households. For each scheme you see how many households "
              "can get it, how many use it, and whom you do not reach yet."),
    "runs": ("Berekeningen", "Runs"),
    "no_runs": ("Er is nog geen berekening gedaan.", "No run has been done yet."),
    "new_run": ("Nieuwe berekening", "New run"),
    "municipality": ("Gemeente", "Municipality"),
    "day": ("Peildatum", "Reference date"),
    "day_help": ("De dag waarop de regels en normen gelden, bijvoorbeeld 2026-03-01 (jaar-maand-dag).",
                 "The day whose rules and norms apply, for example 2026-03-01."),
    "start": ("Start de berekening", "Start the run"),
    "register": ("Register", "Register"),
    "registers": ("Geladen registers", "Loaded registers"),
    "no_register": ("Er is nog geen register geladen voor deze gemeente.", "No register has been loaded for this municipality yet."),
    "synthetic": ("synthetisch (geen echte mensen)", "synthetic (not real people)"),
    "households": ("huishoudens", "households"),
    "persons": ("personen", "persons"),
    "loaded_at": ("geladen op", "loaded on"),
    "state": ("Stand", "State"),
    "state_queued": ("wacht", "waiting"),
    "state_running": ("bezig", "running"),
    "state_done": ("klaar", "done"),
    "state_failed": ("mislukt", "failed"),
    "progress": ("Voortgang", "Progress"),
    "progress_text": ("{done} van {total} huishoudens", "{done} of {total} households"),
    "refresh_note": ("Deze pagina ververst zichzelf tot de berekening klaar is.", "This page refreshes itself until the run is done."),
    "failed_text": ("De berekening is mislukt: {error}", "The run failed: {error}"),
    "receipt": ("Bewijs", "Receipt"),
    "rulebook": ("regelboek", "rulebook"),
    "engine": ("rekenmodule", "engine"),
    "scheme": ("Regeling", "Scheme"),
    "eligible": ("Recht", "Eligible"),
    "users": ("Gebruikt", "Use it"),
    "non_users": ("Niet bereikt", "Not reached"),
    "reach_pct": ("Bereik", "Reach"),
    "undetermined": ("Nog niet te zeggen", "Cannot say yet"),
    "suppressed": ("<10", "<10"),
    "suppressed_note": ("Aantallen onder de {n} worden niet getoond (ook niet als ze uit andere cellen volgen), om "
                        "huishoudens niet herkenbaar te maken.",
                        "Numbers below {n} are not shown (nor numbers they could be worked out from), so that households "
                        "cannot be recognised."),
    "breakdown": ("Uitsplitsen naar", "Break down by"),
    "by_district": ("wijk", "district"),
    "by_household_type": ("soort huishouden", "household type"),
    "by_income_band": ("inkomen (% van het sociaal minimum)", "income (% of the social minimum)"),
    "by_income_source": ("bron van inkomen", "income source"),
    "show": ("Toon", "Show"),
    "total": ("Totaal", "Total"),
    "combined": ("Alle regelingen samen", "All schemes together"),
    "combined_text": ("Huishoudens met recht op één of meer regelingen: hoeveel gebruiken ze allemaal, een deel, of geen.",
                      "Households that can get one or more schemes: how many use all of them, some, or none."),
    "uses_all": ("gebruikt alle", "uses all"),
    "uses_some": ("gebruikt een deel", "uses some"),
    "uses_none": ("gebruikt geen", "uses none"),
    "download_csv": ("Download als CSV", "Download as CSV"),
    "to_proactive": ("Niet bereikte huishoudens benaderen", "Approach the households not reached"),
    "bad_day": ("Dit is geen geldige datum. Schrijf bijvoorbeeld 2026-03-01.", "This is not a valid date. Write for example 2026-03-01."),
    "bad_municipality": ("Kies een gemeente.", "Choose a municipality."),
    "open": ("Bekijk", "Open"),
    "error_no_register": ("Voor {municipality} is nog geen register geladen.", "No register has been loaded for {municipality} yet."),
    "error_no_rules": ("Het regelboek heeft geen regels voor {municipality} op {day}. Kies een andere peildatum.",
                       "The rulebook has no rules for {municipality} on {day}. Choose another reference date."),
    "error_not_in_register": ("In dit register staan geen huishoudens van {municipality}.",
                              "This register holds no households of {municipality}."),
    "value_unknown": ("onbekend", "unknown"),
    "individual_note": ("Regelingen die de gemeente per aanvraag beoordeelt staan hier als 'nog niet te zeggen'.",
                        "Schemes the municipality assesses per application show as 'cannot say yet'."),
}

VALUES = {
    "single": ("alleenstaand", "single"),
    "single_parent": ("eenoudergezin", "single parent"),
    "couple": ("paar zonder kinderen", "couple without children"),
    "couple_with_children": ("paar met kinderen", "couple with children"),
    "work": ("werk", "work"),
    "benefit": ("uitkering", "benefit"),
    "pension": ("pensioen of AOW", "pension or AOW"),
    "none": ("geen inkomen", "no income"),
    "unknown": ("onbekend", "unknown"),
    "<=100": ("tot en met 100%", "up to 100%"),
    "100-110": ("boven 100 tot en met 110%", "above 100 up to 110%"),
    "110-120": ("boven 110 tot en met 120%", "above 110 up to 120%"),
    "120-130": ("boven 120 tot en met 130%", "above 120 up to 130%"),
    ">130": ("boven 130%", "above 130%"),
    "total": ("totaal", "total"),
}


def texts(lang):
    i = 0 if lang == "nl" else 1
    return {key: pair[i] for key, pair in TEXTS.items()}


def value_label(value, lang):
    pair = VALUES.get(value)
    return pair[0 if lang == "nl" else 1] if pair else value
