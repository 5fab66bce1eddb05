"""Fixed texts of the signal pages, in plain Dutch and English."""

TEXTS = {
    "title": ("Vroegsignalen: wie moeten we bellen?", "Early signals: whom should we contact?"),
    "intro": ("Open zaken, met crisis eerst en dan de vroegste uiterste datum voor het eerste gesprek.",
              "Open cases, crisis first, then the earliest last day for the first conversation."),
    "caption": ("Open zaken van vroegsignalen", "Open early-signal cases"),
    "pages": ("Pagina's van de lijst", "Pages of the list"), "showing": ("U ziet zaak", "Showing cases"),
    "previous_page": ("Vorige 50 zaken", "Previous 50 cases"), "next_page": ("Volgende 50 zaken", "Next 50 cases"),
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
    # closing a case (outreach.close_case)
    "close": ("Zaak afsluiten", "Close the case"), "result": ("Resultaat", "Result"),
    "choose": ("Kies ...", "Choose ..."), "close_button": ("Afsluiten", "Close"),
    "closed": ("Deze zaak is afgesloten op {day}. Resultaat: {result}.", "This case was closed on {day}. Result: {result}."),
    "closed_readonly": ("Een afgesloten zaak kunt u alleen nog bekijken.", "A closed case can only be viewed."),
    "result_invalid": ("Kies een resultaat van de lijst.", "Choose a result from the list."),
    "already_closed": ("Deze zaak is al afgesloten.", "This case has already been closed."),
    "action_invalid": ("Onbekende handeling.", "Unknown action."),
    # the queue filter and unmatched signals
    "only_overdue": ("Alleen zaken waarvan de termijn voorbij is", "Only overdue cases"), "filter": ("Toon", "Show"),
    "all_cases": ("Alle open zaken", "All open cases"), "none_overdue": ("Bij geen enkele zaak is de termijn voorbij.", "No cases are overdue."),
    "unmatched": ("Signalen zonder huishouden", "Signals without a household"),
    "unmatched_intro": ("Deze signalen konden we niet aan een huishouden in het register koppelen. We proberen het opnieuw "
                        "bij de volgende koppeling.",
                        "We could not link these signals to a household in the register. We try again on the next matching run."),
    "partner": ("Melder", "Partner"), "reference": ("Kenmerk", "Reference"),
    "no_unmatched": ("Alle signalen zijn gekoppeld.", "All signals are linked."),
    # the scheme check (signals.schemecheck)
    "schemes": ("Regelingen die het huishouden waarschijnlijk niet gebruikt", "Schemes the household probably does not use"),
    "schemes_intro": ("Berekend met de gegevens uit het register en de achterstanden uit de signalen. Dit is geen besluit.",
                      "Worked out from the register's facts and the arrears in the signals. This is not a decision."),
    "debts_fact": ("Schulden volgens de signalen: ten minste {amount}.", "Debts according to the signals: at least {amount}."),
    "debts_unknown": ("De signalen noemen geen bedrag: de schulden zijn onbekend.",
                      "The signals give no amount: the debts are unknown."),
    "no_unused": ("Geen regeling gevonden waar het huishouden waarschijnlijk recht op heeft en die het niet gebruikt.",
                  "No scheme found that the household is probably entitled to and does not use."),
    "undetermined": ("Nog niet te bepalen", "Cannot be decided yet"), "needs": ("Nog nodig", "Still needed"),
    "why": ("Waarom", "Why"),
    "receipt": ("Regelboek {version} (sha256 {hash}), berekend op {day}.", "Rulebook {version} (sha256 {hash}), worked out on {day}."),
    "check_problem": ("De regelingen konden niet worden berekend", "The schemes could not be worked out"),
    # the warm handover (signals.handover)
    "handover": ("Overdragen aan een gezinsplan", "Hand over to a family plan"),
    "handover_intro": ("Het gezin krijgt een gezinsplan. Het team dat de hulp overneemt, ziet het gezin en, met de "
                       "toestemming van het gezin, de gegevens over geld.",
                       "The family gets a family plan. The team that takes over sees the family and, with the family's "
                       "consent, the facts about money."),
    "consent": ("Het gezin geeft toestemming", "The family gives consent"),
    "consent_yes": ("Ja, het gezin geeft toestemming voor de overdracht", "Yes, the family consents to the handover"),
    "consent_date": ("Datum toestemming (jjjj-mm-dd)", "Date of consent (yyyy-mm-dd)"),
    "team": ("Team dat de hulp overneemt", "Team that takes over"), "hand_over": ("Overdragen", "Hand over"),
    "handed_over": ("Overgedragen aan het gezinsplan op {day}:", "Handed over to the family plan on {day}:"),
    "family_not_involved": ("uw team is niet betrokken bij dit gezin, dus u ziet niet welk gezin.",
                            "your team is not involved with this family, so you do not see which family."),
    "family_page": ("naar het gezin", "to the family"),
    "consent_required": ("Zonder toestemming van het gezin dragen we niet over. Vink aan dat het gezin toestemming geeft.",
                         "Without the family's consent we do not hand over. Tick that the family gives consent."),
    "team_invalid": ("Kies een team van deze gemeente.", "Choose a team of this municipality."),
    "already_handed_over": ("Deze zaak is al overgedragen.", "This case has already been handed over."),
    "case_closed": ("Een afgesloten zaak kan niet meer worden overgedragen.", "A closed case can no longer be handed over."),
    "no_parent": ("Het huishouden heeft in het register geen volwassene die toestemming kan geven.",
                  "The household has no adult in the register who can give consent."),
}

