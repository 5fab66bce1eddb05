"""Plain-language explanations (Dutch B1 and English) of conditions, norms and needed facts.

Every condition has a positive statement (what is needed) and its own text when it holds, does not hold and is
not known yet, with the household's facts filled in. Short sentences, no internal codes, no English in Dutch.
"""

from .money import format_eur, format_percent

ROLE = {
    "applicant": ("de aanvrager", "the applicant"),
    "partner": ("de partner", "the partner"),
    "child": ("een kind", "a child"),
    "other": ("een huisgenoot", "a housemate"),
}
ROLE_OF = {
    "applicant": ("van de aanvrager", "of the applicant"),
    "partner": ("van de partner", "of the partner"),
    "child": ("van het kind", "of the child"),
    "other": ("van de huisgenoot", "of the housemate"),
}
STATUS = {
    "receives_social_assistance": ("krijgt bijstand", "receives social assistance"),
    "receives_aow": ("krijgt AOW", "receives state pension (AOW)"),
    "student_with_studiefinanciering": ("studeert met studiefinanciering", "is a student with student finance"),
    "chronically_ill_or_disabled": ("is chronisch ziek of heeft een beperking", "is chronically ill or disabled"),
    "no_prospect_of_work": ("heeft geen uitzicht op werk", "has no prospect of work"),
    "registered_premium_arrears": ("staat bij het CAK geregistreerd met een betalingsachterstand voor de zorgpremie",
                                   "is registered at CAK for health-insurance premium arrears"),
    "under_protective_administration": ("heeft een bewindvoerder (beschermingsbewind)",
                                        "has an administrator (beschermingsbewind)"),
}
# A status as a predicate: (Dutch main clause, Dutch verb-last clause, English), each (yes, no).
SAY_STATUS = {
    "receives_social_assistance": (("krijgt bijstand", "krijgt geen bijstand"),
                                   ("bijstand krijgt", "geen bijstand krijgt"),
                                   ("receives social assistance", "does not receive social assistance")),
    "receives_aow": (("krijgt AOW", "krijgt geen AOW"), ("AOW krijgt", "geen AOW krijgt"),
                     ("receives state pension (AOW)", "does not receive state pension (AOW)")),
    "student_with_studiefinanciering": (("studeert met studiefinanciering", "studeert niet met studiefinanciering"),
                                        ("met studiefinanciering studeert", "niet met studiefinanciering studeert"),
                                        ("is a student with student finance", "is not a student with student finance")),
    "chronically_ill_or_disabled": (("is chronisch ziek of heeft een beperking", "is niet chronisch ziek en heeft geen beperking"),
                                    ("chronisch ziek is of een beperking heeft", "niet chronisch ziek is en geen beperking heeft"),
                                    ("is chronically ill or disabled", "is not chronically ill or disabled")),
    "no_prospect_of_work": (("heeft geen uitzicht op werk", "heeft wel uitzicht op werk"),
                            ("geen uitzicht op werk heeft", "wel uitzicht op werk heeft"),
                            ("has no prospect of work", "has a prospect of work")),
    "registered_premium_arrears": (("staat bij het CAK geregistreerd met een achterstand in de zorgpremie",
                                    "staat niet bij het CAK geregistreerd met een achterstand in de zorgpremie"),
                                   ("bij het CAK geregistreerd staat met een achterstand in de zorgpremie",
                                    "niet bij het CAK geregistreerd staat met een achterstand in de zorgpremie"),
                                   ("is registered at CAK for health-insurance premium arrears",
                                    "is not registered at CAK for health-insurance premium arrears")),
    "under_protective_administration": (("heeft een bewindvoerder (beschermingsbewind)", "heeft geen bewindvoerder"),
                                        ("een bewindvoerder heeft (beschermingsbewind)", "geen bewindvoerder heeft"),
                                        ("has an administrator (beschermingsbewind)", "has no administrator")),
}
SAY_SCHOOL = (("gaat naar school", "gaat niet naar school"), ("naar school gaat", "niet naar school gaat"),
              ("goes to school", "does not go to school"))
