"""The early-signalling figures page and its export; meedoen.web.urls includes this under werkplek/signalen/cijfers/."""

from django.urls import path

from . import report_views

app_name = "signals_figures"
urlpatterns = [
    path("", report_views.figures_page, name="page"),
    path("export.csv", report_views.export_csv, name="csv"),
    path("export.json", report_views.export_json, name="json"),
]
