"""Errors of casework operations: each names the field and says what is wrong, in Dutch and English."""


class CaseworkError(Exception):
    """Bad input for a casework operation. ``problems`` maps a field name to a {nl, en} message."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(f"{field}: {msg['en']}" for field, msg in problems.items()))

    def messages(self, lang="nl"):
        return {field: msg[lang if lang in msg else "en"] for field, msg in self.problems.items()}


class PlanConflict(CaseworkError):
    """Somebody else changed the plan after this edit started: nothing was saved."""

    def __init__(self, current_version):
        self.current_version = current_version
        super().__init__({"version": {
            "nl": f"Iemand anders heeft het plan intussen gewijzigd (nu versie {current_version}). Uw wijziging is niet opgeslagen; bekijk het plan opnieuw.",
            "en": f"Somebody else changed the plan in the meantime (now version {current_version}). Your change was not saved; look at the plan again.",
        }})


class TransitionError(CaseworkError):
    """A referral cannot go from its current status to the one asked."""


class NotPermitted(CaseworkError):
    """The caller may see the family but may not make this change (403, not 400): nothing was saved."""


def problem(field, nl, en):
    return CaseworkError({field: {"nl": nl, "en": en}})
