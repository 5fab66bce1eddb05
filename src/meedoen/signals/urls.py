"""Workspace pages of signals (included by meedoen.web.urls)."""

from django.urls import path  # noqa: F401

app_name = "signals"
urlpatterns = []
