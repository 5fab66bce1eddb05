"""Synthetic casework at scale, for benchmarks and load tests: families with members over time,
organisations, teams, professionals, involvement, consent, plans, analyses, referrals, case
conferences and an access-log history. SYNTHETIC: nobody in it exists.

Deterministic: the same ``families``, ``seed``, ``professionals`` and ``day`` give the same rows
(each family draws from its own random stream, so the first 200 families of a 50,000-family run
are the 200 families of a 200-family run; only the database ids depend on what was there before).

Fast: rows are written directly to the tables, not through ``casework.services`` (which would take
hours for 50,000 families), with PostgreSQL COPY in batches, in one transaction. Ids are taken in
one block per table (the tables are locked for writes while generating, the sequences set after).
The data keeps the rules the services enforce: involvement through teams of the family's
municipality, consents only for organisations of that municipality, at most one open coordinator
per family (a member of an involved team), memberships and involvements with start <= end, adults
born at least 18 years before they join, children born after their youngest parent turned 18,
referrals between two organisations with timestamps in order, every family seen by at least one
active team (its first involvement is open and every team has active members).

Figures (``day`` = the reference date, default today or MEEDOEN_CHECK_DATE):

=================================  ==========================================  =====================================
what                               value used                                  source / status
=================================  ==========================================  =====================================
families                           ``families`` (50,000 for the benchmark:     issue 5 speed requirement; the seeds
                                   the issue's test size)                      give ~49,000 households in all of
                                                                               Zoetermeer (Z2), so this is a load
                                                                               size, not a realistic caseload
municipality                       Zoetermeer 55 %, Groningen 45 %             assumption
persons per family                 ~4.1 (200,000 for 50,000 families)          issue 5; seeds 3.4 give 2.47 per
                                                                               household for all households, a
                                                                               family with children is larger
two parents / one parent           72 % / 28 %                                 assumption (single parents are
                                                                               over-represented among the minima)
children 1..5                      30 / 36 / 20 / 9 / 5 %                      assumption (more than the population
                                                                               generator's 38/42/14/4.5/1.5: families
                                                                               in casework; seeds Z13: 2.5 school-age
                                                                               children per Leergeld family)
other adult (grandparent, lodger)  6 % of families                             assumption (as the population generator)
ex-partner who moved out           35 % of one-parent families                 assumption
partner who moved in later /       10 % / 3 % of two-parent families           assumption
moves in after ``day``
adult child who moved out          ~4 % of children aged 18+                   assumption
parents' age                       N(37, 7) clipped to 19-62, partner +-3.5    assumption (the population generator:
                                                                               N(40, 8))
benefit / wages / unknown income   60 % / 25 % / 15 % of adults                assumption; seeds Z11: ~1/3 of the
                                                                               minima are on bijstand
organisations / teams              25 (14 Zoetermeer, 11 Groningen) / 60       assumption; names of kinds of
                                                                               organisation from the seeds (CJG, WIJ,
                                                                               MJD, GKB, Leergeld, Voedselbank ...);
                                                                               every name ends in "(synthetisch)"
professionals                      500, spread over the teams by team weight,  assumption; Z18: Piëzo 200+ volunteers
                                   at least 3 active members per team;         and 18 staff
                                   8 % also in a second team, 4 % with an
                                   ended membership
teams per family                   1 / 2 / 3 / 4: 30 / 35 / 22 / 13 %,         assumption; the family's first team
                                   different organisations, weighted by team   (the one that opened the file) stays
                                   (a district team weighs 3, a food bank      involved; 15 % of the others have
                                   0.5); so a team sees ~500 to ~3,000         ended, 2 % start after ``day``
                                   families
coordinator                        80 % of families; 12 % of those had an      assumption
                                   earlier one
consent                            90 % of involved organisations; per         assumption; handover consent for
                                   category: analysis 80, finances 70, plan    referring organisations
                                   95, meetings 85, referrals 60, notes 30 %;
                                   4 % withdrawn, half of those given again
plan                               85 % of families, 1-4 goals, 1-6 actions,   assumption
                                   two plan versions
analysis                           55 % of families: 4-8 household domains,    assumption; seeds 3.4: ~13 % of all
                                   some per member, 1-4 problems, debts for    households at risk of problematic debt
                                   60 % of analyses
referrals                          0-3 per family (mean 0.67), every status    assumption
conferences                        12 % of families, 1-2 each                  assumption
access log                         ``log_rows`` per family (default 5)         assumption
=================================  ==========================================  =====================================
"""

import json
import random
import time as clock
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from . import vocabulary as v

