"""Routes of the casework API (included by meedoen.api.urls before its catch-all)."""

from django.urls import path

from . import views

urlpatterns = [
    path("families/", views.FamilyList.as_view(), name="casework-family-list"),
    path("families/<int:family_id>/", views.FamilyDetail.as_view(), name="casework-family-detail"),
    path("families/<int:family_id>/members/", views.MemberCreate.as_view(), name="casework-member-create"),
    path("families/<int:family_id>/plan/", views.PlanDetail.as_view(), name="casework-plan"),
    path("families/<int:family_id>/plan/goals/", views.GoalCreate.as_view(), name="casework-goal-create"),
    path("families/<int:family_id>/plan/actions/", views.ActionCreate.as_view(), name="casework-action-create"),
    path("families/<int:family_id>/plan/actions/<int:action_id>/", views.ActionUpdate.as_view(), name="casework-action-update"),
    path("families/<int:family_id>/consents/", views.ConsentList.as_view(), name="casework-consents"),
    path("families/<int:family_id>/referrals/", views.FamilyReferrals.as_view(), name="casework-family-referrals"),
    path("families/<int:family_id>/access-log/", views.AccessLogList.as_view(), name="casework-access-log"),
    path("consents/<int:consent_id>/withdraw/", views.ConsentWithdraw.as_view(), name="casework-consent-withdraw"),
    path("referrals/", views.IncomingReferrals.as_view(), name="casework-referrals-incoming"),
    path("referrals/<int:referral_id>/accept/", views.ReferralAccept.as_view(), name="casework-referral-accept"),
    path("referrals/<int:referral_id>/reject/", views.ReferralReject.as_view(), name="casework-referral-reject"),
    path("referrals/<int:referral_id>/start/", views.ReferralStart.as_view(), name="casework-referral-start"),
    path("referrals/<int:referral_id>/complete/", views.ReferralComplete.as_view(), name="casework-referral-complete"),
    path("referrals/<int:referral_id>/revoke/", views.ReferralRevoke.as_view(), name="casework-referral-revoke"),
    path("persons/<int:person_id>/export/", views.PersonExport.as_view(), name="casework-person-export"),
]
