"""Health endpoints for the platform's operators (docs/operations.md): ``/health/live`` says the process answers;
``/health/ready`` says it can serve: the database answers, the migrations are applied, the shared cache table
exists and the rulebook loads. JSON, no personal data, no login; never cached."""

import time

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


def _database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _migrations():
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return "ok" if not pending else f"{len(pending)} migrations not applied"


def _cache():
    key = "meedoen:health"
    cache.set(key, "ok", 30)
    return "ok" if cache.get(key) == "ok" else "the cache does not keep a value"


def _rulebook():
    from meedoen.municipalities.rulebook import current_rulebook

    rulebook = current_rulebook()
    return f"ok ({rulebook.version})"


CHECKS = {"database": _database, "migrations": _migrations, "cache": _cache, "rulebook": _rulebook}


@never_cache
@require_GET
def ready(request):
    started, results, healthy = time.perf_counter(), {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a check that fails says which and why, never a 500 page
            results[name] = f"failed: {type(exc).__name__}"
        healthy = healthy and results[name].startswith("ok")
    body = {"status": "ok" if healthy else "unavailable", "checks": results,
            "seconds": round(time.perf_counter() - started, 3)}
    return JsonResponse(body, status=200 if healthy else 503)
