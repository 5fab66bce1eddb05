import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meedoen.workspace.demo import examples_dir, load_demo
from meedoen.workspace.roles import ROLES


class Command(BaseCommand):
    help = ("Demo data (idempotent): municipalities from the rulebook, one user per role, and the example "
            "households with a first check, and the casework demo (organisations, teams, three families, family logins). Only with MEEDOEN_DEMO=1 or MEEDOEN_DEBUG=1: the passwords are public.")

    def add_arguments(self, parser):
        parser.add_argument("--examples", help=f"folder with example household JSON files (default: {examples_dir()})")
        parser.add_argument("--force", action="store_true", help="also outside demo mode (never on production data)")

    def handle(self, *args, examples=None, force=False, **options):
        demo = os.environ.get("MEEDOEN_DEMO", "").strip().lower() in ("1", "true", "yes", "on")
        if not (demo or settings.DEBUG or force):
            raise CommandError("load_demo creates users with public passwords: run it only with MEEDOEN_DEMO=1 (or --force).")
        done = load_demo(examples, warn=lambda text: self.stderr.write(self.style.WARNING(text)))
        self.stdout.write("Municipalities: " + ", ".join(m.name for m in done["municipalities"]))
        self.stdout.write("Demo users (username / password: role):")
        for username, password, role in done["users"]:
            self.stdout.write(f"  {username} / {password}: {ROLES[role][0]} ({ROLES[role][1]})")
        self.stdout.write(f"Example households: {done['created']} loaded with a first check, {done['skipped']} already there.")
        casework = done["casework"]
        self.stdout.write("Casework families: " + ", ".join(f"{f.name} ({f.reference})" for f in casework["families"].values()))
        self.stdout.write("Professionals of partner organisations (username = password): "
                          + ", ".join(sorted(name for name in casework["staff"] if name not in ("professional", "coordinator"))))
        from meedoen.casework.demo import FAMILY_LOGINS

        self.stdout.write("Family portal /mijn-gezin/ (username = password): " + ", ".join(FAMILY_LOGINS.values()))
        reach = done["reach"]
        self.stdout.write(f"Reach /werkplek/bereik/ (login beleid): a synthetic register of {reach.progress_total} Zoetermeer "
                          f"households, run on {reach.day:%d-%m-%Y}: {reach.non_users.count()} eligible non-users found")
