from django.core.management.base import BaseCommand, CommandError

from meedoen.municipalities.models import Municipality
from meedoen.reach.register.store import RegisterError
from meedoen.reach.services.runs import RunError, load_register


class Command(BaseCommand):
    help = "Load a municipality's households from a register folder (docs/register-format.md) into the database."

    def add_arguments(self, parser):
        parser.add_argument("register", help="register folder")
        parser.add_argument("--municipality", required=True, help="municipality slug, e.g. zoetermeer")

    def handle(self, *args, register, municipality, **options):
        found = Municipality.objects.filter(slug=municipality).first()
        if found is None:
            raise CommandError(f"unknown municipality {municipality!r}")
        try:
            load = load_register(register, found)
        except (RegisterError, RunError) as exc:
            raise CommandError(str(exc))
        self.stdout.write(f"loaded {load.households} households and {load.persons} persons of {found.name} (load {load.pk})")
