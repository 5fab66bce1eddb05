"""The API's request booleans take JSON true/false only, as the schema says (found by tests/api/test_schemathesis_roles.py:
DRF's BooleanField took 0, 1 and "yes")."""

import pytest
from rest_framework import serializers

from meedoen.api.serializers import StrictBooleanField


class Form(serializers.Serializer):
    flag = StrictBooleanField(required=False, allow_null=True)


@pytest.mark.parametrize("value", [True, False, None])
def test_true_false_and_null_are_taken(value):
    form = Form(data={"flag": value})
    assert form.is_valid(), form.errors
    assert form.validated_data["flag"] is value


@pytest.mark.parametrize("value", [0, 1, "true", "yes", "1", "", [], {}])
def test_anything_else_is_refused_with_a_message(value):
    form = Form(data={"flag": value})
    assert not form.is_valid()
    assert form.errors["flag"] == ["not a boolean: write true or false"]


def test_a_text_field_takes_a_string_only():
    from meedoen.api.serializers import StrictSerializer

    class Case(StrictSerializer):
        reference = serializers.CharField(required=False, allow_blank=True)

    assert Case(data={"reference": "VS-1"}).is_valid()
    refused = Case(data={"reference": 0})
    assert not refused.is_valid() and refused.errors["reference"] == ["not a text: write it as a JSON string"]
