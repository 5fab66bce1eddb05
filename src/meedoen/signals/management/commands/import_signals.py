"""manage.py import_signals <municipality> <organisation-slug> <file.csv|file.json>: import one partner's signals."""

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meedoen.reach.register.validate import check_key
from meedoen.signals.importer import import_rows, read_rows
from meedoen.signals.models import SignalPartner


class Command(BaseCommand):
    help = "Import arrears signals (CSV or JSON shaped after DDAS) for one signal partner; prints a JSON report."

    def add_arguments(self, parser):
        parser.add_argument("municipality")
        parser.add_argument("organisation")
        parser.add_argument("file")

    def handle(self, municipality, organisation, file, **options):
        key = check_key(os.environ.get("MEEDOEN_PSEUDONYM_KEY", ""))
        if key is None:
            raise CommandError("MEEDOEN_PSEUDONYM_KEY: set the secret key of the register pseudonyms (16+ characters)")
        partner = SignalPartner.objects.filter(organisation__municipality__slug=municipality,
                                               organisation__slug=organisation).select_related(
                                                   "organisation__municipality").first()
        if partner is None:
            raise CommandError(f"{municipality}/{organisation}: no signal partner with this organisation")
        path = Path(file)
        try:
            rows = read_rows(path.read_text(encoding="utf-8-sig"), "json" if path.suffix.lower() == ".json" else "csv")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CommandError(f"{path}: cannot read: {exc}") from None
        self.stdout.write(json.dumps(import_rows(partner, rows, key).as_dict(), ensure_ascii=False, indent=2))