EN_YOU = {"is": "are", "has": "have", "receives": "receive", "does": "do", "goes": "go"}
COST_KIND = {
    "housing": ("woonkosten (huur of hypotheek)", "housing costs (rent or mortgage)"),
    "health_insurance": ("premie zorgverzekering", "health-insurance premium"),
    "alimony_paid": ("betaalde alimentatie", "alimony paid"),
    "childcare": ("kosten kinderopvang", "childcare costs"),
}
NORM = {
    "single_21_aow": ("een alleenstaande of alleenstaande ouder van 21 jaar tot de AOW-leeftijd",
                      "a single person or single parent aged 21 to state pension age"),
    "couple_21_aow": ("gehuwden of samenwonenden, beiden van 21 jaar tot de AOW-leeftijd",
                      "a married or cohabiting couple, both aged 21 to state pension age"),
    "single_aow": ("een alleenstaande of alleenstaande ouder met de AOW-leeftijd",
                   "a single person or single parent at state pension age"),
    "couple_aow": ("gehuwden of samenwonenden, van wie één of beiden de AOW-leeftijd hebben",
                   "a couple, one or both at state pension age"),
    "single_18_20": ("een alleenstaande van 18, 19 of 20 jaar", "a single person aged 18 to 20"),
    "couple_18_20_no_children": ("gehuwden, beiden van 18 tot 21 jaar, zonder kinderen", "a couple, both aged 18 to 20, without children"),
    "couple_18_20_children": ("gehuwden, beiden van 18 tot 21 jaar, met kinderen", "a couple, both aged 18 to 20, with children"),
    "couple_18_20_and_21_no_children": ("gehuwden, één van 18 tot 21 jaar en één ouder, zonder kinderen",
                                        "a couple, one aged 18 to 20 and one older, without children"),
    "couple_18_20_and_21_children": ("gehuwden, één van 18 tot 21 jaar en één ouder, met kinderen",
                                     "a couple, one aged 18 to 20 and one older, with children"),
}
CATEGORY = {
    "single": ("alleenstaande", "single person"),
    "single_parent": ("alleenstaande ouder", "single parent"),
    "couple": ("gehuwden of samenwonenden", "couple"),
}
INCOME_SOURCE = {
    "wages": ("loon", "wages"), "self_employment": ("inkomen als zelfstandige", "self-employment income"),
    "benefit": ("uitkering", "benefit"), "pension": ("pensioen en AOW", "pension and AOW"),
    "alimony": ("alimentatie", "alimony"), "student_finance": ("studiefinanciering", "student finance"),
    "other": ("ander inkomen", "other income"), "kinderbijslag": ("kinderbijslag", "child benefit"),
    "kindgebonden_budget": ("kindgebonden budget", "child budget"), "zorgtoeslag": ("zorgtoeslag", "healthcare allowance"),
    "huurtoeslag": ("huurtoeslag", "housing allowance"),
}
# A household fact: the statement when it holds (nl, en; {v} the value), when it does not, and the question.
FACT = {
    "years_at_social_minimum": {
        "yes": ("u heeft al minstens {v} jaar een inkomen op of onder het sociaal minimum",
                "you have had an income at or below the social minimum for at least {v} years"),
        "question": ("Hoeveel jaar heeft u al een inkomen op of onder het sociaal minimum?",
                     "For how many years have you had an income at or below the social minimum?"),
    },
    "received_income_supplement_last_12_months": {
        "yes": ("u kreeg in de afgelopen 12 maanden een individuele inkomenstoeslag",
                "you received an individual income supplement in the past 12 months"),
        "no": ("u kreeg in de afgelopen 12 maanden geen individuele inkomenstoeslag",
               "you did not receive an individual income supplement in the past 12 months"),
        "question": ("Kreeg u in de afgelopen 12 maanden een individuele inkomenstoeslag?",
                     "Did you receive an individual income supplement in the past 12 months?"),
    },
}
MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
# The verdict after a condition's statement, when no text of its own says it: does not hold, not known yet.
VERDICT = {False: ("Dat is bij u niet zo.", "That is not the case for you."),
           None: ("Dat weten we nog niet.", "We do not know this yet.")}
# Said once per result when a value it rests on is tagged U (not checked against an official source yet).
UNVERIFIED_NOTICE = {
    "nl": "Let op: een paar bedragen of regels in deze uitslag zijn nog niet gecontroleerd met een officiële bron. "
          "De uitslag kan daardoor nog veranderen.",
    "en": "Please note: a few amounts or rules in this result have not been checked against an official source yet. "
          "So the result may still change.",
}


def format_date(day, lang):
    """1 maart 2026 / 1 March 2026."""
    months = MONTHS_NL if lang == "nl" else MONTHS_EN
    return f"{day.day} {months[day.month - 1]} {day.year}"


def both(nl, en):
    return {"nl": nl, "en": en}


def pct(p, lang):
    return format_percent(p / 100, lang).rstrip("%").replace(",0", "").replace(".0", "") + "%"


def unverified_notice(result):
    """The one notice for a result that rests on unverified (U) values, or None."""
    return dict(UNVERIFIED_NOTICE) if result["receipt"]["unverified_parameters"] else None


