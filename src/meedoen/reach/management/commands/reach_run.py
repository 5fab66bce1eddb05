from datetime import date

from django.core.management.base import BaseCommand, CommandError

from meedoen.municipalities.models import Municipality
from meedoen.reach.models import ReachRun
from meedoen.reach.services.runs import RunError, execute_run, start_run


class Command(BaseCommand):
    help = "Run every scheme over a municipality's latest register load, or run the runs that pages queued."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="municipality slug; without it, run the queued runs")
        parser.add_argument("--date", dest="day", type=date.fromisoformat, default=None, help="reference date (default: today)")

    def handle(self, *args, municipality=None, day=None, **options):
        if municipality is None:
            for run in ReachRun.objects.filter(state=ReachRun.QUEUED):
                run = execute_run(run)
                self.stdout.write(f"run {run.pk}: {run.state}")
            return
        found = Municipality.objects.filter(slug=municipality).first()
        if found is None:
            raise CommandError(f"unknown municipality {municipality!r}")
        try:
            run = start_run(found, day or date.today(), None, background=False)
        except RunError as exc:
            raise CommandError(str(exc))
        if run.state != ReachRun.DONE:
            raise CommandError(f"run {run.pk} {run.state}: {run.error}")
        self.stdout.write(f"run {run.pk} done: {run.progress_done} households, {run.non_users.count()} non-users")
