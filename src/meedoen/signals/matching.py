"""Link a municipality's signals to its newest loaded register and bundle them into cases, in set-based SQL.

Per signal: the person with the same keyed pseudonym, else the one person with the same surname (case-insensitive),
birth date, postcode and house number; else unmatched with a reason (``REASONS``). Matched signals of a household
join its open case when the signal falls within the matching period (rulebook ``matching_period_days``); when that
period is null (not set in the sources) a household has one open case until it is closed. A repeat signal of the
same partner whose amount is not higher than its previous one stays on the case, marked ``not_picked_up``; an
unknown amount is never called "not higher". Each case is due on ``first_conversation_due`` of its earliest signal.
"""

from django.db import connection, transaction
from django.utils import timezone

from meedoen.reach.models import RegisterLoad

from .deadlines import first_conversation_due
from .thresholds import thresholds

REASONS = ("no_register", "not_found", "ambiguous")

_LINK = """
WITH named AS (  -- signals on name, birth date and address: the register persons that fit, per signal
    SELECT s.id AS signal_id, count(*) AS hits, min(rp.person_id) AS person_id, min(rp.household_id) AS household_id
    FROM signals_signal s
    JOIN reach_registerperson rp ON rp.load_id = %(load)s AND lower(rp.family_name) = lower(s.surname)
         AND rp.birth_date = s.birth_date
    JOIN reach_registerhousehold h ON h.load_id = rp.load_id AND h.household_id = rp.household_id
    JOIN reach_registeraddress a ON a.load_id = h.load_id AND a.address_id = h.address_id
         AND upper(replace(a.postcode, ' ', '')) = upper(replace(s.postcode, ' ', '')) AND a.house_number = s.house_number
    WHERE s.municipality_id = %(town)s AND s.surname <> ''
    GROUP BY s.id
)
INSERT INTO signals_signalmatch (signal_id, load_id, person_id, household_id, method, reason, not_picked_up, matched_at)
SELECT s.id, %(load)s, COALESCE(p.person_id, CASE WHEN n.hits = 1 THEN n.person_id END, ''),
       COALESCE(p.household_id, CASE WHEN n.hits = 1 THEN n.household_id END, ''),
       CASE WHEN p.person_id IS NOT NULL THEN 'pseudonym' WHEN n.hits = 1 THEN 'name_address' ELSE '' END,
       CASE WHEN p.person_id IS NOT NULL OR n.hits = 1 THEN ''
            WHEN %(load)s IS NULL THEN 'no_register' WHEN n.hits > 1 THEN 'ambiguous' ELSE 'not_found' END,
       false, %(now)s
FROM signals_signal s
LEFT JOIN reach_registerperson p ON p.load_id = %(load)s AND s.person_pseudonym <> '' AND p.person_id = s.person_pseudonym
LEFT JOIN named n ON n.signal_id = s.id AND p.person_id IS NULL
WHERE s.municipality_id = %(town)s
  AND NOT EXISTS (SELECT 1 FROM signals_signalmatch m WHERE m.signal_id = s.id AND m.method <> '')
ON CONFLICT (signal_id) DO UPDATE SET load_id = EXCLUDED.load_id, person_id = EXCLUDED.person_id,
    household_id = EXCLUDED.household_id, method = EXCLUDED.method, reason = EXCLUDED.reason,
    matched_at = EXCLUDED.matched_at
"""

# Put case-less matched signals on an open case of their household (within the period, if there is one).
_JOIN = """
UPDATE signals_signalmatch m SET case_id = x.case_id
FROM (SELECT DISTINCT ON (m2.id) m2.id AS match_id, c.id AS case_id
      FROM signals_signalmatch m2
      JOIN signals_signal s ON s.id = m2.signal_id
      JOIN signals_signalcase c ON c.municipality_id = s.municipality_id AND c.household_id = m2.household_id
           AND c.closed_at IS NULL
           AND (%(days)s::int IS NULL OR s.signal_date BETWEEN c.opened_on AND c.opened_on + %(days)s::int)
      WHERE m2.case_id IS NULL AND m2.method <> '' AND s.municipality_id = %(town)s
      ORDER BY m2.id, c.id) x
WHERE m.id = x.match_id
"""

