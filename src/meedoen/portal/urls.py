from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.start, name="start"),
    path("check/", views.check, name="check"),
    path("check/verhuizen/", views.compare, name="compare"),
]