# (slug, name, kind, help kind, job title, [(team name, weight)]); kind "volunteer" makes volunteers.
ZOETERMEER_ORGS = [
    ("sociaal-wijkteam", "Sociaal wijkteam Zoetermeer", "professional", "gezinscoaching", "gezinscoach",
     [(f"Wijkteam {d}", 3.0) for d in ("Centrum", "Noordhove", "Oosterheem", "Palenstein", "Rokkeveen", "Seghwaert",
                                       "Meerzicht", "Buytenwegh")]),
    ("cjg", "Centrum voor Jeugd en Gezin Zoetermeer", "professional", "opvoedondersteuning", "jeugd- en gezinswerker",
     [("Jeugd en gezin Noord", 2.5), ("Jeugd en gezin Zuid", 2.5), ("Zorgcoördinatie", 2.0)]),
    ("maatschappelijk-werk", "Maatschappelijk werk Zoetermeer", "professional", "maatschappelijk werk", "maatschappelijk werker",
     [("MW Noord", 2.0), ("MW Zuid", 2.0), ("MW Centrum", 2.0)]),
    ("schuldhulp", "Schuldhulpverlening Zoetermeer", "professional", "schuldhulp", "schuldhulpverlener",
     [("Intake schuldhulp", 2.0), ("Budgetbeheer", 1.5), ("Schuldregeling", 1.5)]),
    ("werk-inkomen", "Werk en Inkomen Zoetermeer", "professional", "inkomensondersteuning", "consulent werk en inkomen",
     [("Bijstand", 1.5), ("Bijzondere bijstand", 1.5), ("Re-integratie", 1.0)]),
    ("ggz", "GGZ basiszorg Zoetermeer", "professional", "basis-ggz", "sociaal-psychiatrisch verpleegkundige",
     [("Basis-GGZ", 1.0), ("Specialistische GGZ", 0.8)]),
    ("jgz", "Jeugdgezondheidszorg Zoetermeer", "professional", "jeugdgezondheidszorg", "jeugdverpleegkundige",
     [("JGZ 0-4", 1.5), ("JGZ 4-18", 1.5)]),
    ("jeugdbescherming", "Jeugdbescherming west", "professional", "jeugdbescherming", "jeugdbeschermer",
     [("Jeugdbescherming Zoetermeer", 0.6)]),
    ("woningcorporatie", "Woningcorporatie Zoetermeer", "professional", "huurachterstand", "woonconsulent",
     [("Huurincasso", 1.0), ("Wijkconsulenten", 1.0)]),
    ("primair-onderwijs", "Primair onderwijs Zoetermeer", "professional", "zorg op school", "intern begeleider",
     [("Zorgteam PO Noord", 1.0), ("Zorgteam PO Zuid", 1.0)]),
    ("voortgezet-onderwijs", "Voortgezet onderwijs Zoetermeer", "professional", "zorg op school", "zorgcoördinator school",
     [("Zorgadviesteam VO", 0.8)]),
    ("leergeld", "Stichting Leergeld Zoetermeer", "volunteer", "meedoen van kinderen", "intermediair",
     [("Leergeld", 0.6)]),
    ("voedselbank", "Voedselbank Zoetermeer", "volunteer", "voedselpakket", "intaker",
     [("Uitgiftepunten", 0.5)]),
    ("humanitas", "Humanitas Zoetermeer", "volunteer", "thuisadministratie", "vrijwilliger thuisadministratie",
     [("Thuisadministratie", 0.5)]),
]
GRONINGEN_ORGS = [
    ("wij", "WIJ Groningen", "professional", "gezinscoaching", "WIJ-werker",
     [(f"WIJ {d}", 3.0) for d in ("Selwerd", "Vinkhuizen", "Beijum", "Lewenborg", "De Hoogte", "Oosterpark", "Paddepoel",
                                  "Hoogkerk", "Haren")]),
    ("mjd", "MJD Groningen", "professional", "maatschappelijk werk", "maatschappelijk werker",
     [("MW Stad", 2.0), ("MW Ommelanden", 1.5)]),
    ("kredietbank", "Gemeentelijke Kredietbank Groningen", "professional", "schuldhulp", "schuldhulpverlener",
     [("Schuldhulp intake", 2.0), ("Budgetbeheer", 1.5)]),
    ("werk-inkomen", "Werk en Inkomen Groningen", "professional", "inkomensondersteuning", "consulent werk en inkomen",
     [("Bijstand", 1.5), ("Bijzondere bijstand", 1.5)]),
    ("ggz", "GGZ Groningen", "professional", "basis-ggz", "sociaal-psychiatrisch verpleegkundige",
     [("Basis-GGZ Groningen", 1.0), ("FACT-team", 0.8)]),
    ("jgz", "GGD Groningen jeugdgezondheid", "professional", "jeugdgezondheidszorg", "jeugdverpleegkundige",
     [("JGZ 0-4", 1.5), ("JGZ 4-18", 1.5)]),
    ("jeugdbescherming", "Jeugdbescherming Noord", "professional", "jeugdbescherming", "jeugdbeschermer",
     [("Jeugdbescherming Groningen", 0.6)]),
    ("woningcorporatie", "Woningcorporatie Groningen", "professional", "huurachterstand", "woonconsulent",
     [("Huurincasso", 1.0), ("Wijkbeheer", 1.0)]),
    ("onderwijs", "Onderwijs Groningen", "professional", "zorg op school", "intern begeleider",
     [("Zorgteam PO", 1.0), ("Zorgadviesteam VO", 0.8)]),
    ("leergeld", "Stichting Leergeld Groningen", "volunteer", "meedoen van kinderen", "intermediair",
     [("Leergeld", 0.6)]),
    ("humanitas", "Humanitas Groningen", "volunteer", "thuisadministratie", "vrijwilliger",
     [("Thuisadministratie", 0.5), ("Maatjes", 0.5)]),
]
ORGANISATIONS = {"zoetermeer": ZOETERMEER_ORGS, "groningen": GRONINGEN_ORGS}
MUNICIPALITY_SHARE = (("zoetermeer", 0.55), ("groningen", 0.45))

