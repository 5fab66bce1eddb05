"""Reading the plan, referral, conference and consent forms: typed values or a message per field (nl, en).

The services check the meaning (a due date before the plan start, a missing reason); this module only
turns posted text into dates, numbers and known records, so a wrong value never reaches a service.
"""

from datetime import date, datetime, time

from django.utils import timezone

from meedoen.municipalities.models import Organisation

from .errors import CaseworkError

MAX_DECISIONS = 5


class Form:
    """Posted data with the problems found while reading it."""

    def __init__(self, data):
        self.data = data
        self.problems = {}

    def fail(self, field, nl, en):
        self.problems.setdefault(field, {"nl": nl, "en": en})

    def check(self):
        if self.problems:
            raise CaseworkError(dict(self.problems))

    def text(self, field):
        return (self.data.get(field) or "").strip()

    def need(self, field):
        """Text that may not be empty; checked here too so the summary lists every problem at once."""
        value = self.text(field)
        if not value:
            self.fail(field, "Vul dit in.", "Fill this in.")
        return value

    def flag(self, field):
        return self.data.get(field) in ("1", "on", "true", "yes")

    def number(self, field, required=True):
        raw = self.text(field)
        if not raw:
            if required:
                self.fail(field, "Dit veld is nodig.", "This field is required.")
            return None
        if not raw.isdigit() or len(raw) > 18:
            self.fail(field, f"'{raw}' is geen geldig nummer.", f"'{raw}' is not a valid number.")
            return None
        return int(raw)

    def day(self, field, required=True):
        raw = self.text(field)
        if not raw:
            if required:
                self.fail(field, "Vul een datum in.", "Give a date.")
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.fail(field, f"'{raw}' is geen bestaande datum (jjjj-mm-dd).", f"'{raw}' is not an existing date (yyyy-mm-dd).")
            return None

    def clock(self, field):
        raw = self.text(field)
        if not raw:
            self.fail(field, "Vul een tijd in.", "Give a time.")
            return None
        try:
            return time.fromisoformat(raw)
        except ValueError:
            self.fail(field, f"'{raw}' is geen geldige tijd (uu:mm).", f"'{raw}' is not a valid time (hh:mm).")
            return None

    def choice(self, field, mapping, required=True):
        raw = self.text(field)
        if not raw and not required:
            return ""
        if raw not in mapping:
            self.fail(field, "Kies een van de mogelijkheden.", "Choose one of the options.")
            return None
        return raw

    def record(self, field, queryset, required=True, nl="Onbekende keuze", en="Unknown choice"):
        """The row of ``queryset`` whose id was posted in ``field`` (a narrowed queryset: others are unknown)."""
        pk = self.number(field, required)
        if pk is None:
            return None
        found = queryset.filter(pk=pk).first()
        if found is None:
            self.fail(field, f"{nl}: {pk}.", f"{en}: {pk}.")
        return found

    def records(self, field, queryset, nl="Onbekende keuze", en="Unknown choice"):
        """The rows whose ids were posted (several values) in ``field``; any unknown id is a problem."""
        raw = [value.strip() for value in self.data.getlist(field) if value.strip()] if hasattr(self.data, "getlist") else []
        bad = [value for value in raw if not value.isdigit() or len(value) > 18]
        if bad:
            self.fail(field, f"{nl}: {', '.join(bad)}.", f"{en}: {', '.join(bad)}.")
            return []
        ids = {int(value) for value in raw}
        found = list(queryset.filter(pk__in=ids))
        if len(found) != len(ids):
            missing = sorted(ids - {row.pk for row in found})
            self.fail(field, f"{nl}: {', '.join(map(str, missing))}.", f"{en}: {', '.join(map(str, missing))}.")
        return found


def organisation_in(form, field, municipality_id, required=True):
    """An organisation of the family's municipality; any other id is 'Onbekende organisatie'."""
    return form.record(field, Organisation.objects.filter(municipality_id=municipality_id), required,
                       nl="Onbekende organisatie", en="Unknown organisation")


def moment(day, clock):
    """A date and a time of day in the current time zone."""
    return timezone.make_aware(datetime.combine(day, clock))


def decisions(form, municipality_id):
    """Up to MAX_DECISIONS decision rows (text, organisation, due date); empty rows are skipped."""
    rows = []
    for number in range(1, MAX_DECISIONS + 1):
        prefix = f"decision{number}_"
        if not any(form.text(prefix + part) for part in ("text", "organisation", "due_date")):
            continue
        text = form.text(prefix + "text")
        if not text:
            form.fail(prefix + "text", f"Besluit {number}: schrijf het besluit op.", f"Decision {number}: write down the decision.")
        organisation = organisation_in(form, prefix + "organisation", municipality_id)
        due = form.day(prefix + "due_date")
        rows.append({"text": text, "organisation": organisation, "due_date": due, "number": number})
    return rows
