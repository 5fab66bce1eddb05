from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "workspace"
urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(template_name="workspace/login.html"), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
]
