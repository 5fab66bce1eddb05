from django.apps import AppConfig


class MunicipalitiesConfig(AppConfig):
    name = "meedoen.municipalities"
    verbose_name = "Gemeenten"
