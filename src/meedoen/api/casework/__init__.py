"""The casework API (/api/v1/families/, /consents/, /referrals/, /persons/): see docs/api.md."""
