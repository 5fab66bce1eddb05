from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("", views.caseload, name="caseload"),
]
