"""Test-only urlconf: the site's URLs with the signals figures mounted where meedoen.web.urls will mount them."""

from django.urls import include, path

from meedoen.web.urls import urlpatterns as site

urlpatterns = [path("werkplek/signalen/cijfers/", include("meedoen.signals.urls_figures")),
               *(p for p in site if getattr(p, "namespace", None) != "signals_figures")]
