"""Recording money and income: for the household its assets, housing costs and fixed costs, the whole years at the
social minimum and whether it received the individuele inkomenstoeslag in the past 12 months, and for each current member
the net income per month by source, the statuses and school the rulebook asks about. Amounts in euros ('1.234,56'
or '1234.56'); an empty box is unknown, never zero. Only with the family's consent for money (finances). Saved
through services.money.record, all or nothing; the family page then shows the engine's answer for the new facts."""

import re

from django.db import transaction
from django.urls import path
from django.views.decorators.http import require_http_methods

from meedoen.rules.explain import INCOME_SOURCE, STATUS

from .. import access
from .. import vocabulary as v
from ..errors import CaseworkError
from ..forms_family import FamilyForm, euros_to_cents
from ..services import families
from ..services import money as money_service
from ..services.money import HOUSEHOLD_FACTS, INCOME_SOURCES, SCHOOL_LEVELS, STATUSES
from .common import casework_required, family_or_404, lang_of, log_read
from .family_common import age_on, back_to_family, form_page, posted
from .family_edit import no_consent
from .family_texts import texts

TITLE = ("Geld en inkomen vastleggen", "Record money and income")
FORM = "money"
HOUSEHOLD = {"assets": "assets_cents", "housing_costs": "housing_costs_cents", "fixed_costs": "fixed_costs_cents"}
# What the family has left: box -> family field, with its label and hint (nl, en).
MONEY_LEFT = {"debts": "debts_cents", "municipal_taxes": "municipal_taxes_cents", "health_insurance": "health_insurance_cents",
              "alimony_paid": "alimony_paid_cents", "childcare": "childcare_cents"}
MONEY_LEFT_TEXT = {
    "debts": (("Schulden samen", "Debts in total"),
              ("Alle schulden van het gezin bij elkaar, zonder hypotheek. Geen schulden: 0.",
               "All the family's debts together, without a mortgage. No debts: 0.")),
    "municipal_taxes": (("Aanslag gemeentelijke belastingen dit jaar", "Municipal tax assessment this year"),
                        ("Het bedrag op de aanslag, voor het hele jaar.", "The amount on the assessment, for the whole year.")),
    "health_insurance": (("Premie zorgverzekering per maand", "Health-insurance premium a month"),
                         ("Voor het hele gezin.", "For the whole family.")),
    "alimony_paid": (("Betaalde alimentatie per maand", "Alimony paid a month"), ("Geen: 0.", "None: 0.")),
    "childcare": (("Eigen kosten kinderopvang per maand", "Own childcare costs a month"), ("Geen: 0.", "None: 0.")),
}
MONEY_LEFT_LEGEND = ("Schulden en lasten", "Debts and costs")
YEARS, SUPPLEMENT = "years_at_social_minimum", "received_income_supplement_last_12_months"  # boxes named as the facts
SCHOOL = {"attends_school": "attends_school", "school_level": "level"}
MEMBER_KEYS = frozenset(INCOME_SOURCES) | frozenset(STATUSES) | frozenset(SCHOOL)
YES_NO = {"yes": True, "no": False}
_MEMBER_FIELD = re.compile(r"p(\d{1,18})_(\w+)")
_SERVICE_FIELD = re.compile(r"members\[([^\]]*)\](?:\.(\w+)(?:\.(\w+))?)?")


def euros_text(cents, lang):
    """Cents as the form shows them: '450', '1234,56' (nl) or '1234.56' (en); unknown is empty."""
    if cents is None:
        return ""
    whole, part = divmod(cents, 100)
    return str(whole) if not part else f"{whole}{',' if lang == 'nl' else '.'}{part:02d}"


def yes_no_text(value):
    return {True: "yes", False: "no"}.get(value, "")


class MoneyForm(FamilyForm):
    """The family forms' reader, with amounts that say why they are wrong."""

    def euros(self, field):
        raw = self.text(field)
        compact = raw.replace("€", "").replace("\u00a0", "").replace(" ", "")
        if compact.startswith(("-", "\u2212")):
            self.fail(field, *self._words("amount_negative"))
            return None
        if re.fullmatch(r"0[.,]\d{3,}", compact):  # '0,125' is not a thousands group
            self.fail(field, *self._words("amount_decimals"))
            return None
        try:
            return euros_to_cents(raw)
        except ValueError:
            if re.fullmatch(r"[\d.,]*[.,]\d{3,}", compact):
                self.fail(field, *self._words("amount_decimals"))
            else:
                self.fail(field, f"'{raw}' is geen bedrag in euro's. Schrijf bijvoorbeeld 450 of 1.234,56; leeg is onbekend.",
                          f"'{raw}' is not an amount in euros. Write for example 450 or 1,234.56; empty is unknown.")
            return None

    def whole_number(self, field):
        """A whole number as typed ('3', '-2'); empty is None. The service checks the range (0 to 100 years)."""
        raw = self.text(field).replace(" ", "").replace("\u2212", "-")
        if not raw:
            return None
        match = re.fullmatch(r"(-?)(\d+)", raw)
        if not match:
            self.fail(field, *self._words("years_whole"))
            return None
        digits = match[2].lstrip("0") or "0"
        value = int(digits) if len(digits) <= 9 else 10**9  # a typing error; the service says it is too many
        return -value if match[1] else value

    def yes_no(self, field):
        raw = self.text(field)
        if raw and raw not in YES_NO:
            self.fail(field, "Kies ja, nee of weet ik niet.", "Choose yes, no or don't know.")
            return None
        return YES_NO.get(raw)

    def level(self, field):
        raw = self.text(field)
        if raw and raw not in SCHOOL_LEVELS:
            self.fail(field, "Kies een soort school van de lijst.", "Choose a kind of school from the list.")
            return None
        return raw or None

    @staticmethod
    def _words(key):
        return texts("nl")[key], texts("en")[key]