LAST_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel",
    "Yilmaz", "Kaya", "Demir", "Şahin", "El Amrani", "Bouzid", "El Idrissi", "Benali", "Ait Taleb", "Ramdin",
    "Sewnarain", "Baldewsingh", "Martina", "Isenia", "Pinas", "Amrit", "Nguyen", "Tran", "Haile", "Tesfay",
    "Kowalski", "Nowak", "Popescu", "Ahmadi", "Hosseini", "Mohamed", "Abdi", "Osman", "Hoekstra", "Postma",
]
FIRST_NAMES_ADULT = [
    "Sanne", "Lisa", "Anouk", "Fleur", "Eva", "Laura", "Iris", "Esther", "Marloes", "Naima", "Fatima", "Samira", "Ayşe",
    "Elif", "Priya", "Shanti", "Chantal", "Yvonne", "Linh", "Mariam", "Aster", "Joanna", "Ana", "Zahra", "Hodan",
    "Mark", "Dennis", "Kevin", "Mohamed", "Youssef", "Ahmed", "Mehmet", "Hakan", "Ravi", "Dinesh", "Roy", "Patrick",
    "Jeroen", "Bas", "Kees", "Thomas", "Marco", "Minh", "Dawit", "Piotr", "Andrei", "Reza", "Abdi", "Sjoerd", "Henk",
]
FIRST_NAMES_CHILD = [
    "Noah", "Sem", "Liam", "Lucas", "Daan", "Finn", "Levi", "Milan", "Adam", "Mohammed", "Ayoub", "Emre", "Can",
    "Yusuf", "Luuk", "Jesse", "Gijs", "Sven", "Ryan", "Jayden", "Emma", "Julia", "Mila", "Tess", "Sophie", "Zoë",
    "Sara", "Nora", "Yara", "Lina", "Nour", "Aylin", "Deniz", "Elin", "Fenna", "Saar", "Lotte", "Anna", "Amira", "Maya",
]
DOMAIN_TEXT = {
    "income": "Inkomen onder het sociaal minimum of onregelmatig.", "housing": "Huurachterstand; woning te klein.",
    "physical_health": "Gezondheidsklachten, weinig beweging.", "parenting": "Opvoeden kost veel energie; weinig structuur.",
    "school": "Verzuim en achterstand op school.", "leisure": "Kinderen doen niet mee aan sport of clubs.",
    "debts": "Meerdere schuldeisers, geen overzicht.", "mental_health": "Somberheid en stress.",
    "work": "Geen werk of dagbesteding.", "network": "Weinig mensen om op terug te vallen.",
}
GOAL_TEXT = {
    "income": "We hebben elke maand een vast inkomen.", "housing": "We blijven in ons huis wonen.",
    "physical_health": "Ik ga weer naar de huisarts en beweeg meer.", "parenting": "Thuis is er rust en een vast ritme.",
    "school": "De kinderen gaan elke dag naar school.", "leisure": "De kinderen zitten op sport.",
    "debts": "We hebben overzicht over onze schulden.", "mental_health": "Ik voel me minder somber.",
    "work": "Ik heb werk of vrijwilligerswerk.", "network": "We hebben mensen om op terug te vallen.",
}
ACTION_TEXT = ["Aanvraag samen invullen", "Betalingsregeling afspreken", "Huisbezoek plannen", "Aanmelden bij de sportclub",
               "Gesprek met school", "Overzicht van de schulden maken", "Doorverwijzen naar de huisarts",
               "Kindregeling aanvragen", "Samen naar het spreekuur", "Budgetplan maken"]
DEBT_KINDS = list(v.DEBT_KINDS)
CREDITORS = {"rent": "Woningcorporatie (huur)", "energy": "Energieleverancier", "water": "Waterbedrijf",
             "health_insurance": "Zorgverzekeraar", "cjib": "CJIB", "loan": "Kredietverstrekker", "other": "Webwinkel"}
CATEGORY_SHARE = {v.ANALYSIS: 0.80, v.FINANCES: 0.70, v.PLAN: 0.95, v.MEETINGS: 0.85, v.REFERRALS: 0.60, v.NOTES: 0.30}
REFERRAL_STATUS_WEIGHTS = [(v.REQUESTED, 8), (v.ACCEPTED, 7), (v.REJECTED, 8), (v.STARTED, 25), (v.COMPLETED, 35),
                           (v.REVOKED, 6), (v.EXPIRED, 11)]
ACCEPTED_LIKE = (v.ACCEPTED, v.STARTED, v.COMPLETED)


def years(n):
    return timedelta(days=round(365.25 * n))


def plus_years(day, n):
    """The same calendar day ``n`` years later (29 February becomes 1 March)."""
    try:
        return day.replace(year=day.year + n)
    except ValueError:
        return day.replace(year=day.year + n, month=3, day=1)


# --------------------------------------------------------------------------------------------------
# Writing rows: ids taken in one block per table, COPY on PostgreSQL, executemany elsewhere.
# --------------------------------------------------------------------------------------------------

class Sink:
    """Rows for one table. ``add`` gives the row its id at once; rows go to the database in batches."""

    def __init__(self, writer, model, columns):
        self.writer, self.table, self.columns = writer, model._meta.db_table, list(columns)
        self.rows, self.count = [], 0
        self.base = writer.reserve(self.table)

    def add(self, *values):
        self.count += 1
        pk = self.base + self.count
        self.rows.append((pk, *values))
        if len(self.rows) >= self.writer.batch_size:
            self.flush()
        return pk

    def flush(self):
        if self.rows:
            self.writer.write(self.table, ["id", *self.columns], self.rows)
            self.rows = []


class Writer:
    def __init__(self, batch_size=20_000):
        self.batch_size = batch_size
        self.sinks = {}
        self.postgres = connection.vendor == "postgresql"

    def reserve(self, table):
        """The highest id in use (table or sequence); the table is locked against other writers until commit."""
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
                cursor.execute(f'SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM "{table}"), '
                               f"COALESCE(pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')), 0))", [table])
            else:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
            return cursor.fetchone()[0]

    def sink(self, name, model, columns):
        self.sinks[name] = Sink(self, model, columns)
        return self.sinks[name]

    def write(self, table, columns, rows):
        cols = ", ".join(f'"{c}"' for c in columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows)

    def finish(self):
        for sink in self.sinks.values():
            sink.flush()
        if self.postgres:
            with connection.cursor() as cursor:
                for sink in self.sinks.values():
                    if sink.count:
                        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                                       "GREATEST(%s, COALESCE(pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')), 0)))",
                                       [sink.table, sink.base + sink.count, sink.table])
                # Fresh statistics, or the planner may pick a very bad plan for the first queries after a bulk load.
                for sink in self.sinks.values():
                    if sink.count:
                        cursor.execute(f'ANALYZE "{sink.table}"')
        return {name: sink.count for name, sink in self.sinks.items()}


# --------------------------------------------------------------------------------------------------
# Staff: organisations, teams, professionals (users in the "professional" group), team memberships.
# --------------------------------------------------------------------------------------------------

@dataclass
class TeamInfo:
    id: int
    name: str
    org_id: int
    org_name: str
    help_kind: str
    weight: float
    members: list = field(default_factory=list)  # active professionals: (professional id, user id, name)


