"""Management figures of early signalling for one municipality and a period of signal dates, small numbers suppressed.

:func:`exact` counts in two SQL statements (no loop per signal or case): signals per DDAS partner type (signal date in
the period) and, for the cases opened in the period (``opened_on``, the earliest signal date) of households not on
the exclusion list: reached (a contact attempt with ``reached``), help accepted (result ``hulp_geaccepteerd``), days
from ``opened_on`` to the first contact attempt and to the first reached one (median: the middle value, the mean of
the two middle ones for an even count; 90th percentile: nearest rank, PostgreSQL ``percentile_disc(0.9)``), the
share reached on or before ``due`` (of the cases whose due date is known), open and overdue cases (due before the
reference day).

:func:`shown` hides small numbers with the reach figures' function (:func:`meedoen.reach.figures.suppress_counts`:
a count from 1 to ``THRESHOLD - 1`` and, within a breakdown, enough others that it cannot be worked back); a
percentage is hidden when its numerator or denominator is, and a median or 90th percentile when fewer than
``THRESHOLD`` cases make it. :func:`export_rows` gives the statistics export: aggregates only, months only.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count

from meedoen.reach.figures import THRESHOLD, suppress_counts

from . import outreach
from .models import ContactAttempt, Signal

HELP_ACCEPTED = "hulp_geaccepteerd"  # one of outreach.RESULTS

# figure -> the DDAS attributes (VNG-Realisatie/ddas-vroegsignalering, Model Vroegsignalering) it is counted from
DDAS_SOURCES = {
    "signals": "Vroegsignaal.signaaldatum",
    "signals_by_partner_type": "Vroegsignaal.signaaldatum; Signaalpartner.type (EnumSignaalpartner)",
    "crisis_signals": "Vroegsignaal.signaaldatum; Vroegsignaal.crisissignaal",
    "cases": "Vroegsignaalzaak (earliest Vroegsignaal.signaaldatum)",
    "cases_reached": "Vroegsignaalzaak; Contactpoging.bereikt",
    "reached_percent": "Vroegsignaalzaak; Contactpoging.bereikt",
    "cases_help_accepted": "Vroegsignaalzaak.resultaat",
    "help_accepted_percent": "Vroegsignaalzaak.resultaat",
    "days_to_first_attempt_median": "Contactpoging.datum",
    "days_to_first_attempt_p90": "Contactpoging.datum",
    "days_to_first_reached_median": "Contactpoging.datum; Contactpoging.bereikt",
    "days_to_first_reached_p90": "Contactpoging.datum; Contactpoging.bereikt",
    "reached_by_due_percent": "Contactpoging.datum; Contactpoging.bereikt (due: Wgs first-conversation term)",
    "cases_open": "Vroegsignaalzaak (not closed)",
    "cases_overdue": "Vroegsignaalzaak (not closed, Wgs first-conversation term passed)",
}


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    def months(self):
        """(first month, last month) as YYYY-MM: the export never gives a finer date."""
        return self.first.strftime("%Y-%m"), self.last.strftime("%Y-%m")

    def whole_months(self):
        return self.first.day == 1 and month_end(self.last) == self.last


def month_end(day):
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def partner_types(municipality):
    """The DDAS partner-type codes in the order of the code list (the rulebook's), for the breakdown."""
    from .thresholds import ThresholdError, partner_type_choices
    try:
        return [code for code, _ in partner_type_choices(municipality.slug)]
    except ThresholdError:
        return []


CASE_SQL = """
WITH c AS ({cases}),
a AS (
  SELECT c.opened_on, c.due, c.closed_at, c.result,
         (SELECT min(x.date) FROM {attempts} x WHERE x.case_id = c.id) AS first_attempt,
         (SELECT min(x.date) FROM {attempts} x WHERE x.case_id = c.id AND x.reached) AS first_reached
  FROM c)
SELECT count(*),
       count(first_reached),
       count(*) FILTER (WHERE result = %s),
       count(first_attempt),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY first_attempt - opened_on),
       percentile_disc(0.9) WITHIN GROUP (ORDER BY first_attempt - opened_on),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY first_reached - opened_on),
       percentile_disc(0.9) WITHIN GROUP (ORDER BY first_reached - opened_on),
       count(due),
       count(*) FILTER (WHERE first_reached <= due),
       count(*) FILTER (WHERE closed_at IS NULL),
       count(*) FILTER (WHERE closed_at IS NULL AND due < %s)
FROM a
"""


def _number(value):
    """A percentile from PostgreSQL as int when whole (days), else float."""
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else round(value, 1)


def exact(municipality, period, today):
    """The figures unsuppressed: for the tests and for :func:`shown` only, never for a page or a file."""
    by_type = dict(Signal.objects.filter(municipality=municipality, signal_date__range=(period.first, period.last))
                   .values("partner_type").annotate(n=Count("id")).values_list("partner_type", "n"))
    crisis = Signal.objects.filter(municipality=municipality, signal_date__range=(period.first, period.last),
                                   crisis=True).count()
    cases = (outreach.cases().filter(municipality=municipality, opened_on__range=(period.first, period.last))
             .values("id", "opened_on", "due", "closed_at", "result"))
    cases_sql, params = cases.query.sql_with_params()
    sql = CASE_SQL.format(cases=cases_sql, attempts=connection.ops.quote_name(ContactAttempt._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, HELP_ACCEPTED, today])
        (n, reached, accepted, attempted, a_median, a_p90, r_median, r_p90, due_known, by_due, open_,
         overdue) = cursor.fetchone()
    order = partner_types(municipality)
    types = {code: by_type.get(code, 0) for code in order}
    types.update({code: count for code, count in sorted(by_type.items()) if code not in types})
    return {"signals": sum(by_type.values()), "signals_by_partner_type": types, "crisis_signals": crisis,
            "cases": n, "cases_reached": reached, "cases_help_accepted": accepted,
            "days_to_first_attempt": {"count": attempted, "median": _number(a_median), "p90": _number(a_p90)},
            "days_to_first_reached": {"count": reached, "median": _number(r_median), "p90": _number(r_p90)},
            "due_known": due_known, "reached_by_due": by_due, "cases_open": open_, "cases_overdue": overdue}


def _percent(part, whole):
    return None if part is None or not whole else round(100 * part / whole, 1)


def shown(figures, threshold=THRESHOLD):
    """The figures as pages and the export show them: None where hidden or not applicable (no cases); the keys of
    the hidden ones in ``hidden``."""
    hidden = set()

    def cells(parts, key, hide=False):  # one breakdown (its parts add up to a known total): the part ``key``
        value = None if hide else suppress_counts(parts, threshold)[key]
        if value is None:
            hidden.add(key)
        return value

    n = figures["cases"]
    total = cells({"cases": n}, "cases")
    hide = total is None  # a hidden total hides every part of it
    reached = cells({"cases_reached": figures["cases_reached"], "_": n - figures["cases_reached"]},
                    "cases_reached", hide)
    accepted = cells({"cases_help_accepted": figures["cases_help_accepted"], "_": n - figures["cases_help_accepted"]},
                     "cases_help_accepted", hide)
    open_ = cells({"cases_open": figures["cases_open"], "_": n - figures["cases_open"]}, "cases_open", hide)
    overdue = cells({"cases_overdue": figures["cases_overdue"], "_": figures["cases_open"] - figures["cases_overdue"]},
                    "cases_overdue", open_ is None)
    due_known = cells({"due_known": figures["due_known"]}, "due_known", hide)
    by_due = cells({"reached_by_due": figures["reached_by_due"], "_": figures["due_known"] - figures["reached_by_due"]},
                   "reached_by_due", due_known is None)
    signals = cells({"signals": figures["signals"]}, "signals")
    types = ({k: None for k in figures["signals_by_partner_type"]} if signals is None
             else suppress_counts(figures["signals_by_partner_type"], threshold))
    hidden.update(f"signals_by_partner_type.{k}" for k, v in types.items() if v is None)
    crisis = cells({"crisis_signals": figures["crisis_signals"], "_": figures["signals"] - figures["crisis_signals"]},
                   "crisis_signals", signals is None)
    percents = {"reached_percent": (reached, total), "help_accepted_percent": (accepted, total),
                "reached_by_due_percent": (by_due, due_known)}
    out = {"threshold": threshold, "signals": signals, "signals_by_partner_type": types, "crisis_signals": crisis,
           "cases": total, "cases_reached": reached, "cases_help_accepted": accepted, "cases_open": open_,
           "cases_overdue": overdue, "due_known": due_known, "reached_by_due": by_due}
    for key, (part, whole) in percents.items():
        out[key] = _percent(part, whole)
        if part is None or whole is None:
            hidden.add(key)
    for key in ("days_to_first_attempt", "days_to_first_reached"):
        stat = figures[key]
        if hide or 0 < stat["count"] < threshold:  # one case's wait could be read from them
            out[key] = {"count": None, "median": None, "p90": None}
            hidden.update({f"{key}_median", f"{key}_p90"})
        else:
            out[key] = dict(stat)
    out["hidden"] = sorted(hidden - {"_"})
    return out


def report(municipality, period, today, threshold=THRESHOLD):
    """The shown figures of ``municipality`` over ``period``, counted on ``today`` (overdue)."""
    return shown(exact(municipality, period, today), threshold)


EXPORT_COLUMNS = ("gemeentecode", "period_from", "period_to", "figure", "partner_type", "value", "suppressed",
                  "ddas_source")


def export_rows(municipality, period, figures):
    """Long-form statistics rows of shown ``figures``: the municipality's CBS code, months only, no person or case."""
    first, last = period.months()
    base = {"gemeentecode": municipality.cbs_code, "period_from": first, "period_to": last}

    def row(figure, value, partner_type="", source=None):
        key = f"signals_by_partner_type.{partner_type}" if partner_type else figure
        return {**base, "figure": figure, "partner_type": partner_type, "value": value,
                "suppressed": key in figures["hidden"], "ddas_source": DDAS_SOURCES[source or figure]}

    rows = [row("signals", figures["signals"])]
    rows += [row("signals", v, code, "signals_by_partner_type")
             for code, v in figures["signals_by_partner_type"].items()]
    rows += [row(f, figures[f]) for f in ("crisis_signals", "cases", "cases_reached", "reached_percent",
                                          "cases_help_accepted", "help_accepted_percent")]
    for key in ("days_to_first_attempt", "days_to_first_reached"):
        rows += [row(f"{key}_{stat}", figures[key][stat]) for stat in ("median", "p90")]
    rows += [row(f, figures[f]) for f in ("reached_by_due_percent", "cases_open", "cases_overdue")]
    return rows
