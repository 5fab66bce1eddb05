"""Casework operations: the one place where casework data is changed, with validation and logging.

Web pages, the family portal and the API all call these; they raise ``CaseworkError`` with a
message per field for bad input and never leave half-written data (each runs in a transaction).
"""
