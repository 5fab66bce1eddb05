"""Persons as the Haal Centraal BRP Personen API (v2) returns them, and households derived from them.

:func:`read_brp` reads a file that is one API response (``{"type": ..., "personen": [...]}``), a
JSON array of persons, or JSON lines (a person or a response per line) and gives one
:class:`Person` per valid record. :func:`derive_households` groups the persons of one address
into households (docs/register-import.md, "How households are derived"):

* a couple is two residents of the address with a current marriage or registered partnership
  (Participatiewet art. 3 lid 1), or, failing that, a joint household the law presumes: they were
  married to each other, or have a child together (art. 3 lid 4 onder a en b); the older is the
  applicant;
* their children under 18, or of unknown age, living there are ``child`` (art. 4 lid 1 onder c-e);
* every other resident, adult children included, heads a household of their own (art. 4 lid 1
  onder a: alleenstaande); a minor without a parent at the address joins the household of the
  oldest adult as ``other``;
* every household lists the other residents of the address as ``other`` (housemates): the engine
  counts those at least ``kostendeler_min_age_years`` old as kostendelers (art. 22a).

This module reads and decides; it holds no BSN in anything it returns to the register.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from .validate import NOTICE, ImportProblem, age_bounds, parse_bsn

MINOR_BELOW = 18  # art. 4 lid 1 onder e: a dependent child is younger than 18 (the engine uses the same)
NOT_RESIDENT = ("VerblijfplaatsBuitenland", "VerblijfplaatsOnbekend")


@dataclass
class Person:
    """One valid BRP person, as far as the register needs it."""

    bsn: str
    file: str
    where: str
    given_name: str | None
    family_name: str | None
    birth_date: date | None
    born: tuple | None  # (year, month, day) with unknown parts None; None if wholly unknown
    address_id: str | None = None
    address: dict = field(default_factory=dict)
    municipality: str | None = None
    partners: list = field(default_factory=list)  # (bsn, "current" | "dissolved")
    children: set = field(default_factory=set)
    parents: set = field(default_factory=set)
    raw: object = None
    duplicate: bool = False
    conflict: bool = False
    extra: list = field(default_factory=list)


# -- reading ------------------------------------------------------------------------------------

def read_records(path):
    """([(where, record)], fatal problem or None) for one file."""
    name = str(path)
    try:
        text = open(path, encoding="utf-8-sig").read()
    except (OSError, UnicodeDecodeError) as exc:
        return [], ImportProblem(name, "", "", "file_unreadable", {"error": str(exc)})
    stripped = text.strip()
    if not stripped:
        return [], ImportProblem(name, "", "", "no_persons")
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            return [], ImportProblem(name, _json_where(exc), "", "not_json", {"error": exc.msg})
        return _json_lines(name, text)
    records = _unpack(data, "")
    if records is None:
        return [], ImportProblem(name, "", "", "no_persons")
    return records, None


def _json_where(exc):
    return f"line {exc.lineno} column {exc.colno}"


def _json_lines(name, text):
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            return [], ImportProblem(name, f"line {number} column {exc.colno}", "", "not_json", {"error": exc.msg})
        unpacked = _unpack(data, f"line {number} ")
        records.extend(unpacked if unpacked is not None else [(f"line {number}", data)])
    return records, None


def _unpack(data, prefix):
    """Records of a response object, an array, or a single person; None if it is none of these."""
    if isinstance(data, dict) and isinstance(data.get("personen"), list):
        return [(f"{prefix}personen[{i}]", p) for i, p in enumerate(data["personen"])]
    if isinstance(data, list):
        return [(f"{prefix}[{i}]".strip(), p) for i, p in enumerate(data)]
    if isinstance(data, dict) and "burgerservicenummer" in data:
        return [(prefix.strip() or "$", data)]
    return None


def read_brp(paths, day, municipality=None):
    """A :class:`BrpRead` of BRP files: valid persons, problems, counts per file.

    ``municipality`` (CBS code such as ``GM0637``), if given, keeps only persons registered there;
    otherwise each person's ``gemeenteVanInschrijving`` is used. A person with an error is
    rejected, and listed in ``rejected`` with their address (if known) so that the importer can
    reject the other residents of that address too.
    """
    result = BrpRead()
    parsed = []  # (file, where, person or None, problems, left_out)
    for path in paths:
        name = str(path)
        records, fatal = read_records(path)
        result.counts[name] = {"kind": "brp", "read": len(records), "accepted": 0, "rejected": 0, "left_out": 0}
        if fatal:
            result.problems.append(fatal)
            result.fatal = True
            continue
        for where, record in records:
            if isinstance(record, dict):
                bsn, _ = parse_bsn(record.get("burgerservicenummer"))
                if bsn:
                    result.every_bsn.add(bsn)
            parsed.append((name, where, *parse_person(record, name, where, day, municipality)))
    first = {}
    for name, where, person, problems, left_out in parsed:
        if person is None or left_out or any(p.level != NOTICE for p in problems):
            continue
        if person.bsn in first:
            other = first[person.bsn]
            same = other.raw == person.raw
            problems.append(ImportProblem(name, where, "burgerservicenummer", "duplicate_person" if same else "duplicate_conflict",
                                          {"first": f"{other.file} {other.where}"}, NOTICE if same else "error"))
            if not same and not other.conflict:
                other.conflict = True
                other.extra.append(ImportProblem(other.file, other.where, "burgerservicenummer", "duplicate_conflict",
                                                 {"first": f"{name} {where}"}))
            person.duplicate = same
        else:
            first[person.bsn] = person
    for _, _, person, _, _ in parsed:
        if person is not None:
            person.raw = None  # only needed to compare duplicates; frees the parsed JSON
    for name, where, person, problems, left_out in parsed:
        count = result.counts[name]
        problems = problems + (person.extra if person is not None else [])
        result.problems.extend(problems)
        if any(p.level != NOTICE for p in problems) or (person is not None and person.conflict):
            count["rejected"] += 1
            result.rejected.append((person.address_id if person is not None else None, name, where))
        elif person is None or left_out or person.duplicate:
            count["left_out"] += 1
        else:
            result.persons[person.bsn] = person
            count["accepted"] += 1
    for p in result.persons.values():
        for parent in p.parents:
            result.children.setdefault(parent, set()).add(p.bsn)
        for child in p.children:
            result.children.setdefault(p.bsn, set()).add(child)
    return result


@dataclass
class BrpRead:
    persons: dict = field(default_factory=dict)  # bsn -> Person (accepted)
    problems: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    every_bsn: set = field(default_factory=set)  # every valid BSN read, accepted or not
    rejected: list = field(default_factory=list)  # (address_id or None, file, where)
    children: dict = field(default_factory=dict)  # parent bsn -> child bsns, from kinderen and ouders
    fatal: bool = False


def parse_person(record, file, where, day, municipality=None):
    """(Person or None, problems, left_out). Left out: valid but not a resident (deceased, abroad, ...)."""
    problems = []

    def error(fld, code, **params):
        problems.append(ImportProblem(file, where, fld, code, params))

    def left(fld, code, **params):
        return None, [ImportProblem(file, where, fld, code, params, NOTICE)], True

    if not isinstance(record, dict):
        error("", "not_object")
        return None, problems, False
    if record.get("overlijden"):
        return left("overlijden", "deceased")
    suspended = _obj(record.get("opschortingBijhouding"))
    if suspended:
        reason = _obj(suspended.get("reden"))
        return left("opschortingBijhouding", "suspended", value=_text(reason.get("omschrijving")) or _text(reason.get("code")) or "?")
    place = record.get("verblijfplaats")
    if isinstance(place, dict):
        if place.get("type") in NOT_RESIDENT:
            return left("verblijfplaats.type", "not_resident", value=place.get("type"))
        if _truthy(place.get("indicatieVastgesteldVerblijftNietOpAdres")):
            return left("verblijfplaats.indicatieVastgesteldVerblijftNietOpAdres", "not_living_there")
        if _text(_obj(place.get("functieAdres")).get("code")) == "B":
            return left("verblijfplaats.functieAdres", "postal_address")
    registered = _text(_obj(record.get("gemeenteVanInschrijving")).get("code"))
    registered = f"GM{registered.zfill(4)}" if registered and registered.isdigit() else registered
    if municipality is not None and registered and registered.upper() != municipality.upper():
        return left("gemeenteVanInschrijving.code", "municipality_other", value=registered, municipality=municipality)
    born, birth_date, field_name, code = _birth(record.get("geboorte"))
    if code:
        error(field_name, code, value=_short(_dig(record, field_name)))
    elif birth_date is not None and birth_date > day:
        return left("geboorte.datum", "born_after", day=day.isoformat())
    bsn, code = parse_bsn(record.get("burgerservicenummer"))
    if code:
        error("burgerservicenummer", code)
    address_id, address = (None, {})
    if not isinstance(place, dict) or not place:
        error("verblijfplaats", "no_residence")
    else:
        address_id, address = _address(place)
        if address_id is None:
            error("verblijfplaats", "no_address_key")
    if municipality is not None:
        registered = municipality
    elif not registered:
        error("gemeenteVanInschrijving", "municipality_missing")
    naam = _obj(record.get("naam"))
    family = " ".join(p for p in (_text(naam.get("voorvoegsel")), _text(naam.get("geslachtsnaam"))) if p) or None
    person = Person(bsn or "", file, where, _text(naam.get("voornamen")), family, birth_date, born, address_id,
                    address, registered, raw=record)
    person.partners, person.children, person.parents = _relations(record, day, error)
    return person, problems, False


def _relations(record, day, error):
    partners, children, parents = [], set(), set()
    for i, p in enumerate(_list(record.get("partners"))):
        p = _obj(p)
        if "burgerservicenummer" not in p:
            continue  # a partner without a BSN (e.g. abroad) cannot live at the address in this file
        other, code = parse_bsn(p.get("burgerservicenummer"))
        if code:
            error(f"partners[{i}].burgerservicenummer", code)
            continue
        ended = _obj(p.get("ontbindingHuwelijkPartnerschap"))
        end_born, end, _, _ = _birth({"datum": ended.get("datum")}) if ended else (None, None, None, None)
        started = _obj(p.get("aangaanHuwelijkPartnerschap"))
        _, start, _, _ = _birth({"datum": started.get("datum")}) if started.get("datum") else (None, None, None, None)
        if ended and (end is None or end <= day):
            partners.append((other, "dissolved"))
        elif start is not None and start > day:
            continue
        else:
            partners.append((other, "current"))
    for key, target in (("kinderen", children), ("ouders", parents)):
        for i, k in enumerate(_list(record.get(key))):
            k = _obj(k)
            if "burgerservicenummer" not in k:
                continue
            other, code = parse_bsn(k.get("burgerservicenummer"))
            if code:
                error(f"{key}[{i}].burgerservicenummer", code)
                continue
            target.add(other)
    return partners, children, parents


def _birth(geboorte):
    """(born tuple or None, full date or None, field, error code or None) from ``geboorte``."""
    datum = _obj(geboorte).get("datum") if isinstance(geboorte, dict) else None
    if datum is None:
        return None, None, None, None
    if isinstance(datum, str):  # v1 style or a plain date
        return _iso(datum, "geboorte.datum")
    if not isinstance(datum, dict):
        return None, None, "geboorte.datum", "date_invalid"
    kind = datum.get("type")
    if kind == "Datum" or (kind is None and "datum" in datum):
        return _iso(datum.get("datum"), "geboorte.datum.datum")
    if kind == "DatumOnbekend":
        return None, None, None, None
    if kind in ("JaarMaandDatum", "JaarDatum"):
        year, month = datum.get("jaar"), datum.get("maand") if kind == "JaarMaandDatum" else None
        if not isinstance(year, int) or not 1 <= year <= 9999 or (kind == "JaarMaandDatum" and not (isinstance(month, int) and 1 <= month <= 12)):
            return None, None, "geboorte.datum", "date_invalid"
        return (year, month, None), None, None, None
    return None, None, "geboorte.datum.type", "date_invalid"


def _iso(text, fld):
    try:
        d = date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
    except ValueError:
        d = None
    if d is None:
        return None, None, fld, "date_invalid"
    return (d.year, d.month, d.day), d, None, None


def _address(place):
    """(address_id, address columns) of a verblijfplaats of type Adres or Locatie."""
    adres = _obj(place.get("verblijfadres"))
    aoi = _text(place.get("adresseerbaarObjectIdentificatie"))
    number = adres.get("huisnummer")
    number = int(number) if isinstance(number, int) or (isinstance(number, str) and number.isdigit()) else None
    postcode = (_text(adres.get("postcode")) or "").replace(" ", "").upper() or None
    letter, addition = _text(adres.get("huisletter")), _text(adres.get("huisnummertoevoeging"))
    columns = {"street": _text(adres.get("korteStraatnaam")) or _text(adres.get("officieleStraatnaam")),
               "house_number": number, "house_letter": letter, "house_number_addition": addition,
               "postcode": postcode, "city": _text(adres.get("woonplaats"))}
    if aoi:
        return aoi, columns
    if postcode and number is not None:
        return " ".join(p for p in (postcode, f"{number}{letter or ''}", addition) if p), columns
    where = _text(adres.get("locatiebeschrijving"))
    if place.get("type") == "Locatie" and where:
        return f"locatie:{where}", columns
    return None, columns


# -- households -----------------------------------------------------------------------------------

@dataclass
class Household:
    """One derived household at ``address_id``: members as (Person, role), applicant first."""

    address_id: str
    members: list  # [(Person, role)], applicant first
    housemates: list = field(default_factory=list)  # other residents of the address (Person)

    @property
    def applicant(self):
        return self.members[0][0]


def minor(person, day):
    """True, False, or None (unknown) for 'younger than 18 on ``day``'."""
    bounds = age_bounds(person.born, day)
    if bounds is None:
        return None
    youngest, oldest = bounds
    if oldest < MINOR_BELOW:
        return True
    if youngest >= MINOR_BELOW:
        return False
    return None


def _age_key(person):
    """Sort key: oldest first, unknown birth dates last, then by BSN (stable between exports)."""
    if person.born is None:
        return (1, (9999, 12, 31), person.bsn)
    year, month, day = person.born
    return (0, (year, month or 1, day or 1), person.bsn)


def derive_households(residents, children, day):
    """(households, notices) for the persons of one address.

    ``children`` maps a parent's BSN to their children's BSNs (from ``kinderen`` and ``ouders`` of
    every person read, so a child living elsewhere still counts for art. 3 lid 4 onder b).
    """
    notices = []
    residents = sorted(residents, key=_age_key)
    here = {p.bsn: p for p in residents}

    def note(person, fld, code, **params):
        notices.append(ImportProblem(person.file, person.where, fld, code, params, NOTICE))

    def kids(p):
        return children.get(p.bsn, set()) | p.children

    def is_parent(parent, child):
        return child.bsn in kids(parent) or parent.bsn in child.parents

    # 1. couples: a current marriage or registered partnership, both living here (art. 3 lid 1)
    partner = {}
    for p in residents:
        current = [b for b, status in p.partners if status == "current"]
        if not current or p.bsn in partner:
            continue
        at_home = [b for b in current if b in here]
        if not at_home:
            note(p, "partners", "partner_elsewhere")
        elif len(at_home) > 1 or at_home[0] in partner:
            note(p, "partners", "partner_conflict")
        else:
            partner[p.bsn], partner[at_home[0]] = at_home[0], p.bsn
    # 2. a joint household the law presumes (art. 3 lid 4 onder a: married before; b: a child together)
    free = [p for p in residents if p.bsn not in partner and minor(p, day) is not True]
    candidates = defaultdict(list)
    for i, p in enumerate(free):
        for q in free[i + 1:]:
            if is_parent(p, q) or is_parent(q, p):
                continue
            if any(b == q.bsn for b, _ in p.partners) or any(b == p.bsn for b, _ in q.partners):
                ground = "a"
            elif kids(p) & kids(q):
                ground = "b"
            else:
                continue
            candidates[p.bsn].append((q, ground))
            candidates[q.bsn].append((p, ground))
    for p in free:
        options = candidates.get(p.bsn)
        if not options or p.bsn in partner:
            continue
        q, ground = options[0]
        if len(options) > 1 or len(candidates[q.bsn]) > 1:
            note(p, "", "partner_conflict")
            continue
        partner[p.bsn], partner[q.bsn] = q.bsn, p.bsn
        note(p, "", "presumed_couple", where=q.where, ground=ground)
        note(q, "", "presumed_couple", where=p.where, ground=ground)
    # 3. dependent children: under 18 or of unknown age, with a parent here who is not a minor
    dependent = {}
    for c in residents:
        if c.bsn not in partner and minor(c, day) is not False:
            parents = [p for p in residents if p is not c and is_parent(p, c) and minor(p, day) is not True]
            if parents:
                dependent[c.bsn] = parents
    # 4. a household per couple and per other person who is not a dependent child or a minor
    households, home = [], {}
    for p in residents:
        if p.bsn in home or p.bsn in dependent or (minor(p, day) is True and p.bsn not in partner):
            continue
        members = [(p, "applicant")]
        if p.bsn in partner:
            members.append((here[partner[p.bsn]], "partner"))
        for m, _ in members:
            home[m.bsn] = len(households)
        households.append(Household(p.address_id, members))
    # 5. children with a parent who heads or partners a household
    for c in residents:
        placed = sorted({home[p.bsn] for p in dependent.get(c.bsn, ()) if p.bsn in home})
        if c.bsn in home or not placed:
            continue
        if len(placed) > 1:
            note(c, "ouders", "child_two_households", where=households[placed[0]].applicant.where)
        households[placed[0]].members.append((c, "child"))
        home[c.bsn] = placed[0]
    # 6. anyone left (a minor without a parent here): housemate of the oldest adult, else their own
    for c in residents:
        if c.bsn in home:
            continue
        adults = [i for i, h in enumerate(households) if minor(h.applicant, day) is not True]
        if minor(c, day) is not False and adults:
            target = adults[0]  # households are in age order of their applicants
            households[target].members.append((c, "other"))
            note(c, "", "minor_without_parent", where=households[target].applicant.where)
        else:
            target = len(households)
            households.append(Household(c.address_id, [(c, "applicant")]))
        home[c.bsn] = target
    if len(households) > 1:
        for h in households:
            inside = {m.bsn for m, _ in h.members}
            h.housemates = [p for p in residents if p.bsn not in inside]
    return households, notices


def group_by_address(persons):
    """{address_id: [Person]} in file order."""
    groups = defaultdict(list)
    for p in persons.values():
        groups[p.address_id].append(p)
    return groups


# -- small helpers -----------------------------------------------------------------------------

def _obj(value):
    return value if isinstance(value, dict) else {}


def _list(value):
    return value if isinstance(value, list) else []


def _text(value):
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    return text or None


def _truthy(value):
    if isinstance(value, dict):
        return bool(value) and value.get("code") not in (None, "", "0", False)
    return bool(value)


def _dig(record, dotted):
    value = record
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _short(value):
    text = "" if value is None else (value if isinstance(value, str) else json.dumps(value))
    return text[:40]
