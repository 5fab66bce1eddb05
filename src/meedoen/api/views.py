"""The open API, version 1: municipalities, their scheme catalogue, and checks (one household or a batch)."""

import json
import os
from datetime import date

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.parsers import BaseParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from meedoen.municipalities.models import Municipality
from meedoen.municipalities.rulebook import current_rulebook
from meedoen.rules.errors import BudgetExceeded
from meedoen.rules.evaluate import amount_text

from . import serializers as s
from .checks import at, check_batch, check_one, date_problems, household_input_problems
from .problems import PROBLEM_CONTENT_TYPE, InvalidInput, invalid_params

MAX_DEPTH = 32  # nesting of JSON bodies; a household needs 5
BATCH_MAX_BYTES = 64 * 1024 * 1024  # 10,000 households of up to 6 KB each; other bodies: DATA_UPLOAD_MAX_MEMORY_SIZE


# -- parsing, throttling -------------------------------------------------------------------

class CheckTooSlow(exceptions.APIException):
    """The check ran past its time budget (settings.CHECK_BUDGET_SECONDS): nothing was decided; try again."""
    status_code = 503
    default_detail = "The check took too long and was stopped; nothing was decided. Try again in a moment."
    default_code = "check_budget_exceeded"


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


def _no_constants(name):
    raise ValueError(f"{name} is not valid JSON")


class ApiJSONParser(BaseParser):
    """JSON bodies, at most ``view.max_body_bytes`` long; too deep nesting is a 400, not a RecursionError.

    Not a subclass of REST framework's JSONParser, which reads ``request.body`` and so would apply
    Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) to every endpoint, the batch included.
    """

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = getattr(parser_context.get("view"), "max_body_bytes", None)
        if limit is None:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = parser_context.get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        if limit is not None and length and length.isdigit() and int(length) > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        raw = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(raw) > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        try:
            data = json.loads(raw.decode(parser_context.get("encoding") or settings.DEFAULT_CHARSET),
                              parse_constant=_no_constants)
        except RecursionError:
            raise exceptions.ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep")
        except (ValueError, LookupError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}")
        todo = [(data, 1)]
        while todo:
            node, depth = todo.pop()
            if depth > MAX_DEPTH:
                raise exceptions.ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep")
            if isinstance(node, dict):
                todo.extend((v, depth + 1) for v in node.values())
            elif isinstance(node, list):
                todo.extend((v, depth + 1) for v in node)
        return data


class _SettingsRates:
    """Read the rates from the settings on every request (so override_settings and reloads work)."""

    @property
    def THROTTLE_RATES(self):  # noqa: N802 - the attribute name REST framework uses
        return api_settings.DEFAULT_THROTTLE_RATES


class AnonThrottle(_SettingsRates, AnonRateThrottle):
    pass


class UserThrottle(_SettingsRates, UserRateThrottle):
    pass


class ApiView(APIView):
    # Tokens only: no sessions, so no CSRF checks; anonymous clients are welcome where the permission allows.
    authentication_classes = [TokenAuthentication]
    parser_classes = [ApiJSONParser]
    renderer_classes = [JSONRenderer]
    throttle_classes = [AnonThrottle, UserThrottle]

    def dispatch(self, request, *args, **kwargs):
        # One language for every message of the API (REST framework's and the engine's): English.
        # Results carry both Dutch and English texts.
        with translation.override("en"):
            return super().dispatch(request, *args, **kwargs)


def today():
    """The default date: today in the Netherlands, or MEEDOEN_CHECK_DATE (YYYY-MM-DD) when the server pins it
    (the demo and the tests do, as for the resident check)."""
    pinned = os.environ.get("MEEDOEN_CHECK_DATE")
    return date.fromisoformat(pinned) if pinned else timezone.localdate()


def problems_or(result, problems):
    if problems:
        raise InvalidInput(problems)
    return result


def validated(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# -- OpenAPI: the problem responses ------------------------------------------------------------

def problem(description):
    return OpenApiResponse(s.ProblemSerializer, description=description)


def responses(ok, *statuses, content="application/json"):
    texts = {
        400: "Invalid input: every bad field in invalid_params, named by its JSON path.",
        401: "No or an invalid token (send 'Authorization: Token <key>').",
        404: "No such municipality.",
        405: "Method not allowed.",
        406: "The Accept header asks for something else than JSON.",
        413: "The request body is too large.",
        415: "The body is not application/json.",
        429: "Too many requests; see the Retry-After header.",
        503: "The check ran past its time budget and was stopped; nothing was decided. Try again.",
        500: "An unexpected error (a bug; it has been logged).",
    }
    out = {(200, content): ok}
    for status in (*statuses, 405, 406, 429, 500):
        out[(status, PROBLEM_CONTENT_TYPE)] = problem(texts[status])
    return out


SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, pattern="^[-a-zA-Z0-9_]+$",
                        description="The municipality's rulebook id, e.g. 'zoetermeer'.",
                        examples=[OpenApiExample("Zoetermeer", value="zoetermeer")])
