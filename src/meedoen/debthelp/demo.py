"""Demo data of debthelp (called by meedoen.workspace.demo.load_demo after casework and reach).

The municipal debt-help team (login "schuldhulp") helps two demo families, with their consent for money:
- Gezin Yilmaz: after the case conference, a self-referral; intake with the stress question, stabilisation, the
  creditor list (one amount still unknown, with the reason), admission and a three-year settlement;
- Gezin de Vries: Kees finished a settlement more than five years ago (the relapse check is overdue) and is
  registered again after a rent-arrears signal, waiting for the first conversation.
Gezin Bakker's referral to debt help keeps waiting for an answer, as in the casework demo.
"""

from datetime import timedelta

from django.db import transaction

from meedoen.casework import access
from meedoen.casework import vocabulary as cv
from meedoen.casework.models import Consent, Family, Involvement, Professional
from meedoen.casework.services import consent, families

from . import services
from . import vocabulary as v
from .models import DebtCase


def _helped_by_debt_team(family, shv, parent, since):
    """The debt-help team is involved with the family and has its consent for money (made once)."""
    team = shv.teams.first()
    if not Involvement.objects.filter(family=family, team=team).exists():
        families.register_involvement(shv.user, family, team, since=since, help_kind="schuldhulp", professional=shv)
    if not Consent.objects.filter(family=family, organisation=shv.organisation, category=cv.FINANCES, withdrawn_at__isnull=True).exists():
        consent.give(shv.user, family, organisation_id=shv.organisation_id, category=cv.FINANCES, purpose=cv.HELP, given_by=parent,
                     now=access.now())
    return access.family_access(shv.user, family.pk)


def _yilmaz(shv, today):
    family = Family.objects.get(reference="Z-CW-0002")
    ayse = family.memberships.get(person__first_name="Ayşe").person
    family = _helped_by_debt_team(family, shv, ayse, today - timedelta(days=100))
    user = shv.user
    case = services.open_case(user, family, origin=v.SELF, registered_on=today - timedelta(days=100))
    services.record_step(user, case, v.INTAKE, on=today - timedelta(days=90), stress_asked=True,
                         stress_answer="Beide ouders slapen slecht; de post blijft dicht liggen.",
                         other_helpers="Gezinscoach (Kwadraad), jeugdzorg voor Deniz", under_administration=False)
    services.record_step(user, case, v.STABILISATION, on=today - timedelta(days=80), note="Vaste lasten eerst; beslagvrije voet nagekeken.")
    for name, kind, cents, reason in (
            ("Belastingdienst (toeslagen)", "tax", 640000, ""), ("Eneco", "energy", 185000, ""), ("Dunea", "water", 32000, ""),
            ("Zilveren Kruis", "health_insurance", 210000, ""), ("Vestia", "rent", 410000, ""),
            ("Incassobureau (onbekende vordering)", "other", None, "Het incassobureau reageert niet op twee brieven.")):
        services.add_creditor(user, case, name=name, kind=kind, amount_cents=cents, amount_unknown_reason=reason)
    services.record_step(user, case, v.ADMISSION, on=today - timedelta(days=30), financial_overview_complete=True,
                         repayment_capacity_cents=14500)
    case = services.record_step(user, case, v.SETTLEMENT, on=today - timedelta(days=14))
    for creditor in case.creditors.exclude(amount_cents__isnull=True)[:3]:
        services.update_creditor(user, creditor, arrangement=v.AGREED)
    return case


def _de_vries(shv, today):
    family = Family.objects.get(reference="Z-CW-0003")
    kees = family.memberships.get(person__first_name="Kees").person
    family = _helped_by_debt_team(family, shv, kees, today - timedelta(days=40))
    user = shv.user
    first = today - timedelta(days=365 * 9)
    old = services.open_case(user, family, origin=v.PROFESSIONAL, registered_on=first, person=kees)
    services.record_step(user, old, v.INTAKE, on=first + timedelta(days=20), stress_asked=True, stress_answer="Veel zorgen om de kinderen.")
    services.record_step(user, old, v.STABILISATION, on=first + timedelta(days=30))
    services.add_creditor(user, old, name="Kredietbank (oude lening)", kind="other", amount_cents=760000, arrangement=v.PAID)
    services.record_step(user, old, v.ADMISSION, on=first + timedelta(days=180), financial_overview_complete=True, repayment_capacity_cents=9000)
    services.record_step(user, old, v.SETTLEMENT, on=first + timedelta(days=200))
    services.record_step(user, old, v.AFTERCARE, on=first + timedelta(days=200 + 3 * 365))
    services.record_step(user, old, v.CLOSED, on=first + timedelta(days=260 + 3 * 365))
    new = services.open_case(user, family, origin=v.SIGNAL, origin_reference="VS-DEMO-0003", crisis=False,
                             registered_on=today - timedelta(days=40), person=kees)
    services.add_creditor(user, new, name="Woningcorporatie (huurachterstand)", kind="rent", amount_cents=None)
    return new


@transaction.atomic
def load_debthelp_demo():
    """Idempotent; returns a short summary for the demo command's output."""
    today = access.today()
    shv = Professional.objects.filter(user__username="schuldhulp").select_related("organisation").first()
    if shv is None:
        return {"cases": 0}
    made = 0
    for reference, build in (("Z-CW-0002", _yilmaz), ("Z-CW-0003", _de_vries)):
        if Family.objects.filter(reference=reference).exists() and not DebtCase.objects.filter(family__reference=reference).exists():
            build(shv, today)
            made += 1
    return {"cases": DebtCase.objects.count(), "families_added": made}
