"""Reach pages under /werkplek/bereik/: runs, the proactive service, council decision impact, applications."""

from django.urls import include, path

app_name = "reach"

urlpatterns = [
    path("", include("meedoen.reach.urls_runs")),
    path("proactief/", include("meedoen.reach.urls_proactive")),
    path("raadsbesluit/", include("meedoen.reach.urls_impact")),
    path("aanvragen/", include("meedoen.reach.applications.urls")),
]
