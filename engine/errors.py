"""Errors a user can see, and the one place that renders them.

Hierarchy::

    TreatyRulesError            base of everything the engine raises on purpose
    ├── InputError              a file or an argument is wrong (exit code 2)
    │     carries one or more Diagnostic(path, line, col, message)
    └── EngineFault             durable-rules misbehaved (a bug, not bad input)

Every user-facing message has the form ``path:line:col: message`` and says what was
expected and what was found.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence

__all__ = [
    "Diagnostic",
    "EngineFault",
    "InputError",
    "TreatyRulesError",
    "did_you_mean",
    "EXIT_OK",
    "EXIT_EXPECTATION_FAILED",
    "EXIT_BAD_INPUT",
]

#: Exit codes (a contract read by outside checks).
EXIT_OK = 0
EXIT_EXPECTATION_FAILED = 1
EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Diagnostic:
    """One problem at one place in one file (line and column are 1-based)."""

    path: str
    line: int
    col: int
    message: str

    def render(self) -> str:
        """The ``path:line:col: message`` form shown to users."""
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class TreatyRulesError(Exception):
    """Base class of the errors raised by treaty-rules."""


class InputError(TreatyRulesError):
    """Bad input: a file, a value or an argument. Rendered, never shown as a traceback."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__("\n".join(d.render() for d in self.diagnostics))

    @classmethod
    def at(cls, path: str, line: int, col: int, message: str) -> "InputError":
        """An error with a single diagnostic."""
        return cls([Diagnostic(path, line, col, message)])


class EngineFault(TreatyRulesError):
    """The rules engine failed in a way that is a bug of treaty-rules, not of the input."""


def did_you_mean(found: str, candidates: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix when a close candidate exists, else ``''``."""
    close = difflib.get_close_matches(found, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