DATE = OpenApiParameter("date", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=False, pattern=s.DATE_SCHEMA["pattern"],
                        description="The date (YYYY-MM-DD); default today.",
                        examples=[OpenApiExample("1 March 2026", value="2026-03-01")])


# -- municipalities ------------------------------------------------------------------------

def municipality_data(municipality, rulebook):
    return {
        "slug": municipality.slug,
        "name": municipality.name,
        "cbs_code": municipality.cbs_code,
        "districts": [str(d) for d in municipality.districts or []],
        "organisations": [
            {"slug": o.slug, "name": o.name, "helps_with": {"nl": o.helps_with_nl, "en": o.helps_with_en}}
            for o in municipality.organisations.all()
        ],
        "rulebook": {"version": rulebook.version, "hash": rulebook.hash},
    }


def active_municipalities(rulebook):
    """Active municipalities that are in the loaded rulebook."""
    queryset = Municipality.objects.filter(active=True, slug__in=list(rulebook.municipalities)).prefetch_related("organisations")
    return list(queryset)


def get_municipality(slug, rulebook):
    for municipality in active_municipalities(rulebook):
        if municipality.slug == slug:
            return municipality
    raise exceptions.NotFound(f"No municipality {slug!r}.")


class MunicipalityList(ApiView):
    @extend_schema(operation_id="municipalities_list", summary="The municipalities",
                   responses=responses(s.MunicipalitySerializer(many=True)))
    def get(self, request):
        rulebook = current_rulebook()
        return Response([municipality_data(m, rulebook) for m in active_municipalities(rulebook)])


class MunicipalityDetail(ApiView):
    @extend_schema(operation_id="municipalities_retrieve", summary="One municipality", parameters=[SLUG],
                   responses=responses(s.MunicipalitySerializer, 404))
    def get(self, request, slug):
        rulebook = current_rulebook()
        return Response(municipality_data(get_municipality(slug, rulebook), rulebook))


# -- the scheme catalogue -------------------------------------------------------------------

def catalogue_scheme(municipality, scheme, version):
    b = version.benefit
    amount_set = b.amount_cents is not None or b.amount_cents_by_household is not None
    provider = municipality.organisations.get(scheme.provider)
    return {
        "id": scheme.id,
        "name": scheme.name,
        "summary": scheme.summary,
        "provider": scheme.provider,
        "provider_name": provider.name if provider else f"Gemeente {municipality.name}",
        "how_to_apply": scheme.how_to_apply,
        "helpers": list(scheme.helpers),
        "valid_from": version.valid_from.isoformat(),
        "valid_to": version.valid_to.isoformat(),
        "conditions": [
            {"id": c.id, "kind": c.kind, "params": jsonable(c.params), "source": c.source,
             "reliability": c.reliability, "note": c.note, "text": c.text}
            for c in version.conditions
        ],
        "benefit": {
            "description": b.description,
            "unit": b.unit,
            "per_child": b.per_child,
            "amount_set": amount_set,
            "amount_cents": b.amount_cents,
            "amount_cents_by_household": b.amount_cents_by_household,
            "amount_text": _catalogue_amount_text(version),
            "source": b.source,
            "reliability": b.reliability,
        },
        "individual_assessment": version.individual_assessment,
        "note": version.note,
        "sources": list(version.sources),
    }


def _catalogue_amount_text(version):
    """The amount in words; where the sources set none, the text says so (the engine's wording)."""
    b = version.benefit
    text = amount_text(version, b.amount_cents, "eligible")
    if b.per_child and b.amount_cents is not None:
        text = {"nl": f"{text['nl']} per kind", "en": f"{text['en']} per child"}
    return text


