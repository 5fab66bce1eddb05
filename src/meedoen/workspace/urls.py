from django.contrib.auth import views as auth_views
from django.urls import path

from meedoen.web import two_factor_views

from . import views

app_name = "workspace"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("tweestaps/code/", two_factor_views.verify, name="two_factor_verify"),
    path("tweestaps/instellen/", two_factor_views.enrol, name="two_factor_enrol"),
    path("tweestaps/uitzetten/", two_factor_views.remove, name="two_factor_remove"),
    path("tweestaps/beheer/", two_factor_views.admin, name="two_factor_admin"),
    path("", views.home, name="home"),
    path("huishoudens/nieuw/", views.household_new, name="household_new"),
    path("huishoudens/<int:pk>/", views.household_detail, name="household"),
    path("huishoudens/<int:pk>/controleer/", views.run_check, name="run_check"),
    path("regelboek/", views.rulebook_index, name="rulebook"),
    path("regelboek/bijwerken/", views.rulebook_sync, name="rulebook_sync"),
    path("regelboek/<slug:slug>/", views.rulebook_detail, name="rulebook_detail"),
]
