"""Fixed texts of the signal pages, in plain Dutch and English."""

TEXTS = {
    "title": ("Vroegsignalen: wie moeten we bellen?", "Early signals: whom should we contact?"),
    "intro": ("Open zaken, met crisis eerst en dan de vroegste uiterste datum voor het eerste gesprek.",
              "Open cases, crisis first, then the earliest last day for the first conversation."),
    "caption": ("Open zaken van vroegsignalen", "Open early-signal cases"),
    "household": ("Huishouden", "Household"), "municipality": ("Gemeente", "Municipality"),
    "partners": ("Soort melder", "Partner types"), "arrears": ("Totale achterstand", "Total arrears"),
    "due": ("Uiterlijk eerste gesprek", "First conversation by"), "unknown": ("onbekend", "unknown"),
    "overdue": ("te laat", "overdue"), "crisis": ("crisis", "crisis"), "none": ("Er zijn geen open zaken.", "There are no open cases."),
    "case_title": ("Zaak van huishouden {household}", "Case of household {household}"),
    "signals": ("Signalen", "Signals"), "signal_date": ("Datum signaal", "Signal date"),
    "amount": ("Bedrag", "Amount"), "not_picked_up": ("herhaling, niet hoger: niet opgepakt", "repeat, not higher: not picked up"),
    "attempt": ("Contactpoging vastleggen", "Record a contact attempt"), "kind": ("Soort contact", "Kind of contact"),
    "reached": ("Bereikt?", "Reached?"), "yes": ("ja", "yes"), "no": ("nee", "no"), "date": ("Datum (jjjj-mm-dd)", "Date (yyyy-mm-dd)"),
    "part_of_day": ("Dagdeel", "Part of day"), "save": ("Opslaan", "Save"), "attempts": ("Contactpogingen", "Contact attempts"),
    "errors_intro": ("Er is iets niet goed ingevuld", "Something is not filled in correctly"),
    "kind_invalid": ("Kies een soort contact.", "Choose a kind of contact."),
    "part_of_day_invalid": ("Kies ochtend, middag of avond.", "Choose morning, afternoon or evening."),
    "reached_invalid": ("Kies ja of nee.", "Choose yes or no."),
    "date_invalid": ("Vul een datum in als 2026-11-02.", "Enter a date like 2026-11-02."),
    "date_future": ("De datum ligt in de toekomst.", "The date is in the future."),
    "exclusions": ("Uitsluitingen: deze huishoudens benaderen we niet", "Exclusions: households we do not approach"),
    "reason": ("Reden", "Reason"), "add": ("Toevoegen", "Add"), "no_exclusions": ("Geen uitsluitingen.", "No exclusions."),
    "household_required": ("Vul het huishoudnummer in.", "Enter the household id."),
    "reason_required": ("Vul een reden in.", "Enter a reason."),
    "municipality_invalid": ("Kies een gemeente.", "Choose a municipality."),
}


def texts(lang):
    index = 0 if lang == "nl" else 1
    return {key: pair[index] for key, pair in TEXTS.items()}
