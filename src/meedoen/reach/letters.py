"""Letters of the proactive service in plain Dutch (B1) and English, as HTML and PDF (WeasyPrint).

An offer says why the household can probably get a scheme, what it gets, what to do and who helps; a
decision (automatic grant) gives the ground and how to object (bezwaar, Awb art. 6:7). The "why" is the
engine's own explanation when the run's register holds the household's facts and the rulebook is the
run's; otherwise it is the scheme's conditions as the rulebook states them. Amounts come from the run
(the rulebook's benefit) or say that the sources set none: nothing is made up here.
"""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import timezone

from meedoen.municipalities.rulebook import current_rulebook
from meedoen.rules.errors import InputError
from meedoen.rules.evaluate import ELIGIBLE, amount_text, evaluate
from meedoen.rules.explain import format_date, statement

from .register.format import PERSON_STATUSES, STATUS_FROM_BENEFIT

LETTERS_PER_PDF = 500  # one PDF file holds at most this many letters; a bigger batch comes in parts

TEXTS = {
    "offer_subject": ("U kunt waarschijnlijk {scheme} krijgen", "You can probably get {scheme}"),
    "grant_subject": ("Besluit: u krijgt {scheme}", "Decision: you get {scheme}"),
    "dear": ("Beste {name},", "Dear {name},"),
    "dear_resident": ("Beste bewoner,", "Dear resident,"),
    "offer_intro": ("De gemeente {municipality} kijkt of inwoners alle hulp krijgen waar zij recht op hebben. "
                    "Volgens onze gegevens kunt u waarschijnlijk {scheme} krijgen. U gebruikt dit nu nog niet.",
                    "The municipality of {municipality} checks whether residents get all the help they are entitled to. "
                    "According to our records you can probably get {scheme}. You do not use it yet."),
    "grant_intro": ("Wij hebben besloten dat u {scheme} krijgt. U hoeft daarvoor niets aan te vragen.",
                    "We have decided that you get {scheme}. You do not need to apply for it."),
    "what_is_it": ("Wat is het?", "What is it?"),
    "what_you_get": ("Wat krijgt u?", "What do you get?"),
    "why_offer": ("Waarom krijgt u deze brief?", "Why do you get this letter?"),
    "why_offer_intro": ("Wij denken dat dit klopt voor uw huishouden:", "We think this is true for your household:"),
    "why_grant": ("Waarom dit besluit?", "Why this decision?"),
    "why_grant_intro": ("Volgens de gegevens van de gemeente op {day} klopt dit voor uw huishouden:",
                        "According to the municipality's records on {day} this is true for your household:"),
    "ground": ("Dit besluit is genomen zonder aanvraag (ambtshalve). De regels staan in: {sources}.",
               "This decision was taken without an application (ex officio). The rules are in: {sources}."),
    "ground_proactive": ("Dat de gemeente dit zonder aanvraag mag toekennen, staat in: {source}.",
                         "That the municipality may grant this without an application is in: {source}."),
    "what_to_do": ("Wat moet u doen?", "What do you need to do?"),
    "what_to_do_default": ("Neem contact op met de gemeente {municipality}.", "Contact the municipality of {municipality}."),
    "grant_to_do": ("U hoeft niets te doen. Wilt u dit niet? Laat het de gemeente weten.",
                    "You do not need to do anything. Do you not want this? Let the municipality know."),
    "not_a_decision": ("Deze brief is geen besluit. Klopt er iets niet aan uw situatie? Dan kan het zijn dat u er toch geen recht op heeft.",
                       "This letter is not a decision. Is something about your situation different? Then you may not be entitled after all."),
    "who_helps": ("Wie helpt u?", "Who can help you?"),
    "who_helps_default": ("Heeft u vragen? Neem contact op met de gemeente {municipality}.",
                          "Do you have questions? Contact the municipality of {municipality}."),
    "objection": ("Bent u het niet eens met dit besluit?", "Do you disagree with this decision?"),
    "objection_text": ("Dan kunt u bezwaar maken bij het college van burgemeester en wethouders van de gemeente {municipality}. "
                       "U heeft daarvoor zes weken. Die zes weken beginnen op de dag nadat wij dit besluit hebben verstuurd "
                       "(Algemene wet bestuursrecht, artikel 6:7 en 6:8).",
                       "Then you can object (bezwaar) to the mayor and aldermen (college van burgemeester en wethouders) of "
                       "{municipality}. You have six weeks. The six weeks start on the day after we sent this decision "
                       "(General Administrative Law Act, articles 6:7 and 6:8)."),
    "objection_how": ("Schrijf in uw bezwaar: uw naam en adres, de datum, over welk besluit het gaat (het nummer hieronder) "
                      "en waarom u het er niet mee eens bent. Zet uw handtekening eronder (artikel 6:5).",
                      "Write in your objection: your name and address, the date, which decision it is about (the number below) "
                      "and why you disagree. Sign it (article 6:5)."),
    "opt_out": ("Wilt u geen brieven meer zoals deze? Laat het de gemeente weten. Dan sturen wij u geen brieven meer over regelingen.",
                "Do you not want letters like this any more? Let the municipality know. Then we send you no more letters about schemes."),
    "regards": ("Met vriendelijke groet,", "Kind regards,"),
    "sender": ("De gemeente {municipality}", "The municipality of {municipality}"),
    "reference": ("Kenmerk", "Reference"),
    "decision_number": ("Besluitnummer", "Decision number"),
    "no_decision_yet": ("nog niet genomen", "not taken yet"),
    "date": ("Datum", "Date"),
    "receipt": ("Berekend met regelboek {version} (sha256 {hash}), Meedoen {engine}, op {day}.",
                "Worked out with rulebook {version} (sha256 {hash}), Meedoen {engine}, on {day}."),
    "draft": ("CONCEPT: nog niet goedgekeurd, niet versturen", "DRAFT: not approved yet, do not send"),
    "rejected": ("AFGEWEZEN: niet versturen", "REJECTED: do not send"),
}


