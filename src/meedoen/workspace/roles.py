"""Roles of the workspace, as Django Groups (created by migration 0002_roles)."""

PROFESSIONAL = "professional"
COORDINATOR = "coordinator"
POLICY = "policy"
FUNCTIONAL_ADMIN = "functional_admin"

ROLES = {
    PROFESSIONAL: ("professional", "professional"),
    COORDINATOR: ("coördinator", "coordinator"),
    POLICY: ("beleid", "policy"),
    FUNCTIONAL_ADMIN: ("functioneel beheer", "functional administration"),
}

# Who may do what.
CASEWORK = (PROFESSIONAL, COORDINATOR)      # see and check client households
RULEBOOK_READ = (FUNCTIONAL_ADMIN, POLICY)  # see the rulebook page
RULEBOOK_MANAGE = (FUNCTIONAL_ADMIN,)       # sync municipalities from the rulebook
REACH = (POLICY, FUNCTIONAL_ADMIN)          # reach runs, the proactive service, applications and lead times


def user_roles(user):
    """The role names of ``user`` (one query, cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_meedoen_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._meedoen_roles = cached
    return cached


def has_role(user, *roles):
    """True if ``user`` has at least one of ``roles``. Superusers have every role."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    return bool(user_roles(user) & set(roles))


def role_labels(user, lang="nl"):
    """The user's roles in plain words, in ``lang``."""
    names = ROLES if user.is_superuser else user_roles(user)
    index = 0 if lang == "nl" else 1
    return [ROLES[name][index] for name in ROLES if name in names]
