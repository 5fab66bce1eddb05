"""Turn form answers into the household JSON the engine reads, and the engine's needed facts into questions.

Nothing is stored: the household travels as JSON in a hidden form field between steps.
"""

import json
import re
from datetime import date

from meedoen.rules.errors import InputError
from meedoen.rules.explain import fact_label
from meedoen.rules.household import household_problems, parse_household

from .texts import t

MAX_CHILDREN, MAX_OTHERS = 8, 3
INCOME_FIELDS = ("wages", "benefit", "pension", "self_employment", "alimony", "student_finance", "other")
INCOME_LABELS = {
    "wages": ("Loon (netto)", "Wages (net)"), "benefit": ("Uitkering (bijstand, WW, ...)", "Benefit (social assistance, unemployment, ...)"),
    "pension": ("Pensioen en AOW", "Pension and state pension"), "self_employment": ("Inkomen als zelfstandige", "Self-employment income"),
    "alimony": ("Alimentatie", "Alimony"), "student_finance": ("Studiefinanciering", "Student finance"),
    "other": ("Ander inkomen", "Other income"),
}
STATUS_QUESTIONS = {  # (about you, about someone else) per language
    "chronically_ill_or_disabled": (("Bent u chronisch ziek of heeft u een beperking?", "Is {who} chronisch ziek of heeft {who} een beperking?"),
                                    ("Are you chronically ill or disabled?", "Is {who} chronically ill or disabled?")),
    "no_prospect_of_work": (("Heeft u geen uitzicht op werk of op meer inkomen?", "Heeft {who} geen uitzicht op werk of op meer inkomen?"),
                            ("Do you have no prospect of work or more income?", "Does {who} have no prospect of work or more income?")),
    "registered_premium_arrears": (("Staat u bij het CAK geregistreerd omdat u de zorgpremie niet betaalde?", "Staat {who} bij het CAK geregistreerd omdat de zorgpremie niet werd betaald?"),
                                   ("Are you registered at CAK for unpaid health-insurance premiums?", "Is {who} registered at CAK for unpaid health-insurance premiums?")),
    "receives_social_assistance": (("Krijgt u een bijstandsuitkering?", "Krijgt {who} een bijstandsuitkering?"),
                                   ("Do you receive social assistance?", "Does {who} receive social assistance?")),
    "receives_aow": (("Krijgt u AOW?", "Krijgt {who} AOW?"), ("Do you receive state pension (AOW)?", "Does {who} receive state pension (AOW)?")),
    "student_with_studiefinanciering": (("Studeert u met studiefinanciering?", "Studeert {who} met studiefinanciering?"),
                                        ("Are you a student with student finance?", "Is {who} a student with student finance?")),
}
OTHER_QUESTIONS = {
    "assets_cents": ("Hoeveel spaargeld en bezit heeft uw huishouden samen?", "How much savings and property does your household have together?"),
    "fixed_costs_cents": ("Hoeveel betaalt u per maand aan vaste lasten (huur, energie, water, verzekeringen, aflossingen)?",
                          "How much do you pay a month in fixed costs (rent, energy, water, insurance, repayments)?"),
    "facts.years_at_social_minimum": ("Hoeveel jaar is uw inkomen al niet hoger dan het sociaal minimum?",
                                      "For how many years has your income been at most the social minimum?"),
    "facts.received_income_supplement_last_12_months": ("Kreeg u de afgelopen 12 maanden een individuele inkomenstoeslag?",
                                                        "Did you receive an individual income supplement in the past 12 months?"),
}


def question_label(fact, household, lang, fallback):
    """The question in the second person ('Bent u ...?') where we can, else the engine's label."""
    index = 0 if lang == "nl" else 1
    if fact in OTHER_QUESTIONS:
        return OTHER_QUESTIONS[fact][index]
    match = re.fullmatch(r"members\[(\d+)\]\.(statuses\.(\w+)|school\.attends_school|birth_date)", fact)
    if not match:
        return fallback
    member = household["members"][int(match.group(1))]
    name = who(member, lang)
    if match.group(3) in STATUS_QUESTIONS:
        mine, theirs = STATUS_QUESTIONS[match.group(3)][index]
        return mine if member["role"] == "applicant" else theirs.format(who=name)
    if match.group(2) == "school.attends_school":
        return f"Gaat {name} naar school?" if lang == "nl" else f"Does {name} go to school?"
    return f"Geboortedatum van {name}" if lang == "nl" else f"Date of birth of {name}"


