"""Problems found in input, reported with where and what."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem: ``where`` is a file:line or a JSON path, ``what`` says what is wrong."""

    where: str
    what: str

    def __str__(self):
        return f"{self.where}: {self.what}"


class InputError(Exception):
    """Raised with every problem found, not just the first."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RulebookError(InputError):
    """A rulebook file is malformed or inconsistent."""


class HouseholdError(InputError):
    """A household description is malformed or impossible."""


class BudgetExceeded(Exception):
    """A check ran past its time budget (``evaluate(..., deadline=...)``); nothing was decided."""
