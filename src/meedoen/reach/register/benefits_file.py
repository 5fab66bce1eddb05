"""CSV exports of a benefits administration: benefits, incomes, scheme use, and a postcode -> district
mapping (layouts in docs/register-import.md).

There is no standard export (Suite4Sociaal Domein, GWS4all and Civision each have their own), so
Meedoen reads one plain layout that any of them can give: a header row, comma, semicolon or tab
separated, UTF-8 (Windows-1252 is read too, with a notice). Column names may be the English ones
below or the Dutch aliases. Dates are ``2025-02-01`` or ``01-02-2025``; amounts are euros with a
comma or a dot (``1234,56``), turned into integer cents exactly.

Each ``read_*`` function checks every row and gives the good rows and an :class:`ImportProblem`
per bad field; nothing is dropped silently.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from ...rules.bulk import INCOME_SOURCES
from .format import BENEFIT_KINDS
from .validate import NOTICE, ImportProblem, parse_bsn, parse_cents, parse_date

# The municipality pays these itself and so knows every other benefit of the person: Participatiewet
# art. 17 (inlichtingenplicht) and art. 31-32 (all income counts); IOAW and IOAZ likewise.
MUNICIPAL_KINDS = ("bijstand", "ioaw", "ioaz")
INCOME_OF_KIND = {"aow": "pension", "studiefinanciering": "student_finance"}  # the rest: "benefit"

ALIASES = {
    "bsn": ("burgerservicenummer", "bsn_nummer"),
    "kind": ("soort", "soort_uitkering", "uitkering", "regeling_uitkering"),
    "since": ("ingangsdatum", "begindatum", "datum_van", "van"),
    "until": ("einddatum", "datum_tot", "tot"),
    "monthly_net": ("netto_per_maand", "netto_maandbedrag", "netto", "bedrag"),
    "monthly_wages": ("inkomsten_uit_arbeid", "inkomsten_arbeid", "inkomsten_uit_arbeid_per_maand"),
    "source": ("bron", "inkomensbron", "soort_inkomen"),
    "household_id": ("huishouden", "huishouden_id"),
    "scheme": ("regeling", "regeling_id"),
    "postcode": ("pc", "pc6", "pc4"),
    "district": ("wijk", "buurt", "wijknaam"),
}
KIND_ALIASES = {"participatiewet": "bijstand", "pw": "bijstand", "wwb": "bijstand", "aio": "bijstand",
                "algemene_bijstand": "bijstand", "levensonderhoud": "bijstand"}
SOURCE_ALIASES = {"loon": "wages", "salaris": "wages", "arbeid": "wages", "winst": "self_employment",
                  "zelfstandige": "self_employment", "uitkering": "benefit", "pensioen": "pension",
                  "alimentatie": "alimony", "studiefinanciering": "student_finance", "overig": "other"}
LAYOUTS = {
    "benefits": (("bsn", "kind", "since"), ("until", "monthly_net", "monthly_wages")),
    "incomes": (("bsn", "source", "monthly_net"), ()),
    "scheme_use": (("scheme", "since"), ("bsn", "household_id", "until")),
    "districts": (("postcode", "district"), ()),
}
_POSTCODE = re.compile(r"^[1-9][0-9]{3}([A-Z]{2})?$")


@dataclass
class CsvFile:
    name: str
    kind: str
    rows: list = field(default_factory=list)  # (where, {column: text})
    problems: list = field(default_factory=list)
    fatal: bool = False

    def count(self):
        return {"kind": self.kind, "read": len(self.rows), "accepted": 0, "rejected": 0}


def read_csv(path, kind):
    """A :class:`CsvFile` with the rows of ``path`` in layout ``kind``; ``fatal`` if unusable."""
    required, optional = LAYOUTS[kind]
    result = CsvFile(str(path), kind)

    def fatal(code, **params):
        result.problems.append(ImportProblem(result.name, "", "", code, params))
        result.fatal = True
        return result

    try:
        raw = open(path, "rb").read()
    except OSError as exc:
        return fatal("file_unreadable", error=str(exc))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        result.problems.append(ImportProblem(result.name, "", "", "encoding_cp1252", {}, NOTICE))
    if "\x00" in text:
        return fatal("not_csv", error="binary content")
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        return fatal("not_csv", error="empty file")
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        while not any(h.strip() for h in header):
            header = next(reader)
    except (StopIteration, csv.Error) as exc:
        return fatal("not_csv", error=str(exc) or "no header row")
    names = [_canonical(h) for h in header]
    missing = [c for c in required if c not in names]
    if kind == "scheme_use" and "bsn" not in names and "household_id" not in names:
        missing.append("bsn|household_id")
    if missing:
        return fatal("missing_columns", columns=", ".join(missing))
    wanted = set(required) | set(optional)
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            where = f"line {reader.line_num}"
            row = {n: (v.strip() if v is not None else "") for n, v in zip(names, values) if n in wanted}
            if len(values) != len(names):
                result.problems.append(ImportProblem(result.name, where, "", "field_count",
                                                     {"found": len(values), "expected": len(names)}))
                row["__bad__"] = True
            result.rows.append((where, row))
    except csv.Error as exc:
        return fatal("not_csv", error=f"line {reader.line_num}: {exc}")
    return result


def _canonical(name):
    key = re.sub(r"[\s\-]+", "_", name.strip().lower().lstrip("\ufeff"))
    for canonical, aliases in ALIASES.items():
        if key == canonical or key in aliases:
            return canonical
    return key


# -- the layouts ---------------------------------------------------------------------------------

@dataclass
class Rows:
    """Good rows of one file, its counts, its problems, and the persons with a rejected row."""

    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    count: dict = field(default_factory=dict)
    spoilt: dict = field(default_factory=dict)  # bsn -> where of the first rejected row


class _Row:
    """Collects the problems of one row."""

    def __init__(self, file, where, result):
        self.file, self.where, self.result, self.bad = file, where, result, False

    def error(self, fld, code, **params):
        self.result.problems.append(ImportProblem(self.file, self.where, fld, code, params))
        self.bad = True

    def date(self, row, fld, required=False):
        text = row.get(fld, "")
        value, code = parse_date(text)
        if code:
            self.error(fld, code, value=text[:40])
        elif value is None and required:
            self.error(fld, "required")
        return value

    def cents(self, row, fld, required=False):
        text = row.get(fld, "")
        value, code = parse_cents(text)
        if code:
            self.error(fld, code, value=text[:40])
        elif value is None and required:
            self.error(fld, "required")
        return value

    def person(self, row, accepted, every_bsn):
        bsn, code = parse_bsn(row.get("bsn"))
        if code:
            self.error("bsn", code)
            return None
        if bsn not in accepted:
            self.error("bsn", "person_not_accepted" if bsn in every_bsn else "bsn_not_in_brp")
            return None
        return bsn


def _finish(csvfile, result, row, bsn, where, keep):
    if row.bad:
        result.count["rejected"] += 1
        if bsn is not None:
            result.spoilt.setdefault(bsn, where)
    else:
        result.count["accepted"] += 1
        result.rows.append(keep)


def read_benefits(csvfile, accepted, every_bsn):
    """Benefit rows ``{bsn, kind, since, until, net_cents, wages_cents, where}`` of a benefits export."""
    result = Rows(problems=list(csvfile.problems), count=csvfile.count())
    for where, row in csvfile.rows:
        r = _Row(csvfile.name, where, result)
        r.bad = row.get("__bad__", False)
        bsn = r.person(row, accepted, every_bsn)
        kind = _kind(r, row.get("kind", ""))
        since, until = r.date(row, "since", required=True), r.date(row, "until")
        if since and until and until < since:
            r.error("until", "date_order")
        net, wages = r.cents(row, "monthly_net"), r.cents(row, "monthly_wages")
        _finish(csvfile, result, r, bsn, where,
                {"bsn": bsn, "kind": kind, "since": since, "until": until, "net_cents": net,
                 "wages_cents": wages, "where": where})
    return result


def _kind(r, text):
    key = re.sub(r"[\s\-]+", "_", text.strip().lower())
    key = KIND_ALIASES.get(key, key)
    if not key:
        r.error("kind", "required")
    elif key not in BENEFIT_KINDS:
        r.error("kind", "kind_unknown", value=text[:40], known=", ".join(BENEFIT_KINDS))
    return key


def read_incomes(csvfile, accepted, every_bsn):
    """Income rows ``{bsn, source, cents, where}``; an empty amount is unknown (null)."""
    result = Rows(problems=list(csvfile.problems), count=csvfile.count())
    for where, row in csvfile.rows:
        r = _Row(csvfile.name, where, result)
        r.bad = row.get("__bad__", False)
        bsn = r.person(row, accepted, every_bsn)
        text = row.get("source", "")
        key = re.sub(r"[\s\-]+", "_", text.strip().lower())
        source = SOURCE_ALIASES.get(key, key)
        if not source:
            r.error("source", "required")
        elif source not in INCOME_SOURCES:
            r.error("source", "source_unknown", value=text[:40], known=", ".join(INCOME_SOURCES))
        cents = r.cents(row, "monthly_net")
        _finish(csvfile, result, r, bsn, where, {"bsn": bsn, "source": source, "cents": cents, "where": where})
    return result


def read_scheme_use(csvfile, household_of, schemes_of, every_bsn, accepted):
    """Scheme-use rows ``{household_id, scheme, since, until, where}``.

    ``household_of(bsn)`` gives the household of an accepted person; ``schemes_of(household_id)``
    gives (municipality, scheme ids of the rulebook) of a household, or None if it is not in the
    register. A row whose household is known but that is wrong otherwise spoils that household
    (``spoilt``, keyed by household id): without the row it would wrongly count as a non-user.
    A row naming a scheme the rulebook does not know cannot make anyone a non-user and is only rejected.
    """
    result = Rows(problems=list(csvfile.problems), count=csvfile.count())
    for where, row in csvfile.rows:
        r = _Row(csvfile.name, where, result)
        r.bad = row.get("__bad__", False)
        hid = None
        if row.get("household_id"):
            hid = row["household_id"]
            if schemes_of(hid) is None:
                r.error("household_id", "household_unknown")
                hid = None
        elif row.get("bsn"):
            bsn = r.person(row, accepted, every_bsn)
            hid = household_of(bsn) if bsn else None
        else:
            r.error("bsn", "scheme_key")
        since, until = r.date(row, "since", required=True), r.date(row, "until")
        if since and until and until < since:
            r.error("until", "date_order")
        scheme = row.get("scheme", "")
        known = None
        if hid is not None:
            municipality, schemes = schemes_of(hid)
            known = scheme in schemes
            if not scheme:
                r.error("scheme", "required")
            elif not known:
                r.error("scheme", "scheme_unknown", value=scheme[:60], municipality=municipality)
        spoil = hid if (r.bad and known is not False) else None
        _finish(csvfile, result, r, spoil, where,
                {"household_id": hid, "scheme": scheme, "since": since, "until": until, "where": where})
    return result


def read_districts(csvfile):
    """{postcode: district} with a full postcode (``2711AB``) or its four digits (``2711``)."""
    result = Rows(problems=list(csvfile.problems), count=csvfile.count())
    mapping = {}
    for where, row in csvfile.rows:
        r = _Row(csvfile.name, where, result)
        r.bad = row.get("__bad__", False)
        postcode = row.get("postcode", "").replace(" ", "").upper()
        district = row.get("district", "")
        if not _POSTCODE.match(postcode):
            r.error("postcode", "postcode_invalid", value=postcode[:10])
        if not district:
            r.error("district", "required")
        if not r.bad and mapping.get(postcode, district) != district:
            r.error("district", "district_conflict")
        _finish(csvfile, result, r, None, where, (postcode, district))
        if not r.bad:
            mapping[postcode] = district
    result.rows = mapping
    return result


def district_of(mapping, postcode):
    """The district of a postcode: the full postcode first, then its four digits; None if not mapped."""
    if not postcode:
        return None
    return mapping.get(postcode) or mapping.get(postcode[:4])


def income_source(kind):
    """The income source of the register format that a benefit kind's amount is."""
    return INCOME_OF_KIND.get(kind, "benefit")
