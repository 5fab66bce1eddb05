from django.urls import path

from .views import runs

urlpatterns = [
    path("", runs.runs, name="runs"),
    path("berekening/<int:pk>/", runs.run, name="run"),
    path("berekening/<int:pk>/bereik.csv", runs.run_csv, name="run_csv"),
]
