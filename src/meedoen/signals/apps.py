from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "meedoen.signals"
    label = "signals"
    verbose_name = "Vroegsignalering"
