"""The fixed words of casework, in Dutch and English: choices for the models and labels for the pages."""

# Membership of a household.
PARENT, CHILD, OTHER = "parent", "child", "other"
MEMBER_ROLES = {PARENT: ("ouder/verzorger", "parent/carer"), CHILD: ("kind", "child"), OTHER: ("andere volwassene", "other adult")}

# Professionals and volunteers.
PROFESSIONAL, VOLUNTEER = "professional", "volunteer"
WORKER_KINDS = {PROFESSIONAL: ("professional", "professional"), VOLUNTEER: ("vrijwilliger", "volunteer")}

# Data categories a family gives consent for, per receiving organisation and purpose.
ANALYSIS, FINANCES, PLAN, MEETINGS, REFERRALS, NOTES = "analysis", "finances", "plan", "meetings", "referrals", "notes"
CATEGORIES = {
    ANALYSIS: ("gezinsanalyse (leefgebieden en problemen)", "family analysis (life domains and problems)"),
    FINANCES: ("geld: inkomen en schulden", "money: income and debts"),
    PLAN: ("gezinsplan: doelen en afspraken", "family plan: goals and actions"),
    MEETINGS: ("overleggen: agenda en besluiten", "case conferences: agenda and decisions"),
    REFERRALS: ("overdrachten: samenvatting", "handovers: summary"),
    NOTES: ("aantekeningen", "notes"),
}
# Not a consent category: who the family is and who helps it. Involvement in the family is the ground.
BASIC = "basic"
LOG_CATEGORIES = {BASIC: ("gezin en hulpverleners", "family and helpers"), **CATEGORIES,
                  "consent": ("toestemmingen", "consents"), "confidential": ("vertrouwelijke aantekening", "confidential note"),
                  "schemes": ("regelingen", "schemes"), "export": ("alle gegevens (inzageverzoek)", "all data (access request)"),
                  "access_log": ("wie in het dossier keek", "who looked at the file")}

# Purposes (doelbinding).
HELP, HANDOVER = "help", "handover"
PURPOSES = {
    HELP: ("hulp aan het gezin en afstemming van het gezinsplan", "helping the family and coordinating the family plan"),
    HANDOVER: ("warme overdracht naar een andere organisatie", "warm handover to another organisation"),
}
# Purposes of log entries beyond the consent purposes.
LOG_PURPOSES = {**PURPOSES,
                "family": ("het gezin bekijkt zijn eigen dossier", "the family looks at its own file"),
                "access_request": ("inzageverzoek (AVG)", "access request (GDPR)")}

# Life domains of the whole-family analysis: the six of the inspection framework, then four more.
LIFE_DOMAINS = {
    "income": ("inkomen", "income"),
    "housing": ("wonen", "housing"),
    "physical_health": ("lichamelijke gezondheid", "physical health"),
    "parenting": ("opvoeding en gezin", "parenting context"),
    "school": ("school en opleiding", "school"),
    "leisure": ("vrije tijd", "leisure"),
    "debts": ("schulden", "debts"),
    "mental_health": ("psychische gezondheid en verslaving", "mental health and addiction"),
    "work": ("werk en dagbesteding", "work and day activity"),
    "network": ("sociaal netwerk", "social network"),
}

# A problem is an underlying cause or a symptom (presenting problem).
CAUSE, SYMPTOM = "cause", "symptom"
PROBLEM_KINDS = {CAUSE: ("oorzaak", "cause"), SYMPTOM: ("gevolg (wat zichtbaar is)", "symptom (what shows)")}

# Arrears kinds of a debt.
DEBT_KINDS = {
    "rent": ("huur", "rent"), "energy": ("energie", "energy"), "water": ("water", "water"),
    "health_insurance": ("zorgverzekering", "health insurance"), "cjib": ("CJIB (boetes)", "CJIB (fines)"),
    "loan": ("lening", "loan"), "other": ("anders", "other"),
}

# Plan actions.
OPEN, IN_PROGRESS, DONE, CANCELLED = "open", "in_progress", "done", "cancelled"
ACTION_STATUSES = {OPEN: ("nog te doen", "to do"), IN_PROGRESS: ("bezig", "in progress"),
                   DONE: ("klaar", "done"), CANCELLED: ("vervallen", "cancelled")}

# Who wrote a goal.
BY_FAMILY, BY_PROFESSIONAL = "family", "professional"

# Referrals (warm handover).
REQUESTED, ACCEPTED, REJECTED, STARTED, COMPLETED, REVOKED, EXPIRED = (
    "requested", "accepted", "rejected", "in_progress", "completed", "revoked", "expired")
REFERRAL_STATUSES = {
    REQUESTED: ("aangevraagd", "requested"), ACCEPTED: ("geaccepteerd", "accepted"),
    REJECTED: ("afgewezen", "rejected"), STARTED: ("hulp gestart", "help started"),
    COMPLETED: ("afgerond", "completed"), REVOKED: ("ingetrokken", "revoked"), EXPIRED: ("verlopen", "expired"),
}

# Case conferences.
PLANNED, HELD = "planned", "held"
CONFERENCE_STATUSES = {PLANNED: ("gepland", "planned"), HELD: ("gehouden", "held"), CANCELLED: ("afgelast", "cancelled")}

# Involvement roles.
COORDINATOR_ROLE, CONTRIBUTOR = "coordinator", "contributor"
INVOLVEMENT_ROLES = {COORDINATOR_ROLE: ("coördinator", "coordinator"), CONTRIBUTOR: ("hulpverlener", "helper")}

# Access log actions.
READ, WRITE, EXPORT = "read", "write", "export"
LOG_ACTIONS = {READ: ("bekeken", "viewed"), WRITE: ("gewijzigd of toegevoegd", "changed or added"),
               EXPORT: ("alle gegevens opgevraagd", "all data requested")}


def choices(mapping, lang_index=1):
    """Django choices from one of the mappings above (English labels in the database layer)."""
    return [(key, labels[lang_index]) for key, labels in mapping.items()]


def label(mapping, key, lang="nl"):
    """The label of ``key`` in ``lang``; the key itself if unknown."""
    labels = mapping.get(key)
    return labels[0 if lang == "nl" else 1] if labels else key