def text(key, lang, **values):
    return TEXTS[key][0 if lang == "nl" else 1].format(**values)


def _sentence(s):
    s = s.strip()
    s = s[:1].upper() + s[1:]
    return s if s.endswith((".", "!", "?")) else s + "."


def rule_reasons(rules, version, lang):
    """The scheme version's conditions as the rulebook states them, one sentence each."""
    ctx = SimpleNamespace(municipality=rules)
    return [_sentence(statement(c, ctx)[lang]) for c in version.conditions]


def decision_ground(rulebook, municipality_slug, scheme, version, day, lang="nl"):
    """The ground of an automatic grant as one text: the conditions, the rulebook's sources and the proactive source."""
    rules = rulebook.municipality(municipality_slug)
    lines = [text("why_grant_intro", lang, day=format_date(day, lang))]
    lines += [f"- {reason}" for reason in rule_reasons(rules, version, lang)]
    lines.append(text("ground", lang, sources="; ".join(version.sources)))
    if version.proactive.source:
        lines.append(text("ground_proactive", lang, source=version.proactive.source))
    return "\n".join(lines)


# --- The household's facts from the run's register (for the engine's own explanation) -------------------------------
def register_households(load_id, household_ids, day):
    """{household_id: household in the engine's format} from a register loaded into the database."""
    from .models import RegisterBenefit, RegisterHousehold, RegisterIncome, RegisterPerson

    ids = list(household_ids)
    homes = {h.household_id: h for h in RegisterHousehold.objects.filter(load_id=load_id, household_id__in=ids)}
    persons = list(RegisterPerson.objects.filter(load_id=load_id, household_id__in=homes).order_by("household_id", "id"))
    person_ids = [p.person_id for p in persons]
    incomes, running = {}, {}
    for row in RegisterIncome.objects.filter(load_id=load_id, person_id__in=person_ids):
        by_source = incomes.setdefault(row.person_id, {})
        known = by_source.get(row.source, 0)
        by_source[row.source] = None if known is None or row.monthly_net_cents is None else known + row.monthly_net_cents
    for row in RegisterBenefit.objects.filter(load_id=load_id, person_id__in=person_ids, since__lte=day):
        if row.until is None or row.until >= day:
            running.setdefault(row.person_id, set()).add(row.kind)
    members = {}
    for p in persons:
        member = {"id": p.person_id, "role": p.role}
        if p.birth_date:
            member["birth_date"] = p.birth_date.isoformat()
        if p.income_known:
            member["monthly_net_income_cents"] = incomes.get(p.person_id, {})
        statuses = {s: getattr(p, s) for s in PERSON_STATUSES if getattr(p, s) is not None}
        if p.benefits_known:
            kinds = running.get(p.person_id, set())
            statuses.update({status: bool(kinds & set(of)) for status, of in STATUS_FROM_BENEFIT.items()})
        if statuses:
            member["statuses"] = statuses
        if p.attends_school is not None:
            member["school"] = {"attends_school": p.attends_school}
        members.setdefault(p.household_id, []).append(member)
    result = {}
    for household_id, home in homes.items():
        data = {"municipality": home.municipality, "district": home.district, "members": members.get(household_id, []),
                "assets_cents": home.assets_cents, "fixed_costs_cents": home.fixed_costs_cents,
                "facts": {"years_at_social_minimum": home.years_at_social_minimum,
                          "received_income_supplement_last_12_months": home.received_income_supplement_last_12_months}}
        result[household_id] = data
    return result


