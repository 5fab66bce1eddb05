from django.apps import AppConfig


class FamilyPortalConfig(AppConfig):
    name = "meedoen.familyportal"
    verbose_name = "Family portal"
