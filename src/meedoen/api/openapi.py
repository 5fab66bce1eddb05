"""OpenAPI details drf-spectacular cannot infer: the household as published, strict objects, problem responses.

The household in the API is exactly the published JSON Schema
(``meedoen/rules/schemas/household.schema.json``), translated here to OpenAPI 3.0 components, so
there is one definition of the format. The API adds one limit of its own: integers are at most
2^53 - 1 (I-JSON, RFC 7493), so every client can represent them and the columnar evaluator
(64-bit integers) cannot overflow.
"""

import copy

from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent

from meedoen.rules.loader import schema as engine_schema

MAX_INTEGER = 2**53 - 1
COMPONENT_NAMES = {"#": "Household", "#/$defs/member": "HouseholdMember"}


def _convert(node):
    """A JSON Schema (2020-12) node as OpenAPI 3.0: nullable instead of type lists, refs to components."""
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {k: v for k, v in node.items() if k not in ("$schema", "$id", "$defs")}
    ref = node.get("$ref")
    if ref in COMPONENT_NAMES:
        return {"$ref": f"#/components/schemas/{COMPONENT_NAMES[ref]}"}
    if ref is not None:  # a small definition (cents): inline
        name = ref.rsplit("/", 1)[-1]
        return _convert(engine_schema("household")["$defs"][name])
    out = {k: _convert(v) for k, v in node.items()}
    types = out.get("type")
    if isinstance(types, list):
        rest = [t for t in types if t != "null"]
        out["type"] = rest[0] if len(rest) == 1 else rest
        if "null" in types:
            out["nullable"] = True
    if "enum" in out:
        if None in out["enum"]:
            out["nullable"] = True
        out.setdefault("type", "string")
    if out.get("type") == "integer" and "maximum" not in out:
        out["maximum"] = MAX_INTEGER
    return out


def household_components():
    """{component name: OpenAPI schema} for the household and its member."""
    source = copy.deepcopy(engine_schema("household"))
    member = source["$defs"]["member"]
    household = _convert(source)
    household.pop("title", None)
    return {"Household": household, "HouseholdMember": _convert(member)}


class HouseholdFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "meedoen.api.serializers.HouseholdField"

    def map_serializer_field(self, auto_schema, direction):
        for name, schema in household_components().items():
            auto_schema.registry.register_on_missing(
                ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema))
        return {"$ref": "#/components/schemas/Household"}


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    """An enum used in several places is one component."""

    target_class = "meedoen.api.serializers.EnumField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        component = ResolvedComponent(name=field.enum_name, type=ResolvedComponent.SCHEMA, object=field.enum_name,
                                      schema={"type": "string", "enum": list(field.choices)})
        auto_schema.registry.register_on_missing(component)
        return component.ref


class StrictSerializerExtension(OpenApiSerializerExtension):
    """Request and response objects of the API have no other fields than the documented ones."""

    target_class = "meedoen.api.serializers.StrictSerializer"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["additionalProperties"] = False
        return schema
