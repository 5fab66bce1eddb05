"""Casework requests (validated here, then by the services) and responses (documented exactly, closed objects)."""

from django.core.validators import RegexValidator
from rest_framework import serializers

from meedoen.casework import vocabulary as v

from ..serializers import EnumField, IsoDateField, StrictBooleanField, StrictSerializer

MAX_ID = 2**53 - 1  # ids are I-JSON integers, like every integer of the API


def object_id(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


NOT_BLANK = RegexValidator(r"\S", "This field may not be blank.")


def text_field(max_length, **kwargs):
    """Text of at most ``max_length`` characters; unless blank is allowed, with a letter or digit in it (the schema
    says so too: minLength 1 and the pattern, so clients learn the rule before the server refuses)."""
    if kwargs.get("allow_blank"):
        return serializers.CharField(max_length=max_length, trim_whitespace=True, **kwargs)
    return serializers.CharField(max_length=max_length, min_length=1, trim_whitespace=True,
                                 validators=[NOT_BLANK], **kwargs)


def category_field(**kwargs):
    return EnumField("ConsentCategoryEnum", list(v.CATEGORIES), **kwargs)


def purpose_field(**kwargs):
    return EnumField("ConsentPurposeEnum", list(v.PURPOSES), **kwargs)


def action_status_field(**kwargs):
    return EnumField("ActionStatusEnum", list(v.ACTION_STATUSES), **kwargs)


def version_field(**kwargs):
    return serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False,
        help_text="The plan version this edit is based on (from GET .../plan/ or its ETag). "
                  "Instead of this field an If-Match: \"<version>\" header may be sent.", **kwargs)


# -- requests ------------------------------------------------------------------------------

class PageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="The page, from 1.")
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200, help_text="Rows per page (default 50, at most 200).")


class IncomingReferralQuerySerializer(PageQuerySerializer):
    status = serializers.ChoiceField(choices=list(v.REFERRAL_STATUSES), required=False,
                                     help_text="Only referrals with this status (e.g. requested: the ones waiting for an answer).")


class MemberRequestSerializer(StrictSerializer):
    first_name = text_field(100)
    last_name = text_field(100)
    role = EnumField("MemberRoleEnum", list(v.MEMBER_ROLES))
    birth_date = IsoDateField(required=False, allow_null=True)
    start = IsoDateField(help_text="The day the person joins the family.")
    end = IsoDateField(required=False, allow_null=True, help_text="The last day in the family; empty: still there. Not before start.")


class GoalRequestSerializer(StrictSerializer):
    text = text_field(2000, help_text="The goal, in the family's own words.")
    domain = EnumField("LifeDomainEnum", ["", *v.LIFE_DOMAINS], required=False, help_text="The life domain; empty: none.")
    version = version_field()


class ActionRequestSerializer(StrictSerializer):
    description = text_field(2000)
    organisation = object_id(help_text="The organisation that does it (of the family's municipality).")
    due_date = IsoDateField(help_text="Not before the plan started.")
    goal = object_id(required=False, allow_null=True, help_text="The goal of this plan the action serves.")
    version = version_field()


class ActionPatchSerializer(StrictSerializer):
    status = action_status_field()
    version = version_field()


class ConsentRequestSerializer(StrictSerializer):
    organisation = object_id(help_text="The receiving organisation (of the family's municipality).")
    category = category_field()
    purpose = purpose_field()
    given_by = object_id(required=False, help_text="The parent or carer who gives it (a person id). "
                                                   "A family account gives it itself: empty or its own person.")


class ReferralRequestSerializer(StrictSerializer):
    to_team = object_id(help_text="The team of another organisation, in the family's municipality, that takes over.")
    help_kind = text_field(200)
    reason = text_field(5000, help_text="Why this handover; the family sees it.")
    summary = text_field(20000, help_text="The handover summary, so the family does not retell its story.")
    handover = StrictBooleanField(required=False, default=True,
                                        help_text="The referring team stops once the receiver accepts (default true).")


class ReasonRequestSerializer(StrictSerializer):
    reason = text_field(5000, help_text="Why; the family and the other organisation see it.")


class EmptyRequestSerializer(StrictSerializer):
    pass


# -- responses -----------------------------------------------------------------------------