def _upper(text):
    return text[:1].upper() + text[1:]


def _lower(text):
    """Lower the first letter for use after a colon, unless the first word is an abbreviation (AOW, CAK)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _join(parts, word):
    """'a', 'a en b', 'a, b en c'."""
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


def _eur(cents):
    return both(format_eur(cents, "nl"), format_eur(cents, "en"))


def _age(p):
    """The age filter as (Dutch phrase after 'is' or 'van', English phrase after 'is' or a noun), or None."""
    lo, hi, aow = p.get("age_min"), p.get("age_max"), p.get("below_aow_age")
    nl, en = [], []
    if lo is not None and hi is not None:
        nl.append(f"{lo} tot en met {hi} jaar")
        en.append(f"aged {lo} to {hi}")
    elif lo is not None:
        nl.append(f"{lo} jaar of ouder")
        en.append(f"aged {lo} or older")
    elif hi is not None:
        nl.append(f"{hi} jaar of jonger")
        en.append(f"aged {hi} or younger")
    if aow:
        nl.append("jonger dan de AOW-leeftijd")
        en.append("below state pension age")
    return (" en ".join(nl), " and ".join(en)) if nl else None


def _predicates(p):
    """The member filter's statuses and school as [(main clause, verb-last clause, English)]."""
    out = []
    for status, wanted in p.get("statuses", {}).items():
        main, last, en = SAY_STATUS[status]
        k = 0 if wanted else 1
        out.append((main[k], last[k], en[k]))
    if "attends_school" in p:
        main, last, en = SAY_SCHOOL
        k = 0 if p["attends_school"] else 1
        out.append((main[k], last[k], en[k]))
    return out


def _you(en):
    """An English third-person predicate said of 'you' (is -> are, has -> have)."""
    first, _, rest = en.partition(" ")
    return f"{EN_YOU.get(first, first)} {rest}".strip()


WHO = {"applicant": ("u", "you"), "partner": ("uw partner", "your partner"),
       "child": ("een kind", "a child"), "other": ("een huisgenoot", "a housemate")}


def _member_statement(p):
    """What a member_exists condition asks, as a positive sentence without full stop (nl, en)."""
    roles, age, preds = list(p["roles"]), _age(p), _predicates(p)
    if p.get("negate"):
        who_nl, who_en = _join([WHO[r][0] for r in roles], "of"), _join([WHO[r][1] for r in roles], "or")
        if age:
            who_nl, who_en = f"{who_nl}, {age[0]}", f"{who_en}, {age[1]}"
        nl_bits = [m for m, _, _ in preds] or ["woont bij u"]
        en_bits = [e for _, _, e in preds] or ["lives with you"]
        return both(f"Niemand in uw huishouden ({who_nl}) {_join(nl_bits, 'en')}",
                    f"No one in your household ({who_en}) {_join(en_bits, 'and')}")
    if set(roles) <= {"applicant", "partner"}:
        alone = roles == ["applicant"]
        subject_nl, subject_en = _upper(_join([WHO[r][0] for r in roles], "of")), _upper(_join([WHO[r][1] for r in roles], "or"))
        nl_bits, en_bits = [], []
        if age and not preds:
            nl_bits.append(("bent " if alone else "is ") + age[0])
            en_bits.append(("are " if alone else "is ") + age[1])
        elif age:
            subject_nl += f" ({age[0]})"
            subject_en += f" ({age[1]})"
        for main, _, en in preds:
            nl_bits.append("bent " + main[3:] if alone and main.startswith("is ") else main)
            en_bits.append(_you(en) if alone else en)
        if not nl_bits:
            return both(f"{subject_nl} hoort bij het huishouden",
                        f"{subject_en} {'are' if alone else 'is'} part of the household")
        return both(f"{subject_nl} {_join(nl_bits, 'en')}", f"{subject_en} {_join(en_bits, 'and')}")
    noun_nl = {("child",): "een kind", ("other",): "een huisgenoot"}.get(tuple(roles), "iemand")
    noun_en = {("child",): "a child", ("other",): "a housemate"}.get(tuple(roles), "someone")
    nl = f"In uw huishouden woont {noun_nl}" + (f" van {age[0]}" if age else "")
    en = f"Your household has {noun_en}" + (f" {age[1]}" if age else "")
    if preds:
        nl += (" dat " if noun_nl == "een kind" else " die ") + _join([last for _, last, _ in preds], "en")
        en += " who " + _join([e for _, _, e in preds], "and")
    return both(nl, en)


