from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "meedoen.casework"
    verbose_name = "Casework"
