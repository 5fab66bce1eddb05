"""API endpoints of debthelp (included by meedoen.api.urls under /api/v1/debthelp/)."""

from django.urls import path

from . import api

urlpatterns = [
    path("cases/", api.CaseList.as_view(), name="debthelp-cases"),
    path("cases/<int:case_id>/", api.CaseDetail.as_view(), name="debthelp-case"),
    path("cases/<int:case_id>/steps/", api.StepCreate.as_view(), name="debthelp-steps"),
    path("cases/<int:case_id>/creditors/", api.CreditorList.as_view(), name="debthelp-creditors"),
    path("creditors/<int:creditor_id>/", api.CreditorDetail.as_view(), name="debthelp-creditor"),
]
