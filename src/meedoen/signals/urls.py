"""Workspace pages of signals (included by meedoen.web.urls)."""

from django.urls import path

from . import views

app_name = "signals"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.case, name="case"),
    path("uitsluitingen/", views.exclusions, name="exclusions"),
    path("niet-gekoppeld/", views.unmatched, name="unmatched"),
]
