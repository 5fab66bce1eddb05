"""Prometheus metrics: /metrics is a 404 unless configured and asked with the right bearer token; requests are
counted by URL pattern (never the path with its ids) and status class, a view that raises counts as 5xx, the
queue gauges are counted in the database at scrape time, and signal imports count their rows."""

from datetime import timedelta

import pytest
from django.urls import include, path
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from meedoen.casework.access import today
from meedoen.municipalities.models import Municipality, Organisation
from meedoen.reach.models import RegisterLoad
from meedoen.signals.importer import import_rows, read_rows
from meedoen.signals.models import Signal, SignalCase, SignalMatch, SignalPartner

TOKEN = "scrape-token-for-tests"



def label_values(text):
    """Every label value of the exposition, joined (sample values and timestamps left out: a float can hold any
    digits)."""
    return " ".join(value for family in text_string_to_metric_families(text) for sample in family.samples
                    for value in sample.labels.values())

def explode(request, pk):
    raise RuntimeError("a view that fails")


# A test-only URLConf (settings.ROOT_URLCONF = __name__): the site's URLs and a view that raises.
urlpatterns = [path("test-boom/<int:pk>/", explode), path("", include("meedoen.web.urls"))]


@pytest.fixture
def metrics_on(settings):
    settings.MEEDOEN_METRICS_TOKEN = TOKEN


def scrape(client):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content[:200]
    return response


def samples(client):
    """{(sample name, frozenset of labels): value} from one scrape."""
    text = scrape(client).content.decode()
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(found, name, **labels):
    return found.get((name, frozenset(labels.items())), 0.0)


def test_off_by_default(client, db, settings):
    settings.MEEDOEN_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", TOKEN, f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_without_the_right_token_it_does_not_exist(client, db, metrics_on, header):
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}
    assert client.get("/metrics", **extra).status_code == 404
    assert client.post("/metrics", **extra).status_code == 404  # also not a 405 that gives it away


def test_exposition_counts_a_request_by_its_url_pattern(client, db, metrics_on):
    before = samples(client)
    answered = client.get("/werkplek/gezinnen/4711/")
    found = samples(client)
    response = scrape(client)
    assert response["Content-Type"].startswith("text/plain") and "no-cache" in response["Cache-Control"]
    status = f"{answered.status_code // 100}xx"
    labels = {"method": "GET", "route": "werkplek/gezinnen/<int:pk>/", "status": status}
    assert value(found, "meedoen_http_requests_total", **labels) == value(before, "meedoen_http_requests_total", **labels) + 1
    assert value(found, "meedoen_http_request_duration_seconds_count", method="GET", route=labels["route"]) >= 1
    text = response.content.decode()
    assert "4711" not in label_values(text) and 'route="werkplek/gezinnen/<int:pk>/"' in text
    assert 'route="metrics"' in text  # the scrapes themselves, by pattern too


def test_unknown_paths_are_unmatched_not_their_path(client, db, metrics_on):
    before = samples(client)
    assert client.get("/no-such-page-8812/").status_code == 404
    found = samples(client)
    labels = {"method": "GET", "route": "unmatched", "status": "4xx"}
    assert value(found, "meedoen_http_requests_total", **labels) == value(before, "meedoen_http_requests_total", **labels) + 1
    assert "8812" not in label_values(scrape(client).content.decode())