def statement(cond, ctx):
    """What the condition asks, as one positive sentence without full stop, in both languages."""
    if cond.text:
        return both(_upper(cond.text["nl"]), _upper(cond.text["en"]))
    p, k = cond.params, cond.kind
    name = ctx.municipality.name
    if k == "lives_in_municipality":
        return both(f"U woont in {name}", f"You live in {name}")
    if k == "income_at_most":
        return both(f"Uw inkomen is {pct(cond.percent, 'nl')} van de bijstandsnorm of minder",
                    f"Your income is {pct(cond.percent, 'en')} of the social assistance norm or less")
    if k == "income_above":
        return both(f"Uw inkomen is meer dan {pct(cond.percent, 'nl')} van de bijstandsnorm",
                    f"Your income is more than {pct(cond.percent, 'en')} of the social assistance norm")
    if k == "member_exists":
        return _member_statement(p)
    if k == "assets_at_most":
        limits = _join([f"{format_eur(v, 'nl')} voor {_article(CATEGORY[c][0])}" for c, v in p["limits_cents"].items()], "en")
        limits_en = _join([f"{format_eur(v, 'en')} for a {CATEGORY[c][1]}" for c, v in p["limits_cents"].items()], "and")
        if not limits:
            return both("Uw vermogen is niet meer dan de vermogensgrens", "Your assets are at most the asset limit")
        return both(f"Uw vermogen is niet meer dan de grens: {limits}", f"Your assets are at most the limit: {limits_en}")
    if k in ("household_fact_at_least", "household_fact_is"):
        return _fact_statement(p)
    if k == "in_district":
        return both(f"U woont in de wijk {_join(list(p['districts']), 'of')}", f"You live in the district {_join(list(p['districts']), 'or')}")
    if k == "debts_above":
        if p["cents"] == 0:
            return both("Uw huishouden heeft schulden", "Your household has debts")
        return both(f"Uw huishouden heeft meer dan {format_eur(p['cents'], 'nl')} aan schulden",
                    f"Your household has more than {format_eur(p['cents'], 'en')} in debts")
    if k == "payment_capacity_below_tax":
        return both("Wat u per jaar kunt betalen (uw betalingscapaciteit), is minder dan de aanslag gemeentelijke belastingen",
                    "What you can pay a year (your payment capacity) is less than the municipal tax assessment")
    if k == "spending_money_below":
        return both("Na de vaste lasten houdt u minder over dan de grens van de Voedselbank",
                    "After fixed costs you have less left than the food bank's limit")
    return both("Voorwaarde van de gemeente", "A condition of the municipality")


def _article(category):
    return "gehuwden of samenwonenden" if category.startswith("gehuwden") else f"een {category}"


def _fact_statement(p):
    say, value = FACT[p["fact"]], p["value"]
    key = "no" if value is False and "no" in say else "yes"
    nl, en = say[key]
    return both(_upper(nl.format(v=value)), _upper(en.format(v=value)))


def _years(n, lang):
    if lang == "nl":
        return f"{n} jaar"
    return f"{n} year" if n == 1 else f"{n} years"


