"""manage.py match_signals <municipality>: link the municipality's unmatched signals to its newest register load
and bundle them into cases (meedoen.signals.matching.match); prints the counts per method or reason as JSON.
Run it after imports (e.g. from cron every night); it is idempotent and takes a lock per municipality."""

import json

from django.core.management.base import BaseCommand, CommandError

from meedoen.municipalities.models import Municipality
from meedoen.signals.matching import match


class Command(BaseCommand):
    help = "Match unmatched arrears signals of one municipality to its register and bundle them into cases."

    def add_arguments(self, parser):
        parser.add_argument("municipality")

    def handle(self, municipality, **options):
        town = Municipality.objects.filter(slug=municipality).first()
        if town is None:
            known = ", ".join(Municipality.objects.order_by("slug").values_list("slug", flat=True)) or "none"
            raise CommandError(f"{municipality}: unknown municipality (known: {known})")
        self.stdout.write(json.dumps(match(town), ensure_ascii=False, indent=2, sort_keys=True))
