"""Reading the family forms (new family, members, involvement, analysis, schemes, notes): typed values or a
message per field (nl, en). The services check the meaning; this only turns posted text into values."""

import re

from . import vocabulary as v
from .forms_plan import Form

NEW_FAMILY_ROWS = 6   # member rows on the new-family form
PROBLEM_ROWS = 5      # problem rows on the analysis form
DEBT_ROWS = 5         # debt rows on the analysis form
HOUSEHOLD = "h"       # the subject key of the household in the analysis form

_PLAIN = re.compile(r"\d{1,15}(?:[.,]\d{1,2})?")
_DUTCH = re.compile(r"\d{1,3}(?:\.\d{3}){1,4}(?:,\d{1,2})?")
_ENGLISH = re.compile(r"\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,2})?")


def euros_to_cents(raw):
    """'1.234,56', '1234.56', '€ 450' → integer cents; '' → None (unknown). ValueError for anything else."""
    text = (raw or "").replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if not text:
        return None
    if _PLAIN.fullmatch(text):
        whole, _, part = text.replace(",", ".").partition(".")
    elif _DUTCH.fullmatch(text):
        whole, _, part = text.replace(".", "").partition(",")
    elif _ENGLISH.fullmatch(text):
        whole, _, part = text.replace(",", "").partition(".")
    else:
        raise ValueError(raw)
    return int(whole) * 100 + int((part + "00")[:2])


class FamilyForm(Form):
    """The plan forms' reader with a few more kinds of value."""

    def money(self, field):
        raw = self.text(field)
        try:
            return euros_to_cents(raw)
        except ValueError:
            self.fail(field, f"'{raw}' is geen bedrag in euro's. Schrijf bijvoorbeeld 450 of 1.234,56; leeg is onbekend.",
                      f"'{raw}' is not an amount in euros. Write for example 450 or 1,234.56; empty is unknown.")
            return None

    def score(self, field):
        raw = self.text(field)
        if not raw:
            return None
        if raw not in {"1", "2", "3", "4", "5"}:
            self.fail(field, "Een score is 1 tot en met 5, of leeg.", "A score is 1 to 5, or empty.")
            return None
        return int(raw)

    def member(self, field, people, required=False):
        """A person of ``people`` ({id: Person}) by posted id; empty is None (the household / the whole family)."""
        raw = self.text(field)
        if not raw:
            if required:
                self.fail(field, "Kies een gezinslid.", "Choose a member of the family.")
            return None
        if not raw.isdigit() or int(raw) not in people:
            self.fail(field, f"Onbekend gezinslid: {raw}.", f"Unknown member of the family: {raw}.")
            return None
        return people[int(raw)]

    def filled(self, *fields):
        return any(self.text(field) for field in fields)


def new_family_members(form):
    """The filled member rows of the new-family form: dicts for services.families.add_member, with their row number."""
    rows = []
    for number in range(1, NEW_FAMILY_ROWS + 1):
        prefix = f"m{number}_"
        parts = ("first_name", "last_name", "birth_date", "start")
        if not form.filled(*(prefix + part for part in parts)):
            continue
        row = {"first_name": form.need(prefix + "first_name"), "last_name": form.need(prefix + "last_name"),
               "role": form.choice(prefix + "role", v.MEMBER_ROLES), "birth_date": form.day(prefix + "birth_date", required=False),
               "start": form.day(prefix + "start")}
        check_birth(form, prefix, row)
        rows.append((number, row))
    return rows


def check_birth(form, prefix, row):
    """The rule of services.families.add_member, checked per row so every row's problem is listed at once."""
    birth, start = row.get("birth_date"), row.get("start")
    if birth and start and birth > start and row.get("role") != v.CHILD:
        form.fail(prefix + "birth_date", "De geboortedatum ligt na de begindatum.", "The birth date is after the start date.")


def analysis_input(form, subjects, people, day_field="made_on", with_debts=True):
    """Assessments, problems and debts of the analysis form, each with the name of its form field (to place the
    services' messages). ``subjects``: [(key, person or None)], the household first; ``people``: {id: Person}."""
    known = {key for key, _ in subjects}
    for name in form.data:
        match = re.fullmatch(r"(score|situation)_(\w+?)_(\w+)", name)
        if match and (match[2] not in known or match[3] not in v.LIFE_DOMAINS) and form.text(name):
            form.fail("subjects", f"Onbekend gezinslid of leefgebied: {match[2]}, {match[3]}.",
                      f"Unknown member of the family or life domain: {match[2]}, {match[3]}.")
    assessments, assessment_fields = [], []
    for key, person in subjects:
        for domain in v.LIFE_DOMAINS:
            score = form.score(f"score_{key}_{domain}")
            situation = form.text(f"situation_{key}_{domain}")
            if score is None and not situation:
                continue
            assessments.append({"person": person, "domain": domain, "score": score, "situation": situation})
            assessment_fields.append(f"score_{key}_{domain}")
    problems, problem_fields = [], []
    for number in range(1, PROBLEM_ROWS + 1):
        prefix = f"problem{number}_"
        if not form.filled(prefix + "description", prefix + "person", prefix + "domain", prefix + "kind"):
            continue
        problems.append({"person": form.member(prefix + "person", people), "domain": form.choice(prefix + "domain", v.LIFE_DOMAINS),
                         "kind": form.choice(prefix + "kind", v.PROBLEM_KINDS), "description": form.need(prefix + "description")})
        problem_fields.append(prefix)
    debts, debt_fields = [], []
    for number in range(1, DEBT_ROWS + 1) if with_debts else ():
        prefix = f"debt{number}_"
        if not form.filled(prefix + "creditor", prefix + "amount", prefix + "person"):
            continue
        debts.append({"person": form.member(prefix + "person", people), "creditor": form.need(prefix + "creditor"),
                      "kind": form.choice(prefix + "kind", v.DEBT_KINDS), "amount_cents": form.money(prefix + "amount")})
        debt_fields.append(prefix)
    return {"assessments": assessments, "problems": problems, "debts": debts,
            "fields": {"assessments": assessment_fields, "problems": problem_fields, "debts": debt_fields}}


def service_field(field, fields):
    """The form field of a service message: 'assessments[3].score' → 'score_12_income', 'debts[0].amount_cents' → 'debt1_amount'."""
    match = re.fullmatch(r"(assessments|problems|debts)\[(\d+)\]\.(\w+)", field)
    if not match:
        return field
    rows = fields.get(match[1], [])
    index = int(match[2])
    if index >= len(rows):
        return field
    if match[1] == "assessments":
        return rows[index]
    part = {"amount_cents": "amount"}.get(match[3], match[3])
    return rows[index] + part
