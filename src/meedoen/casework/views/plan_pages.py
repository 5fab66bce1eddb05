"""Plan, coordinator, escalation, referrals, conferences and consent (to be written)."""


def sections(request, family, lang):
    """Context for the family page's plan/referral/conference/consent sections (templates in casework/sections/)."""
    return {}


urlpatterns = []
