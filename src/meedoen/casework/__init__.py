"""Casework: one family, one plan, one coordinator, across organisations.

Who may see what is data: team membership, involvement and the family's consent, joined in SQL
(``access``). Every read and write of personal data is logged with its purpose (``audit``).
"""
