"""Request serializers (validation) and response serializers (the documented shape of every answer).

Responses are built as plain dicts by the engine and the views; the response serializers here
describe them exactly for the OpenAPI schema (every object is closed: no undocumented fields), and
the schemathesis test checks every answer against that schema.
"""

import re
from collections.abc import Mapping
from datetime import date

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MAX_HOUSEHOLDS = 10_000
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_SCHEMA = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}


class StrictSerializer(serializers.Serializer):
    # Rejects fields it does not know; closed in the schema (additionalProperties: false).
    # (A comment, not a docstring: drf-spectacular would give every subclass this description.)

    # A text field takes a JSON string only, as the schema says (DRF's CharField turns 0 into "0").

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, Mapping):
            allowed = ", ".join(self.fields)
            unknown = {key: [f"unknown field; the fields are: {allowed}"] for key in data if key not in self.fields}
            unknown.update({key: ["not a text: write it as a JSON string"] for key, field in self.fields.items()
                            if isinstance(field, serializers.CharField) and data.get(key) is not None
                            and not isinstance(data.get(key), str)})
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from exc
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false, and nothing else: the schema says boolean, so 0, 1, "yes" or "true" are refused (DRF's
    BooleanField takes them)."""

    default_error_messages = {"invalid": "not a boolean: write true or false"}

    def to_internal_value(self, data):
        if data is True or data is False:
            return data
        self.fail("invalid")


@extend_schema_field(DATE_SCHEMA)
class IsoDateField(serializers.DateField):
    """A calendar date written YYYY-MM-DD, and nothing else (no week dates, no times)."""

    default_error_messages = {
        "invalid": "not a date: write YYYY-MM-DD",
        "impossible": "{value} is not a real date",
    }

    def to_internal_value(self, value):
        if isinstance(value, date):
            return value
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            self.fail("invalid")
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail("impossible", value=value)


class EnumField(serializers.ChoiceField):
    """A choice field whose choices are one named component in the schema (used in several places)."""

    def __init__(self, enum_name, choices, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices, **kwargs)


def amount_unit(**kwargs):
    return EnumField("AmountUnitEnum", ["per_year", "per_month", "once", "in_kind"], **kwargs)


class HouseholdField(serializers.Field):
    """A household as in docs/household-format.md; checked by the rulebook engine, not here.

    The OpenAPI schema of this field is the published household JSON Schema (see openapi.py).
    """

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


# -- requests ------------------------------------------------------------------------------

class CheckRequestSerializer(StrictSerializer):
    household = HouseholdField(help_text="The household (see the Household schema). Money in integer cents; missing or null is unknown.")
    date = IsoDateField(required=False, help_text="The evaluation date (YYYY-MM-DD); default today.")
    municipality = serializers.CharField(
        required=False, max_length=100,
        help_text="Municipality id or CBS code to evaluate with instead of household.municipality "
                  "(what if the household moves there?).")


class BatchRequestSerializer(StrictSerializer):
    households = serializers.ListField(
        child=HouseholdField(allow_null=True), max_length=MAX_HOUSEHOLDS,
        help_text=f"At most {MAX_HOUSEHOLDS:,} households. Invalid ones are reported and left out; the rest is evaluated.")
    date = IsoDateField(required=False, help_text="The evaluation date (YYYY-MM-DD); default today.")
    municipality = serializers.CharField(
        max_length=100, help_text="Municipality id or CBS code whose rulebook is used for every household.")


class SchemesQuerySerializer(serializers.Serializer):
    date = IsoDateField(required=False, help_text="The date the catalogue is for (YYYY-MM-DD); default today.")


# -- shared pieces -------------------------------------------------------------------------

class TextSerializer(StrictSerializer):
    nl = serializers.CharField()
    en = serializers.CharField()


def text(**kwargs):
    return TextSerializer(**kwargs)


class RulebookRefSerializer(StrictSerializer):
    version = serializers.CharField()
    hash = serializers.CharField(help_text="SHA-256 of all rulebook files.")


class MunicipalityRefSerializer(StrictSerializer):
    id = serializers.CharField(help_text="The rulebook id, e.g. 'zoetermeer'.")
    name = serializers.CharField()
    cbs_code = serializers.CharField()


class UnverifiedSerializer(StrictSerializer):
    name = serializers.CharField()
    source = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


# -- municipalities ------------------------------------------------------------------------

class OrganisationSerializer(StrictSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    helps_with = text(help_text="What the organisation helps with.")


class MunicipalitySerializer(StrictSerializer):
    slug = serializers.CharField(help_text="The rulebook id, e.g. 'zoetermeer'.")
    name = serializers.CharField()
    cbs_code = serializers.CharField(help_text="CBS municipality code, e.g. 'GM0637'.")
    districts = serializers.ListField(child=serializers.CharField())
    organisations = OrganisationSerializer(many=True)
    rulebook = RulebookRefSerializer()


# -- the scheme catalogue -------------------------------------------------------------------

class CatalogueConditionSerializer(StrictSerializer):
    id = serializers.CharField()
    kind = serializers.CharField(help_text="One of the condition kinds of docs/rulebook-format.md.")
    params = serializers.DictField(help_text="The parameters of this kind (percent, roles, limits_cents, ...).")
    source = serializers.CharField()
    reliability = serializers.ChoiceField(["P", "S", "U", "D"], help_text="P, S, U (unverified) or D.")
    note = serializers.CharField(allow_blank=True)
    text = text(allow_null=True, help_text="The rule author's wording of the condition, if any.")


class BenefitSerializer(StrictSerializer):
    description = text()
    unit = amount_unit()
    per_child = serializers.BooleanField()
    amount_set = serializers.BooleanField(help_text="False when the sources do not set the amount.")
    amount_cents = serializers.IntegerField(allow_null=True)
    amount_cents_by_household = serializers.DictField(
        child=serializers.IntegerField(), allow_null=True, help_text="Amount per household category (single, single_parent, couple).")
    amount_text = text(help_text="The amount in words, or that it is not set in the sources.")
    source = serializers.CharField(allow_blank=True)
    reliability = serializers.CharField(allow_blank=True)


class CatalogueSchemeSerializer(StrictSerializer):
    id = serializers.CharField()
    name = text()
    summary = text()
    provider = serializers.CharField(help_text="'municipality' or an organisation slug.")
    provider_name = serializers.CharField()
    how_to_apply = text(allow_null=True)
    helpers = serializers.ListField(child=serializers.CharField(), help_text="Slugs of organisations that help to apply.")
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()
    conditions = CatalogueConditionSerializer(many=True)
    benefit = BenefitSerializer()
    individual_assessment = text(allow_null=True, help_text="Set when the provider assesses each application.")
    note = text(allow_null=True)
    sources = serializers.ListField(child=serializers.CharField())


class CatalogueSerializer(StrictSerializer):
    municipality = MunicipalityRefSerializer()
    date = serializers.DateField()
    rulebook = RulebookRefSerializer()
    schemes = CatalogueSchemeSerializer(many=True)


# -- one check -----------------------------------------------------------------------------

STATUS = ["eligible", "not_eligible", "undetermined"]


class SocialMinimumSerializer(StrictSerializer):
    cents = serializers.IntegerField(allow_null=True)
    norm = serializers.CharField(allow_null=True)
    holiday_allowance = serializers.ChoiceField(["included", "excluded"])
    kostendelersnorm = serializers.ChoiceField(["applied", "not_applied"])
    kostendelers = serializers.IntegerField(allow_null=True)
    needs = serializers.ListField(child=serializers.CharField())
    gap = TextSerializer(allow_null=True, help_text="What the sources do not give, in Dutch and English; null if nothing is missing.")
    steps = text(many=True)
    percentage_base_source = serializers.CharField()


class IncomeSerializer(StrictSerializer):
    cents = serializers.IntegerField(allow_null=True)
    parts = serializers.DictField(child=serializers.IntegerField())
    counted_sources = serializers.ListField(child=serializers.CharField())
    needs = serializers.ListField(child=serializers.CharField())
    percent_of_social_minimum = serializers.CharField(allow_null=True)
    steps = text(many=True)


class ConditionResultSerializer(StrictSerializer):
    id = serializers.CharField()
    kind = serializers.CharField()
    result = serializers.BooleanField(allow_null=True, help_text="true, false, or null when unknown.")
    text = text()
    source = serializers.CharField()
    needs = serializers.ListField(child=serializers.CharField())
    gap = TextSerializer(allow_null=True, help_text="What the sources do not give, in Dutch and English; null if nothing is missing.")


class IncomeLimitSerializer(StrictSerializer):
    condition = serializers.CharField()
    percent = serializers.CharField()
    limit_cents = serializers.IntegerField()
    distance_cents = serializers.IntegerField(allow_null=True)
    text = text(allow_null=True)


class HelperSerializer(StrictSerializer):
    id = serializers.CharField()
    name = serializers.CharField()
    helps_with = text(allow_null=True)


class SchemeResultSerializer(StrictSerializer):
    id = serializers.CharField()
    name = text()
    summary = text()
    provider = serializers.CharField()
    status = serializers.ChoiceField(STATUS)
    reason = text(allow_null=True)
    amount_cents = serializers.IntegerField(allow_null=True)
    amount_unit = amount_unit()
    amount_known = serializers.BooleanField()
    amount_text = text()
    needs = serializers.ListField(child=serializers.CharField())
    conditions = ConditionResultSerializer(many=True)
    income_limits = IncomeLimitSerializer(many=True)
    what_would_change = text(many=True)
    how_to_apply = text(allow_null=True)
    helpers = HelperSerializer(many=True)
    note = text(allow_null=True)
    sources = serializers.ListField(child=serializers.CharField())
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()
    unverified = UnverifiedSerializer(many=True)


class FactNeededSerializer(StrictSerializer):
    fact = serializers.CharField(help_text="JSON path in the household, e.g. 'members[0].statuses.chronically_ill_or_disabled'.")
    label = text()
    schemes = serializers.ListField(child=serializers.CharField())


class CarriedForwardSerializer(StrictSerializer):
    file = serializers.CharField(help_text="The rulebook file, e.g. 'national/bijstandsnormen.yaml'.")
    parameter = serializers.CharField(help_text="The norm key or parameter name.")
    valid_to = serializers.DateField(help_text="The end of its last period in the rulebook.")


class ReceiptSerializer(StrictSerializer):
    rulebook_version = serializers.CharField()
    rulebook_hash = serializers.CharField()
    engine_version = serializers.CharField()
    evaluated_on = serializers.DateField()
    unverified_parameters = UnverifiedSerializer(many=True)
    provisional = serializers.BooleanField(
        help_text="True when the date is past the last period of a national norm or parameter: the answer uses the "
                  "last known values (carried forward) until the new ones are in the rulebook.")
    carried_forward = CarriedForwardSerializer(many=True, help_text="The norms and parameters carried forward.")


class ProvisionalSerializer(StrictSerializer):
    carried_forward = CarriedForwardSerializer(many=True)
    periods_ended = serializers.ListField(child=serializers.DateField(), help_text="The period ends carried forward from.")
    text = text(help_text="The notice for the resident, in Dutch and English.")


class EndedSchemeSerializer(StrictSerializer):
    id = serializers.CharField()
    name = text()
    valid_to = serializers.DateField(help_text="The end of the scheme's last version: it is not carried forward.")


class CheckResultSerializer(StrictSerializer):
    municipality = MunicipalityRefSerializer()
    date = serializers.DateField()
    household_category = serializers.ChoiceField(["single", "single_parent", "couple"], allow_null=True)
    social_minimum = SocialMinimumSerializer()
    income = IncomeSerializer()
    schemes = SchemeResultSerializer(many=True)
    facts_needed = FactNeededSerializer(many=True)
    receipt = ReceiptSerializer()
    provisional = ProvisionalSerializer(
        allow_null=True, help_text="Null when every national norm and parameter is current on the date; otherwise "
                                   "the amounts are provisional (the last known norms are used) and this says which.")
    ended_schemes = EndedSchemeSerializer(
        many=True, help_text="The municipality's schemes whose last version ended before the date (they stay ended).")


# -- batch ---------------------------------------------------------------------------------

class SchemeOutcomeSerializer(StrictSerializer):
    status = serializers.ChoiceField(STATUS)
    amount_cents = serializers.IntegerField(allow_null=True)


class BatchResultSerializer(StrictSerializer):
    index = serializers.IntegerField(help_text="Position in the households list (from 0).")
    id = serializers.CharField(allow_null=True, help_text="The household's own id, if given.")
    schemes = serializers.DictField(child=SchemeOutcomeSerializer(), help_text="Per scheme id: status and amount.")


class InvalidParamSerializer(StrictSerializer):
    name = serializers.CharField(help_text="JSON path of the bad field, e.g. 'household.members[0].birth_date'.")
    reason = serializers.CharField()


class InvalidHouseholdSerializer(StrictSerializer):
    index = serializers.IntegerField()
    id = serializers.CharField(allow_null=True)
    problems = InvalidParamSerializer(
        many=True, help_text="Each problem with the JSON path in the request, e.g. 'households[3].members[0].birth_date'.")


class BatchReceiptSerializer(StrictSerializer):
    rulebook_version = serializers.CharField()
    rulebook_hash = serializers.CharField()
    engine_version = serializers.CharField()
    evaluated_on = serializers.DateField()


class BatchResponseSerializer(StrictSerializer):
    municipality = MunicipalityRefSerializer()
    date = serializers.DateField()
    schemes = serializers.ListField(child=serializers.CharField(), help_text="The scheme ids valid on the date, in rulebook order.")
    households = serializers.IntegerField(help_text="Households received.")
    evaluated = serializers.IntegerField(help_text="Households evaluated (the valid ones).")
    results = BatchResultSerializer(many=True)
    invalid = InvalidHouseholdSerializer(many=True)
    receipt = BatchReceiptSerializer()


# -- problems ------------------------------------------------------------------------------

class ProblemSerializer(StrictSerializer):
    type = serializers.CharField(help_text="A URI for the kind of problem; 'about:blank' for plain HTTP errors.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(allow_blank=True)
    instance = serializers.CharField(required=False, help_text="The request path.")
    invalid_params = InvalidParamSerializer(many=True)
