"""The partner API's shapes: the signal a partner sends (the file import's fields, checked by the importer, not here),
the query of its signal list, and the answers (closed objects, as everywhere in the API)."""

from rest_framework import serializers

from meedoen.api.casework.serializers import PageQuerySerializer
from meedoen.api.serializers import EnumField, IsoDateField, StrictSerializer

from . import feedback

MAX_SIGNALS = 5_000  # per request; the body is also bounded by DATA_UPLOAD_MAX_MEMORY_SIZE (413 above it)

# One signal as in the import file (docs/signals.md): DDAS field names; the English names (partner_reference, ...)
# work too, other fields are ignored. Any JSON value is taken: the importer checks every row
# (meedoen.signals.rows.clean_row) and reports a bad value as a problem of that row, so the schema restricts nothing.
SIGNAL_SCHEMA = {
    "type": "object",
    "description": "One signal, field names after DDAS (English names work too; other fields are ignored). "
                   "Give a BSN, or surname, birth date, postcode and house number.",
    "properties": {
        "referentie": {"description": "Your own reference (required, at most 100 characters): the same reference "
                                      "twice is one signal."},
        "signaalpartner": {"description": "DDAS partner type (label or code); default: your own type."},
        "bedrag": {"description": "The arrears in euros, e.g. '1.234,56' or 1234.56; empty: unknown."},
        "ontstaansdatum": {"description": "Start of the arrears (YYYY-MM-DD)."},
        "signaaldatum": {"description": "The day you send the signal (YYYY-MM-DD, required)."},
        "crisissignaal": {"description": "Eviction, disconnection or termination threatens: true/false or ja/nee."},
        "bsn": {"description": "Citizen service number; replaced at once by the register's keyed pseudonym, never stored."},
        "geslachtsnaam": {"description": "Surname (at most 200 characters)."},
        "geboortedatum": {"description": "Birth date (YYYY-MM-DD)."},
        "postcode": {"description": "Postcode, e.g. 2711 AB."},
        "huisnummer": {"description": "House number."},
    },
    "additionalProperties": True,
}
SUBMISSION_SCHEMA = {
    "anyOf": [
        SIGNAL_SCHEMA,
        {"type": "array", "items": SIGNAL_SCHEMA, "minItems": 1, "maxItems": MAX_SIGNALS},
        {"type": "object", "required": ["signalen"],
         "properties": {"signalen": {"type": "array", "items": SIGNAL_SCHEMA, "minItems": 1, "maxItems": MAX_SIGNALS}}},
    ],
    "description": f"One signal, a list of at most {MAX_SIGNALS:,}, or the import file's {{\"signalen\": [...]}}.",
}


class SignalQuerySerializer(PageQuerySerializer):
    signal_date_from = IsoDateField(required=False, help_text="Only signals with this signal date or later (YYYY-MM-DD).")
    signal_date_to = IsoDateField(required=False, help_text="Only signals with this signal date or earlier (YYYY-MM-DD).")

    def validate(self, data):
        start, end = data.get("signal_date_from"), data.get("signal_date_to")
        if start and end and end < start:
            raise serializers.ValidationError({"signal_date_to": "not before signal_date_from"})
        return data


class RowProblemSerializer(StrictSerializer):
    index = serializers.IntegerField(help_text="Position of the signal in the list sent (from 0; a single object: 0).")
    reference = serializers.CharField(allow_null=True, help_text="The signal's referentie, if it has a usable one.")
    field = serializers.CharField(help_text="The field to blame (internal name, e.g. amount, signal_date, bsn).")
    code = serializers.CharField()
    reason = serializers.CharField(help_text="In Dutch.")
    reason_en = serializers.CharField()


class SubmitReportSerializer(StrictSerializer):
    received = serializers.IntegerField(help_text="Signals in the request.")
    created = serializers.IntegerField(help_text="New signals stored.")
    already_known = serializers.IntegerField(
        help_text="Signals whose referentie is already stored (or came earlier in this request): nothing changes.")
    rejected = serializers.IntegerField(help_text="Signals not stored because of a problem; each listed in problems.")
    problems = RowProblemSerializer(many=True)


class LabelSerializer(StrictSerializer):
    nl = serializers.CharField()
    en = serializers.CharField()


class FeedbackSerializer(StrictSerializer):
    status = EnumField("SignalFeedbackEnum", list(feedback.STATUSES),
                       help_text="received, in_progress (picked up: the municipality seeks or has contact), closed, "
                                 "not_picked_up_repeat (arrears not higher than your previous signal), not_picked_up "
                                 "(no reason given). Never the result of the case.")
    since = serializers.DateField(allow_null=True, help_text="The day the status began; null for not picked up.")
    label = LabelSerializer()


class PartnerSignalSerializer(StrictSerializer):
    reference = serializers.CharField()
    partner_type = serializers.CharField(help_text="DDAS EnumSignaalpartner code.")
    amount_cents = serializers.IntegerField(allow_null=True, help_text="Integer cents; null: unknown.")
    arrears_start = serializers.DateField(allow_null=True)
    signal_date = serializers.DateField()
    crisis = serializers.BooleanField()
    received_at = serializers.DateTimeField()
    feedback = FeedbackSerializer()


class PartnerSignalPageSerializer(StrictSerializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = PartnerSignalSerializer(many=True)

