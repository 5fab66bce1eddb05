"""Fixed texts of the early-signalling figures page, in plain Dutch and English."""

TEXTS = {
    "title": ("Cijfers vroegsignalering", "Early-signalling figures"),
    "intro": ("Hoeveel signalen en zaken er waren, hoeveel huishoudens we bereikten en hoe snel. "
              "Aantallen van 1 tot en met {largest} tonen we niet, en soms een ander getal ook niet: "
              "dan kunt u niet terugrekenen om wie het gaat.",
              "How many signals and cases there were, how many households we reached and how fast. "
              "We do not show counts from 1 to {largest}, and sometimes another number too, "
              "so nobody can work out who it is about."),
    "how_counted": ("Signalen tellen op signaaldatum. Een zaak telt mee als de eerste signaaldatum in de periode valt; "
                    "huishoudens op de uitsluitingslijst tellen niet mee. Dagen: van de eerste signaaldatum tot de "
                    "eerste contactpoging of het eerste contact dat lukte. Te laat: open, en de uiterste datum voor het "
                    "eerste gesprek is voorbij.",
                    "Signals count by signal date. A case counts when its first signal date is in the period; "
                    "households on the exclusion list are not counted. Days: from the first signal date to the first "
                    "contact attempt or the first contact that succeeded. Overdue: open, and the last day for the first "
                    "conversation has passed."),
    "municipality": ("Gemeente", "Municipality"),
    "from": ("Van (signaaldatum)", "From (signal date)"), "to": ("Tot en met", "Up to and including"),
    "date_hint": ("Bijvoorbeeld 2026-09-01, of een hele maand: 2026-09", "For example 2026-09-01, or a whole month: 2026-09"),
    "show": ("Toon", "Show"),
    "errors_intro": ("Er is iets niet goed ingevuld", "Something is not filled in correctly"),
    "bad_municipality": ("Kies een gemeente van de lijst.", "Choose a municipality from the list."),
    "bad_date": ("Vul een datum in als 2026-09-01 of een maand als 2026-09.",
                 "Enter a date like 2026-09-01 or a month like 2026-09."),
    "bad_range": ("De einddatum ligt vóór de begindatum.", "The end date is before the start date."),
    "too_long": ("Kies een periode van hoogstens {years} jaar.", "Choose a period of at most {years} years."),
    "not_whole_months": ("De export gaat over hele maanden: begin op de 1e en eindig op de laatste dag van een maand "
                         "(of vul maanden in, zoals 2026-09).",
                         "The export covers whole months: start on the 1st and end on the last day of a month "
                         "(or enter months, like 2026-09)."),
    "signals_title": ("Signalen per soort melder", "Signals per partner type"),
    "partner_type": ("Soort melder", "Partner type"), "count": ("Aantal", "Count"),
    "signals_total": ("Alle signalen", "All signals"), "crisis_signals": ("Waarvan crisissignaal", "Of which crisis signals"),
    "cases_title": ("Zaken en bereik", "Cases and reach"), "figure": ("Cijfer", "Figure"), "value": ("Waarde", "Value"),
    "cases": ("Zaken", "Cases"), "cases_reached": ("Bereikt", "Reached"),
    "reached_percent": ("Bereikt (% van de zaken)", "Reached (% of cases)"),
    "cases_help_accepted": ("Hulp geaccepteerd", "Help accepted"),
    "help_accepted_percent": ("Hulp geaccepteerd (% van de zaken)", "Help accepted (% of cases)"),
    "reached_by_due_percent": ("Op tijd bereikt (% van de zaken met een uiterste datum)",
                               "Reached in time (% of cases with a due date)"),
    "cases_open": ("Nog open", "Still open"), "cases_overdue": ("Open en te laat", "Open and overdue"),
    "days_title": ("Dagen tot contact", "Days to contact"), "step": ("Van eerste signaal tot", "From first signal to"),
    "days_to_first_attempt": ("eerste contactpoging", "first contact attempt"),
    "days_to_first_reached": ("eerste keer bereikt", "first time reached"),
    "cases_counted": ("Zaken", "Cases"), "median": ("Mediaan (dagen)", "Median (days)"),
    "p90": ("90e percentiel (dagen)", "90th percentile (days)"),
    "hidden": ("niet getoond: kleine aantallen", "not shown: small numbers"),
    "none": ("geen", "none"),
    "download": ("Downloaden (alleen totalen, per maand, geen personen)", "Download (totals only, by month, no persons)"),
    "csv": ("CSV-bestand", "CSV file"), "json": ("JSON-bestand", "JSON file"),
    "export_note": ("De export heeft hele maanden nodig.", "The export needs whole months."),
}


def texts(lang):
    index = 0 if lang == "nl" else 1
    return {key: pair[index] for key, pair in TEXTS.items()}