def stored(person):
    """The person's facts as the form knows them: {form key: value} (None: unknown)."""
    incomes = person.monthly_net_income_cents if isinstance(person.monthly_net_income_cents, dict) else None
    statuses = person.statuses if isinstance(person.statuses, dict) else {}
    school = person.school if isinstance(person.school, dict) else {}
    facts = {source: None if incomes is None else incomes.get(source, 0) for source in INCOME_SOURCES}  # left out: zero
    facts.update({status: statuses.get(status) for status in STATUSES})
    facts.update({key: school.get(name) for key, name in SCHOOL.items()})
    return facts


def initial(family, members, lang):
    """The form's values from the database."""
    values = {key: euros_text(getattr(family, name), lang) for key, name in {**HOUSEHOLD, **MONEY_LEFT}.items()}
    years = getattr(family, YEARS)
    values[YEARS] = "" if years is None else str(years)
    values[SUPPLEMENT] = yes_no_text(getattr(family, SUPPLEMENT))
    for m in members:
        facts = stored(m.person)
        for key, value in facts.items():
            name = f"p{m.person_id}_{key}"
            if key in INCOME_SOURCES:
                values[name] = euros_text(value, lang)
            elif key == "school_level":
                values[name] = value or ""
            else:
                values[name] = yes_no_text(value)
    return values


def _group(form, pid, current, keys, reader):
    """{key: value} of one group of a person's boxes (a box left out keeps ``current``), or None when none was posted."""
    names = {key: f"p{pid}_{key}" for key in keys}
    if not any(name in form.data for name in names.values()):
        return None
    return {key: reader(name) if name in form.data else current[key] for key, name in names.items()}


def read(form, people):
    """(members, household) for services.money.record from the posted form. A group of facts (income, statuses,
    school) of a person is recorded when one of its boxes was posted; a box left out keeps its stored value."""
    household = {name: form.euros(key) for key, name in {**HOUSEHOLD, **MONEY_LEFT}.items() if key in form.data}
    if YEARS in form.data:
        household[YEARS] = form.whole_number(YEARS)
    if SUPPLEMENT in form.data:
        household[SUPPLEMENT] = form.yes_no(SUPPLEMENT)
    posted_ids = []
    for name in form.data:
        match = _MEMBER_FIELD.fullmatch(name)
        if not match:
            continue
        if match[2] not in MEMBER_KEYS:
            form.fail(name, texts("nl")["unknown_fact"], texts("en")["unknown_fact"])
        if int(match[1]) not in posted_ids:
            posted_ids.append(int(match[1]))

    def school_box(name):
        return form.level(name) if name.endswith("_school_level") else form.yes_no(name)
    members = {}
    for pid in posted_ids:
        person = people.get(pid)
        current = stored(person) if person is not None else dict.fromkeys(MEMBER_KEYS)
        facts = {}
        if (incomes := _group(form, pid, current, INCOME_SOURCES, form.euros)) is not None:
            facts["monthly_net_income_cents"] = incomes
        if (statuses := _group(form, pid, current, STATUSES, form.yes_no)) is not None:
            facts["statuses"] = statuses
        if (school := _group(form, pid, current, SCHOOL, school_box)) is not None:
            facts["school"] = {"attends_school": school["attends_school"], "level": school["school_level"]}
        members[pid] = facts
    return members, household


def form_field_of(field, form_data):
    """The form box of a service message: 'members[12].monthly_net_income_cents.wages' → 'p12_wages'."""
    match = _SERVICE_FIELD.fullmatch(field)
    if match:
        pid, group, key = match[1], match[2], match[3]
        if group is None:
            mine = [name for name in form_data if name.startswith(f"p{pid}_")]
            return mine[0] if mine else f"p{pid}"
        if group == "monthly_net_income_cents":
            return f"p{pid}_{key if key in INCOME_SOURCES else INCOME_SOURCES[0]}"
        if group == "statuses":
            return f"p{pid}_{key if key in STATUSES else STATUSES[0]}"
        if group == "school":
            return f"p{pid}_{'school_level' if key == 'level' else 'attends_school'}"
        return f"p{pid}"
    names = {name: key for key, name in {**HOUSEHOLD, **MONEY_LEFT}.items()}
    if field == "household":
        return "assets"
    return names.get(field, field)


def _first_upper(text):
    return text[:1].upper() + text[1:]