def _fixed(cond, outcome, ctx):
    """The kind's facts, with the verdict where the facts give one; None when the facts say nothing here."""
    d, k, v = outcome.detail, cond.kind, outcome.value
    if k in ("income_at_most", "income_above"):
        p_nl, p_en = pct(cond.percent, "nl"), pct(cond.percent, "en")
        if "limit" not in d:
            must = ("mag niet meer zijn dan", "may be at most") if k == "income_at_most" else ("moet meer zijn dan", "must be more than")
            return both(f"Uw inkomen {must[0]} {p_nl} van de bijstandsnorm. We weten de bijstandsnorm voor uw huishouden nog niet.",
                        f"Your income {must[1]} {p_en} of the social assistance norm. We do not know the norm for your household yet.")
        limit = _eur(d["limit"])
        if "income" not in d:
            must = ("mag niet meer zijn dan", "may be at most") if k == "income_at_most" else ("moet meer zijn dan", "must be more than")
            return both(f"Uw inkomen {must[0]} {limit['nl']} per maand ({p_nl} van de bijstandsnorm). We weten uw inkomen nog niet.",
                        f"Your income {must[1]} {limit['en']} a month ({p_en} of the social assistance norm). We do not know your income yet.")
        income = _eur(d["income"])
        more = d["income"] > d["limit"]
        return both(f"Uw inkomen is {income['nl']} per maand. Dat is {'meer' if more else 'niet meer'} dan de grens van "
                    f"{limit['nl']} ({p_nl} van de bijstandsnorm).",
                    f"Your income is {income['en']} a month. That is {'more' if more else 'not more'} than the limit of "
                    f"{limit['en']} ({p_en} of the social assistance norm).")
    if k == "lives_in_municipality":
        name = ctx.municipality.name
        if v:
            return both(f"U woont in {name}.", f"You live in {name}.")
        given = d.get("given", "").strip()
        if not given:
            return both(f"Deze regeling is voor inwoners van {name}. U gaf geen gemeente op.",
                        f"This scheme is for residents of {name}. You gave no municipality.")
        return both(f"Deze regeling is voor inwoners van {name}. U gaf als gemeente op: {given}.",
                    f"This scheme is for residents of {name}. The municipality you gave: {given}.")
    if k == "assets_at_most":
        if "limit" not in d:
            return None
        limit = _eur(d["limit"])
        if "assets" not in d:
            return both(f"De grens voor uw vermogen is {limit['nl']}. We weten uw vermogen nog niet.",
                        f"The limit for your assets is {limit['en']}. We do not know your assets yet.")
        assets, more = _eur(d["assets"]), d["assets"] > d["limit"]
        return both(f"Uw vermogen is {assets['nl']}. Dat is {'meer' if more else 'niet meer'} dan de grens van {limit['nl']}.",
                    f"Your assets are {assets['en']}. That is {'more' if more else 'not more'} than the limit of {limit['en']}.")
    if k == "spending_money_below":
        if "limit" not in d:
            return None
        limit = _eur(d["limit"])
        if "spending" not in d:
            return both(f"De grens van de Voedselbank is {limit['nl']} per maand na de vaste lasten. We weten nog niet wat u overhoudt.",
                        f"The food bank's limit is {limit['en']} a month after fixed costs. We do not know yet what you have left.")
        left, less = _eur(d["spending"]), d["spending"] < d["limit"]
        return both(f"U houdt na de vaste lasten {left['nl']} per maand over. "
                    f"Dat is {'minder' if less else 'niet minder'} dan de grens van de Voedselbank: {limit['nl']}.",
                    f"After fixed costs you have {left['en']} a month left. "
                    f"That is {'less' if less else 'not less'} than the food bank's limit: {limit['en']}.")
    if k == "debts_above":
        if "debts" not in d:
            return None
        debts, limit = _eur(d["debts"]), d["limit"]
        if d["debts"] == 0:
            return both("Uw huishouden heeft geen schulden.", "Your household has no debts.")
        nl, en = f"Uw huishouden heeft {debts['nl']} aan schulden.", f"Your household has {debts['en']} in debts."
        if limit:
            more = d["debts"] > limit
            nl += f" Dat is {'meer' if more else 'niet meer'} dan {format_eur(limit, 'nl')}."
            en += f" That is {'more' if more else 'not more'} than {format_eur(limit, 'en')}."
        return both(nl, en)
    if k == "household_fact_at_least" and "have" in d:
        need, have = cond.params["value"], d["have"]
        if v:
            return both(f"U heeft al {_years(have, 'nl')} een inkomen op of onder het sociaal minimum. Dat is minstens {_years(need, 'nl')}.",
                        f"You have had an income at or below the social minimum for {_years(have, 'en')}. That is at least {_years(need, 'en')}.")
        return both(f"U heeft {_years(have, 'nl')} een inkomen op of onder het sociaal minimum. Nodig is minstens {_years(need, 'nl')}.",
                    f"You have had an income at or below the social minimum for {_years(have, 'en')}. At least {_years(need, 'en')} is needed.")
    if k == "in_district":
        places = _join(list(cond.params["districts"]), "of"), _join(list(cond.params["districts"]), "or")
        if v:
            return both(f"U woont in de wijk {d['have']}.", f"You live in the district {d['have']}.")
        if v is False:
            return both(f"Deze regeling is alleen voor de wijk {places[0]}. U woont in een andere wijk.",
                        f"This scheme is only for the district {places[1]}. You live in another district.")
        return both(f"Deze regeling is alleen voor de wijk {places[0]}. We weten nog niet in welke wijk u woont.",
                    f"This scheme is only for the district {places[1]}. We do not know yet which district you live in.")
    if k == "payment_capacity_below_tax":
        return _capacity_facts(cond, outcome, ctx)
    return None


