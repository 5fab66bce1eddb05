"""The partner API under /api/v1/signals/: a signal partner's account sends arrears signals and reads back its own
signals with a coarse status (meedoen.signals.feedback). Nothing else: no case, household, match, other partner or
person data. The partner is the SignalPartner of the caller's organisation (its casework Professional), never a field
of the request. Rows are checked and stored by :func:`meedoen.signals.importer.import_rows`, as a file import is.
Errors are application/problem+json."""

import os

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from meedoen.api import serializers as api_s
from meedoen.api.casework.views import paginate
from meedoen.api.problems import BODY, PROBLEM_CONTENT_TYPE, InvalidInput
from meedoen.api.views import ApiView, validated
from meedoen.casework import access
from meedoen.reach.register.validate import check_key

from . import feedback
from . import serializers as s
from .importer import import_rows
from .models import Signal, SignalPartner
from .rows import ALIASES, REFERENCE_MAX_LENGTH, normalise_keys, storable

# A row the importer cannot take at all (every other check is the importer's, meedoen.signals.rows).
GUARD_MESSAGES = {
    "not_object": ("een signaal is een JSON-object met velden", "a signal is a JSON object with fields"),
}
DDAS_NAME = {}  # row field name -> the DDAS (Dutch) name, the first alias of each
for _alias, _name in ALIASES.items():
    DDAS_NAME.setdefault(_name, _alias)


class ServiceUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = "The server cannot receive signals now."
    default_code = "service_unavailable"


# -- who calls -----------------------------------------------------------------------------------------------------

def partner_of(request):
    """The SignalPartner of the caller's organisation (cached on the request); 401 anonymous, 403 not a partner."""
    cached = getattr(request, "_signal_partner", None)
    if cached is not None:
        return cached
    user = request.user
    if not getattr(user, "is_authenticated", False):
        raise exceptions.NotAuthenticated()
    professional = access.professional_of(user)
    partner = None
    if professional is not None:
        partner = (SignalPartner.objects.select_related("organisation__municipality")
                   .filter(organisation_id=professional.organisation_id).first())
    if partner is None:
        raise exceptions.PermissionDenied("The signals API is for the accounts of signal partners (a worker of the "
                                          "partner's organisation).")
    request._signal_partner = partner
    return partner


class IsSignalPartner(BasePermission):
    def has_permission(self, request, view):
        partner_of(request)
        return True


class PartnerView(ApiView):
    # Tokens or the session of the web pages (REST framework checks CSRF for sessions), as the casework API.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsSignalPartner]

    @property
    def partner(self):
        return partner_of(self.request)


# -- OpenAPI -------------------------------------------------------------------------------------------------------

TEXTS = {
    400: "Malformed: not JSON, not a signal or a list of signals, an empty list, more than "
         f"{s.MAX_SIGNALS:,} signals; or no signal could be accepted (each problem in invalid_params).",
    "query": "A bad query parameter (each in invalid_params), e.g. a date that is not YYYY-MM-DD.",
    401: "Not logged in: send 'Authorization: Token <key>' (or use the session of the web pages).",
    403: "Not the account of a signal partner.",
    404: "No such signal of yours.",
    405: "Method not allowed.",
    406: "The Accept header asks for something else than JSON.",
    413: "The request body is too large.",
    415: "The body is not application/json.",
    429: "Too many requests; see the Retry-After header.",
    500: "An unexpected error (a bug; it has been logged).",
    503: "The server has no pseudonym key configured (MEEDOEN_PSEUDONYM_KEY), so it cannot receive signals.",
}


