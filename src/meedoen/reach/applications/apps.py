from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "meedoen.reach.applications"
    label = "reach_applications"
    verbose_name = "Aanvragen"