# One new case per household that still has case-less signals, opened on the earliest of them.
_OPEN = """
INSERT INTO signals_signalcase (municipality_id, load_id, household_id, opened_on, crisis, result)
SELECT s.municipality_id, %(load)s, m.household_id, min(s.signal_date), false, ''
FROM signals_signalmatch m JOIN signals_signal s ON s.id = m.signal_id
WHERE m.case_id IS NULL AND m.method <> '' AND s.municipality_id = %(town)s
GROUP BY s.municipality_id, m.household_id
"""

_REPEAT = """
UPDATE signals_signalmatch m SET not_picked_up = r.repeat
FROM (SELECT m2.id, COALESCE(s.amount_cents <= lag(s.amount_cents) OVER w, false) AS repeat
      FROM signals_signalmatch m2 JOIN signals_signal s ON s.id = m2.signal_id
      WHERE m2.case_id IN (SELECT id FROM signals_touched_case)
      WINDOW w AS (PARTITION BY m2.case_id, s.partner_id ORDER BY s.signal_date, s.id)) r
WHERE m.id = r.id AND m.not_picked_up IS DISTINCT FROM r.repeat  -- only the rows that change
"""

_SUMMARY = """
UPDATE signals_signalcase c SET opened_on = x.opened_on, crisis = x.crisis
FROM (SELECT m.case_id, min(s.signal_date) AS opened_on, bool_or(s.crisis) AS crisis
      FROM signals_signalmatch m JOIN signals_signal s ON s.id = m.signal_id
      WHERE m.case_id IN (SELECT id FROM signals_touched_case) GROUP BY m.case_id) x
WHERE c.id = x.case_id
RETURNING c.id, c.opened_on, c.crisis
"""


# After writing this many rows in the matching transaction the planner gets fresh statistics (ANALYZE sees the
# transaction's own rows); without them it plans the next join for an empty table (benchmarks/signals.py: minutes).
ANALYZE_AFTER = 1000


def _fresh_statistics(cursor, table, written):
    if written > ANALYZE_AFTER:
        cursor.execute(f"ANALYZE {table}")


def match(municipality):
    """Match the unmatched signals of ``municipality`` and bundle them; returns {method or reason: count}."""
    load = RegisterLoad.objects.filter(municipality=municipality).order_by("-loaded_at", "-pk").first()
    days = thresholds(municipality.slug).matching_period_days
    params = {"town": municipality.pk, "load": load.pk if load else None, "now": timezone.now(), "days": days}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('meedoen.signals.match'), %s)", [municipality.pk])
        cursor.execute(_LINK, params)
        _fresh_statistics(cursor, "signals_signalmatch", cursor.rowcount)
        # the matches still without a case (new ones and any left over), in a temporary table: a 100,000-element
        # array parameter costs seconds per statement that filters on it
        cursor.execute("DROP TABLE IF EXISTS signals_new_match, signals_touched_case")
        cursor.execute("CREATE TEMPORARY TABLE signals_new_match AS SELECT m.id FROM signals_signalmatch m "
                       "JOIN signals_signal s ON s.id = m.signal_id "
                       "WHERE m.case_id IS NULL AND m.method <> '' AND s.municipality_id = %s", [municipality.pk])
        while True:  # one round per matching period a household's new signals span, not per signal
            cursor.execute(_JOIN, params)
            if load is None:
                break
            cursor.execute(_OPEN, params)
            if not cursor.rowcount:
                break
            _fresh_statistics(cursor, "signals_signalcase", cursor.rowcount)
        cursor.execute("CREATE TEMPORARY TABLE signals_touched_case AS SELECT DISTINCT m.case_id AS id "
                       "FROM signals_signalmatch m JOIN signals_new_match n ON n.id = m.id WHERE m.case_id IS NOT NULL")
        cursor.execute("ANALYZE signals_touched_case")
        cursor.execute(_REPEAT)
        cursor.execute(_SUMMARY)
        dues = [(pk, first_conversation_due(opened, crisis, municipality.slug)) for pk, opened, crisis in cursor.fetchall()]
        cursor.execute("UPDATE signals_signalcase c SET due = x.due FROM unnest(%s::bigint[], %s::date[]) AS x(id, due) "
                       "WHERE c.id = x.id", [[pk for pk, _ in dues], [due for _, due in dues]])
        cursor.execute("DROP TABLE signals_new_match, signals_touched_case")
        cursor.execute("SELECT CASE WHEN method <> '' THEN method ELSE reason END, count(*) FROM signals_signalmatch m "
                       "JOIN signals_signal s ON s.id = m.signal_id WHERE s.municipality_id = %s GROUP BY 1",
                       [municipality.pk])
        counts = dict(cursor.fetchall())
    return counts
