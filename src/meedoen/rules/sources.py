"""Public sources: a source shown to people must be one they can look up.

Every ``source``, ``legal_source`` and ``sources`` text of the rulebook names a law, ordinance, web page or report
by its public title; no shown text (notes, names, summaries) names a working file either. The project's working
notes (seed files, domain notes, code repositories) may be named only in ``provenance``, which is never shown.
"""

import re

import yaml

from . import yamlines
from .errors import Problem

# What a working-file citation looks like; each with the reason given to the author.
INTERNAL = (
    (re.compile(r"\bseeds?\b", re.I), "names a seed file"),
    (re.compile(r"\b[\w./-]+\.(?:md|ts|py|txt)\b", re.I), "names a working file"),
    (re.compile(r"\b(?:line|lines|regel|regels)\s+\d", re.I), "gives a line number"),
    (re.compile(r"§\s*\d+\.\d+"), "cites a section of a working note"),
    (re.compile(r"\bsrc/"), "names a source-code path"),
    (re.compile(r"\b(?:unnamed|code)\s+(?:code\s+)?repositor", re.I), "cites a code repository"),
    (re.compile(r"\b(?:anchors|dutch-parameters|seeds?-[\w-]+)\b", re.I), "names a working note"),
    (re.compile(r"shared/domain|/work/"), "names a working folder"),
)


def internal_reason(text):
    """Why ``text`` is not a public source (a working file or line number), or None."""
    for pattern, reason in INTERNAL:
        found = pattern.search(text)
        if found:
            return f"{reason} ({found.group(0)!r})"
    return None


def _texts(node, keys=()):
    """(keys, text) of every string below ``node`` (sources, notes, names, summaries: all may be shown);
    ``provenance`` is skipped."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "provenance":
                yield from _texts(value, keys + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, keys + (index,))
    elif isinstance(node, str):
        yield keys, node


def source_problems(data, where):
    """A problem (file:line) for every shown source or note in ``data`` that names a working file or line."""
    problems = []
    for keys, text in _texts(data):
        reason = internal_reason(text)
        if reason:
            line = yamlines.line_of(data, list(keys))
            problems.append(Problem(f"{where}:{line}", f"{yamlines.path_text(keys)}: not a public source: {reason}; "
                                    "cite the law, ordinance or document by its public title (internal notes go in "
                                    "'provenance')"))
    return problems


# Rulebook files read by other parts (signals, casework), not by the loader; their shown texts are checked too.
SIDE_FILES = ("national/vroegsignalering.yaml", "municipalities/*/vroegsignalering.yaml", "municipalities/*/casework.yaml")


def side_file_problems(root, rel):
    """Source problems of the rulebook's side files under ``root``; ``rel`` names a file for the message.
    A file that cannot be read as YAML is left to the part that reads it."""
    problems = []
    for pattern in SIDE_FILES:
        for path in sorted(root.glob(pattern)):
            try:
                data = yamlines.load(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                continue
            if data is not None:
                problems.extend(source_problems(data, rel(path)))
    return problems
