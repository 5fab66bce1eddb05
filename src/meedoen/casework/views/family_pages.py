"""Caseload, the family page, members, helpers, analysis, schemes, notes, export (to be written)."""

from django.http import HttpResponse
from django.urls import path


def caseload(request):
    return HttpResponse("casework")


urlpatterns = [path("", caseload, name="caseload")]
