"""Fixed texts of the application pages (lead times, the application form, the import), in plain Dutch and English."""

from .leadtimes import HIDDEN, OBJECTION_PERIOD_DAYS, SECONDARY, THRESHOLD

TEXTS = {
    "title": ("Aanvragen en doorlooptijden", "Applications and lead times"),
    "intro": ("Hoe lang wachten mensen op een besluit over hun aanvraag? Per regeling ziet u hoeveel aanvragen er "
              "binnenkwamen, hoeveel dagen het besluit duurde, wie nog wacht, en hoe het met bezwaren afliep.",
              "How long do people wait for a decision on their application? For each scheme you see how many "
              "applications came in, how many days the decision took, who is still waiting, and how objections ended."),
    "small_numbers": (f"Kleine aantallen tonen we niet: 1 tot {THRESHOLD} staat er als '{HIDDEN}'. Dan tonen we ook de "
                      f"doorlooptijd niet ('–'). Soms staat er nog een getal ernaast niet ('{SECONDARY}'), omdat u het kleine "
                      "aantal anders kunt uitrekenen. Zo is niemand uit de tabel te herleiden.",
                      f"We do not show small numbers: 1 to {THRESHOLD - 1} is shown as '{HIDDEN}'. Then the lead time is "
                      f"not shown either ('–'). Sometimes a number next to it is not shown ('{SECONDARY}'), because the small "
                      "number could be worked out from it. So nobody can be traced from the table."),
    "how_counted": ("Doorlooptijd: kalenderdagen van ontvangst tot besluit (toekenning of afwijzing; een ingetrokken "
                    "aanvraag telt apart). Mediaan: de middelste waarde. 90%: 9 van de 10 besluiten waren er binnen zoveel "
                    "dagen. Wachtend: aanvragen zonder besluit aan het eind van de periode, met hun wachttijd tot dan.",
                    "Lead time: calendar days from receipt to decision (grant or refusal; a withdrawn application is "
                    "counted apart). Median: the middle value. 90%: 9 out of 10 decisions took at most that many days. "
                    "Pending: applications without a decision at the end of the period, with their waiting time until then."),
    "municipality": ("Gemeente", "Municipality"),
    "from": ("Van", "From"),
    "to": ("Tot en met", "Until"),
    "by": ("Per", "By"),
    "by_month": ("maand", "month"),
    "by_quarter": ("kwartaal", "quarter"),
    "by_all": ("hele periode", "whole period"),
    "scheme": ("Regeling", "Scheme"),
    "all_schemes": ("Alle regelingen", "All schemes"),
    "all_schemes_total": ("Alle regelingen samen", "All schemes together"),
    "show": ("Toon", "Show"),
    "download_csv": ("Download als CSV", "Download as CSV"),
    "period": ("Periode", "Period"),
    "received": ("Binnen", "Received"),
    "granted": ("Toegekend", "Granted"),
    "refused": ("Afgewezen", "Refused"),
    "withdrawn": ("Ingetrokken", "Withdrawn"),
    "lead_median": ("Dagen tot besluit (mediaan)", "Days to decision (median)"),
    "lead_p90": ("Dagen tot besluit (90%)", "Days to decision (90%)"),
    "pending": ("Wachtend", "Pending"),
    "wait_median": ("Wacht al dagen (mediaan)", "Waiting days so far (median)"),
    "wait_p90": ("Wacht al dagen (90%)", "Waiting days so far (90%)"),
    "objections": ("Bezwaren", "Objections"),
    "decisions_title": ("Besluiten en doorlooptijd", "Decisions and lead time"),
    "objections_filed": ("Bezwaar gemaakt", "Objections filed"),
    "objections_late": ("waarvan te laat", "of which late"),
    "upheld": ("Gegrond", "Upheld"),
    "partly_upheld": ("Deels gegrond", "Partly upheld"),
    "rejected": ("Ongegrond", "Rejected"),
    "objection_withdrawn": ("Bezwaar ingetrokken", "Objection withdrawn"),
    "objections_pending": ("Bezwaar loopt nog", "Objection pending"),
    "not_shown": ("niet getoond", "not shown"),
    "no_applications": ("Er zijn geen aanvragen in deze periode.", "There are no applications in this period."),
    "no_municipalities": ("Er zijn nog geen gemeenten.", "There are no municipalities yet."),
    "errors_intro": ("Er gaat iets mis. Kijk bij de velden met een rode rand.", "Something is wrong. Look at the fields with a red border."),
    "bad_municipality": ("Kies een gemeente van de lijst.", "Choose a municipality from the list."),
    "bad_by": ("Kies maand, kwartaal of hele periode.", "Choose month, quarter or whole period."),
    "bad_range": ("'Van' moet op of vóór 'tot en met' liggen.", "'From' must be on or before 'until'."),
    "too_long": ("Kies een periode van hoogstens 10 jaar.", "Choose a period of at most 10 years."),
    "bad_scheme": ("Kies een regeling van de lijst.", "Choose a scheme from the list."),
    # the application form
    "register": ("Aanvraag vastleggen", "Register an application"),
    "register_intro": ("Leg een aanvraag vast, en het besluit als dat er al is. Laat het besluit leeg zolang er nog geen "
                       "besluit is.", "Register an application, and the decision if there is one. Leave the decision "
                       "empty while there is none yet."),
    "household_id": ("Huishoudnummer (mag leeg)", "Household number (may be empty)"),
    "household_id_hint": ("Het nummer van het huishouden in het register van de gemeente, als u dat heeft.",
                          "The household's number in the municipality's register, if you have it."),
    "family_reference": ("Zaaknummer van het gezin (mag leeg)", "Case number of the family (may be empty)"),
    "family_reference_hint": ("Alleen een gezin waar uw team bij betrokken is. Het gezin ziet in zijn logboek dat u dit vastlegde.",
                              "Only a family your team is involved with. The family sees in its log that you recorded this."),
    "received_on": ("Aanvraag ontvangen op", "Application received on"),
    "date_hint": ("Bijvoorbeeld 2026-03-01 of 01-03-2026.", "For example 2026-03-01 or 01-03-2026."),
    "channel": ("Hoe kwam de aanvraag binnen?", "How did the application come in?"),
    "channel_short": ("Kanaal", "Channel"),
    "channel_resident": ("de inwoner zelf", "the resident"),
    "channel_professional": ("via een professional", "through a professional"),
    "channel_proactive_offer": ("na een aanbod van de gemeente (proactief)", "after an offer by the municipality (proactive)"),
    "channel_automatic": ("automatisch, zonder aanvraag", "automatically, without an application"),
    "channel_unknown": ("onbekend", "unknown"),
    "offer": ("Nummer van het aanbod (mag leeg)", "Number of the offer (may be empty)"),
    "offer_hint": ("Alleen bij een aanvraag na een proactief aanbod.", "Only for an application after a proactive offer."),
    "bad_offer": ("Er is geen aanbod met dit nummer.", "There is no offer with this number."),
    "decision_part": ("Het besluit", "The decision"),
    "decided_on": ("Besloten op (mag leeg)", "Decided on (may be empty)"),
    "decision": ("Besluit", "Decision"),
    "no_decision_yet": ("nog geen besluit", "no decision yet"),
    "decision_granted": ("toegekend", "granted"),
    "decision_refused": ("afgewezen", "refused"),
    "decision_withdrawn": ("ingetrokken", "withdrawn"),
    "reason": ("Reden", "Reason"),
    "reason_hint": ("Bij een afwijzing altijd: waarom.", "Always for a refusal: why."),
    "save": ("Opslaan", "Save"),
    "saved": ("De aanvraag is opgeslagen.", "The application is saved."),
    "choose": ("Kies…", "Choose…"),
    # list and detail
    "mine": ("Vastgelegde aanvragen", "Registered applications"),
    "mine_intro": ("De aanvragen die u vastlegde.", "The applications you registered."),
    "all_intro": ("U ziet als coördinator alle vastgelegde aanvragen.", "As a coordinator you see every registered application."),
    "none_registered": ("Er zijn nog geen aanvragen vastgelegd.", "No applications have been registered yet."),
    "application": ("Aanvraag", "Application"),
    "status": ("Stand", "Status"),
    "lead_time": ("Doorlooptijd", "Lead time"),
    "days": ("dagen", "days"),
    "waiting_days": ("wacht al {days} dagen", "waiting for {days} days"),
    "family": ("Gezin", "Family"),
    "family_hidden": ("een gezin dat u nu niet ziet", "a family you cannot see now"),
    "decide": ("Besluit vastleggen", "Record the decision"),
    "decided": ("Het besluit is opgeslagen.", "The decision is saved."),
    "objection_new": ("Bezwaar vastleggen", "Record an objection"),
    "filed_on": ("Bezwaar ontvangen op", "Objection received on"),
    "deadline": ("Bezwaar kan tot en met {day} (zes weken, Awb 6:7).", "An objection is possible until {day} (six weeks, Awb 6:7)."),
    "late": ("te laat", "late"),
    "late_note": (f"Na de termijn van zes weken ({OBJECTION_PERIOD_DAYS} dagen). Het bezwaar is vastgelegd; de gemeente "
                  "beoordeelt of de late indiening verschoonbaar is (Awb 6:11).",
                  f"After the six-week period ({OBJECTION_PERIOD_DAYS} days). The objection is recorded; the municipality "
                  "decides whether the late filing is excusable (Awb 6:11)."),
    "objection_saved": ("Het bezwaar is opgeslagen.", "The objection is saved."),
    "objection_saved_late": ("Het bezwaar is opgeslagen. Let op: het kwam na de termijn van zes weken binnen.",
                             "The objection is saved. Note: it came in after the six-week period."),
    "objection_decide": ("Beslissing op bezwaar", "Decision on the objection"),
    "objection_decided_on": ("Beslist op", "Decided on"),
    "outcome": ("Uitkomst", "Outcome"),
    "outcome_upheld": ("gegrond", "upheld"),
    "outcome_partly_upheld": ("deels gegrond", "partly upheld"),
    "outcome_rejected": ("ongegrond", "rejected"),
    "outcome_withdrawn": ("ingetrokken", "withdrawn"),
    "outcome_pending": ("loopt nog", "pending"),
    "objection_reason_hint": ("Bij ongegrond of deels gegrond: waarom.", "For rejected or partly upheld: why."),
    "objection_decided": ("De beslissing op het bezwaar is opgeslagen.", "The decision on the objection is saved."),
    "no_objections": ("Geen bezwaren.", "No objections."),
    # import
    "import": ("Aanvragen inlezen (CSV)", "Import applications (CSV)"),
    "import_intro": ("Lees een export van de gemeente in. De eerste regel heeft de kopjes scheme, received, decided, "
                     "decision en reason (ook: regeling, ontvangen, besloten, besluit, reden); mag ook household_id en channel. "
                     "Scheiding met komma of puntkomma. Besluit: granted, refused, withdrawn (of toegekend, afgewezen, "
                     "ingetrokken); leeg is nog geen besluit. We controleren elke regel: goede regels slaan we op, foute regels krijgt u terug met het regelnummer en wat er mis is. Een regel die al eerder is ingelezen, slaan we niet nog eens op.",
                     "Import an export of the municipality. The first row has the headings scheme, received, decided, "
                     "decision and reason; household_id and channel are allowed too. Separated by comma or semicolon. "
                     "Decision: granted, refused, withdrawn; empty is no decision yet. We check every row: good rows are saved, bad rows come back with their row number and what is wrong. A row that was imported before is not saved again."),
    "file": ("Bestand (CSV)", "File (CSV)"),
    "no_file": ("Kies een bestand.", "Choose a file."),
    "file_too_big": ("Het bestand is te groot (hoogstens 5 MB).", "The file is too large (at most 5 MB)."),
    "read_in": ("Inlezen", "Import"),
    "import_failed": ("Deze regels zijn niet opgeslagen. Verbeter ze en lees het bestand opnieuw in:",
                      "These rows were not saved. Correct them and import the file again:"),
    "import_partly": ("{n} goede regels zijn opgeslagen; {already} regels waren al eerder ingelezen.",
                      "{n} good rows were saved; {already} rows had been imported before."),
    "imported": ("{n} aanvragen ingelezen uit {name}; {already} regels waren al eerder ingelezen.",
                 "{n} applications imported from {name}; {already} rows had been imported before."),
    "back": ("Terug naar de doorlooptijden", "Back to the lead times"),
}


def texts(lang):
    index = 0 if lang == "nl" else 1
    return {key: pair[index] for key, pair in TEXTS.items()}
