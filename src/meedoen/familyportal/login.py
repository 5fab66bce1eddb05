"""Logging in and out of the family portal. Only users with a family account get in (in production: DigiD)."""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse

from meedoen.casework.models import FamilyAccount
from meedoen.web.language import current_language, remember_language

from .texts import t, texts


class FamilyLoginForm(AuthenticationForm):
    """The usual username and password, refused for anybody without a family account."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.lang = current_language(request) if request is not None else "nl"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not FamilyAccount.objects.filter(user_id=user.pk).exists():
            raise forms.ValidationError(t("not_family_login", self.lang), code="not_family")


class LoginView(auth_views.LoginView):
    template_name = "familyportal/login.html"
    form_class = FamilyLoginForm

    def get_default_redirect_url(self):
        return reverse("familyportal:home")

    def get_context_data(self, **kwargs):
        lang = current_language(self.request)
        return super().get_context_data(T=texts(lang), login_error=login_error(kwargs.get("form"), lang), **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def dispatch(self, request, *args, **kwargs):
        return remember_language(request, super().dispatch(request, *args, **kwargs))


def login_error(form, lang):
    """The one message for a refused login: not a family account, or a wrong username or password."""
    if form is None or not form.is_bound or not form.non_field_errors():
        return ""
    codes = {error.code for error in form.non_field_errors().as_data()}
    return t("not_family_login", lang) if "not_family" in codes else t("login_failed", lang)


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule); back to the portal login."""

    def get_default_redirect_url(self):
        return reverse("familyportal:login")
