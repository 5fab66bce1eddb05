"""The rulebook the web platform uses: loaded once per process, from MEEDOEN_RULEBOOK or the packaged one."""

import os
from functools import lru_cache

from meedoen.rules import load_rulebook


@lru_cache(maxsize=1)
def current_rulebook():
    return load_rulebook(os.environ.get("MEEDOEN_RULEBOOK") or None)


def sync_municipalities(rulebook=None):
    """Create or update a Municipality and its Organisations for every rulebook folder."""
    from .models import Municipality, Organisation

    rulebook = rulebook or current_rulebook()
    synced = []
    for rules in rulebook.municipalities.values():
        municipality, _ = Municipality.objects.update_or_create(
            slug=rules.id, defaults={"name": rules.name, "cbs_code": rules.cbs_code, "districts": list(rules.districts)}
        )
        for org in rules.organisations.values():
            helps = org.helps_with or {}
            Organisation.objects.update_or_create(
                municipality=municipality, slug=org.id,
                defaults={"name": org.name, "helps_with_nl": helps.get("nl", ""), "helps_with_en": helps.get("en", "")},
            )
        synced.append(municipality)
    return synced
