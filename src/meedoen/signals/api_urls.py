"""API endpoints of signals (included by meedoen.api.urls under /api/v1/signals/): the partner API."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.SignalList.as_view(), name="signals-list"),
    path("<path:reference>/", api.SignalDetail.as_view(), name="signals-detail"),
]
