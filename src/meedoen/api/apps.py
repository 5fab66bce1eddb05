from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "meedoen.api"
    verbose_name = "API"

    def ready(self):
        from . import openapi  # noqa: F401 - registers the drf-spectacular extensions