def make_staff(w, seed, day, n_professionals):
    from meedoen.municipalities.models import Municipality, Organisation

    from .models import Professional, Team, TeamMembership

    User = get_user_model()
    rng = random.Random(f"casework-staff-{seed}")
    group = Group.objects.get_or_create(name="professional")[0]
    users = w.sink("users", User, ["password", "last_login", "is_superuser", "username", "first_name", "last_name", "email",
                                   "is_staff", "is_active", "date_joined"])
    user_groups = w.sink("user_groups", User.groups.through, ["user_id", "group_id"])
    pros = w.sink("professionals", Professional, ["user_id", "organisation_id", "kind", "name", "job_title", "phone", "email"])
    teams_sink = w.sink("teams", Team, ["organisation_id", "name"])
    memberships = w.sink("team_memberships", TeamMembership, ["team_id", "professional_id", "since", "until"])
    joined = timezone.make_aware(datetime.combine(day - years(3), time(9)))
    municipalities, teams_by_muni = {}, {}
    plan = []  # (team, kind, job title, municipality slug)
    for slug, orgs in ORGANISATIONS.items():
        municipality = Municipality.objects.get(slug=slug)
        municipalities[slug] = municipality
        teams_by_muni[slug] = []
        for org_slug, name, kind, help_kind, job, teams in orgs:
            org, _ = Organisation.objects.get_or_create(
                municipality=municipality, slug=f"synth-{org_slug}",
                defaults={"name": f"{name} (synthetisch)", "helps_with_nl": help_kind, "helps_with_en": ""})
            for team_name, weight in teams:
                existing = Team.objects.filter(organisation=org, name=team_name).values_list("pk", flat=True).first()
                if existing is not None:
                    raise RuntimeError(f"Generated teams already exist in {municipality.name} ({org.name}: {team_name}); "
                                       "generate into an empty casework database.")
                team = TeamInfo(teams_sink.add(org.pk, team_name), team_name, org.pk, org.name, help_kind, weight)
                teams_by_muni[slug].append(team)
                plan.append((team, kind, job, slug))
    # Professionals per team: at least 3, the rest by weight (largest remainder).
    total = sum(t.weight for t, *_ in plan)
    spare = max(n_professionals - 3 * len(plan), 0)
    shares = [spare * t.weight / total for t, *_ in plan]
    sizes = [3 + int(s) for s in shares]
    for i in sorted(range(len(plan)), key=lambda i: -(shares[i] - int(shares[i])))[:n_professionals - sum(sizes)]:
        sizes[i] += 1
    number = 0
    by_org = {}
    for (team, kind, job, slug), size in zip(plan, sizes):
        by_org.setdefault(team.org_id, []).append(team)
    for (team, kind, job, slug), size in zip(plan, sizes):
        for _ in range(size):
            number += 1
            first, last = rng.choice(FIRST_NAMES_ADULT), rng.choice(LAST_NAMES)
            username = f"synth{seed}-{slug[0]}{number:04d}"
            user_id = users.add("!synthetic-no-login", None, False, username, first, last, f"{username}@example.org",
                                False, True, joined)
            user_groups.add(user_id, group.pk)
            name = f"{first} {last}"
            pro_id = pros.add(user_id, team.org_id, v.VOLUNTEER if kind == "volunteer" else v.PROFESSIONAL, name, job,
                              "088 000 00 00", f"{username}@example.org")
            since = day - timedelta(days=rng.randint(30, 6 * 365))
            memberships.add(team.id, pro_id, since, None)
            team.members.append((pro_id, user_id, name))
            others = [t for t in by_org[team.org_id] if t is not team]
            if others and rng.random() < 0.08:
                second = rng.choice(others)
                memberships.add(second.id, pro_id, since + timedelta(days=rng.randint(0, 20)), None)
                second.members.append((pro_id, user_id, name))
            if others and rng.random() < 0.04:
                old = rng.choice(others)
                start = since - timedelta(days=rng.randint(200, 900))
                memberships.add(old.id, pro_id, start, since - timedelta(days=1))
    return municipalities, teams_by_muni


# --------------------------------------------------------------------------------------------------
# Families.
# --------------------------------------------------------------------------------------------------

def weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def at(day, hour=10, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def between(rng, start, end):
    """A day from ``start`` to ``end`` (both included); ``start`` when the range is empty."""
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def pick_teams(rng, teams, k):
    chosen, orgs = [], set()
    weights = [t.weight for t in teams]
    for _ in range(k * 8):
        team = rng.choices(teams, weights=weights)[0]
        if team.org_id not in orgs:
            chosen.append(team)
            orgs.add(team.org_id)
            if len(chosen) == k:
                break
    return chosen


def income(rng):
    draw = rng.random()
    if draw < 0.15:
        return None, {}
    if draw < 0.75:
        return {"benefit": rng.randint(95_000, 140_000)}, {"receives_social_assistance": True}
    return {"wages": rng.randint(90_000, 220_000)}, {"receives_social_assistance": False}


class FamilyMaker:
    def __init__(self, w, seed, day, municipalities, teams_by_muni, log_rows):
        from .ladder import escalation_ladder
        from .models import (Action, AccessLog, Analysis, CaseConference, ConferenceDecision, ConferenceParticipant,
                             ConfidentialNote, Consent, CoordinatorAssignment, Debt, DomainAssessment, Escalation, Family,
                             FamilyPlan, Goal, Involvement, Membership, Notification, Person, PlanVersion, Problem, Referral)

        self.seed, self.day, self.log_rows = seed, day, log_rows
        self.now = at(day, 12)
        self.municipalities, self.teams_by_muni = municipalities, teams_by_muni
        self.ladder = {slug: escalation_ladder(slug) for slug in municipalities}
        s = w.sink
        self.families = s("families", Family, ["municipality_id", "reference", "name", "district", "assets_cents",
                                               "housing_costs_cents", "fixed_costs_cents", "created_at", "created_by_id"])
        self.persons = s("persons", Person, ["first_name", "last_name", "birth_date", "monthly_net_income_cents", "statuses", "school"])
        self.memberships = s("memberships", Membership, ["family_id", "person_id", "role", "start", "end"])
        self.involvements = s("involvements", Involvement, ["family_id", "person_id", "organisation_id", "team_id", "professional_id",
                                                            "role", "help_kind", "contact", "since", "until"])
        self.notifications = s("notifications", Notification, ["organisation_id", "family_id", "kind", "text_nl", "text_en",
                                                               "created_at", "read_at"])
        self.coordinators = s("coordinators", CoordinatorAssignment, ["family_id", "professional_id", "chosen_with_family",
                                                                      "how_chosen", "mandate", "start", "end", "end_reason"])
        self.escalations = s("escalations", Escalation, ["family_id", "level", "level_title", "reason", "raised_by_id",
                                                         "raised_at", "resolved_on"])
        self.consents = s("consents", Consent, ["family_id", "organisation_id", "category", "purpose", "given_by_id", "given_at",
                                                "recorded_by_name", "withdrawn_at", "withdrawn_by_name"])
        self.plans = s("plans", FamilyPlan, ["family_id", "started_on", "family_words", "version", "updated_at"])
        self.goals = s("goals", Goal, ["plan_id", "text", "domain", "written_by", "achieved", "created_at"])
        self.actions = s("actions", Action, ["plan_id", "goal_id", "description", "organisation_id", "due_date", "status",
                                             "from_decision_id"])
        self.versions = s("plan_versions", PlanVersion, ["plan_id", "number", "change", "changed_by_name", "changed_at", "snapshot"])
        self.analyses = s("analyses", Analysis, ["family_id", "made_on", "made_by_id", "organisation_id", "summary", "created_at"])
        self.assessments = s("assessments", DomainAssessment, ["analysis_id", "person_id", "domain", "score", "situation"])
        self.problems = s("problems", Problem, ["analysis_id", "person_id", "domain", "description", "kind"])
        self.debts = s("debts", Debt, ["analysis_id", "person_id", "creditor", "kind", "amount_cents"])
        self.referrals = s("referrals", Referral, [
            "family_id", "person_id", "from_organisation_id", "from_team_id", "requested_by_id", "to_organisation_id", "to_team_id",
            "help_kind", "reason", "summary", "handover", "status", "requested_at", "expires_at", "answered_at", "started_at",
            "closed_at", "answer_reason"])
        self.conferences = s("conferences", CaseConference, ["family_id", "scheduled_at", "location", "convened_by_id",
                                                             "family_invited", "exclusion_reason", "agenda", "status", "minutes"])
        self.participants = s("conference_participants", ConferenceParticipant, ["conference_id", "professional_id", "person_id"])
        self.decisions = s("conference_decisions", ConferenceDecision, ["conference_id", "text"])
        self.notes = s("confidential_notes", ConfidentialNote, ["family_id", "author_id", "text", "created_at"])
        self.log = s("access_log", AccessLog, ["at", "user_id", "actor_name", "organisation_name", "family_id", "person_id",
                                               "action", "category", "purpose", "detail", "path"])

    def make(self, index):
        rng = random.Random(self.seed * 1_000_003 + index)
        day, now = self.day, self.now
        slug = weighted(rng, MUNICIPALITY_SHARE)
        municipality = self.municipalities[slug]
        last = rng.choice(LAST_NAMES)

        # --- members over time ------------------------------------------------------------------------
        formed = day - timedelta(days=rng.randint(365, 16 * 365))
        two_parents = rng.random() < 0.72
        age1 = min(max(rng.gauss(37, 7), 19), 62)
        birth1 = day - years(age1) - timedelta(days=rng.randint(0, 364))
        formed = max(formed, plus_years(birth1, 18))
        adults_names = rng.sample(FIRST_NAMES_ADULT, 4)
        members = []  # (first, last, birth, role, start, end, income, statuses, school)
        inc, st = income(rng)
        members.append([adults_names[0], last, birth1, v.PARENT, formed, None, inc, st, None])
        youngest_parent = birth1
        if two_parents:
            birth2 = birth1 + timedelta(days=round(rng.gauss(0, 3.5) * 365.25))
            birth2 = min(birth2, day - years(19))
            draw = rng.random()
            start2 = formed if draw >= 0.13 else (between(rng, formed, day) if draw >= 0.03 else day + timedelta(days=rng.randint(7, 90)))
            start2 = max(start2, plus_years(birth2, 18))
            inc, st = income(rng)
            other_last = last if rng.random() < 0.6 else rng.choice(LAST_NAMES)
            members.append([adults_names[1], other_last, birth2, v.PARENT, start2, None, inc, st, None])
            if start2 <= day:
                youngest_parent = max(youngest_parent, birth2)
        elif rng.random() < 0.35:
            birth_ex = birth1 + timedelta(days=round(rng.gauss(1, 4) * 365.25))
            birth_ex = min(birth_ex, plus_years(formed, -18) - timedelta(days=1))
            end_ex = between(rng, formed, day - timedelta(days=30))
            members.append([adults_names[1], rng.choice(LAST_NAMES), birth_ex, v.PARENT, formed, end_ex, None, {}, None])
        n_children = weighted(rng, [(1, 30), (2, 36), (3, 20), (4, 9), (5, 5)])
        earliest, latest = plus_years(youngest_parent, 18), min(day, plus_years(youngest_parent, 45))
        for child_name in rng.sample(FIRST_NAMES_CHILD, n_children):
            birth = between(rng, earliest, latest)
            start = max(birth, formed)
            age = (day - birth).days / 365.25
            school = None
            if 4 <= age < 18:
                school = {"attends_school": True, "level": "primary" if age < 12 else "secondary"}
            end = None
            if age >= 18.5 and rng.random() < 0.2:
                end = between(rng, max(start, plus_years(birth, 18)), day - timedelta(days=1))
            inc, st = (income(rng) if age >= 18 else (None, {}))
            members.append([child_name, last, birth, v.CHILD, start, end, inc, st, school])
        if rng.random() < 0.06:
            birth = day - years(rng.uniform(18, 85))
            members.append([adults_names[2], rng.choice(LAST_NAMES), birth, v.OTHER, max(between(rng, formed, day), plus_years(birth, 18)),
                            None, *income(rng), None])
        members.sort(key=lambda m: (m[3] != v.PARENT, m[2]))

        # --- the file ----------------------------------------------------------------------------------
        file_start = max(day - timedelta(days=rng.randint(0, 3 * 365)), formed)
        k = weighted(rng, [(1, 30), (2, 35), (3, 22), (4, 13)])
        teams = pick_teams(rng, self.teams_by_muni[slug], k)
        creator = rng.choice(teams[0].members)
        districts = municipality.districts or []
        district = rng.choice(districts) if districts and rng.random() < 0.5 else ""
        assets = None if rng.random() < 0.15 else (0 if rng.random() < 0.7 else rng.randint(0, 300_000))
        housing = None if rng.random() < 0.10 else rng.randint(50_000, 110_000)
        fixed = None if rng.random() < 0.20 else rng.randint(40_000, 150_000)
        reference = f"S{self.seed}-{slug[0].upper()}-{index + 1:06d}"
        family_id = self.families.add(municipality.pk, reference, f"Gezin {last}", district, assets, housing, fixed,
                                      at(file_start, 9), creator[1])
        persons = []  # (person id, role, birth, start, end, first, last)
        for first, lname, birth, role, start, end, inc, st, school in members:
            pid = self.persons.add(first, lname, birth, json.dumps(inc) if inc is not None else None, json.dumps(st),
                                   json.dumps(school) if school is not None else None)
            self.memberships.add(family_id, pid, role, start, end)
            persons.append((pid, role, birth, start, end, first, lname))
        active = [p for p in persons if p[3] <= day and (p[4] is None or p[4] >= day)]
        parents = [p for p in active if p[1] == v.PARENT] or [p for p in persons if p[1] == v.PARENT]
        children = [p for p in active if p[1] == v.CHILD]
        parent = parents[0]
        parent_name = f"{parent[5]} {parent[6]}"

        # --- involvement ---------------------------------------------------------------------------------
        invs = []  # dicts
        for position, team in enumerate(teams):
            if position == 0:
                since, until = file_start, None
            else:
                since, until = between(rng, file_start, day), None
                draw = rng.random()
                if draw < 0.15 and since < day - timedelta(days=2):
                    until = between(rng, since + timedelta(days=1), day - timedelta(days=1))
                elif draw < 0.17:
                    since = day + timedelta(days=rng.randint(1, 30))
            pro = rng.choice(team.members) if rng.random() < 0.6 else None
            person = rng.choice(children)[0] if children and rng.random() < 0.15 else None
            invs.append({"team": team, "since": since, "until": until, "pro": pro, "person": person, "role": v.CONTRIBUTOR})
        current = [i for i in invs if i["since"] <= day and i["until"] is None]

        # --- coordinator -------------------------------------------------------------------------------
        coordinator = None
        if rng.random() < 0.8:
            inv = rng.choice(current)
            inv["pro"] = inv["pro"] or rng.choice(inv["team"].members)
            inv["role"] = v.COORDINATOR_ROLE
            coordinator = inv["pro"]
            start = between(rng, inv["since"], min(inv["since"] + timedelta(days=30), day))
            if rng.random() < 0.12 and (start - file_start).days >= 3:
                earlier = rng.choice(inv["team"].members)
                first_start = between(rng, file_start, start - timedelta(days=2))
                self.coordinators.add(family_id, earlier[0], True, "Gekozen in het eerste gesprek met het gezin.",
                                      "Roept het overleg bijeen en bewaakt de afspraken.", first_start,
                                      between(rng, first_start, start - timedelta(days=1)),
                                      "Het gezin koos een andere coördinator.")
            self.coordinators.add(family_id, coordinator[0], True,
                                  f"{parent[5]} koos samen met de hulpverleners voor {coordinator[2]}.",
                                  "Mag afspraken maken met de betrokken organisaties en het overleg bijeenroepen.", start, None, "")
        for inv in invs:
            team, pro = inv["team"], inv["pro"]
            contact = f"{pro[2]}, 088 000 00 00" if pro else ""
            inv["id"] = self.involvements.add(family_id, inv["person"], team.org_id, team.id, pro[0] if pro else None, inv["role"],
                                              team.help_kind, contact, inv["since"], inv["until"])
        for a in range(len(invs)):
            for b in range(a):
                first, second = sorted((invs[a], invs[b]), key=lambda i: i["since"])
                if second["since"] > day:
                    continue
                made = at(second["since"], 11)
                read = made + timedelta(days=rng.randint(0, 10)) if rng.random() < 0.7 else None
                read = read if read is None or read <= now else None
                t1, t2 = first["team"], second["team"]
                self.notifications.add(t1.org_id, family_id, "also_involved", f"{t2.org_name} helpt nu ook gezin {reference}.",
                                       f"{t2.org_name} now also helps family {reference}.", made, read)
                self.notifications.add(t2.org_id, family_id, "also_involved", f"{t1.org_name} helpt gezin {reference} ook.",
                                       f"{t1.org_name} also helps family {reference}.", made, None)

        # --- consent -----------------------------------------------------------------------------------
        consented = {}  # org id -> categories open now (purpose help)
        for inv in invs:
            if inv["since"] > day or rng.random() >= 0.9:
                continue
            org = inv["team"].org_id
            recorder = inv["pro"][2] if inv["pro"] else parent_name
            given = at(inv["since"], 14, rng.randint(0, 59))
            consented[org] = set()
            for category, share in CATEGORY_SHARE.items():
                if rng.random() >= share:
                    continue
                withdrawn = None
                if rng.random() < 0.04 and (now - given).days > 2:
                    withdrawn = given + timedelta(days=rng.randint(1, (now - given).days - 1))
                self.consents.add(family_id, org, category, v.HELP, parent[0], given, recorder, withdrawn,
                                  parent_name if withdrawn else "")
                if withdrawn is None:
                    consented[org].add(category)
                elif rng.random() < 0.5 and (now - withdrawn).days > 1:
                    again = withdrawn + timedelta(days=rng.randint(1, (now - withdrawn).days))
                    self.consents.add(family_id, org, category, v.HELP, parent[0], again, recorder, None, "")
                    consented[org].add(category)

        # --- plan ----------------------------------------------------------------------------------------
        orgs_now = [i["team"] for i in current]
        if rng.random() < 0.85:
            started = between(rng, file_start, min(file_start + timedelta(days=60), day))
            author = coordinator[2] if coordinator else (creator[2])
            words = "Wij willen rust, een dak boven ons hoofd en dat de kinderen meedoen."
            plan_id = self.plans.add(family_id, started, words, 2, at(started, 11))
            goals, actions = [], []
            for domain in rng.sample(list(GOAL_TEXT), weighted(rng, [(1, 25), (2, 35), (3, 25), (4, 15)])):
                by = v.BY_FAMILY if rng.random() < 0.7 else v.BY_PROFESSIONAL
                achieved = rng.random() < 0.15
                gid = self.goals.add(plan_id, GOAL_TEXT[domain], domain, by, achieved, at(started, 10))
                goals.append({"id": gid, "text": GOAL_TEXT[domain], "domain": domain, "written_by": by, "achieved": achieved})
            for _ in range(weighted(rng, [(1, 15), (2, 25), (3, 25), (4, 18), (5, 10), (6, 7)])):
                goal = rng.choice(goals) if rng.random() < 0.85 else None
                team = rng.choice(orgs_now)
                due = started + timedelta(days=rng.randint(7, 180))
                status = (weighted(rng, [(v.DONE, 55), (v.OPEN, 20), (v.IN_PROGRESS, 15), (v.CANCELLED, 10)]) if due < day
                          else weighted(rng, [(v.OPEN, 50), (v.IN_PROGRESS, 45), (v.DONE, 5)]))
                text = rng.choice(ACTION_TEXT)
                aid = self.actions.add(plan_id, goal["id"] if goal else None, text, team.org_id, due, status, None)
                actions.append({"id": aid, "goal": goal["id"] if goal else None, "description": text, "organisation": team.org_name,
                                "due_date": due.isoformat(), "status": status})
            self.versions.add(plan_id, 1, "plan gestart / plan started", author, at(started, 10),
                              json.dumps({"family_words": words, "goals": [], "actions": []}))
            self.versions.add(plan_id, 2, "doelen en afspraken vastgelegd met het gezin / goals and actions agreed with the family",
                              author, at(started, 11), json.dumps({"family_words": words, "goals": goals, "actions": actions}))
            if coordinator and slug in self.ladder and self.ladder[slug] and rng.random() < 0.03:
                level = self.ladder[slug][0]
                raised = at(between(rng, started, day), 15)
                self.escalations.add(family_id, level["level"], level["title"]["nl"], "Afspraken lopen vast; acties staan open.",
                                     coordinator[1], raised, between(rng, raised.date(), day) if rng.random() < 0.5 else None)

        # --- analysis ------------------------------------------------------------------------------------
        if rng.random() < 0.55:
            inv = rng.choice(current)
            maker = inv["pro"] or rng.choice(inv["team"].members)
            made_on = between(rng, file_start + timedelta(days=5), file_start + timedelta(days=40))
            made_on = min(made_on, day)
            analysis_id = self.analyses.add(family_id, made_on, maker[1], inv["team"].org_id, "Gezinsanalyse met het gezin",
                                            at(made_on, 16))
            scored = []
            for domain in rng.sample(list(v.LIFE_DOMAINS), rng.randint(4, 8)):
                score = None if rng.random() < 0.08 else weighted(rng, [(1, 15), (2, 30), (3, 30), (4, 15), (5, 10)])
                self.assessments.add(analysis_id, None, domain, score, DOMAIN_TEXT[domain])
                scored.append((score or 5, domain, None))
            for p in active:
                pool = ["income", "work", "mental_health", "physical_health"] if p[1] != v.CHILD else ["school", "parenting", "leisure",
                                                                                                        "physical_health"]
                if rng.random() < (0.5 if p[1] != v.CHILD else 0.4):
                    for domain in rng.sample(pool, rng.randint(1, 3)):
                        score = weighted(rng, [(1, 10), (2, 30), (3, 35), (4, 15), (5, 10)])
                        self.assessments.add(analysis_id, p[0], domain, score, DOMAIN_TEXT[domain])
                        scored.append((score, domain, p[0]))
            scored.sort(key=lambda s: s[0])
            for score, domain, person in scored[:rng.randint(1, 4)]:
                self.problems.add(analysis_id, person, domain, DOMAIN_TEXT[domain], v.CAUSE if rng.random() < 0.45 else v.SYMPTOM)
            if rng.random() < 0.6:
                for kind in rng.sample(DEBT_KINDS, rng.randint(1, 5)):
                    amount = None if rng.random() < 0.2 else int(rng.lognormvariate(11.5, 1.0))
                    self.debts.add(analysis_id, None, CREDITORS[kind], kind, amount)

        # --- referrals -----------------------------------------------------------------------------------
        handover_consent = set()
        for _ in range(weighted(rng, [(0, 55), (1, 28), (2, 12), (3, 5)])):
            source = rng.choice(current)
            sender = source["pro"] or rng.choice(source["team"].members)
            status = weighted(rng, REFERRAL_STATUS_WEIGHTS)
            receivers = [i for i in invs if i["team"].org_id != source["team"].org_id and i["since"] <= day
                         and i["since"] > file_start + timedelta(days=1)]
            if status in ACCEPTED_LIKE and not receivers:
                status = rng.choice([v.REQUESTED, v.REJECTED, v.REVOKED, v.EXPIRED])
            if status in (v.EXPIRED, v.REJECTED, v.REVOKED) and (day - file_start).days < 20:
                status = v.REQUESTED  # a new file: no time yet for an answer or an expiry
            answered = started_at = closed = None
            reason_text = ""
            if status in ACCEPTED_LIKE:
                receiver = rng.choice(receivers)
                to_team = receiver["team"]
                answered = at(receiver["since"], 10)
                requested = answered - timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 8))
                if status in (v.STARTED, v.COMPLETED):
                    started_at = min(answered + timedelta(days=rng.randint(0, 7)), now)
                if status == v.COMPLETED:
                    closed = started_at + timedelta(days=rng.randint(30, 300))
                    if closed > now:
                        status, closed = v.STARTED, None
            else:
                options = [t for t in self.teams_by_muni[slug] if t.org_id != source["team"].org_id]
                to_team = rng.choice(options)
                if status == v.REQUESTED:
                    requested = now - timedelta(days=rng.randint(0, 13), hours=rng.randint(0, 8))
                elif status == v.EXPIRED:
                    requested = at(between(rng, file_start, day - timedelta(days=20)), 9)
                else:
                    requested = at(between(rng, file_start, day - timedelta(days=12)), 9)
                if status == v.REJECTED:
                    answered = closed = requested + timedelta(days=rng.randint(1, 10))
                    reason_text = "Past niet bij wat wij bieden; beter bij een andere organisatie."
                elif status == v.REVOKED:
                    closed = requested + timedelta(days=rng.randint(1, 5))
                    reason_text = "Het gezin wil deze hulp nu niet."
            requested = max(requested, at(file_start, 8))
            expires = requested + timedelta(days=14)
            if status == v.EXPIRED:
                closed = expires + timedelta(days=1)
            person = rng.choice(children)[0] if children and rng.random() < 0.2 else None
            self.referrals.add(family_id, person, source["team"].org_id, source["team"].id, sender[1], to_team.org_id, to_team.id,
                               to_team.help_kind, f"Het gezin heeft hulp nodig bij {to_team.help_kind}.",
                               "Samenvatting van de situatie, zodat het gezin zijn verhaal niet opnieuw hoeft te vertellen.",
                               False if status in ACCEPTED_LIKE else rng.random() < 0.5, status, requested, expires,
                               answered, started_at, closed, reason_text)
            if source["team"].org_id not in handover_consent and rng.random() < 0.5:
                handover_consent.add(source["team"].org_id)
                self.consents.add(family_id, source["team"].org_id, v.REFERRALS, v.HANDOVER, parent[0], requested - timedelta(hours=1),
                                  sender[2], None, "")

        # --- case conferences ----------------------------------------------------------------------------
        if rng.random() < 0.12:
            for _ in range(1 if rng.random() < 0.8 else 2):
                status = weighted(rng, [(v.HELD, 60), (v.PLANNED, 30), (v.CANCELLED, 10)])
                when = (at(day + timedelta(days=rng.randint(1, 30)), 10) if status == v.PLANNED
                        else at(between(rng, file_start, day - timedelta(days=1)), 10))
                convener = coordinator or rng.choice(current[0]["team"].members)
                invited = rng.random() < 0.95
                conference_id = self.conferences.add(
                    family_id, when, current[0]["team"].org_name, convener[1], invited,
                    "" if invited else "Veiligheid van een gezinslid; het gezin hoort de uitkomst van de coördinator.",
                    "1. Hoe gaat het met het gezin?\n2. Wie doet wat\n3. Afspraken", status,
                    "Besproken met het gezin; afspraken staan in het plan." if status == v.HELD else "")
                seen = set()
                for inv in current:
                    who = inv["pro"] or rng.choice(inv["team"].members)
                    if who[0] not in seen:
                        seen.add(who[0])
                        self.participants.add(conference_id, who[0], None)
                if invited:
                    for p in parents:
                        self.participants.add(conference_id, None, p[0])
                if status == v.HELD:
                    for number in range(rng.randint(1, 3)):
                        self.decisions.add(conference_id, f"Besluit {number + 1}: {rng.choice(ACTION_TEXT).lower()}.")

        if rng.random() < 0.05:
            author = rng.choice(current)["team"].members[0]
            self.notes.add(family_id, author[1], "In vertrouwen verteld; alleen voor de schrijver.", at(between(rng, file_start, day), 13))

        # --- access log ----------------------------------------------------------------------------------
        path = f"/werkplek/gezinnen/{family_id}/"
        self.log.add(at(file_start, 9), creator[1], creator[2], teams[0].org_name, family_id, None, v.WRITE, v.BASIC, v.HELP,
                     "gezin aangemaakt / family created", "")
        span = max(int((now - at(file_start, 9)).total_seconds()), 1)
        moments = sorted(rng.randint(1, span) for _ in range(self.log_rows - 1))
        for seconds in moments:
            inv = rng.choice(current)
            reader = inv["pro"] or rng.choice(inv["team"].members)
            categories = [v.BASIC, *sorted(consented.get(inv["team"].org_id, ()))]
            self.log.add(at(file_start, 9) + timedelta(seconds=seconds), reader[1], reader[2], inv["team"].org_name, family_id, None,
                         v.READ, rng.choice(categories), v.HELP, "", path)