def _capacity_facts(cond, outcome, ctx):
    d = outcome.detail
    if "capacity" in d:
        low, high = d["capacity"]
        nl = f"U kunt {_range(low, high, 'nl')} per jaar betalen."
        en = f"You can pay {_range(low, high, 'en')} a year."
        if "tax" in d:
            nl += f" De aanslag is {format_eur(d['tax'], 'nl')}."
            en += f" The assessment is {format_eur(d['tax'], 'en')}."
            if outcome.value is not None:
                nl += f" Dat is {'meer' if outcome.value else 'niet meer'} dan u kunt betalen."
                en += f" That is {'more' if outcome.value else 'not more'} than you can pay."
        elif outcome.value is None:
            nl += " We weten de aanslag nog niet."
            en += " We do not know the assessment yet."
        steps = capacity_steps(ctx.payment_capacity(cond.params))
        nl += " Zo is het berekend: " + " ".join(step["nl"] for step in steps)
        en += " How it was computed: " + " ".join(step["en"] for step in steps)
        return both(nl, en)
    if "at_most" in d:
        return both(f"Ook zonder de vaste lasten die we nog niet weten, kunt u hoogstens {format_eur(d['at_most'], 'nl')} per jaar betalen. "
                    "Dat is minder dan de aanslag.",
                    f"Even without the fixed costs we do not know yet, you can pay at most {format_eur(d['at_most'], 'en')} a year. "
                    "That is less than the assessment.")
    return None


def condition_text(cond, outcome, ctx):
    """The condition for this household. The facts (amounts, limits) with their verdict where the kind has them;
    otherwise the statement as a fact when it holds, or 'Voorwaarde: ...' and the verdict. A rule gap in words."""
    s, v = statement(cond, ctx), outcome.value
    facts = _fixed(cond, outcome, ctx)
    if facts is not None and not cond.text:
        nl, en = facts["nl"], facts["en"]
    else:
        if v is True:
            nl, en = f"{s['nl']}.", f"{s['en']}."
        else:
            nl, en = f"Voorwaarde: {_lower(s['nl'])}. {VERDICT[v][0]}", f"Condition: {_lower(s['en'])}. {VERDICT[v][1]}"
        if facts is not None and cond.kind != "lives_in_municipality":
            nl, en = f"{nl} {facts['nl']}", f"{en} {facts['en']}"
    if outcome.gap:
        nl += f" {_upper(outcome.gap['nl'])}."
        en += f" {_upper(outcome.gap['en'])}."
    return both(nl, en)


def _range(low, high, lang):
    if low == high:
        return format_eur(low, lang)
    return f"{format_eur(low, lang)} {'tot' if lang == 'nl' else 'to'} {format_eur(high, lang)}"


def capacity_steps(derived):
    """How the payment capacity for kwijtschelding was computed, step by step (nl, en)."""
    if not derived.known:
        return []
    d = derived.detail
    inc_nl = " + ".join(f"{INCOME_SOURCE[s][0]} {format_eur(c, 'nl')}" for s, c in d["income_parts"].items()) or "geen inkomen"
    inc_en = " + ".join(f"{INCOME_SOURCE[s][1]} {format_eur(c, 'en')}" for s, c in d["income_parts"].items()) or "no income"
    cost_nl = " + ".join(f"{COST_KIND[k][0]} {format_eur(c, 'nl')}" for k, c in d["cost_parts"].items()) or "geen"
    cost_en = " + ".join(f"{COST_KIND[k][1]} {format_eur(c, 'en')}" for k, c in d["cost_parts"].items()) or "none"
    low_pct, high_pct = d["percents"]
    cost_low, cost_high = d["cost_of_living"]
    low, high = derived.value
    cap = pct(d["capacity_percent"], "nl"), pct(d["capacity_percent"], "en")
    if d["own_percent"]:
        norm_nl = f"{pct(low_pct, 'nl')} van de bijstandsnorm van {format_eur(d['norm'], 'nl')} = {format_eur(cost_low, 'nl')}."
        norm_en = f"{pct(low_pct, 'en')} of the social assistance norm of {format_eur(d['norm'], 'en')} = {format_eur(cost_low, 'en')}."
    else:
        norm_nl = (f"{pct(low_pct, 'nl')} tot {pct(high_pct, 'nl')} van de bijstandsnorm van {format_eur(d['norm'], 'nl')} = "
                   f"{format_eur(cost_low, 'nl')} tot {format_eur(cost_high, 'nl')}. Welk percentage de gemeente kiest, staat niet in de bronnen.")
        norm_en = (f"{pct(low_pct, 'en')} to {pct(high_pct, 'en')} of the social assistance norm of {format_eur(d['norm'], 'en')} = "
                   f"{format_eur(cost_low, 'en')} to {format_eur(cost_high, 'en')}. Which percentage the municipality chooses is not in the sources.")
    return [
        both(f"Inkomen dat meetelt (netto per maand): {inc_nl} = {format_eur(d['income'], 'nl')}.",
             f"Income that counts (net a month): {inc_en} = {format_eur(d['income'], 'en')}."),
        both(f"Vaste lasten die meetellen: {cost_nl}. U kunt {format_eur(d['spendable'], 'nl')} per maand besteden.",
             f"Fixed costs that count: {cost_en}. You can spend {format_eur(d['spendable'], 'en')} a month."),
        both(f"Kosten van bestaan: {norm_nl}", f"Cost of living: {norm_en}"),
        both(f"Wat u per maand overhoudt boven de kosten van bestaan: daarvan telt {cap[0]}. "
             f"Keer 12 is dat {_range(low, high, 'nl')} per jaar.",
             f"What you have left a month above the cost of living: {cap[1]} of it counts. "
             f"Times 12 that is {_range(low, high, 'en')} a year."),
    ]