def test_a_view_that_raises_counts_as_a_server_error(client, db, metrics_on, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    before = samples(client)
    assert client.get("/test-boom/99/").status_code == 500
    found = samples(client)
    route = "test-boom/<int:pk>/"
    labels = {"method": "GET", "route": route, "status": "5xx"}
    assert value(found, "meedoen_http_requests_total", **labels) == value(before, "meedoen_http_requests_total", **labels) + 1
    assert value(found, "meedoen_http_errors_total", method="GET", route=route) == \
        value(before, "meedoen_http_errors_total", method="GET", route=route) + 1


@pytest.fixture
def town(db):
    return Municipality.objects.create(slug="metrictown", name="Metrictown", cbs_code="9901", districts=[])


def test_queue_gauges_follow_the_signal_cases(client, metrics_on, town):
    load = RegisterLoad.objects.create(municipality=town, source="test")
    day = today()

    def case(due, closed=False):
        return SignalCase.objects.create(municipality=town, load=load, household_id="HH-SECRET-1", opened_on=day,
                                         due=due, closed_at=timezone.now() if closed else None)

    case(day - timedelta(days=1))
    case(day + timedelta(days=5))
    case(None)
    case(day - timedelta(days=9), closed=True)
    found = samples(client)
    assert value(found, "meedoen_signal_cases_open", municipality="metrictown") == 3
    assert value(found, "meedoen_signal_cases_overdue", municipality="metrictown") == 1
    assert value(found, "meedoen_register_loads_total", municipality="metrictown") == 1
    case(day - timedelta(days=2))
    SignalCase.objects.filter(due=day + timedelta(days=5)).update(closed_at=timezone.now())
    found = samples(client)
    assert value(found, "meedoen_signal_cases_open", municipality="metrictown") == 3
    assert value(found, "meedoen_signal_cases_overdue", municipality="metrictown") == 2
    assert "HH-SECRET-1" not in scrape(client).content.decode()


def test_unmatched_and_waiting_signals(client, metrics_on, town):
    org = Organisation.objects.create(municipality=town, slug="woco", name="Woningcorporatie (test)")
    partner = SignalPartner.objects.create(organisation=org, partner_type="huur")
    report = import_rows(partner, [{"referentie": f"M-{i}", "bedrag": "10", "signaaldatum": "2026-02-02",
                                    "bsn": "111222333"} for i in range(3)], b"k" * 32)
    assert report.created == 3
    first = Signal.objects.order_by("id").first()
    SignalMatch.objects.create(signal=first, method="", reason="not_found", matched_at=timezone.now())
    found = samples(client)
    assert value(found, "meedoen_signals_unmatched", municipality="metrictown") == 1
    assert value(found, "meedoen_signals_waiting", municipality="metrictown") == 2


def test_open_debt_help_cases(client, metrics_on, casework_demo):
    from meedoen.debthelp.demo import load_debthelp_demo
    from meedoen.debthelp.models import DebtCase

    load_debthelp_demo()
    open_cases = DebtCase.objects.exclude(phase__in=["closed", "relapse_checked", "refused", "ended"])
    assert open_cases.exists()
    slug = open_cases.first().organisation.municipality.slug
    expected = open_cases.filter(organisation__municipality__slug=slug).count()
    assert value(samples(client), "meedoen_debthelp_cases_open", municipality=slug) == expected
    case = open_cases.filter(organisation__municipality__slug=slug).first()
    DebtCase.objects.filter(pk=case.pk).update(phase="ended", end_reason="test")
    assert value(samples(client), "meedoen_debthelp_cases_open", municipality=slug) == expected - 1


def test_signal_import_counts_created_duplicate_and_rejected_rows(client, metrics_on, town):
    org = Organisation.objects.create(municipality=town, slug="woco", name="Woningcorporatie (test)")
    partner = SignalPartner.objects.create(organisation=org, partner_type="huur")
    csv = ("referentie;bedrag;ontstaansdatum;signaaldatum;crisissignaal;bsn\n"
           "H-1;450,00;2026-01-01;2026-02-02;nee;111222333\n"
           "H-2;twaalf;2026-01-01;2026-02-02;nee;111222333\n"
           "H-3;;2026-01-01;2026-02-02;ja;999991012\n")
    name = "meedoen_signal_import_rows_total"
    before = samples(client)
    import_rows(partner, read_rows(csv, "csv"), b"k" * 32)
    import_rows(partner, read_rows(csv, "csv"), b"k" * 32)
    found = samples(client)
    assert value(found, name, outcome="created") - value(before, name, outcome="created") == 2
    assert value(found, name, outcome="duplicate") - value(before, name, outcome="duplicate") == 2
    assert value(found, name, outcome="rejected") - value(before, name, outcome="rejected") == 2


def test_several_workers_add_up_through_the_multiprocess_folder(tmp_path):
    """gunicorn runs several workers (scripts/demo.sh: 2); with PROMETHEUS_MULTIPROC_DIR each writes its counts to
    the folder and a scrape in any worker reads them all. Separate processes, since the folder is read at import."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    worker = ("import django; django.setup()\n"
              "from meedoen.web import metrics\n"
              "metrics.REQUESTS.labels('GET', 'werkplek/', '2xx').inc(3)\n"
              "print(metrics.generate_latest(metrics._process_registry()).decode())\n")
    outputs = [subprocess.run([sys.executable, "-c", worker], env=env, capture_output=True, text=True, check=True).stdout
               for _ in range(2)]
    line = 'meedoen_http_requests_total{method="GET",route="werkplek/",status="2xx"}'
    assert f"{line} 3.0" in outputs[0] and f"{line} 6.0" in outputs[1]
    assert len(list(tmp_path.iterdir())) == 2  # one file per worker process
