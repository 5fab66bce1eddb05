"""Part A of the professionals' casework pages: the caseload with notifications, a new family, the family page
(members, who helps, analysis, money, schemes, confidential notes, and part B's sections), its forms, and the
GDPR export of one person. The modules are small; this one joins their URLs (casework/urls.py joins all)."""

from django.urls import path

from . import family_analysis, family_edit, family_export
from .family_caseload import caseload, family_new, notification_read
from .family_page import family_page

urlpatterns = [
    path("", caseload, name="caseload"),
    path("nieuw/", family_new, name="family_new"),
    path("meldingen/gelezen/", notification_read, name="notifications_read"),
    path("meldingen/<int:notification_id>/gelezen/", notification_read, name="notification_read"),
    path("<int:pk>/", family_page, name="family"),
] + family_edit.urlpatterns + family_analysis.urlpatterns + family_export.urlpatterns
