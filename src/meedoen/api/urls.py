"""The open API, version 1 (included at /api/v1/ by meedoen.web.urls)."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from . import views

app_name = "api"
urlpatterns = [
    path("municipalities/", views.MunicipalityList.as_view(), name="municipality-list"),
    path("municipalities/<slug:slug>/", views.MunicipalityDetail.as_view(), name="municipality-detail"),
    path("municipalities/<slug:slug>/schemes/", views.SchemeCatalogue.as_view(), name="scheme-catalogue"),
    path("check/", views.Check.as_view(), name="check"),
    path("check/batch/", views.CheckBatch.as_view(), name="check-batch"),
    path("", include("meedoen.api.casework.urls")),  # families, consents, referrals, persons
    path("signals/", include("meedoen.signals.api_urls")),  # arrears signals from partners
    path("debthelp/", include("meedoen.debthelp.api_urls")),  # the debt-help pathway
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Redoc styles itself inline and parses the schema in a worker: allowed on this page only.
    path("docs/", csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
        SpectacularRedocView.as_view(url_name="api:schema")), name="docs"),
    re_path(r"^[\s\S]*$", views.NoSuchEndpoint.as_view(), name="no-such-endpoint"),  # any path, newlines too
]
