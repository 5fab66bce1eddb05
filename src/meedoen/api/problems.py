"""Errors as application/problem+json (RFC 9457).

Every error of the API is one JSON object: ``type``, ``title``, ``status``, ``detail``, ``instance``
and ``invalid_params`` (a list of ``{name, reason}``, each ``name`` the JSON path of a bad field,
e.g. ``household.members[0].birth_date``; empty when no field is to blame).

:func:`exception_handler` is REST framework's EXCEPTION_HANDLER. It turns REST framework's
exceptions (and Django's Http404 and PermissionDenied) into problems, and is the safety net:
any other exception in an API view is logged and answered with a 500 problem, never an HTML page.
"""

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

logger = logging.getLogger("meedoen.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
INVALID_INPUT = "https://meedoen.example/problems/invalid-input"
BODY = "(body)"  # the name in invalid_params for the request body as a whole


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM_CONTENT_TYPE
    format = "problem+json"


class InvalidInput(exceptions.ValidationError):
    """400 with the given problems: ``[(name, reason), ...]``, each name a JSON path."""

    def __init__(self, problems):
        detail = {}
        for name, reason in problems:
            detail.setdefault(name or BODY, []).append(reason)
        super().__init__(detail)


def invalid_params(detail, prefix=""):
    """REST framework's nested error detail as a flat list of {name, reason} with JSON paths."""
    out = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                name = prefix
            elif isinstance(key, int):
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            out.extend(invalid_params(value, name))
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, (dict, list)):
                out.extend(invalid_params(item, f"{prefix}[{index}]"))
            else:
                out.append({"name": prefix or BODY, "reason": str(item)})
    else:
        out.append({"name": prefix or BODY, "reason": str(detail)})
    return out


def _phrase(status, part="phrase"):
    try:
        return getattr(HTTPStatus(status), part)
    except ValueError:
        return "Error"


def problem(status, detail, *, type="about:blank", title=None, params=(), instance=None):
    """The problem document (a dict)."""
    data = {
        "type": type,
        "title": title or _phrase(status),
        "status": status,
        "detail": detail,
        "invalid_params": list(params),
    }
    if instance:
        data["instance"] = instance
    return data


def problem_response(data, headers=None):
    """An HttpResponse with the problem rendered as application/problem+json, whatever the view renders."""
    body = ProblemJSONRenderer().render(data)
    response = HttpResponse(body, status=data["status"], content_type=PROBLEM_CONTENT_TYPE)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def _detail_text(detail):
    return str(detail) if not isinstance(detail, (dict, list)) else ""


DATABASE_RETRY_AFTER = 5  # seconds a client waits after a 503 for a database restart


def exception_handler(exc, context):
    request = context.get("request")
    instance = request.get_full_path() if request is not None else None
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.APIException("The request body is too large.")
        exc.status_code = 413
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.APIException("The request was refused.")
        exc.status_code = 400

    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = "%d" % exc.wait
        set_rollback()
        status = exc.status_code
        if isinstance(exc, exceptions.ValidationError):
            params = invalid_params(exc.detail)
            count = len({p["name"] for p in params})
            detail = f"{count} invalid field{'s' if count != 1 else ''}: " + ", ".join(dict.fromkeys(p["name"] for p in params))
            data = problem(status, detail, type=INVALID_INPUT, title="Invalid input", params=params, instance=instance)
        elif isinstance(exc, exceptions.ParseError):
            detail = _detail_text(exc.detail)
            data = problem(status, detail, type=INVALID_INPUT, title="Invalid input",
                           params=[{"name": BODY, "reason": detail}], instance=instance)
        else:
            data = problem(status, _detail_text(exc.detail) or _phrase(status, "description"), instance=instance)
        return problem_response(data, headers)

    if isinstance(exc, (OperationalError, InterfaceError)):  # the database is down or restarting: not a bug
        logger.warning("Database unavailable in API view %s: %s", getattr(context.get("view"), "__class__", None), exc)
        set_rollback()
        data = problem(503, "The database is not available for a moment. Nothing was changed; try again.",
                       instance=instance)
        return problem_response(data, {"Retry-After": str(DATABASE_RETRY_AFTER)})

    # The safety net: an unexpected error is a bug; log it, answer in the API's own format.
    logger.exception("Unexpected error in API view %s", getattr(context.get("view"), "__class__", None))
    set_rollback()
    data = problem(500, "An unexpected error occurred. It has been logged.", instance=instance)
    return problem_response(data)