def parse_date(text, lang, today):
    """(date, error) from 'dd-mm-jjjj' or 'jjjj-mm-dd'; blank gives (None, None)."""
    text = (text or "").strip()
    if not text:
        return None, None
    match = re.fullmatch(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})", text)
    try:
        if match:
            day, month, year = map(int, match.groups())
            value = date(year, month, day)
        else:
            value = date.fromisoformat(text)
    except ValueError:
        return None, t("err_date", lang)
    if value > today:
        return None, t("err_future", lang)
    if value.year < 1900:
        return None, t("err_date", lang)
    return value, None


def parse_euros(text, lang):
    """(cents, error) from '1.250,00', '1250', '1250.5' or '€ 1.250'; blank gives (None, None)."""
    text = (text or "").strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not text:
        return None, None
    if text.startswith("-"):
        return None, t("err_negative", lang)
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"\d{1,9}(\.\d{1,2})?", text):
        return None, t("err_amount", lang)
    euros, _, cents = text.partition(".")
    return int(euros) * 100 + int((cents + "00")[:2]), None


def household_from_start(post, lang, today):
    """Step 1: the people in the home. Returns (household, errors by field)."""
    errors = {}
    municipality = post.get("municipality", "")
    members = []
    applicant, error = parse_date(post.get("applicant_birth_date"), lang, today)
    if error or applicant is None:
        errors["applicant_birth_date"] = error or t("err_required", lang)
    members.append({"id": "aanvrager", "role": "applicant", "birth_date": applicant and applicant.isoformat()})
    has_partner = post.get("has_partner")
    if has_partner not in ("yes", "no"):
        errors["has_partner"] = t("err_choice", lang)
    if has_partner == "yes":
        partner, error = parse_date(post.get("partner_birth_date"), lang, today)
        if error or partner is None:
            errors["partner_birth_date"] = error or t("err_required", lang)
        members.append({"id": "partner", "role": "partner", "birth_date": partner and partner.isoformat()})
    for prefix, role, count in (("child", "child", MAX_CHILDREN), ("other", "other", MAX_OTHERS)):
        for n in range(1, count + 1):
            value, error = parse_date(post.get(f"{prefix}_{n}"), lang, today)
            if error:
                errors[f"{prefix}_{n}"] = error
            elif value:
                members.append({"id": f"{'kind' if role == 'child' else 'huisgenoot'}-{n}", "role": role,
                                "birth_date": value.isoformat()})
    household = {"municipality": municipality, "members": members}
    if not errors:
        for problem in household_problems(household, today):
            errors[_field_for(problem.path, household)] = _plain(problem.what, lang)
    return household, errors


def _field_for(path, household):
    """The step-1 form field a household problem belongs to."""
    if len(path) >= 2 and path[0] == "members" and isinstance(path[1], int):
        member = household["members"][path[1]]
        if member["role"] == "applicant":
            return "applicant_birth_date"
        if member["role"] == "partner":
            return "partner_birth_date"
        prefix = "child" if member["role"] == "child" else "other"
        return f"{prefix}_{member['id'].rsplit('-', 1)[1]}"
    return "municipality" if path and path[0] == "municipality" else "applicant_birth_date"


def _plain(what, lang):
    if "not younger than" in what:
        return ("Een kind moet jonger zijn dan de ouders. Kijk de geboortedatum na." if lang == "nl"
                else "A child must be younger than the parents. Check the date of birth.")
    return what


# The hidden field holds what the start page and the questions made: a few KB. Anything much longer, nested deeper
# or with numbers longer than Python reads (4,300 digits) was not made by these pages.
HOUSEHOLD_FIELD_MAX_CHARS = 32 * 1024


def load_household(text):
    """The household from the hidden field; None if it is missing, too long, or not a valid household."""
    if not text or len(text) > HOUSEHOLD_FIELD_MAX_CHARS:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError; so is a number of 4,301 digits
        return None
    if not isinstance(data, dict) or household_problems(data):
        return None
    return data


