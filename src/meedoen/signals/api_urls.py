"""API endpoints of signals (included by meedoen.api.urls under /api/v1/)."""

from django.urls import path  # noqa: F401

urlpatterns = []