# Labels of the codes (outreach.KINDS, PARTS_OF_DAY, RESULTS; partner types; matching.REASONS): the page shows words, never codes.
LABELS = {
    "kinds": {"brief": ("brief", "letter"), "telefoon": ("telefoon", "phone"), "huisbezoek": ("huisbezoek", "home visit"),
              "e-mail": ("e-mail", "email"), "sms": ("sms", "text message"), "overig": ("anders", "other")},
    "parts": {"ochtend": ("ochtend", "morning"), "middag": ("middag", "afternoon"), "avond": ("avond", "evening")},
    "results": {"hulp_geaccepteerd": ("hulp geaccepteerd", "help accepted"), "hulp_geweigerd": ("hulp geweigerd", "help refused"),
                "geen_hulp_nodig": ("geen hulp nodig", "no help needed"), "niet_bereikt": ("niet bereikt", "not reached"),
                "verhuisd": ("verhuisd", "moved away"), "overig": ("anders", "other")},
    # DDAS EnumSignaalpartner: the Dutch label of the code list (rulebook partner_types), and in English
    "partners": {"energie": ("Energie", "Energy"), "huur": ("Huur", "Rent"), "hypotheek": ("Hypotheek", "Mortgage"),
                 "cak_zorgverzekeringen": ("CAK Zorgverzekeringen", "CAK health insurance"),
                 "zorg": ("Zorg", "Health insurer"), "water": ("Water", "Water"), "duo": ("DUO", "DUO (student finance)"),
                 "belastingdienst": ("Belastingdienst", "Tax Administration (Belastingdienst)"),
                 "cak_eigen_bijdrage": ("CAK Eigen bijdrage", "CAK personal contribution"),
                 "overige": ("Overige", "Other"), "dienst_toeslagen": ("Dienst Toeslagen", "Benefits Agency (Dienst Toeslagen)")},
    "reasons": {"no_register": ("Er is nog geen register van deze gemeente geladen.", "No register of this municipality is loaded yet."),
                "not_found": ("Niemand in het register past bij deze gegevens.", "Nobody in the register fits these details."),
                "ambiguous": ("Meer dan één persoon in het register past bij deze gegevens.",
                              "More than one person in the register fits these details.")},
}


def texts(lang):
    index = 0 if lang == "nl" else 1
    return {key: pair[index] for key, pair in TEXTS.items()}


def labels(lang):
    """{'kinds' | 'parts' | 'results' | 'partners' | 'reasons': {code: label}} in ``lang``."""
    index = 0 if lang == "nl" else 1
    return {group: {code: pair[index] for code, pair in codes.items()} for group, codes in LABELS.items()}
