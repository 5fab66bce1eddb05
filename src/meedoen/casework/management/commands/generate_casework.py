import os
import statistics
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meedoen.casework.generate import caseload_sizes, generate
from meedoen.casework.models import Family


class Command(BaseCommand):
    help = ("Generate SYNTHETIC casework at scale (families, members, professionals, teams, involvement, consent, plans, "
            "analyses, referrals, conferences, access log) for benchmarks: deterministic for a seed.")

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--professionals", type=int, default=500)
        parser.add_argument("--log-rows", type=int, default=5, help="Access-log rows per family.")
        parser.add_argument("--date", help="Reference date YYYY-MM-DD (default: today or MEEDOEN_CHECK_DATE).")
        parser.add_argument("--force", action="store_true",
                            help="Also when not in demo or benchmark mode and the database already holds families.")

    def handle(self, *args, **options):
        bench_mode = os.environ.get("MEEDOEN_DEMO", "").lower() in ("1", "true", "yes", "on") or settings.DEBUG \
            or os.environ.get("MEEDOEN_BENCH", "").lower() in ("1", "true", "yes", "on")
        if not bench_mode and Family.objects.exists() and not options["force"]:
            raise CommandError("This database already holds families and this is not a demo or benchmark (MEEDOEN_DEMO=1 or "
                               "MEEDOEN_BENCH=1): synthetic families would mix with real ones. Use --force if you are sure.")
        day = date.fromisoformat(options["date"]) if options["date"] else None

        def progress(done, seconds):
            self.stdout.write(f"  {done:,} families ({seconds:.0f} s)")

        try:
            counts = generate(options["families"], options["seed"], day=day, professionals=options["professionals"],
                              log_rows=options["log_rows"], progress=progress)
        except RuntimeError as error:
            raise CommandError(str(error))
        seconds = counts.pop("seconds")
        width = max(len(name) for name in counts)
        for name, count in counts.items():
            self.stdout.write(f"{name:<{width}}  {count:>10,}")
        sizes = sorted(caseload_sizes(day).values())
        if sizes:
            self.stdout.write(f"caseload per professional (families visible): min {sizes[0]:,}, median "
                              f"{statistics.median(sizes):,.0f}, max {sizes[-1]:,}")
        self.stdout.write(f"{sum(counts.values()):,} rows in {seconds} s (seed {options['seed']}).")
