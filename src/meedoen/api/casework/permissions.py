"""Who calls the casework API: a professional with a casework role, or a family account. Nobody else.

Family data is found only through ``meedoen.casework.access``: a family the caller may not see is a 404
(never a 403, so nothing reveals that it exists); a category without consent is a 403.
"""

from dataclasses import dataclass

from django.db.models import Q
from rest_framework import exceptions
from rest_framework.permissions import BasePermission

from meedoen.casework import access
from meedoen.casework import vocabulary as v
from meedoen.casework.models import CoordinatorAssignment, Family, Membership
from meedoen.workspace import roles

FAMILY = "family"  # the log purpose of a family reading its own file


@dataclass
class Caller:
    user: object
    professional: object = None  # Professional, with organisation
    account: object = None  # FamilyAccount, with family and person

    @property
    def purpose(self):
        return FAMILY if self.account else v.HELP

    def families(self):
        """The families the caller may see at all (a queryset)."""
        if self.account:
            return Family.objects.filter(pk=self.account.family_id)
        return access.visible_families(self.user, access.today())

    def family(self, family_id):
        """The family with ``may_<category>`` flags, or 404. A family account may read all of its own file."""
        if self.account:
            if self.account.family_id != family_id:
                raise exceptions.NotFound("No such family.")
            family = self.account.family
            for category in v.CATEGORIES:
                setattr(family, f"may_{category}", True)
            return family
        family = access.family_access(self.user, family_id, v.HELP, access.today())
        if family is None:
            raise exceptions.NotFound("No such family.")
        return family

    def need(self, family, category):
        """403 unless the caller may read ``category`` of ``family``."""
        if not getattr(family, f"may_{category}", False):
            raise exceptions.PermissionDenied(
                f"No consent: the family has not given your organisation consent for '{category}' (purpose help).")

    def need_professional(self, what):
        if self.professional is None:
            raise exceptions.PermissionDenied(f"Only professionals {what}.")

    def is_coordinator(self, family_id):
        """The caller is the family's current coordinator (and, being asked about a visible family, involved)."""
        return self.professional is not None and CoordinatorAssignment.objects.filter(
            family_id=family_id, professional=self.professional, end__isnull=True).exists()


def still_member(account, day):
    return Membership.objects.filter(family_id=account.family_id, person_id=account.person_id, start__lte=day) \
        .filter(Q(end__isnull=True) | Q(end__gte=day)).exists()


def caller_of(request):
    """The Caller of ``request`` (cached on it); 401 when anonymous, 403 when neither professional nor family."""
    cached = getattr(request, "_casework_caller", None)
    if cached is not None:
        return cached
    user = request.user
    if not getattr(user, "is_authenticated", False):
        raise exceptions.NotAuthenticated()
    caller = None
    if roles.has_role(user, *roles.CASEWORK):
        professional = access.professional_of(user)
        if professional is not None:
            user._meedoen_professional = professional  # the audit log names them without another query
            caller = Caller(user, professional=professional)
    if caller is None:
        account = access.account_of(user)
        if account is not None and still_member(account, access.today()):
            user._meedoen_professional = False
            user.family_account = account
            caller = Caller(user, account=account)
    if caller is None:
        raise exceptions.PermissionDenied("The casework API is for professionals with a casework role and for families.")
    request._casework_caller = caller
    return caller


class IsCaseworkCaller(BasePermission):
    def has_permission(self, request, view):
        caller_of(request)
        return True
