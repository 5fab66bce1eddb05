"""Import signal rows (CSV or JSON shaped after DDAS) for one partner: per-row report, good rows kept, one transaction.

Duplicates (same partner reference, also from a concurrent import) are skipped by the unique constraint
(INSERT ... ON CONFLICT DO NOTHING), so two overlapping imports never make two signals.
"""

import csv
import io
import json
from dataclasses import dataclass, field

from django.db import connection, transaction

from meedoen.web.metrics import count_signal_import

from .models import Signal
from .rows import clean_row
from .thresholds import partner_type_choices


@dataclass
class ImportReport:
    created: int = 0
    duplicates: int = 0
    problems: list = field(default_factory=list)

    def as_dict(self):
        return {"created": self.created, "duplicates": self.duplicates,
                "problems": [p.as_dict() for p in self.problems]}


def read_rows(text, kind):
    """The rows of a CSV (comma or semicolon) or JSON file (a list, or {"signalen": [...]}) as dicts."""
    if kind == "json":
        data = json.loads(text)
        rows = data.get("signalen", data.get("signals")) if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise ValueError("JSON: expected a list of signals or {\"signalen\": [...]}")
        return [r if isinstance(r, dict) else {} for r in rows]
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ",", delimiters=",;")
    return list(csv.DictReader(io.StringIO(text), dialect=dialect))


def import_rows(partner, rows, key):
    """Validate and store ``rows`` for ``partner`` in one transaction; returns an ImportReport."""
    report = ImportReport()
    types = partner_type_choices(partner.organisation.municipality.slug)
    signals = {}
    for number, raw in enumerate(rows, start=1):
        clean, problems = clean_row(raw, number, key, types, default_partner_type=partner.partner_type)
        if problems:
            report.problems.extend(problems)
        elif clean["partner_reference"] in signals:
            report.duplicates += 1
        else:
            signals[clean["partner_reference"]] = Signal(
                partner=partner, municipality_id=partner.organisation.municipality_id,
                **{k: ("" if v is None and k in ("person_pseudonym", "postcode") else v) for k, v in clean.items()})
    with transaction.atomic():
        with connection.cursor() as cursor:  # one import per partner at a time, so the counts below are exact
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7031, partner.pk])
        before = Signal.objects.filter(partner=partner).count()
        Signal.objects.bulk_create(list(signals.values()), batch_size=5000, ignore_conflicts=True)
        report.created = Signal.objects.filter(partner=partner).count() - before
    report.duplicates += len(signals) - report.created
    count_signal_import(report)  # Prometheus counters (docs/operations.md)
    return report