def distance_text(percent, distance):
    p_nl, p_en = pct(percent, "nl"), pct(percent, "en")
    if distance > 0:
        return both(f"{format_eur(distance, 'nl')} per maand boven de {p_nl}-grens",
                    f"{format_eur(distance, 'en')} a month above the {p_en} limit")
    if distance < 0:
        return both(f"{format_eur(-distance, 'nl')} per maand onder de {p_nl}-grens",
                    f"{format_eur(-distance, 'en')} a month below the {p_en} limit")
    return both(f"precies op de {p_nl}-grens", f"exactly at the {p_en} limit")


def change_text(cond, outcome, ctx):
    """What would change a failed condition, or None."""
    d, k = outcome.detail, cond.kind
    if outcome.value is not False:
        return None
    if k == "income_at_most" and "distance" in d:
        return both(f"Met {format_eur(d['distance'], 'nl')} per maand minder inkomen komt u wel in aanmerking.",
                    f"With {format_eur(d['distance'], 'en')} a month less income you would qualify.")
    if k == "income_above" and "limit" in d:
        return both(f"Deze regeling is alleen voor een inkomen boven {format_eur(d['limit'], 'nl')} per maand.",
                    f"This scheme is only for an income above {format_eur(d['limit'], 'en')} a month.")
    if k == "assets_at_most" and "distance" in d:
        return both(f"Met {format_eur(d['distance'], 'nl')} minder vermogen komt u wel in aanmerking.",
                    f"With {format_eur(d['distance'], 'en')} less in assets you would qualify.")
    s = statement(cond, ctx)
    return both(f"Dit is nodig: {_lower(s['nl'])}.", f"This is needed: {_lower(s['en'])}.")


def norm_steps(ctx):
    """How the social minimum was computed, step by step; the source as a step of its own."""
    n = ctx.norm
    if not n.known:
        return []
    d = n.detail
    vt_nl = "met vakantiegeld" if d["vt"] == "incl_vt" else "zonder vakantiegeld"
    vt_en = "including holiday allowance" if d["vt"] == "incl_vt" else "excluding holiday allowance"
    norm = NORM.get(d["key"], ("uw huishouden", "your household"))
    steps = [
        both(f"De bijstandsnorm is {format_eur(d['table_cents'], 'nl')} per maand, {vt_nl}. "
             f"Dat is de norm op {format_date(ctx.day, 'nl')} voor {norm[0]}.",
             f"The social assistance norm is {format_eur(d['table_cents'], 'en')} a month, {vt_en}. "
             f"That is the norm on {format_date(ctx.day, 'en')} for {norm[1]}."),
    ]
    if d.get("kostendelers", 0) > 1:
        share = d["share"]
        steps.append(both(
            f"Kostendelersnorm: {d['kostendelers']} personen van 27 jaar of ouder delen de woning. "
            f"Per persoon is de norm {format_percent(share, 'nl')} van {format_eur(d['base_cents'], 'nl')}. "
            f"Dat is {format_eur(d['per_person_cents'], 'nl')}. Voor het huishouden is dat {format_eur(n.value, 'nl')}. "
            "Bron: Participatiewet artikel 22a.",
            f"Cost-sharer norm: {d['kostendelers']} people aged 27 or over share the home. "
            f"Per person the norm is {format_percent(share, 'en')} of {format_eur(d['base_cents'], 'en')}. "
            f"That is {format_eur(d['per_person_cents'], 'en')}. For the household that is {format_eur(n.value, 'en')}. "
            "Source: Participatiewet article 22a.",
        ))
    steps.append(both(f"Bron: {d['source']}.", f"Source: {d['source']}."))
    return steps