class RefSerializer(StrictSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CoordinatorSerializer(StrictSerializer):
    name = serializers.CharField()
    organisation = RefSerializer()
    since = IsoDateField()


class FamilySummarySerializer(StrictSerializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="The case number.")
    name = serializers.CharField()
    municipality = serializers.CharField(help_text="The municipality's id, e.g. 'zoetermeer'.")
    district = serializers.CharField(allow_blank=True)
    coordinator = CoordinatorSerializer(allow_null=True, help_text="The current coordinator; null: none chosen yet.")


class FamilyPageSerializer(StrictSerializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = FamilySummarySerializer(many=True)


class PersonSerializer(StrictSerializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    birth_date = IsoDateField(allow_null=True)


class MemberSerializer(StrictSerializer):
    id = serializers.IntegerField(help_text="The membership.")
    role = EnumField("MemberRoleEnum", list(v.MEMBER_ROLES))
    start = IsoDateField()
    end = IsoDateField(allow_null=True)
    current = serializers.BooleanField(help_text="A member today.")
    person = PersonSerializer()


class FamilyHelperSerializer(StrictSerializer):
    id = serializers.IntegerField(help_text="The involvement.")
    organisation = RefSerializer()
    team = RefSerializer()
    professional = serializers.CharField(allow_null=True)
    role = EnumField("InvolvementRoleEnum", list(v.INVOLVEMENT_ROLES))
    help_kind = serializers.CharField()
    contact = serializers.CharField(allow_blank=True)
    person = serializers.IntegerField(allow_null=True, help_text="The member this help is for; null: the whole family.")
    since = IsoDateField()
    until = IsoDateField(allow_null=True)
    current = serializers.BooleanField()


class FamilyDetailSerializer(FamilySummarySerializer):
    members = MemberSerializer(many=True, help_text="Members now and earlier.")
    helpers = FamilyHelperSerializer(many=True, help_text="Who helps (and helped) the family.")
    granted = serializers.ListField(child=category_field(), help_text="The data categories the caller may read.")


class GoalSerializer(StrictSerializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    domain = serializers.CharField(allow_blank=True)
    written_by = EnumField("GoalAuthorEnum", [v.BY_FAMILY, v.BY_PROFESSIONAL])
    achieved = serializers.BooleanField()


class ActionSerializer(StrictSerializer):
    id = serializers.IntegerField()
    goal = serializers.IntegerField(allow_null=True)
    description = serializers.CharField()
    organisation = RefSerializer()
    due_date = IsoDateField()
    status = action_status_field()


class PlanSerializer(StrictSerializer):
    version = serializers.IntegerField(help_text="Send it back with every edit (or as If-Match); also the ETag.")
    started_on = IsoDateField()
    family_words = serializers.CharField(allow_blank=True, help_text="What the family wants, in its own words.")
    goals = GoalSerializer(many=True)
    actions = ActionSerializer(many=True)


class GoalChangeSerializer(StrictSerializer):
    version = serializers.IntegerField(help_text="The plan's new version.")
    goal = GoalSerializer()


class ActionChangeSerializer(StrictSerializer):
    version = serializers.IntegerField(help_text="The plan's new version.")
    action = ActionSerializer()


class ConsentSerializer(StrictSerializer):
    id = serializers.IntegerField()
    organisation = RefSerializer()
    category = category_field()
    purpose = purpose_field()
    given_by = RefSerializer(help_text="The parent or carer who gave it.")
    given_at = serializers.DateTimeField()
    recorded_by = serializers.CharField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    withdrawn_by = serializers.CharField(allow_blank=True)
    open = serializers.BooleanField(help_text="In force (not withdrawn).")


class ReferralSerializer(StrictSerializer):
    id = serializers.IntegerField()
    family = serializers.IntegerField()
    family_reference = serializers.CharField(help_text="The case number.")
    status = EnumField("ReferralStatusEnum", list(v.REFERRAL_STATUSES))
    from_organisation = RefSerializer()
    from_team = RefSerializer()
    to_organisation = RefSerializer()
    to_team = RefSerializer()
    help_kind = serializers.CharField()
    shared = serializers.BooleanField(help_text="The caller may read the reason and summary (else they are null).")
    reason = serializers.CharField(allow_null=True)
    summary = serializers.CharField(allow_null=True)
    handover = serializers.BooleanField()
    requested_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    answer_reason = serializers.CharField(allow_blank=True, help_text="Why rejected or revoked.")
    lead_time_days = serializers.FloatField(allow_null=True, help_text="Lead time: from the request to the answer "
                                            "(accepted or rejected), in days; null while unanswered.")
    waited_days = serializers.FloatField(allow_null=True, help_text="For a referral without an answer: days it has "
                                         "waited so far, or waited until it expired or was revoked; null once answered.")


class ReferralPageSerializer(StrictSerializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = ReferralSerializer(many=True)


class LogEntrySerializer(StrictSerializer):
    at = serializers.DateTimeField()
    who = serializers.CharField()
    organisation = serializers.CharField(allow_blank=True)
    action = EnumField("LogActionEnum", list(v.LOG_ACTIONS))
    category = serializers.CharField()
    purpose = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)
    person = serializers.IntegerField(allow_null=True)


class LogPageSerializer(StrictSerializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = LogEntrySerializer(many=True)


class ExportSerializer(serializers.Serializer):
    # Open: the export holds everything the platform stores about the person (see services/export.py).
    person = serializers.DictField()
    memberships = serializers.ListField(child=serializers.DictField())
    assessments = serializers.ListField(child=serializers.DictField())
    problems = serializers.ListField(child=serializers.DictField())
    debts = serializers.ListField(child=serializers.DictField())
    helpers = serializers.ListField(child=serializers.DictField())
    referrals = serializers.ListField(child=serializers.DictField())
    conferences = serializers.ListField(child=serializers.DictField())
    plans = serializers.ListField(child=serializers.DictField())
    consents = serializers.ListField(child=serializers.DictField())
    accounts = serializers.ListField(child=serializers.CharField())
    access_log = serializers.ListField(child=serializers.DictField())
    coordinators = serializers.ListField(child=serializers.DictField(), help_text="Coordinator assignments, with mandate.")
    escalations = serializers.ListField(child=serializers.DictField())
    notifications = serializers.ListField(child=serializers.DictField(), help_text="Organisation and date only.")
    scheme_uses = serializers.ListField(child=serializers.DictField())
    analyses = serializers.ListField(child=serializers.DictField())
    conference_participation = serializers.ListField(child=serializers.DictField())
    plan_versions = serializers.ListField(child=serializers.DictField(), help_text="Number, when, by whom, kind of change.")
    households = serializers.ListField(child=serializers.DictField(), help_text="The family's assets and costs, in cents, "
                                       "and its facts for the income supplement (years at the social minimum, received it).")
    confidential_notes = serializers.ListField(child=serializers.DictField(), required=False,
                                               help_text="Only in the family's own export.")
    withheld = serializers.ListField(child=serializers.DictField(), help_text="What the export leaves out, and why.")
