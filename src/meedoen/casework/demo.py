"""Demo casework (synthetic people only): organisations, teams, professionals, and three families from
the seed scenarios (seeds-synthesis-stedenestafette.md §5 V2 and V3; seeds-itj.md §5.5 CT-5).

Idempotent: a family whose case number exists is left alone. Dates are relative to ``today``.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from meedoen.municipalities.models import Municipality, Organisation

from . import access
from . import vocabulary as v
from .models import Family, FamilyAccount, Professional, Team, TeamMembership
from .services import analysis, conferences, consent, families, plans, referrals

# organisation slug, name, [(team name, [(username, name, job title, kind)])]. Names marked (demo) are not in the sources.
ZOETERMEER = [
    ("kwadraad", "Kwadraad maatschappelijk werk", [("Gezinscoaches Zoetermeer", [
        ("professional", "Fatima el Amrani", "gezinscoach", v.PROFESSIONAL)])]),
    ("cjg_meerpunt", "CJG Meerpunt", [("Zorgcoördinatie", [
        ("coordinator", "Joost de Wit", "zorgcoördinator", v.PROFESSIONAL)])]),
    ("schuldhulp_zoetermeer", "Schuldhulpverlening gemeente Zoetermeer", [("Schuldhulp", [
        ("schuldhulp", "Marleen Bos", "schuldhulpverlener", v.PROFESSIONAL)])]),
    ("bureau_basiszorg", "Bureau Basiszorg (GGZ)", [("Basiszorg", [
        ("ggz", "Pieter Kramer", "coördinator basiszorg", v.PROFESSIONAL)])]),
    ("jgz_zoetermeer", "Jeugdgezondheidszorg (GGD)", [("Bemoeizorg", [
        ("jgz", "Anouk Visser", "bemoeizorgverpleegkundige", v.PROFESSIONAL)])]),
    ("basisschool_regenboog", "Basisschool De Regenboog (demo)", [("Zorgteam school", [
        ("school", "Ria Smit", "intern begeleider", v.PROFESSIONAL)])]),
    ("bureau_jeugdzorg", "Bureau Jeugdzorg Haaglanden", [("Jeugdzorg Zoetermeer", [
        ("jeugdzorg", "Sander Mulder", "jeugdzorgwerker", v.PROFESSIONAL)])]),
    ("maatjes_zoetermeer", "Jong Perspectief (maatjes)", [("Maatjes", [
        ("maatje", "Henk de Boer", "maatje", v.VOLUNTEER)])]),
    ("woningcorporatie_demo", "Woningcorporatie Zoetermeer (demo)", [("Huurincasso", [
        ("woning", "Lotte Jansen", "woonconsulent", v.PROFESSIONAL)])]),
]
GRONINGEN = [
    ("mjd_groningen", "MJD Groningen", [("Maatschappelijk werk Selwerd", [
        ("mjd", "Eva Hoekstra", "maatschappelijk werker", v.PROFESSIONAL)])]),
]
FAMILY_LOGINS = {"Z-CW-0001": "gezin-bakker", "Z-CW-0002": "gezin-yilmaz", "Z-CW-0003": "gezin-devries"}


def ensure_organisations(today):
    """Organisations, teams and professionals (a login each, password = username). Returns {username: Professional}."""
    User = get_user_model()
    professional_group = Group.objects.get(name="professional")
    staff = {}
    for slug, rows in (("zoetermeer", ZOETERMEER), ("groningen", GRONINGEN)):
        municipality = Municipality.objects.get(slug=slug)
        for org_slug, org_name, teams in rows:
            org, _ = Organisation.objects.get_or_create(municipality=municipality, slug=org_slug, defaults={"name": org_name})
            for team_name, people in teams:
                team, _ = Team.objects.get_or_create(organisation=org, name=team_name)
                for username, name, title, kind in people:
                    user, created = User.objects.get_or_create(username=username)
                    if created or not user.check_password(username):
                        user.set_password(username)
                        user.save()
                    if username != "coordinator":
                        user.groups.add(professional_group)
                    pro, _ = Professional.objects.get_or_create(
                        user=user, defaults={"organisation": org, "name": name, "job_title": title, "kind": kind,
                                             "phone": "079 000 00 00", "email": f"{username}@example.org"})
                    TeamMembership.objects.get_or_create(team=team, professional=pro, defaults={"since": today - timedelta(days=730)})
                    staff[username] = pro
    return staff


def moment(day, hour=10):
    """An aware datetime on ``day`` (demo events happen on the demo's days, not on the real clock)."""
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def team_of(pro):
    return pro.teams.first()


def family_login(family, person):
    User = get_user_model()
    username = FAMILY_LOGINS[family.reference]
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": person.first_name, "last_name": person.last_name})
    if created or not user.check_password(username):
        user.set_password(username)
        user.save()
    user.groups.add(Group.objects.get(name="family"))
    FamilyAccount.objects.get_or_create(user=user, defaults={"family": family, "person": person})
    return username


def consent_all(actor, family, parent, org, categories=tuple(v.CATEGORIES), purpose=v.HELP):
    given_at = moment(access.today() - timedelta(days=1), 9)
    for category in categories:
        consent.give(actor, family, organisation_id=org.pk, category=category, purpose=purpose, given_by=parent, now=given_at)


def bakker(staff, today):
    """V2: single mother of three young children, depressed, no income, rising debts, eviction threat."""
    zoetermeer = Municipality.objects.get(slug="zoetermeer")
    school, coach, shv = staff["school"], staff["professional"], staff["schuldhulp"]
    start = today - timedelta(days=60)
    family = families.create_family(school.user, team_of(school), municipality=zoetermeer, reference="Z-CW-0001",
                                    name="Gezin Bakker", district="Palenstein", since=start, help_kind="zorg op school", members=[
        dict(first_name="Sanne", last_name="Bakker", role=v.PARENT, start=start, birth_date=today.replace(year=today.year - 33) - timedelta(days=40),
             monthly_net_income_cents={"benefit": 0}, statuses={"receives_social_assistance": False}),
        dict(first_name="Noah", last_name="Bakker", role=v.CHILD, start=start, birth_date=today.replace(year=today.year - 8) - timedelta(days=100),
             school={"attends_school": True, "level": "primary"}),
        dict(first_name="Mila", last_name="Bakker", role=v.CHILD, start=start, birth_date=today.replace(year=today.year - 6) - timedelta(days=20),
             school={"attends_school": True, "level": "primary"}),
        dict(first_name="Daan", last_name="Bakker", role=v.CHILD, start=start, birth_date=today.replace(year=today.year - 3) - timedelta(days=200)),
    ])
    family.assets_cents, family.fixed_costs_cents, family.housing_costs_cents = 0, 98000, 72000
    family.save(update_fields=["assets_cents", "fixed_costs_cents", "housing_costs_cents"])
    sanne = family.memberships.get(person__first_name="Sanne").person
    consent_all(school.user, family, sanne, school.organisation, [v.PLAN, v.MEETINGS])
    consent_all(coach.user, family, sanne, coach.organisation)  # Sanne tells the coach at the first visit
    referral = referrals.request(school.user, family, team_of(school), team_of(coach), help_kind="gezinscoaching",
                                 reason="Zorgen op school over de kinderen en over moeder; zij wil hulp.",
                                 summary="Moeder (33) is somber, heeft geen inkomen en krijgt voorschotten. Huurachterstand, dreigende uithuiszetting. "
                                         "Noah (8) en Mila (6) luisteren slecht; Mila maakt ruzie over eten.",
                                 handover=False, now=moment(today - timedelta(days=50)))
    consent_all(school.user, family, sanne, coach.organisation, [v.REFERRALS], v.HANDOVER)  # the school refers, with her story
    referrals.accept(coach.user, referral, professional=coach, now=moment(today - timedelta(days=48)))
    referrals.start(coach.user, referral, now=moment(today - timedelta(days=47)))
    analysis.record(coach.user, family, coach.organisation, made_on=start + timedelta(days=14), summary="Eerste gezinsanalyse",
        assessments=[
            dict(person=sanne, domain="income", score=1, situation="Geen inkomen; voorschotten van de sociale dienst."),
            dict(person=sanne, domain="mental_health", score=2, situation="Somber, depressief."),
            dict(person=None, domain="housing", score=1, situation="Huurachterstand, dreigende uithuiszetting; tijdelijke afspraak met de verhuurder."),
            dict(person=None, domain="debts", score=1, situation="Schulden lopen op."),
            dict(person=None, domain="network", score=3, situation="Een vriendin helpt met geld en steun."),
        ] + [dict(person=m.person, domain="parenting", score=3, situation=text) for m, text in zip(
            family.memberships.filter(role=v.CHILD).order_by("person__birth_date"),
            ["Luistert slecht thuis.", "Ruzie over eten.", None]) if text],
        problems=[dict(person=sanne, domain="mental_health", description="Depressie van moeder", kind=v.CAUSE),
                  dict(person=None, domain="housing", description="Dreigende uithuiszetting", kind=v.SYMPTOM),
                  dict(person=None, domain="income", description="Geen vast inkomen", kind=v.CAUSE)],
        debts=[dict(creditor="Woningcorporatie (huur)", kind="rent", amount_cents=None),
               dict(creditor="Zorgverzekeraar", kind="health_insurance", amount_cents=45000),
               dict(creditor="CJIB", kind="cjib", amount_cents=13900)])
    plan = plans.start_plan(coach.user, family, started_on=start + timedelta(days=14),
                            family_words="Ik wil rust: een dak boven ons hoofd, een inkomen, en dat de kinderen weer lachen.")
    plans.add_goal(coach.user, plan, plan.version, "We blijven in ons huis wonen.", "housing", by_family=True)
    plans.add_goal(coach.user, plan, plan.version, "Ik heb elke maand een vast inkomen.", "income", by_family=True)
    goal = plan.goals.get(domain="income")
    plans.add_action(coach.user, plan, plan.version, "Bijstandsaanvraag samen afmaken", coach.organisation, today + timedelta(days=7), goal=goal)
    plans.add_action(coach.user, plan, plan.version, "Betalingsregeling huur met de verhuurder", coach.organisation, today - timedelta(days=3),
                     goal=plan.goals.get(domain="housing"))
    plans.choose_coordinator(coach.user, family, coach, chosen_with_family=True,
                             how_chosen="Sanne koos Fatima in het gesprek op school: zij kent haar al.",
                             mandate="Mag afspraken maken met verhuurder en sociale dienst en het overleg bijeenroepen.", start=start + timedelta(days=14))
    referrals.request(coach.user, family, team_of(coach), team_of(shv), help_kind="schuldhulp",
                      reason="Schulden lopen op; hulp bij betalingsregelingen nodig.",
                      summary="Huurachterstand (bedrag nog onbekend), zorgverzekering € 450, CJIB € 139. Geen inkomen, bijstand aangevraagd.",
                      handover=False, now=moment(today - timedelta(days=2)))
    family_login(family, sanne)
    return family


def yilmaz(staff, today):
    """V3: two parents and five children, more than € 20,000 of debt, a truant daughter; now the parents are invited."""
    zoetermeer = Municipality.objects.get(slug="zoetermeer")
    mw, jz = staff["professional"], staff["jeugdzorg"]
    start = today - timedelta(days=120)

    def born(years, days=0):
        return today.replace(year=today.year - years) - timedelta(days=days)
    children = [("Elif", 19), ("Deniz", 15), ("Can", 12), ("Aylin", 8), ("Emre", 2)]
    family = families.create_family(mw.user, team_of(mw), municipality=zoetermeer, reference="Z-CW-0002", name="Gezin Yilmaz",
                                    since=start, help_kind="maatschappelijk werk", members=[
        dict(first_name="Mehmet", last_name="Yilmaz", role=v.PARENT, start=start, birth_date=born(46),
             monthly_net_income_cents={"wages": 165000, "kinderbijslag": 60000}),
        dict(first_name="Ayşe", last_name="Yilmaz", role=v.PARENT, start=start, birth_date=born(44),
             monthly_net_income_cents={"benefit": 98000}),
    ] + [dict(first_name=n, last_name="Yilmaz", role=v.CHILD, start=start, birth_date=born(a, 30),
              school={"attends_school": a < 18, "level": "secondary" if a >= 12 else "primary"} if a >= 4 else None)
         for n, a in children])
    family.assets_cents, family.fixed_costs_cents = 0, 185000
    family.save(update_fields=["assets_cents", "fixed_costs_cents"])
    ayse = family.memberships.get(person__first_name="Ayşe").person
    deniz = family.memberships.get(person__first_name="Deniz").person
    consent_all(mw.user, family, ayse, mw.organisation)
    consent_all(jz.user, family, ayse, jz.organisation, [v.PLAN, v.MEETINGS, v.ANALYSIS, v.NOTES])
    families.register_involvement(jz.user, family, team_of(jz), since=start + timedelta(days=10), help_kind="jeugdhulp", person=deniz,
                                  professional=jz)
    analysis.record(mw.user, family, mw.organisation, made_on=start + timedelta(days=20), summary="Gezinsanalyse met beide ouders",
        assessments=[dict(person=None, domain="debts", score=1, situation="Meer dan € 20.000 schuld; zelf regelingen met schuldeisers."),
                     dict(person=None, domain="income", score=2, situation="Vader werkt, moeder WW; minder dan € 70 per week leefgeld."),
                     dict(person=deniz, domain="school", score=1, situation="Spijbelt regelmatig; is een paar keer weggelopen.")],
        problems=[dict(person=None, domain="debts", description="Schulden boven € 20.000, geen schuldhulp", kind=v.CAUSE),
                  dict(person=deniz, domain="school", description="Spijbelen en weglopen", kind=v.SYMPTOM)],
        debts=[dict(creditor="Diverse schuldeisers", kind="loan", amount_cents=2050000)])
    plan = plans.start_plan(mw.user, family, started_on=start + timedelta(days=20),
                            family_words="Wij willen weten wie wat doet, en mee praten over onze dochter.")
    plans.add_goal(mw.user, plan, plan.version, "Deniz gaat weer elke dag naar school.", "school", by_family=True)
    plans.choose_coordinator(mw.user, family, mw, chosen_with_family=True, how_chosen="Beide ouders kozen in het huisbezoek voor de gezinscoach.",
                             mandate="Roept het overleg bijeen en bewaakt de afspraken.", start=start + timedelta(days=20))
    when = timezone.make_aware(datetime.combine(today + timedelta(days=5), time(10, 0)))
    conferences.schedule(mw.user, family, scheduled_at=when, location="CJG Meerpunt, Zoetermeer",
                         agenda="1. Hoe gaat het met Deniz?\n2. Schulden: aanmelding schuldhulp\n3. Wie doet wat",
                         professionals=[mw, jz], persons=[m.person for m in family.memberships.filter(role=v.PARENT)])
    family_login(family, ayse)
    return family


def de_vries(staff, today):
    """CT-5: four organisations, three of them acting as coordinator: a lead must be chosen with the family."""
    zoetermeer = Municipality.objects.get(slug="zoetermeer")
    coach, jgz, ggz, cjg = staff["professional"], staff["jgz"], staff["ggz"], staff["coordinator"]
    start = today - timedelta(days=30)
    family = families.create_family(cjg.user, team_of(cjg), municipality=zoetermeer, reference="Z-CW-0003", name="Gezin de Vries",
                                    district="Oosterheem", since=start, help_kind="zorgcoördinatie", members=[
        dict(first_name="Kees", last_name="de Vries", role=v.PARENT, start=start, birth_date=today.replace(year=today.year - 39),
             monthly_net_income_cents=None),
        dict(first_name="Lisa", last_name="de Vries", role=v.CHILD, start=start, birth_date=today.replace(year=today.year - 10)),
        dict(first_name="Tim", last_name="de Vries", role=v.CHILD, start=start, birth_date=today.replace(year=today.year - 5)),
    ])
    kees = family.memberships.get(person__first_name="Kees").person
    for pro, kind in ((coach, "gezinscoaching"), (jgz, "bemoeizorg"), (ggz, "basiszorg (psychiatrie ouder)")):
        families.register_involvement(pro.user, family, team_of(pro), since=start + timedelta(days=3), help_kind=kind, professional=pro,
                                      role=v.COORDINATOR_ROLE)
    consent_all(cjg.user, family, kees, cjg.organisation)
    family_login(family, kees)
    return family


@transaction.atomic
def load_casework_demo(today=None):
    """Create the demo casework; returns {'staff': {username: Professional}, 'families': {reference: Family}}."""
    today = today or access.today()
    staff = ensure_organisations(today)
    made = {}
    for build, reference in ((bakker, "Z-CW-0001"), (yilmaz, "Z-CW-0002"), (de_vries, "Z-CW-0003")):
        existing = Family.objects.filter(reference=reference).first()
        made[reference] = existing or build(staff, today)
    return {"staff": staff, "families": made}
