"""The form to enter a client household: municipality, case number and the household JSON."""

import json

from django import forms
from django.core.exceptions import ValidationError

from meedoen.municipalities.models import Municipality
from meedoen.municipalities.rulebook import current_rulebook
from meedoen.portal.views import check_date
from meedoen.rules.household import household_problems

from .models import ClientHousehold
from .texts import t


class ClientHouseholdForm(forms.Form):
    municipality = forms.ModelChoiceField(queryset=Municipality.objects.filter(active=True), to_field_name="slug",
                                          empty_label=None)
    reference = forms.CharField(max_length=100)
    household = forms.CharField(widget=forms.Textarea(attrs={"rows": 16, "cols": 60, "spellcheck": "false"}), strip=True)

    def __init__(self, *args, lang="nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.lang = lang
        for name, field in self.fields.items():
            field.error_messages.update({
                "required": t("err_required", lang),
                "invalid_choice": t("err_choice", lang),
                "max_length": t("err_too_long", lang),
            })
        self.fields["municipality"].label = t("municipality", lang)
        self.fields["reference"].label = t("reference", lang)
        self.fields["household"].label = t("household_label", lang)
        self.household_problems = []

    def clean_reference(self):
        return self.cleaned_data["reference"].strip()

    def clean_household(self):
        text = self.cleaned_data["household"]
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(t("err_json", self.lang, msg=exc.msg, line=exc.lineno, col=exc.colno), code="json")
        except (RecursionError, ValueError):
            raise ValidationError(t("err_json_deep", self.lang), code="json")
        if not isinstance(data, dict):
            raise ValidationError(t("err_object", self.lang), code="object")
        return data

    def clean(self):
        cleaned = super().clean()
        municipality, data = cleaned.get("municipality"), cleaned.get("household")
        if municipality is None or data is None:
            return cleaned
        named = data.get("municipality")
        if named in (None, ""):
            data = {**data, "municipality": municipality.slug}
        elif isinstance(named, str):
            found = current_rulebook().municipality(named)
            if found is not None and found.id != municipality.slug:
                self.add_error("household", ValidationError(
                    t("err_other_municipality", self.lang, named=named, chosen=municipality.name), code="municipality"))
                return cleaned
            if found is None:
                self.add_error("household", ValidationError(
                    t("err_unknown_municipality", self.lang, named=named), code="municipality"))
                return cleaned
            data = {**data, "municipality": found.id}
        try:
            problems = household_problems(data, on=check_date())
        except RecursionError:
            self.add_error("household", ValidationError(t("err_json_deep", self.lang), code="json"))
            return cleaned
        if problems:
            self.household_problems = problems
            self.add_error("household", ValidationError(
                [t("err_household", self.lang)] + [f"{p.where}: {p.what}" for p in problems], code="household"))
            return cleaned
        cleaned["household"] = data
        reference = cleaned.get("reference")
        if reference and ClientHousehold.objects.filter(municipality=municipality, reference=reference).exists():
            self.add_error("reference", ValidationError(t("err_duplicate", self.lang), code="duplicate"))
        return cleaned

    def error_summary(self):
        """{field id: first message} for the error summary at the top, in field order."""
        summary = {}
        for name, field in self.fields.items():
            errors = self.errors.get(name)
            if not errors:
                continue
            message = errors[0]
            if name == "household" and self.household_problems:
                message = t("err_household_summary", self.lang, n=len(self.household_problems))
            summary[f"id_{name}"] = f"{field.label}: {message}"
        for message in self.non_field_errors():
            summary.setdefault("id_reference", message)
        return summary
