from django.urls import path

from . import views

app_name = "familyportal"
urlpatterns = [
    path("", views.home, name="home"),
]
