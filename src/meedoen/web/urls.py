from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("meedoen.portal.urls")),
    path("werkplek/", include("meedoen.workspace.urls")),
    path("api/v1/", include("meedoen.api.urls")),
    path("beheer/", admin.site.urls),
]
