from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import health, metrics

urlpatterns = [
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("metrics", metrics.metrics, name="metrics"),
    path("", include("meedoen.portal.urls")),
    path("werkplek/gezinnen/", include("meedoen.casework.urls")),
    path("werkplek/bereik/", include("meedoen.reach.urls")),
    path("werkplek/signalen/cijfers/", include("meedoen.signals.urls_figures")),
    path("werkplek/signalen/", include("meedoen.signals.urls")),
    path("werkplek/schuldhulp/", include("meedoen.debthelp.urls")),
    path("werkplek/", include("meedoen.workspace.urls")),
    path("mijn-gezin/", include("meedoen.familyportal.urls")),
    path("api/v1/", include("meedoen.api.urls")),
    path("beheer/", admin.site.urls),
]

if settings.OIDC_RP_CLIENT_ID:  # OpenID Connect login for professionals, when configured
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
handler500 = "meedoen.web.errors.server_error"
