"""The rulebook engine: pure Python, no web framework.

Load a rulebook with :func:`load_rulebook`, parse a household with
:func:`parse_household`, and evaluate it with :func:`evaluate`. For many
households at once use :mod:`meedoen.rules.bulk`.
"""

from .errors import Problem, RulebookError, HouseholdError
from .loader import load_rulebook, default_rulebook_path
from .household import parse_household
from .evaluate import evaluate

__all__ = [
    "Problem",
    "RulebookError",
    "HouseholdError",
    "load_rulebook",
    "default_rulebook_path",
    "parse_household",
    "evaluate",
]
