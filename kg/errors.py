"""One root exception for the project; messages say what, where and how to fix."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class KGError(Exception):
    """Base of every error Liantu raises on purpose (shown to users without a traceback)."""

    exit_code = EXIT_FAILURE


class UsageError(KGError):
    """The command line or its arguments are wrong."""

    exit_code = EXIT_USAGE


class InputError(KGError):
    """A document could not be read; ``path`` names it."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class DataError(KGError):
    """A data file (lexicon, user dictionary, gold file) is malformed at ``file:line``."""


class QueryError(KGError):
    """A SPARQL query could not be run."""
