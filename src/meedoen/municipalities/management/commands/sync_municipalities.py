from django.core.management.base import BaseCommand

from meedoen.municipalities.rulebook import sync_municipalities


class Command(BaseCommand):
    help = "Create or update municipalities and organisations from the rulebook."

    def handle(self, *args, **options):
        for municipality in sync_municipalities():
            self.stdout.write(f"{municipality.name} ({municipality.cbs_code})")
