"""The casework data model, one module per part of the domain."""

from .people import Family, Membership, Person, Professional, Team, TeamMembership  # noqa: F401
from .analysis import Analysis, Debt, DomainAssessment, Problem  # noqa: F401
from .plan import Action, CoordinatorAssignment, Escalation, FamilyPlan, Goal, PlanComment, PlanVersion  # noqa: F401
from .involvement import Involvement, Notification, Referral, SchemeUse  # noqa: F401
from .conferences import CaseConference, ConferenceDecision, ConferenceParticipant  # noqa: F401
from .privacy import AccessLog, ConfidentialNote, Consent, FamilyAccount  # noqa: F401