def answers(ok, *statuses, texts=None):
    out = dict(ok)
    for code in (*statuses, 401, 403, 405, 406, 429, 500):
        text = (texts or {}).get(code) or TEXTS[code]
        out[(code, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(api_s.ProblemSerializer, description=text)
    return out


def doc(**kwargs):
    return extend_schema(tags=["signals (partners)"], **kwargs)


REFERENCE = OpenApiParameter("reference", OpenApiTypes.STR, OpenApiParameter.PATH,
                             description="Your referentie of the signal (URL-encoded).")
EXAMPLE = {"referentie": "HUUR-2026-0042", "bedrag": "1.250,00", "ontstaansdatum": "2026-01-01",
           "signaaldatum": "2026-03-01", "crisissignaal": "nee", "bsn": "111222333"}


# -- submitting ----------------------------------------------------------------------------------------------------

def signal_rows(data):
    """(rows, path prefix of row i) of a body: one object, a list, or the import file's {"signalen": [...]}."""
    if isinstance(data, dict):
        for key in ("signalen", "signals"):
            if key in data:
                if not isinstance(data[key], list):
                    raise InvalidInput([(key, "expected a list of signals")])
                return data[key], lambda i, key=key: f"{key}[{i}]"
        return [data], lambda i: ""
    if isinstance(data, list):
        return data, lambda i: f"[{i}]"
    raise InvalidInput([(BODY, "expected a signal (a JSON object), a list of signals or {\"signalen\": [...]}")])


def _problem(index, reference, name, code, **params):
    nl, en = GUARD_MESSAGES[code]
    return {"index": index, "reference": reference, "field": name, "code": code,
            "reason": nl.format(**params), "reason_en": en.format(**params)}


def _reference(raw):
    """The row's reference as sent, for the report (None when it is missing or cannot be a reference)."""
    value = normalise_keys(raw).get("partner_reference") if isinstance(raw, dict) else None
    text = "" if value is None or isinstance(value, (dict, list)) else str(value).strip()
    ok = text and len(text) <= REFERENCE_MAX_LENGTH and storable(text)
    return text if ok else None


def shape_problems(index, raw):
    """A row that is not a JSON object cannot go to the importer; everything else the importer's rows check."""
    return [] if isinstance(raw, dict) else [_problem(index, None, "(row)", "not_object")]


def submit(partner, rows, key):
    """The report of storing ``rows`` for ``partner``: rows the database would refuse are left out and reported; the
    rest goes through the importer (per-row validation, idempotent on the reference, one transaction)."""
    problems, passed = [], []
    for index, raw in enumerate(rows):
        found = shape_problems(index, raw)
        problems.extend(found)
        if not found:
            passed.append((index, raw))
    report = import_rows(partner, [raw for _, raw in passed], key)
    for p in report.problems:
        index, raw = passed[p.row - 1]
        row = p.as_dict()
        del row["row"]
        problems.append({"index": index, "reference": _reference(raw), **row})
    problems.sort(key=lambda p: p["index"])
    return {"received": len(rows), "created": report.created, "already_known": report.duplicates,
            "rejected": len({p["index"] for p in problems}), "problems": problems}


def _sent_name(raw, name):
    """The key the client used for the internal field ``name`` (else its DDAS name)."""
    if isinstance(raw, dict):
        for key in raw:
            if isinstance(key, str) and ALIASES.get(key.strip().lower()) == name:
                return key
    return DDAS_NAME.get(name, name)


def refuse_all(rows, problems, prefix):
    """400: no signal could be accepted; each problem named by its JSON path in the body."""
    params = []
    for p in problems:
        where = prefix(p["index"])
        if p["field"] == "(row)":
            name = where or BODY
        else:
            field = _sent_name(rows[p["index"]], p["field"])
            name = f"{where}.{field}" if where else field
        params.append((name, p["reason_en"]))
    raise InvalidInput(params)


# -- reading -------------------------------------------------------------------------------------------------------

def d(value):
    return value.isoformat() if value is not None else None


def signal_data(signal):
    return {"reference": signal.partner_reference, "partner_type": signal.partner_type, "amount_cents": signal.amount_cents,
            "arrears_start": d(signal.arrears_start), "signal_date": d(signal.signal_date), "crisis": signal.crisis,
            "received_at": signal.received_at.isoformat(), "feedback": feedback.feedback(signal)}


def own_signals(partner):
    return feedback.with_feedback(Signal.objects.filter(partner=partner))


# -- views ---------------------------------------------------------------------------------------------------------

class SignalList(PartnerView):
    @doc(operation_id="signals_list", summary="Your signals, newest signal date first, with their status",
         description="Only the signals of the caller's own signal partner. `feedback` is a coarse status (received, "
                     "in progress, closed, or not picked up), never the result of the case or anything about the "
                     "household. Filter by signal date (both ends included).",
         parameters=[s.SignalQuerySerializer],
         responses=answers({200: s.PartnerSignalPageSerializer}, 400, texts={400: TEXTS["query"]}))
    def get(self, request):
        query = validated(s.SignalQuerySerializer, request.query_params.dict())
        signals = own_signals(self.partner)
        if query.get("signal_date_from"):
            signals = signals.filter(signal_date__gte=query["signal_date_from"])
        if query.get("signal_date_to"):
            signals = signals.filter(signal_date__lte=query["signal_date_to"])
        meta, rows = paginate(request, signals.order_by("-signal_date", "partner_reference", "pk"))
        return Response({**meta, "results": [signal_data(x) for x in rows]})

    @doc(operation_id="signals_create", summary="Send arrears signals (one, or a list)",
         description="The fields and checks of the file import (docs/signals.md), for the caller's own signal partner "
                     "(never a field of the body). Valid signals are stored, invalid ones are listed in `problems` "
                     "with their index, field and reason; a referentie already stored (or twice in the request) "
                     "changes nothing, so sending the same signal again is safe. 201 when something new was stored, "
                     "200 when every valid signal was already known; 400 when no signal could be accepted or the "
                     f"body is malformed (at most {s.MAX_SIGNALS:,} signals per request).",
         request={"application/json": s.SUBMISSION_SCHEMA},
         responses=answers({201: s.SubmitReportSerializer, 200: s.SubmitReportSerializer}, 400, 413, 415, 503),
         examples=[OpenApiExample("One rent signal", request_only=True, value=EXAMPLE)])
    def post(self, request):
        partner = self.partner
        key = check_key(os.environ.get("MEEDOEN_PSEUDONYM_KEY", ""))
        if key is None:
            raise ServiceUnavailable(TEXTS[503])
        rows, prefix = signal_rows(request.data)
        if not rows:
            raise InvalidInput([(BODY, "no signals: send at least one")])
        if len(rows) > s.MAX_SIGNALS:
            raise InvalidInput([(BODY, f"at most {s.MAX_SIGNALS:,} signals per request; send the rest in another one")])
        report = submit(partner, rows, key)
        if report["created"] == 0 and report["already_known"] == 0:
            refuse_all(rows, report["problems"], prefix)
        return Response(report, status=201 if report["created"] else 200)


class SignalDetail(PartnerView):
    @doc(operation_id="signals_retrieve", summary="One of your signals, by your referentie, with its status",
         description="404 for a referentie your organisation did not send (also when another partner has it).",
         parameters=[REFERENCE], responses=answers({200: s.PartnerSignalSerializer}, 404))
    def get(self, request, reference):
        signal = own_signals(self.partner).filter(partner_reference=reference).first()
        if signal is None:
            raise exceptions.NotFound("No such signal of yours.")
        return Response(signal_data(signal))
