"""The page for an unexpected error (handler500): while the database is down or restarting the answer is a 503
"try again in a moment" with Retry-After, not a 500 that reads as a bug; anything else is Django's plain 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError

RETRY_AFTER = 5  # seconds

PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Even niet beschikbaar / Not available for a moment</title></head>
<body><main><h1>Even niet beschikbaar</h1><p>De gegevens zijn even niet bereikbaar. Er is niets veranderd.
Probeer het over een paar seconden opnieuw.</p>
<h2 lang="en">Not available for a moment</h2><p lang="en">The data cannot be reached for a moment. Nothing was
changed. Please try again in a few seconds.</p></main></body></html>"""


def server_error(request):
    """handler500: Django calls it inside its except block, so the exception is still in sys.exc_info()."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return HttpResponseServerError("<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Fout / Error"
                                   "</title></head><body><h1>Er ging iets mis / Something went wrong</h1></body></html>",
                                   content_type="text/html; charset=utf-8")
