"""Workspace pages of debthelp (included by meedoen.web.urls)."""

from django.urls import path  # noqa: F401

app_name = "debthelp"
urlpatterns = []
