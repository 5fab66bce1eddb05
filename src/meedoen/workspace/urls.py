from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "workspace"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("huishoudens/nieuw/", views.household_new, name="household_new"),
    path("huishoudens/<int:pk>/", views.household_detail, name="household"),
    path("huishoudens/<int:pk>/controleer/", views.run_check, name="run_check"),
    path("regelboek/", views.rulebook_index, name="rulebook"),
    path("regelboek/bijwerken/", views.rulebook_sync, name="rulebook_sync"),
    path("regelboek/<slug:slug>/", views.rulebook_detail, name="rulebook_detail"),
]
