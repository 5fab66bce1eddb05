from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "meedoen.reach"
    label = "reach"
    verbose_name = "Bereik"
