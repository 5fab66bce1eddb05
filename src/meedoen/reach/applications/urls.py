"""Application pages under /werkplek/bereik/aanvragen/ (namespace "reach")."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.lead_times, name="applications"),
    path("doorlooptijden.csv", views.lead_times_csv, name="applications_csv"),
    path("nieuw/", views.application_new, name="applications_new"),
    path("vastgelegd/", views.application_list, name="applications_mine"),
    path("inlezen/", views.applications_import, name="applications_import"),
    path("<int:pk>/", views.application_detail, name="applications_detail"),
    path("<int:pk>/besluit/", views.application_decide, name="applications_decide"),
    path("<int:pk>/bezwaar/", views.objection_new, name="applications_objection"),
    path("<int:pk>/bezwaar/<int:objection_pk>/", views.objection_decide, name="applications_objection_decide"),
]
