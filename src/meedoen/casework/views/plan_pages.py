"""Plan, coordinator, escalation, referrals, conferences and consent: the family page's sections and their forms.

``sections`` gives the family page (views/family_pages.py) the context of the templates in
casework/sections/; ``urlpatterns`` are joined in casework/urls.py.
"""

from . import plan_edit, plan_meetings, plan_referrals
from .plan_sections import sections  # noqa: F401

urlpatterns = plan_referrals.urlpatterns + plan_edit.urlpatterns + plan_meetings.urlpatterns
