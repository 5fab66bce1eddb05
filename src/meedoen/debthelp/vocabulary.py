"""The fixed words of the debt-help pathway, in Dutch (plain B1) and English."""

# Where a debt case comes from.
SELF, PROFESSIONAL, SIGNAL = "self", "professional", "signal"
ORIGINS = {
    SELF: ("zelf aangemeld", "self-referral"),
    PROFESSIONAL: ("aangemeld door een hulpverlener", "referred by a professional"),
    SIGNAL: ("na een signaal over een betalingsachterstand", "after a signal of payment arrears"),
}

# Phases (one at a time). Final phases: refused, ended, relapse_checked.
REGISTERED, INTAKE, STABILISATION, ADMISSION = "registered", "intake", "stabilisation", "admission"
SETTLEMENT, YOUTH_TAKEOVER, BUDGET_MANAGEMENT = "settlement", "youth_takeover", "budget_management"
AFTERCARE, CLOSED, RELAPSE_CHECKED, REFUSED, ENDED = "aftercare", "closed", "relapse_checked", "refused", "ended"
PHASES = {
    REGISTERED: ("aangemeld", "registered"),
    INTAKE: ("intakegesprek gehad", "intake held"),
    STABILISATION: ("stabilisatie: rust in de geldzaken", "stabilisation: calm in money matters"),
    ADMISSION: ("toegelaten tot schuldhulp", "admitted to debt help"),
    SETTLEMENT: ("schuldregeling (3 jaar)", "debt settlement (3 years)"),
    YOUTH_TAKEOVER: ("schulden overgenomen (jongeren)", "debts taken over (young people)"),
    BUDGET_MANAGEMENT: ("budgetbeheer via de bewindvoerdersdesk", "budget management through the administrators' desk"),
    AFTERCARE: ("nazorg", "aftercare"),
    CLOSED: ("afgerond; controle na 5 jaar", "finished; check after 5 years"),
    RELAPSE_CHECKED: ("controle na 5 jaar gedaan", "5-year check done"),
    REFUSED: ("afgewezen", "refused"),
    ENDED: ("gestopt", "ended"),
}
ROUTES = (SETTLEMENT, YOUTH_TAKEOVER, BUDGET_MANAGEMENT)
FINAL = (RELAPSE_CHECKED, REFUSED, ENDED)
OPEN_PHASES = tuple(p for p in PHASES if p not in FINAL and p != CLOSED)

# The next step in words, for the family and the worker.
NEXT_STEP = {
    REGISTERED: ("Een eerste gesprek (intake) met de schuldhulpverlener.", "A first conversation (intake) with the debt counsellor."),
    INTAKE: ("Rust brengen in de geldzaken, of meteen de toelating als er een bewindvoerder is.",
             "Bringing calm to money matters, or admission straight away when there is an administrator."),
    STABILISATION: ("Een overzicht van alle schulden en van wat u per maand kunt aflossen; dan het besluit over de toelating.",
                    "An overview of all debts and of what you can repay each month; then the decision on admission."),
    ADMISSION: ("De keuze voor de oplossing: een schuldregeling, overname van schulden of budgetbeheer.",
                "Choosing the solution: a debt settlement, taking over the debts, or budget management."),
    SETTLEMENT: ("Elke maand aflossen tot het einde van de regeling; daarna nazorg.", "Repaying every month until the settlement ends; then aftercare."),
    YOUTH_TAKEOVER: ("Aflossen aan de gemeente volgens de afspraak; daarna nazorg.", "Repaying the municipality as agreed; then aftercare."),
    BUDGET_MANAGEMENT: ("Budgetbeheer loopt; daarna nazorg.", "Budget management is running; then aftercare."),
    AFTERCARE: ("Nazorg: zorgen dat er geen nieuwe schulden komen; dan afronden.", "Aftercare: making sure no new debts come; then finishing."),
    CLOSED: ("Over 5 jaar vragen we hoe het gaat.", "In 5 years we ask how things are."),
    RELAPSE_CHECKED: ("Klaar.", "Done."),
    REFUSED: ("U kunt bezwaar maken tegen het besluit; de brief zegt hoe.", "You can object to the decision; the letter says how."),
    ENDED: ("Klaar. U kunt altijd opnieuw hulp vragen.", "Done. You can always ask for help again."),
}

# Creditors.
CREDITOR_KINDS = {
    "rent": ("huur", "rent"), "energy": ("energie", "energy"), "water": ("water", "water"),
    "health_insurance": ("zorgverzekering", "health insurance"), "tax": ("belasting", "tax"), "other": ("anders", "other"),
}
NONE, PROPOSED, AGREED, DECLINED, PAID = "none", "proposed", "agreed", "refused", "paid"
ARRANGEMENTS = {
    NONE: ("nog geen afspraak", "no arrangement yet"), PROPOSED: ("voorstel gedaan", "proposed"),
    AGREED: ("akkoord", "agreed"), DECLINED: ("geweigerd door schuldeiser", "refused by the creditor"), PAID: ("betaald", "paid"),
}


def choices(mapping):
    return [(key, labels[1]) for key, labels in mapping.items()]


def label(mapping, key, lang="nl"):
    labels = mapping.get(key)
    return labels[0 if lang == "nl" else 1] if labels else key
