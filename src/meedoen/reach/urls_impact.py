"""Council decision impact under /werkplek/bereik/raadsbesluit/ (namespace "reach")."""

from django.urls import path

from .views import impact

urlpatterns = [
    path("", impact.impact_page, name="impact"),
    path("gevolgen.csv", impact.impact_csv, name="impact_csv"),
    path("gevolgen.pdf", impact.impact_pdf, name="impact_pdf"),
]
