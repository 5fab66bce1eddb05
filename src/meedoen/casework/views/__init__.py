"""Casework pages for professionals (placeholder until the pages land)."""

from django.http import HttpResponse


def caseload(request):
    return HttpResponse("casework")
