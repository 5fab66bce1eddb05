"""Workspace pages of debthelp (included by meedoen.web.urls under /werkplek/schuldhulp/)."""

from django.urls import path

from . import views

app_name = "debthelp"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("gezin/<int:family_id>/", views.family_cases, name="family"),
    path("gezin/<int:family_id>/aanmelden/", views.new_case, name="new"),
    path("<int:case_id>/", views.case_page, name="case"),
    path("<int:case_id>/stap/", views.step, name="step"),
    path("<int:case_id>/schuldeiser/", views.creditor_add, name="creditor_add"),
    path("schuldeiser/<int:creditor_id>/", views.creditor_edit, name="creditor_edit"),
    path("doorlooptijden/", views.leadtimes_page, name="leadtimes"),
    path("doorlooptijden.csv", views.leadtimes_csv, name="leadtimes_csv"),
]
