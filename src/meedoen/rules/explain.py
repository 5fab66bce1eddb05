"""Plain-language explanations (Dutch B1 and English) of conditions, norms and needed facts."""

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
COST_KIND = {
    "housing": ("woonkosten (huur of hypotheek)", "housing costs (rent or mortgage)"),
    "health_insurance": ("premie zorgverzekering", "health-insurance premium"),
    "alimony_paid": ("betaalde alimentatie", "alimony paid"),
    "childcare": ("kosten kinderopvang", "childcare costs"),
}
NORM = {
    "single_21_aow": ("alleenstaande of alleenstaande ouder, 21 jaar tot de AOW-leeftijd", "single person or single parent, 21 to state pension age"),
    "couple_21_aow": ("gehuwden of samenwonenden, beiden 21 jaar tot de AOW-leeftijd", "married or cohabiting couple, both 21 to state pension age"),
    "single_aow": ("alleenstaande of alleenstaande ouder met AOW-leeftijd", "single person or single parent at state pension age"),
    "couple_aow": ("gehuwden of samenwonenden, één of beiden met AOW-leeftijd", "couple, one or both at state pension age"),
    "single_18_20": ("alleenstaande van 18, 19 of 20 jaar", "single person aged 18 to 20"),
    "couple_18_20_no_children": ("gehuwden, beiden 18 tot 21 jaar, zonder kinderen", "couple, both 18 to 20, no children"),
    "couple_18_20_children": ("gehuwden, beiden 18 tot 21 jaar, met kinderen", "couple, both 18 to 20, with children"),
    "couple_18_20_and_21_no_children": ("gehuwden, één 18 tot 21 jaar en één ouder, zonder kinderen", "couple, one 18 to 20 and one older, no children"),
    "couple_18_20_and_21_children": ("gehuwden, één 18 tot 21 jaar en één ouder, met kinderen", "couple, one 18 to 20 and one older, with children"),
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
FACT = {
    "years_at_social_minimum": ("uw inkomen is al minstens {v} jaar niet hoger dan het sociaal minimum",
                                "your income has been at most the social minimum for at least {v} years"),
    "received_income_supplement_last_12_months": ("u kreeg de afgelopen 12 maanden een individuele inkomenstoeslag",
                                                  "you received an individual income supplement in the past 12 months"),
}
MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def format_date(day, lang):
    """1 maart 2026 / 1 March 2026."""
    months = MONTHS_NL if lang == "nl" else MONTHS_EN
    return f"{day.day} {months[day.month - 1]} {day.year}"


PREFIX = {True: ("Klopt", "Yes"), False: ("Klopt niet", "No"), None: ("Nog onbekend", "Not known yet")}


def both(nl, en):
    return {"nl": nl, "en": en}


def pct(p, lang):
    return format_percent(p / 100, lang).rstrip("%").replace(",0", "").replace(".0", "") + "%"


def _age_text(p):
    lo, hi, aow = p.get("age_min"), p.get("age_max"), p.get("below_aow_age")
    nl, en = [], []
    if lo is not None and hi is not None:
        nl.append(f"van {lo} tot en met {hi} jaar")
        en.append(f"aged {lo} to {hi}")
    elif lo is not None:
        nl.append(f"van {lo} jaar of ouder")
        en.append(f"aged {lo} or older")
    elif hi is not None:
        nl.append(f"van {hi} jaar of jonger")
        en.append(f"aged {hi} or younger")
    if aow:
        nl.append("jonger dan de AOW-leeftijd")
        en.append("below state pension age")
    return " en ".join(nl), " and ".join(en)


def statement(cond, ctx):
    """What the condition asks, as one sentence in both languages."""
    if cond.text:
        return cond.text
    p, k = cond.params, cond.kind
    name = ctx.municipality.name
    if k == "lives_in_municipality":
        return both(f"u woont in {name}", f"you live in {name}")
    if k == "income_at_most":
        return both(f"uw inkomen is niet hoger dan {pct(cond.percent, 'nl')} van de bijstandsnorm",
                    f"your income is at most {pct(cond.percent, 'en')} of the social assistance norm")
    if k == "income_above":
        return both(f"uw inkomen is hoger dan {pct(cond.percent, 'nl')} van de bijstandsnorm",
                    f"your income is above {pct(cond.percent, 'en')} of the social assistance norm")
    if k == "member_exists":
        who_nl = " of ".join(ROLE[r][0] for r in p["roles"])
        who_en = " or ".join(ROLE[r][1] for r in p["roles"])
        age_nl, age_en = _age_text(p)
        bits_nl, bits_en = [age_nl] if age_nl else [], [age_en] if age_en else []
        for status, wanted in p.get("statuses", {}).items():
            nl, en = STATUS[status]
            bits_nl.append(nl if wanted else f"niet: {nl}")
            bits_en.append(en if wanted else f"not: {en}")
        if "attends_school" in p:
            bits_nl.append("gaat naar school" if p["attends_school"] else "gaat niet naar school")
            bits_en.append("goes to school" if p["attends_school"] else "does not go to school")
        nl = f"in het huishouden is {who_nl}" + (", " + ", ".join(bits_nl) if bits_nl else "")
        en = f"the household has {who_en}" + (", " + ", ".join(bits_en) if bits_en else "")
        if p.get("negate"):
            return both(f"het is niet zo dat {nl}", f"it is not the case that {en}")
        return both(nl, en)
    if k == "assets_at_most":
        limits = ", ".join(f"{CATEGORY[c][0]} {format_eur(v, 'nl')}" for c, v in p["limits_cents"].items())
        limits_en = ", ".join(f"{CATEGORY[c][1]} {format_eur(v, 'en')}" for c, v in p["limits_cents"].items())
        return both(f"uw vermogen is niet hoger dan de grens ({limits})", f"your assets are at most the limit ({limits_en})")
    if k in ("household_fact_at_least", "household_fact_is"):
        nl, en = FACT[p["fact"]]
        value = p["value"]
        if value is False:
            return both(f"het is niet zo dat {nl}", f"it is not the case that {en}")
        return both(nl.format(v=value), en.format(v=value))
    if k == "in_district":
        return both(f"u woont in de wijk {' of '.join(p['districts'])}", f"you live in the district {' or '.join(p['districts'])}")
    if k == "debts_above":
        if p["cents"] == 0:
            return both("het huishouden heeft schulden", "the household has debts")
        return both(f"de schulden zijn hoger dan {format_eur(p['cents'], 'nl')}", f"the debts are above {format_eur(p['cents'], 'en')}")
    if k == "payment_capacity_below_tax":
        return both("uw betalingscapaciteit per jaar is lager dan de aanslag gemeentelijke belastingen",
                    "your payment capacity a year is below the municipal tax assessment")
    if k == "spending_money_below":
        return both("na aftrek van de vaste lasten houdt u minder over dan de grens van de Voedselbank",
                    "after fixed costs you have less left than the food bank's limit")
    return both(k, k)


def condition_text(cond, outcome, ctx):
    """'Klopt: ...' plus the values that decided it."""
    s = statement(cond, ctx)
    nl_pre, en_pre = PREFIX[outcome.value]
    nl, en = f"{nl_pre}: {s['nl']}.", f"{en_pre}: {s['en']}."
    d = outcome.detail
    if "limit" in d and cond.kind in ("income_at_most", "income_above"):
        nl += f" De grens is {format_eur(d['limit'], 'nl')} per maand."
        en += f" The limit is {format_eur(d['limit'], 'en')} a month."
        if "income" in d:
            nl += f" Uw inkomen is {format_eur(d['income'], 'nl')}."
            en += f" Your income is {format_eur(d['income'], 'en')}."
    elif cond.kind == "assets_at_most" and "limit" in d:
        nl += f" Uw grens is {format_eur(d['limit'], 'nl')}."
        en += f" Your limit is {format_eur(d['limit'], 'en')}."
        if "assets" in d:
            nl += f" Uw vermogen is {format_eur(d['assets'], 'nl')}."
            en += f" Your assets are {format_eur(d['assets'], 'en')}."
    elif cond.kind == "spending_money_below" and "limit" in d:
        nl += f" De grens is {format_eur(d['limit'], 'nl')} per maand."
        en += f" The limit is {format_eur(d['limit'], 'en')} a month."
        if "spending" in d:
            nl += f" U houdt {format_eur(d['spending'], 'nl')} over."
            en += f" You have {format_eur(d['spending'], 'en')} left."
    elif cond.kind == "debts_above" and "debts" in d:
        nl += f" Uw schulden: {format_eur(d['debts'], 'nl')}."
        en += f" Your debts: {format_eur(d['debts'], 'en')}."
    elif cond.kind == "payment_capacity_below_tax" and "capacity" in d:
        low, high = d["capacity"]
        nl += f" Uw betalingscapaciteit is {_range(low, high, 'nl')} per jaar."
        en += f" Your payment capacity is {_range(low, high, 'en')} a year."
        if "tax" in d:
            nl += f" De aanslag is {format_eur(d['tax'], 'nl')}."
            en += f" The assessment is {format_eur(d['tax'], 'en')}."
        steps = capacity_steps(ctx.payment_capacity(cond.params))
        nl += " Zo is het berekend: " + " ".join(step["nl"] for step in steps)
        en += " How it was computed: " + " ".join(step["en"] for step in steps)
    elif cond.kind == "payment_capacity_below_tax" and "at_most" in d:
        nl += f" Ook zonder de vaste lasten die we nog niet weten, is uw betalingscapaciteit hoogstens {format_eur(d['at_most'], 'nl')} per jaar."
        en += f" Even without the fixed costs we do not know yet, your payment capacity is at most {format_eur(d['at_most'], 'en')} a year."
    elif cond.kind == "lives_in_municipality" and outcome.value is False:
        nl += f" Opgegeven: {d['given']}."
        en += f" Given: {d['given']}."
    if outcome.gap:
        nl += " De bronnen geven hiervoor geen grens."
        en += " The sources give no limit for this."
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
        norm_nl = f"{pct(low_pct, 'nl')} van de bijstandsnorm {format_eur(d['norm'], 'nl')} = {format_eur(cost_low, 'nl')}"
        norm_en = f"{pct(low_pct, 'en')} of the social assistance norm {format_eur(d['norm'], 'en')} = {format_eur(cost_low, 'en')}"
    else:
        norm_nl = (f"{pct(low_pct, 'nl')} tot {pct(high_pct, 'nl')} van de bijstandsnorm {format_eur(d['norm'], 'nl')} = "
                   f"{format_eur(cost_low, 'nl')} tot {format_eur(cost_high, 'nl')} (welk percentage de gemeente kiest, staat niet in de bronnen)")
        norm_en = (f"{pct(low_pct, 'en')} to {pct(high_pct, 'en')} of the social assistance norm {format_eur(d['norm'], 'en')} = "
                   f"{format_eur(cost_low, 'en')} to {format_eur(cost_high, 'en')} (which percentage the municipality chooses is not in the sources)")
    return [
        both(f"Inkomen dat meetelt (netto per maand): {inc_nl} = {format_eur(d['income'], 'nl')}.",
             f"Income that counts (net a month): {inc_en} = {format_eur(d['income'], 'en')}."),
        both(f"Vaste lasten die meetellen: {cost_nl}. Netto besteedbaar inkomen: {format_eur(d['spendable'], 'nl')} per maand.",
             f"Fixed costs that count: {cost_en}. Net disposable income: {format_eur(d['spendable'], 'en')} a month."),
        both(f"Kosten van bestaan: {norm_nl}.", f"Cost of living: {norm_en}."),
        both(f"Betalingscapaciteit: {cap[0]} van wat u per maand overhoudt boven de kosten van bestaan, keer 12 = {_range(low, high, 'nl')} per jaar.",
             f"Payment capacity: {cap[1]} of what you have left a month above the cost of living, times 12 = {_range(low, high, 'en')} a year."),
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
    return both(f"Alleen als: {s['nl']}.", f"Only if: {s['en']}.")


def norm_steps(ctx):
    """How the social minimum was computed, step by step."""
    n = ctx.norm
    if not n.known:
        return []
    d = n.detail
    vt_nl = "met vakantiegeld" if d["vt"] == "incl_vt" else "zonder vakantiegeld"
    vt_en = "including holiday allowance" if d["vt"] == "incl_vt" else "excluding holiday allowance"
    steps = [both(
        f"Bijstandsnorm voor {NORM[d['key']][0]} op {format_date(ctx.day, 'nl')}: {format_eur(d['table_cents'], 'nl')} per maand, {vt_nl}. Bron: {d['source']}.",
        f"Social assistance norm for {NORM[d['key']][1]} on {format_date(ctx.day, 'en')}: {format_eur(d['table_cents'], 'en')} a month, {vt_en}. Source: {d['source']}.",
    )]
    if d.get("kostendelers", 0) > 1:
        share = d["share"]
        steps.append(both(
            f"Kostendelersnorm: {d['kostendelers']} personen van 27 jaar of ouder delen de woning. "
            f"Per persoon {format_percent(share, 'nl')} van {format_eur(d['base_cents'], 'nl')} = {format_eur(d['per_person_cents'], 'nl')}; "
            f"voor het huishouden {format_eur(n.value, 'nl')}. Bron: Participatiewet art. 22a.",
            f"Cost-sharer norm: {d['kostendelers']} people aged 27 or over share the home. "
            f"Per person {format_percent(share, 'en')} of {format_eur(d['base_cents'], 'en')} = {format_eur(d['per_person_cents'], 'en')}; "
            f"for the household {format_eur(n.value, 'en')}. Source: Participatiewet art. 22a.",
        ))
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
    steps.append(both(
        "Telt niet mee: " + ", ".join(INCOME_SOURCE[s][0] for s in not_counted) + f". Bron: {ctx.settings.counted_income.source}.",
        "Does not count: " + ", ".join(INCOME_SOURCE[s][1] for s in not_counted) + f". Source: {ctx.settings.counted_income.source}.",
    ))
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
        who_nl, who_en = f"{of_nl} ({member.id})", f"{of_en} ({member.id})"
        if rest == "birth_date":
            return both(f"Geboortedatum {who_nl}", f"Birth date {who_en}")
        if rest.startswith("monthly_net_income_cents"):
            source = rest.split(".")[1] if "." in rest else None
            if source:
                return both(f"Netto {INCOME_SOURCE[source][0]} per maand {who_nl}", f"Net {INCOME_SOURCE[source][1]} a month {who_en}")
            return both(f"Netto inkomen per maand {who_nl}", f"Net income a month {who_en}")
        if rest.startswith("statuses."):
            nl, en = STATUS[rest.split(".")[1]]
            return both(f"Klopt het dat {who_nl.replace('van ', '', 1)} {nl}?", f"Is it true that {who_en.replace('of ', '', 1)} {en}?")
        if rest == "school.attends_school":
            return both(f"Gaat het kind ({member.id}) naar school?", f"Does the child ({member.id}) go to school?")
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
        nl, en = FACT[path.split(".", 1)[1]]
        return both(nl.format(v="…").capitalize() + "?", en.format(v="…").capitalize() + "?")
    return both(path, path)
