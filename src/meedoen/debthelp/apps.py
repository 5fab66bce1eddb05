from django.apps import AppConfig


class DebthelpConfig(AppConfig):
    name = "meedoen.debthelp"
    label = "debthelp"
    verbose_name = "Schuldhulpverlening"
