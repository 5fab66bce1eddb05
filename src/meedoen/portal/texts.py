"""Every fixed text of the resident check, in plain Dutch (B1) and English."""

from meedoen.rules.explain import UNVERIFIED_NOTICE

TEXTS = {
    "site_name": ("Meedoen: waar heeft u recht op?", "Meedoen: what can you get?"),
    "skip": ("Naar de inhoud", "Skip to content"),
    "intro": (
        "Beantwoord een paar vragen. Dan ziet u welke regelingen van uw gemeente u kunt krijgen, en waarom. "
        "U hoeft niet in te loggen. Wij bewaren uw antwoorden niet.",
        "Answer a few questions. Then you see which schemes of your municipality you can get, and why. "
        "You do not need to log in. We do not store your answers.",
    ),
    "step1": ("Wie wonen er in uw huis?", "Who lives in your home?"),
    "municipality": ("In welke gemeente woont u?", "Which municipality do you live in?"),
    "your_birth_date": ("Uw geboortedatum", "Your date of birth"),
    "has_partner": ("Woont u samen met een partner (getrouwd of samenwonend)?", "Do you live with a partner (married or cohabiting)?"),
    "partner_birth_date": ("Geboortedatum van uw partner", "Your partner's date of birth"),
    "children": ("Kinderen die bij u wonen", "Children who live with you"),
    "children_hint": ("Vul voor elk kind de geboortedatum in. Laat de rest leeg.", "Fill in each child's date of birth. Leave the rest empty."),
    "child_n": ("Geboortedatum kind {n}", "Date of birth child {n}"),
    "others": ("Andere volwassenen in uw huis (geen partner of kind)", "Other adults in your home (not a partner or child)"),
    "other_n": ("Geboortedatum huisgenoot {n}", "Date of birth housemate {n}"),
    "yes": ("Ja", "Yes"), "no": ("Nee", "No"), "dont_know": ("Weet ik niet", "I don't know"),
    "next": ("Volgende", "Next"),
    "show_result": ("Toon de uitslag", "Show the result"),
    "questions_title": ("Nog een paar vragen", "A few more questions"),
    "questions_intro": (
        "Deze vragen zijn nodig om te zien waar u recht op heeft. De belangrijkste vraag staat bovenaan. "
        "Weet u iets niet? Kies 'Weet ik niet'; dan ziet u wat we wel kunnen zeggen.",
        "We need these answers to see what you can get. The most important question is first. "
        "Don't know something? Choose 'I don't know'; you will see what we can say anyway.",
    ),
    "income_of": ("Netto inkomen per maand van {who}", "Net income a month of {who}"),
    "income_hint": ("In euro's, bijvoorbeeld 1.250,00. Laat leeg wat u niet krijgt.", "In euros, for example 1,250.00. Leave empty what you do not get."),
    "euro_hint": ("In euro's, bijvoorbeeld 1.250,00.", "In euros, for example 1,250.00."),
    "result_title": ("Uw uitslag", "Your result"),
    "can_get": ("Dit kunt u krijgen", "You can get this"),
    "maybe": ("Misschien: dit weten we nog niet zeker", "Maybe: we are not sure yet"),
    "cannot_get": ("Dit kunt u nu niet krijgen", "You cannot get this now"),
    "none": ("Geen.", "None."),
    "why": ("Waarom?", "Why?"),
    "how_to_apply": ("Zo vraagt u het aan", "How to apply"),
    "who_helps": ("Wie kan helpen", "Who can help"),
    "what_changes": ("Wat zou het veranderen?", "What would change it?"),
    "distance": ("Hoe ver van de grens?", "How far from the limit?"),
    "still_needed": ("Om dit zeker te weten, hebben we nog nodig:", "To be sure, we still need:"),
    "answer_more": ("Beantwoord nog meer vragen", "Answer more questions"),
    "how_computed": ("Zo hebben we gerekend", "How we calculated"),
    "social_minimum": ("Sociaal minimum (bijstandsnorm)", "Social minimum (social assistance norm)"),
    "income": ("Uw inkomen", "Your income"),
    "unknown": ("nog onbekend", "not known yet"),
    "ended_schemes": ("Voor deze datum staan de regelingen van de gemeente nog niet in het regelboek. "
                      "Vraag de gemeente welke regelingen er nu zijn.",
                      "For this date the municipality's schemes are not in the rulebook yet. "
                      "Ask the municipality which schemes there are now."),
    "unverified": ("Niet alles hierin is al gecontroleerd. Lees de opmerking bovenaan de uitslag.",
                   "Not everything here has been checked yet. See the note at the top of the result."),
    "too_slow": ("Het berekenen duurde te lang en is gestopt. Er is niets besloten. Probeer het over een paar minuten opnieuw.",
                 "The calculation took too long and was stopped. Nothing was decided. Please try again in a few minutes."),
    "unverified_notice": (UNVERIFIED_NOTICE["nl"], UNVERIFIED_NOTICE["en"]),  # once per result
    "source": ("Bron", "Source"),
    "receipt": ("Berekend met regelboek {version} (code {hash}), rekenmodule {engine}, op {date}.",
                "Calculated with rulebook {version} (code {hash}), engine {engine}, on {date}."),
    "move_title": ("Wat verandert er als we verhuizen?", "What changes if we move?"),
    "move_to": ("Verhuizen naar", "Move to"),
    "compare": ("Vergelijk", "Compare"),
    "print": ("Printversie om mee te nemen", "Printable version to take along"),
    "print_hint": ("Neem dit mee naar het loket of naar wie u helpt.", "Take this to the desk or to the person who helps you."),
    "start_again": ("Opnieuw beginnen", "Start again"),
    "language_switch": ("English", "Nederlands"),
    "no_storage": ("Wij bewaren uw antwoorden niet.", "We do not store your answers."),
    "err_date": ("Vul een datum in als dag-maand-jaar, bijvoorbeeld 21-03-1985.", "Enter a date as day-month-year, for example 21-03-1985."),
    "err_future": ("Deze datum ligt in de toekomst.", "This date is in the future."),
    "err_required": ("Dit is nodig om verder te gaan.", "We need this to continue."),
    "err_amount": ("Vul een bedrag in euro's in, bijvoorbeeld 1.250,00.", "Enter an amount in euros, for example 1,250.00."),
    "err_negative": ("Een bedrag kan niet negatief zijn.", "An amount cannot be negative."),
    "err_number": ("Vul een heel getal in, bijvoorbeeld 3.", "Enter a whole number, for example 3."),
    "err_choice": ("Kies een van de mogelijkheden.", "Choose one of the options."),
    "errors_intro": ("Er gaat iets mis. Kijk bij de vragen met een rode rand.", "Something is wrong. Look at the questions with a red border."),
    "district": ("In welke wijk woont u?", "Which district do you live in?"),
    "district_other": ("Een andere wijk", "Another district"),
    "years": ("jaar", "years"),
    "period": ("Geldig van {start} tot en met {end}", "Valid from {start} to {end}"),
    "status_eligible": ("U komt in aanmerking", "You qualify"),
    "status_not_eligible": ("U komt niet in aanmerking", "You do not qualify"),
    "status_undetermined": ("Nog niet te zeggen", "Cannot say yet"),
    "you": ("uzelf", "yourself"),
    "your_partner": ("uw partner", "your partner"),
    "child_label": ("kind {n}", "child {n}"),
    "other_label": ("huisgenoot {n}", "housemate {n}"),
    "same_in_both": ("Hetzelfde in beide gemeenten", "Same in both municipalities"),
    "only_in": ("Alleen in {name}", "Only in {name}"),
    "back_to_result": ("Terug naar de uitslag", "Back to the result"),
}


def t(key, lang, **values):
    nl, en = TEXTS[key]
    text = nl if lang == "nl" else en
    return text.format(**values) if values else text