def income_steps(ctx):
    inc = ctx.income
    if not inc.known:
        return []
    parts = inc.detail["parts"]
    if parts:
        nl = " + ".join(f"{INCOME_SOURCE[s][0]} {format_eur(c, 'nl')}" for s, c in parts.items())
        en = " + ".join(f"{INCOME_SOURCE[s][1]} {format_eur(c, 'en')}" for s, c in parts.items())
    else:
        nl, en = "geen inkomen", "no income"
    not_counted = [s for s in INCOME_SOURCE if s not in ctx.settings.counted_income_sources]
    steps = [both(f"Inkomen dat meetelt (netto per maand): {nl} = {format_eur(inc.value, 'nl')}.",
                  f"Income that counts (net a month): {en} = {format_eur(inc.value, 'en')}.")]
    steps.append(both("Telt niet mee: " + _join([INCOME_SOURCE[s][0] for s in not_counted], "en") + ".",
                      "Does not count: " + _join([INCOME_SOURCE[s][1] for s in not_counted], "and") + "."))
    steps.append(both(f"Bron: {ctx.settings.counted_income.source}.", f"Source: {ctx.settings.counted_income.source}."))
    if ctx.ratio is not None:
        steps.append(both(
            f"{format_eur(inc.value, 'nl')} is {format_percent(ctx.ratio, 'nl')} van de bijstandsnorm ({format_eur(ctx.norm.value, 'nl')}).",
            f"{format_eur(inc.value, 'en')} is {format_percent(ctx.ratio, 'en')} of the social assistance norm ({format_eur(ctx.norm.value, 'en')}).",
        ))
    return steps


def fact_label(path, household):
    """A readable name for a needed fact path such as ``members[2].school.attends_school``."""
    if path.startswith("members["):
        index = int(path[len("members["):path.index("]")])
        member = household.members[index]
        rest = path[path.index("]") + 2:]
        of_nl, of_en = ROLE_OF[member.role]
        if not member.id.startswith("members["):
            who_nl, who_en = f"{of_nl} ({member.id})", f"{of_en} ({member.id})"
        elif member.role == "child":  # no name given: the child's number, not the data path
            n = [m.role for m in household.members[:index + 1]].count("child")
            who_nl, who_en = f"van kind {n}", f"of child {n}"
        else:
            who_nl, who_en = of_nl, of_en
        if rest == "birth_date":
            return both(f"Geboortedatum {who_nl}", f"Birth date {who_en}")
        if rest.startswith("monthly_net_income_cents"):
            source = rest.split(".")[1] if "." in rest else None
            if source:
                return both(f"Netto {INCOME_SOURCE[source][0]} per maand {who_nl}", f"Net {INCOME_SOURCE[source][1]} a month {who_en}")
            return both(f"Netto inkomen per maand {who_nl}", f"Net income a month {who_en}")
        if rest.startswith("statuses."):
            _, last, en = SAY_STATUS[rest.split(".")[1]]
            subject_en = who_en.replace("of ", "", 1)
            return both(f"Klopt het dat {who_nl.replace('van ', '', 1)} {last[0]}?",
                        f"Is it true that {subject_en} {en[0]}?")
        if rest == "school.attends_school":
            child_nl, child_en = who_nl.replace("van ", "", 1), who_en.replace("of ", "", 1)
            return both(f"Gaat {child_nl} naar school?", f"Does {child_en} go to school?")
    if path == "assets_cents":
        return both("Vermogen van het huishouden (spaargeld en bezit)", "Household assets (savings and property)")
    if path == "fixed_costs_cents":
        return both("Vaste lasten per maand", "Fixed costs a month")
    if path == "housing_costs_cents":
        return both("Huur of hypotheek per maand", "Rent or mortgage a month")
    if path == "debts_cents":
        return both("Hoeveel schulden heeft het huishouden (samen)?", "How much debt does the household have (in total)?")
    if path == "municipal_taxes_cents":
        return both("Aanslag gemeentelijke belastingen dit jaar", "Municipal tax assessment this year")
    if path == "monthly_costs_cents":
        return both("Vaste lasten per maand per soort (zorgverzekering, alimentatie, kinderopvang)",
                    "Fixed costs a month by kind (health insurance, alimony, childcare)")
    if path.startswith("monthly_costs_cents."):
        nl, en = COST_KIND[path.split(".", 1)[1]]
        return both(f"{nl.capitalize()} per maand", f"{en.capitalize()} a month")
    if path == "district":
        return both("Wijk waar u woont", "District you live in")
    if path.startswith("facts."):
        nl, en = FACT[path.split(".", 1)[1]]["question"]
        return both(nl, en)
    return both(path, path)