def jsonable(value):
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class SchemeCatalogue(ApiView):
    @extend_schema(operation_id="municipalities_schemes", summary="The schemes of a municipality on a date",
                   parameters=[SLUG, DATE], responses=responses(s.CatalogueSerializer, 400, 404))
    def get(self, request, slug):
        rulebook = current_rulebook()
        municipality = get_municipality(slug, rulebook)
        query = validated(s.SchemesQuerySerializer, request.query_params.dict())  # a dict: "date=" is an error
        day = query.get("date") or today()
        rules = rulebook.municipalities[municipality.slug]
        problems_or(None, date_problems(rulebook, rules, day))
        return Response({
            "municipality": {"id": rules.id, "name": rules.name, "cbs_code": rules.cbs_code},
            "date": day.isoformat(),
            "rulebook": {"version": rulebook.version, "hash": rulebook.hash},
            "schemes": [catalogue_scheme(rules, scheme, version) for scheme, version in rules.schemes_on(day)],
        })


# -- checks ----------------------------------------------------------------------------------

SEED_HOUSEHOLD = {
    "municipality": "zoetermeer",
    "members": [
        {"role": "applicant", "birth_date": "1990-05-01",
         "monthly_net_income_cents": {"wages": 153114, "kinderbijslag": 24000, "kindgebonden_budget": 40000},
         "statuses": {"registered_premium_arrears": False}},
        {"role": "child", "birth_date": "2015-03-01", "school": {"attends_school": True}},
        {"role": "child", "birth_date": "2018-09-01", "school": {"attends_school": True}},
    ],
}


class Check(ApiView):
    @extend_schema(
        operation_id="check", summary="What can this household get, and why?",
        description="Evaluates one household with the rulebook: per scheme the status, amount, the conditions "
                    "with their explanation (Dutch and English), the facts still needed and a receipt. Public; "
                    "rate limited per IP address (or per user with a token).",
        request=s.CheckRequestSerializer, responses=responses(s.CheckResultSerializer, 400, 413, 415, 503),
        examples=[OpenApiExample("Single parent at 115%", request_only=True,
                                 value={"household": {**SEED_HOUSEHOLD, "id": "example-1"}, "date": "2026-03-01"})],
    )
    def post(self, request):
        serializer = s.CheckRequestSerializer(data=request.data)
        if not serializer.is_valid():
            problems = [(p["name"], p["reason"]) for p in invalid_params(serializer.errors)]
            if isinstance(request.data, dict) and "household" not in serializer.errors:
                # Report the household's problems too (ages unchecked: the date is not known).
                problems += [(at("household", where), what) for where, what in household_input_problems(request.data["household"])]
            raise InvalidInput(problems)
        data = serializer.validated_data
        try:
            result, problems = check_one(current_rulebook(), data["household"], data.get("date") or today(),
                                         data.get("municipality"))
        except BudgetExceeded:
            raise CheckTooSlow() from None
        return Response(problems_or(result, problems))


class CheckBatch(ApiView):
    max_body_bytes = BATCH_MAX_BYTES
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="check_batch", summary="Check many households at once",
        description=f"Evaluates up to {s.MAX_HOUSEHOLDS:,} households with one municipality's rulebook (the "
                    "columnar evaluator: the same statuses and amounts as /check/, without explanations). "
                    "Invalid households are left out and listed with their problems; the others are evaluated. "
                    "Needs a token.",
        request=s.BatchRequestSerializer, responses=responses(s.BatchResponseSerializer, 400, 401, 413, 415),
        examples=[OpenApiExample("Two households, one invalid", request_only=True, value={
            "municipality": "zoetermeer", "date": "2026-03-01",
            "households": [{**SEED_HOUSEHOLD, "id": "a"},
                           {"id": "b", "municipality": "zoetermeer", "members": [{"role": "applicant", "birth_date": "2026-02-30"}]}],
        })],
    )
    def post(self, request):
        data = validated(s.BatchRequestSerializer, request.data)
        result, problems = check_batch(current_rulebook(), data["households"], data.get("date") or today(),
                                       data["municipality"])
        return Response(problems_or(result, problems))


# -- anything else under /api/v1/ --------------------------------------------------------------

@extend_schema(exclude=True)
class NoSuchEndpoint(ApiView):
    """Unknown paths under /api/v1/: a 404 problem, not an HTML page."""

    throttle_classes = []
    authentication_classes = []

    def not_found(self, request, *args, **kwargs):
        hint = " The API is described at /api/v1/schema/."
        if not request.path.endswith("/"):
            try:
                match = resolve(request.path + "/")
            except Resolver404:
                match = None
            if match is not None and getattr(match.func, "cls", None) is not NoSuchEndpoint:
                hint = f" Did you mean {request.path}/ (with a slash at the end)?"
        raise exceptions.NotFound("No such endpoint." + hint)

    get = post = put = patch = delete = head = options = trace = not_found
