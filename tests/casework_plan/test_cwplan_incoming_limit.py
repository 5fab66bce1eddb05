"""The incoming-referrals page stays small: per status the oldest GROUP_SIZE, with the total in the heading."""

from datetime import datetime, timedelta

from django.utils import timezone

from meedoen.casework.models import Referral
from meedoen.casework.services import referrals
from meedoen.casework.views.plan_referrals import GROUP_SIZE


def test_a_long_queue_shows_the_oldest_and_the_total(login, fam, casework_demo):
    staff = casework_demo["staff"]
    coach, shv = staff["professional"], staff["schuldhulp"]
    start = timezone.make_aware(datetime(2026, 2, 27, 9, 0))
    already = Referral.objects.filter(to_team=shv.teams.first(), status="requested").count()
    made = [referrals.request(coach.user, fam["yilmaz"], coach.teams.first(), shv.teams.first(), help_kind=f"schuldhulp {i}",
                              reason="r", summary="s", handover=False, now=start + timedelta(minutes=i), answer_days=10)
            for i in range(GROUP_SIZE + 5)]
    total = already + len(made)
    body = login("schuldhulp").get("/werkplek/gezinnen/verwijzingen/").content.decode()
    assert f"({total})" in body
    assert body.count('class="referral"') <= GROUP_SIZE * 4
    assert "schuldhulp 0</h3>" in body and f"schuldhulp {GROUP_SIZE + 4}</h3>" not in body  # oldest first
    assert "die het langst wachten" in body
