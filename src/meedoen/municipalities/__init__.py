"""Municipalities (tenants): name, CBS code, districts, rulebook and organisations."""
