"""Prometheus metrics for the operators (docs/operations.md): requests, latency and errors per URL pattern
(``MetricsMiddleware``), signal import rows (``count_signal_import``, called by the importer), and the queues,
counted in the database at scrape time (``QueueCollector``). ``/metrics`` answers only the scraper that sends
``Authorization: Bearer $MEEDOEN_METRICS_TOKEN``; without the setting, or with a wrong token, it is a 404.

Labels hold a method, a URL pattern (``werkplek/gezinnen/<int:pk>/``, never the path with its ids), a status
class, an outcome or a municipality's slug: no personal data, no household ids, no usernames. Several gunicorn
workers share their counts through ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's multiprocess mode)."""

import hmac
import os
import time

from django.conf import settings
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
# Seconds: a page is fast below 0.1 s; the household check stops at its budget (2 s by default); reach runs and
# imports in a request may take long.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)

REQUESTS = Counter("meedoen_http_requests", "HTTP requests answered, by method, URL pattern and status class.",
                   ["method", "route", "status"])
ERRORS = Counter("meedoen_http_errors", "HTTP requests answered with a server error (5xx), by method and URL pattern.",
                 ["method", "route"])
LATENCY = Histogram("meedoen_http_request_duration_seconds", "Time to answer an HTTP request, by method and URL pattern.",
                    ["method", "route"], buckets=LATENCY_BUCKETS)
SIGNAL_ROWS = Counter("meedoen_signal_import_rows", "Signal rows imported: created, duplicate (the reference is "
                      "already there or twice in the file) or rejected (a row with a problem).", ["outcome"])


def route_of(request):
    """The URL pattern that answered (``api/v1/regelingen/<slug:slug>/``), ``static`` or ``unmatched``."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.route or match.view_name or "unmatched"
    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"  # served by WhiteNoise before URL resolution
    return "unmatched"


class MetricsMiddleware:
    """Counts every request and observes its duration; first in MIDDLEWARE, so it sees the whole answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            method = request.method if request.method in METHODS else "other"
            route = route_of(request)
            LATENCY.labels(method, route).observe(time.perf_counter() - started)
            REQUESTS.labels(method, route, f"{status // 100}xx").inc()
            if status >= 500:
                ERRORS.labels(method, route).inc()


def count_signal_import(report):
    """Called by meedoen.signals.importer.import_rows with its ImportReport."""
    SIGNAL_ROWS.labels("created").inc(report.created)
    SIGNAL_ROWS.labels("duplicate").inc(report.duplicates)
    SIGNAL_ROWS.labels("rejected").inc(len({problem.row for problem in report.problems}))


def _by_municipality(queryset, field):
    return {row[field]: row["n"] for row in queryset.values(field).order_by(field).annotate(n=Count("id"))}


class QueueCollector:
    """Queue lengths and register loads, counted in the database at each scrape (a few grouped COUNTs)."""

    def collect(self):
        from meedoen.casework.access import today
        from meedoen.debthelp.models import DebtCase
        from meedoen.debthelp.vocabulary import OPEN_PHASES
        from meedoen.reach.models import RegisterLoad
        from meedoen.signals.models import Signal, SignalCase, SignalMatch

        slug = "municipality__slug"
        open_cases = SignalCase.objects.filter(closed_at__isnull=True)
        yield self._gauge("meedoen_signal_cases_open", "Signal cases not closed.",
                          _by_municipality(open_cases, slug))
        yield self._gauge("meedoen_signal_cases_overdue", "Open signal cases past their due date (first conversation).",
                          _by_municipality(open_cases.filter(due__lt=today()), slug))
        yield self._gauge("meedoen_signals_unmatched", "Signals that matching linked to no register household.",
                          _by_municipality(SignalMatch.objects.filter(method=""), "signal__municipality__slug"))
        yield self._gauge("meedoen_signals_waiting", "Signals not matched yet.",
                          _by_municipality(Signal.objects.filter(match__isnull=True), slug))
        yield self._gauge("meedoen_debthelp_cases_open", "Debt-help cases in an open phase (not closed, refused or ended).",
                          _by_municipality(DebtCase.objects.filter(phase__in=OPEN_PHASES), "organisation__municipality__slug"))
        loads = CounterMetricFamily("meedoen_register_loads", "Registers loaded (rows in the register load table).",
                                    labels=["municipality"])
        last = GaugeMetricFamily("meedoen_register_last_load_timestamp_seconds", "When the last register was loaded.",
                                 labels=["municipality"])
        rows = RegisterLoad.objects.values(slug).order_by(slug).annotate(n=Count("id"), last=Max("loaded_at"))
        for row in rows:
            loads.add_metric([row[slug]], row["n"])
            last.add_metric([row[slug]], row["last"].timestamp())
        yield loads
        yield last

    @staticmethod
    def _gauge(name, documentation, counts):
        gauge = GaugeMetricFamily(name, documentation, labels=["municipality"])
        for municipality, number in counts.items():
            gauge.add_metric([municipality], number)
        return gauge


QUEUES = CollectorRegistry()
QUEUES.register(QueueCollector())


def _process_registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # every worker's counts, from the shared folder
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return registry
    return REGISTRY


def _token_ok(request):
    token = getattr(settings, "MEEDOEN_METRICS_TOKEN", "")
    sent = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


@never_cache
def metrics(request):
    if not _token_ok(request):
        raise Http404  # off, or not the scraper: the endpoint does not say it exists
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    body = generate_latest(_process_registry()) + generate_latest(QUEUES)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