def who(member, lang):
    role = member["role"]
    if role == "applicant":
        return t("you", lang)
    if role == "partner":
        return t("your_partner", lang)
    number = member.get("id", "-1").rsplit("-", 1)[-1]
    return t("child_label" if role == "child" else "other_label", lang, n=number)


def questions_for(facts, household, lang, municipality_rules, posted=None, errors=None):
    """One form question per needed fact, in the engine's order (most decisive first)."""
    posted, errors = posted or {}, errors or {}
    parsed = parse_household(household)
    questions = []
    for fact in facts:
        name = f"f:{fact}"
        q = {"fact": fact, "name": name, "error": errors.get(name), "value": posted.get(name, "")}
        label = question_label(fact, household, lang, fact_label(fact, parsed)[lang])
        if fact.endswith(".monthly_net_income_cents"):
            index = int(fact[len("members["):fact.index("]")])
            q.update(kind="income", label=t("income_of", lang, who=who(household["members"][index], lang)),
                     hint=t("income_hint", lang),
                     parts=[{"name": f"{name}:{s}", "label": INCOME_LABELS[s][0 if lang == "nl" else 1],
                             "value": posted.get(f"{name}:{s}", ""), "error": errors.get(f"{name}:{s}")}
                            for s in INCOME_FIELDS])
        elif ".monthly_net_income_cents." in fact or fact in ("assets_cents", "fixed_costs_cents"):
            q.update(kind="euro", label=label, hint=t("euro_hint", lang))
        elif fact.endswith(".birth_date"):
            q.update(kind="date", label=label, hint="dd-mm-jjjj" if lang == "nl" else "dd-mm-yyyy")
        elif fact == "district":
            q.update(kind="district", label=t("district", lang),
                     options=list(municipality_rules.districts) + [t("district_other", lang)])
        elif fact == "facts.years_at_social_minimum":
            q.update(kind="number", label=label, hint=t("years", lang))
        else:
            q.update(kind="yesno", label=label)
        questions.append(q)
    return questions


def apply_answers(household, post, facts, lang, today=None):
    """Put the answers to ``facts`` into a copy of ``household``. Returns (household, errors, skipped)."""
    household = json.loads(json.dumps(household))
    errors, skipped = {}, []
    for fact in facts:
        name = f"f:{fact}"
        if fact.endswith(".monthly_net_income_cents"):
            incomes, any_given = {}, False
            for source in INCOME_FIELDS:
                raw = post.get(f"{name}:{source}", "")
                cents, error = parse_euros(raw, lang)
                if error:
                    errors[f"{name}:{source}"] = error
                elif cents is not None:
                    any_given = True
                    if cents:
                        incomes[source] = cents
            if post.get(f"{name}:none") == "1" or any_given:
                _set(household, fact, incomes)
            else:
                skipped.append(fact)
            continue
        raw = post.get(name, "")
        if raw in ("", "unknown"):
            skipped.append(fact)
            continue
        if fact.endswith("_cents") or ".monthly_net_income_cents." in fact:
            value, error = parse_euros(raw, lang)
        elif fact.endswith(".birth_date"):
            parsed, error = parse_date(raw, lang, today or date.today())
            value = parsed and parsed.isoformat()
        elif fact == "facts.years_at_social_minimum":
            value, error = (int(raw), None) if raw.strip().isdigit() and int(raw) <= 100 else (None, t("err_number", lang))
        elif fact == "district":
            value, error = raw, None
        else:
            value, error = ({"yes": True, "no": False}.get(raw), None if raw in ("yes", "no") else t("err_choice", lang))
        if error:
            errors[name] = error
        else:
            _set(household, fact, value)
    return household, errors, skipped


def _set(household, fact, value):
    """Set a fact path such as ``members[2].school.attends_school`` in the household dict."""
    node = household
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", fact)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        key = int(part[1:-1]) if part.startswith("[") else part
        if last:
            node[key] = value
        else:
            nxt = parts[i + 1]
            if isinstance(key, int):
                node = node[key]
            else:
                if node.get(key) is None:
                    node[key] = [] if nxt.startswith("[") else {}
                node = node[key]


def validated(household, day):
    """Raise InputError if the merged household is not valid (should not happen with form input)."""
    problems = household_problems(household, day)
    if problems:
        raise InputError(problems)
    return household