def key_label(key, lang):
    index = 0 if lang == "nl" else 1
    words = texts(lang)
    if key in INCOME_SOURCE:
        return _first_upper(INCOME_SOURCE[key][index])
    if key in STATUS:
        return _first_upper(STATUS[key][index])
    return words.get(key) or words.get(HOUSEHOLD.get(key, ""), "")


def field_label(field, people, lang):
    """'Sanne Bakker, Loon', 'Vermogen', or 'Gezinslid 99' for somebody who is not in the family."""
    words = texts(lang)
    if field in HOUSEHOLD or field in HOUSEHOLD_FACTS:
        return words[field]
    if field in MONEY_LEFT:
        return MONEY_LEFT_TEXT[field][0][0 if lang == "nl" else 1]
    match = _MEMBER_FIELD.fullmatch(field) or re.fullmatch(r"p(\d{1,18})()", field)
    if not match:
        return ""
    person = people.get(int(match[1]))
    who = person.full_name if person is not None else f"{words['member_row']} {match[1]}"
    label = key_label(match[2], lang) if match[2] else ""
    return f"{who}, {label}" if label else who


def form_context(members, values, problems, lang):
    """The boxes of the form with their labels, values and messages (ids: ``money_<name>``)."""
    words = texts(lang)
    day = access.today()

    def box(name, label, hint=""):
        return {"name": name, "id": f"{FORM}_{name}", "label": label, "hint": hint, "value": values.get(name) or "",
                "error": problems.get(name, "")}
    household = [box(key, words[key], words[f"{key}_hint"]) for key in HOUSEHOLD]
    index = 0 if lang == "nl" else 1
    money_left = [box(key, MONEY_LEFT_TEXT[key][0][index], MONEY_LEFT_TEXT[key][1][index]) for key in MONEY_LEFT]
    facts = [{**box(YEARS, words[YEARS], words[f"{YEARS}_hint"]), "kind": "text"},
             {**box(SUPPLEMENT, words[SUPPLEMENT], words[f"{SUPPLEMENT}_hint"]), "kind": "select"}]
    blocks = []
    for m in members:
        pid = m.person_id
        age = age_on(m.person.birth_date, day)
        title = f"{m.person.full_name} ({v.label(v.MEMBER_ROLES, m.role, lang)}" + (f", {age} {words['years']})" if age is not None else ")")
        income = [box(f"p{pid}_{source}", key_label(source, lang)) for source in INCOME_SOURCES]
        statuses = [box(f"p{pid}_{status}", key_label(status, lang)) for status in STATUSES]
        school = [box(f"p{pid}_attends_school", words["attends_school"]), box(f"p{pid}_school_level", words["school_level"])]

        def opened(boxes):
            return any(b["value"] or b["error"] for b in boxes)
        adult = m.role != v.CHILD
        blocks.append({"key": pid, "title": title, "income": income, "statuses": statuses, "school": school,
                       "open_income": adult or opened(income), "open_statuses": adult or opened(statuses),
                       "open_school": not adult or opened(school)})
    return {"household": household, "facts": facts, "members": blocks, "money_left": money_left,
            "money_left_legend": MONEY_LEFT_LEGEND[index],
            "yes_no": [("yes", words["answer_yes"]), ("no", words["answer_no"])],
            "levels": [(level, words[f"level_{level}"]) for level in SCHOOL_LEVELS]}


@casework_required
@require_http_methods(["GET", "POST"])
def money_form(request, pk):
    lang = lang_of(request)
    day = access.today()
    family = family_or_404(request, pk)
    if not family.may_finances:
        return no_consent(request, family, v.FINANCES)
    members = families.members_on(family, day)
    people = {m.person_id: m.person for m in members}

    def show(problems, values, status):
        log_read(request, family.pk, [v.BASIC, v.FINANCES], detail=f"formulier / form: {FORM}")  # names and amounts
        summary = [(f"{FORM}_{field}", f"{label}: {message}" if (label := field_label(field, people, lang)) else message)
                   for field, message in problems.items()]
        extra = {"m": form_context(members, values, problems, lang), "summary": summary}
        return form_page(request, family, FORM, TITLE, problems, values, {}, status=status, extra=extra)
    if request.method == "GET":
        return show({}, initial(family, members, lang), 200)
    form = MoneyForm(request.POST)
    found_members, household = read(form, people)
    try:
        with transaction.atomic():
            if form.problems:  # the service's own checks too, so the summary lists every problem at once
                later, _, _ = money_service.check(family, members=found_members, household=household, day=day)
                raise CaseworkError({**form.problems, **later})
            money_service.record(request.user, family, members=found_members, household=household, day=day)
    except CaseworkError as exc:
        problems = {}
        for field, message in exc.messages(lang).items():
            problems.setdefault(form_field_of(field, request.POST), message)
        return show(problems, {**initial(family, members, lang), **posted(request)}, 400)
    words = (texts("nl")["money_saved"], texts("en")["money_saved"])
    return back_to_family(request, family.pk, words, "schemes")


urlpatterns = [path("<int:pk>/geld/", money_form, name="money_edit")]
