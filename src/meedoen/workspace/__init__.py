"""The professional workspace: client households (casework), checks with an append-only history,
and the rulebook page for functional administrators and policy staff.

Roles are Django Groups (migration 0002_roles): professional, coordinator, policy, functional_admin.
Demo data: ``python -m django load_demo`` (only with MEEDOEN_DEMO=1).
"""