def generate(families=50_000, seed=1, day=None, professionals=500, log_rows=5, batch_size=20_000, progress=None):
    """Write the synthetic casework in one transaction; returns {table name: rows written} and 'seconds'."""
    from . import access

    day = day or access.today()
    started = clock.perf_counter()
    with transaction.atomic():
        w = Writer(batch_size)
        municipalities, teams_by_muni = make_staff(w, seed, day, professionals)
        maker = FamilyMaker(w, seed, day, municipalities, teams_by_muni, log_rows)
        for index in range(families):
            maker.make(index)
            if progress and (index + 1) % 10_000 == 0:
                progress(index + 1, clock.perf_counter() - started)
        counts = w.finish()
    counts["seconds"] = round(clock.perf_counter() - started, 1)
    return counts


def caseload_sizes(day=None):
    """{professional id: number of families visible} for every professional with an active team: one SQL query."""
    from . import access

    day = day or access.today()
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT tm.professional_id, COUNT(DISTINCT i.family_id)
            FROM casework_teammembership tm
            JOIN casework_involvement i ON i.team_id = tm.team_id AND i.since <= %s AND (i.until IS NULL OR i.until >= %s)
            WHERE tm.since <= %s AND (tm.until IS NULL OR tm.until >= %s)
            GROUP BY tm.professional_id""", [day, day, day, day])
        return dict(cursor.fetchall())
