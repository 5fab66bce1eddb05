"""Reading the pathway's forms: dates, amounts in euros and yes/no, each error named by its field. And which fields
each step's form has. The services check the rest."""

from datetime import date

from meedoen.casework.forms_family import euros_to_cents

from . import rules
from . import vocabulary as v
from .texts import TEXTS, t

# Form field -> service field, where the names differ.
SERVICE_NAME = {"repayment_capacity": "repayment_capacity_cents", "amount": "amount_cents"}
FORM_NAME = {service: form for form, service in SERVICE_NAME.items()}

# The fields of each step's form, after the date: (name, kind). Kinds: text, textarea, date, yesno, euros.
STEP_FORM = {
    v.INTAKE: [("stress_asked", "yesno"), ("stress_answer", "textarea"), ("other_helpers", "textarea"), ("under_administration", "yesno")],
    v.ADMISSION: [("financial_overview_complete", "yesno"), ("repayment_capacity", "euros")],
    v.SETTLEMENT: [("planned_end", "date")],
    v.RELAPSE_CHECKED: [("relapsed", "yesno")],
    v.REFUSED: [("reason", "textarea")], v.ENDED: [("reason", "textarea")],
}
HINTS = {"under_administration": "under_administration_hint", "repayment_capacity": "repayment_capacity_hint",
         "reason": "reason_hint", "amount": "amount_hint", "amount_unknown_reason": "unknown_reason_hint", "crisis": "crisis_hint"}
LABELS = {"repayment_capacity": "repayment_capacity", "amount": "amount", "amount_unknown_reason": "unknown_reason", "name": "creditor"}


class Reader:
    """Reads posted values; ``errors`` maps a form field to its message in ``lang``."""

    def __init__(self, data, lang):
        self.data, self.lang, self.errors = data, lang, {}

    def raw(self, name):
        return (self.data.get(name) or "").strip()

    def fail(self, name, key):
        self.errors.setdefault(name, t(key, self.lang))

    def day(self, name):
        raw = self.raw(name)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.fail(name, "bad_date")
            return None

    def euros(self, name):
        try:
            return euros_to_cents(self.raw(name))
        except ValueError:
            self.fail(name, "bad_amount")
            return None

    def yes_no(self, name):
        raw = self.raw(name)
        if raw and raw not in ("yes", "no"):
            self.fail(name, "choose_yes_no")
        return {"yes": True, "no": False}.get(raw)

    def value(self, name, kind):
        if kind == "date":
            return self.day(name)
        if kind == "euros":
            return self.euros(name)
        if kind == "yesno":
            return self.yes_no(name)
        return self.data.get(name, "")


def field_specs(fields, lang, form, values, errors):
    """Fields for the template: name, id, kind, label, hint, value and message."""
    out = []
    for name, kind in fields:
        hint_key = HINTS.get(name)
        hint = t(hint_key, lang) if hint_key else ""
        if name == "planned_end":
            hint = t("planned_end_hint", lang).format(months=rules.pathway()["settlement"]["months"])
        out.append({"name": name, "id": f"{form}_{name}", "kind": kind, "label": t(LABELS.get(name, name), lang) if LABELS.get(name, name) in TEXTS else name,
                    "hint": hint, "value": values.get(name, ""), "error": errors.get(name, "")})
    return out


def service_errors(problems, lang):
    """A CaseworkError's problems as form errors (form field names)."""
    key = "nl" if lang == "nl" else "en"
    return {FORM_NAME.get(field, field): message[key] for field, message in problems.items()}