def engine_explanations(run, scheme_id, household_ids, rulebook, lang):
    """{household_id: (reasons, amount text)} from the engine, for households whose facts the run's register holds,
    when the rulebook is still the run's (else the explanation could differ from what the run found)."""
    if not run.register_load_id or rulebook.hash != run.rulebook_hash:
        return {}
    found = {}
    for household_id, data in register_households(run.register_load_id, household_ids, run.day).items():
        try:
            result = evaluate(rulebook, data, run.day, municipality=run.municipality.slug)
        except InputError:
            continue  # facts the engine refuses: the letter falls back to the rulebook's conditions
        mine = next((s for s in result["schemes"] if s["id"] == scheme_id), None)
        if mine is not None and mine["status"] == ELIGIBLE:
            found[household_id] = ([_sentence(c["text"][lang]) for c in mine["conditions"]], mine["amount_text"][lang])
    return found


# --- Letters -----------------------------------------------------------------------------------------------------
def addressee(nu):
    """The name the letter is addressed to (empty when the register gives none)."""
    return " ".join(part for part in (nu.given_name, nu.family_name) if part)


def _address(nu):
    street = " ".join(part for part in (nu.street, nu.house_number) if part)
    town = " ".join(part for part in (nu.postcode, nu.city) if part)
    return [line for line in (street, town) if line]


def _amount(version, nu, lang):
    """The run's amount with its unit, or the benefit and the rulebook's note that the sources set no amount."""
    return amount_text(version, nu.amount_cents, ELIGIBLE)[lang]


def _letter_day(batch):
    moment = batch.sent_at or batch.reviewed_at
    return timezone.localtime(moment).date() if moment else timezone.localdate()


def _watermark(batch, lang):
    if batch.state == batch.DRAFT:
        return text("draft", lang)
    return text("rejected", lang) if batch.state == batch.REJECTED else ""


def _shared(batch, rules, scheme, version, lang):
    """What every letter of a batch has in common: the scheme, its texts, the helpers, the date and receipt."""
    run, municipality, name = batch.run, rules.name, scheme.name[lang]
    values = {"municipality": municipality, "scheme": name, "day": format_date(run.day, lang),
              "sources": "; ".join(version.sources), "source": version.proactive.source}
    helpers = [{"name": rules.organisations[h].name, "helps_with": (rules.organisations[h].helps_with or {}).get(lang, "")}
               for h in scheme.helpers if h in rules.organisations]
    return {
        "lang": lang, "kind": "grant" if batch.mode == batch.GRANT else "offer", "municipality": municipality, "scheme": name,
        "summary": scheme.summary[lang], "date": format_date(_letter_day(batch), lang), "watermark": _watermark(batch, lang),
        "how_to_apply": (scheme.how_to_apply or {}).get(lang) or text("what_to_do_default", lang, **values),
        "helpers": helpers, "proactive_source": version.proactive.source,
        "T": {key: text(key, lang, **values) for key in TEXTS if key not in ("dear", "receipt")},
        "receipt": text("receipt", lang, version=run.rulebook_version, hash=run.rulebook_hash[:12], engine=run.engine_version,
                        day=format_date(run.day, lang)),
    }


def letters_for(batch, offers, lang, rulebook=None):
    """One letter (a dict for the template) per offer of ``batch``; opted-out and already served offers get none."""
    rulebook = rulebook or current_rulebook()
    run = batch.run
    rules = rulebook.municipality(run.municipality.slug)
    scheme = next((s for s in rules.schemes if s.id == batch.scheme), None) if rules else None
    version = scheme.version_on(run.day) if scheme else None
    if version is None:
        return []
    offers = [o for o in offers if o.state not in o.NO_LETTER]
    households = [o.non_user.household_id for o in offers]
    decisions = {}
    if batch.mode == batch.GRANT:
        decisions = {d.household_id: d.pk for d in batch.decisions.filter(household_id__in=households)}
    explained = engine_explanations(run, scheme.id, households, rulebook, lang)
    fallback = rule_reasons(rules, version, lang)
    shared = _shared(batch, rules, scheme, version, lang)
    letters = []
    for offer in offers:
        nu = offer.non_user
        reasons, amount = explained.get(nu.household_id, (fallback, None))
        person = addressee(nu)
        letters.append({**shared, "offer": offer, "name": person, "address": _address(nu), "reasons": reasons,
                        "greeting": text("dear", lang, name=person) if person else text("dear_resident", lang),
                        "amount": amount or _amount(version, nu, lang), "reference": f"{run.municipality.cbs_code}-{batch.pk}-{offer.pk}",
                        "decision_number": decisions.get(nu.household_id)})
    return letters


def render_html(letters, lang):
    """A standalone HTML document with every letter on its own page (what the PDF is made from)."""
    return render_to_string("reach/proactive/letters.html", {"letters": letters, "lang": lang})


def pdf(html):
    """The PDF of ``html`` (WeasyPrint, imported here: it is slow to load and only letters need it)."""
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()
