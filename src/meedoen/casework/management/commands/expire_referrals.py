from django.core.management.base import BaseCommand

from meedoen.casework.services.referrals import expire_overdue


class Command(BaseCommand):
    help = "Mark referrals that got no answer before their expiry date as expired (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        count = expire_overdue()
        self.stdout.write(f"{count} referral(s) expired.")
