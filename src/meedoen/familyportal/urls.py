from django.urls import path

from . import consent_views, file_views, login, plan_views

app_name = "familyportal"
urlpatterns = [
    path("inloggen/", login.LoginView.as_view(), name="login"),
    path("uitloggen/", login.LogoutView.as_view(), name="logout"),
    path("", plan_views.home, name="home"),
    path("onze-woorden/", plan_views.set_words, name="set_words"),
    path("doel/", plan_views.add_goal, name="add_goal"),
    path("doel/<int:goal_id>/bereikt/", plan_views.goal_achieved, name="goal_achieved"),
    path("reactie/", plan_views.add_comment, name="add_comment"),
    path("wie-helpt-ons/", file_views.helpers, name="helpers"),
    path("overleggen/", file_views.meetings, name="meetings"),
    path("wie-keek-in-ons-dossier/", file_views.access_log, name="log"),
    path("toestemming/", consent_views.consent, name="consent"),
    path("toestemming/geven/", consent_views.give, name="consent_give"),
    path("toestemming/intrekken/", consent_views.withdraw, name="consent_withdraw"),
    path("mijn-gegevens/", file_views.my_data, name="my_data"),
    path("mijn-gegevens/download/", file_views.export_json, name="export"),
]
