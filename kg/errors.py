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


class QueryTooCostly(QueryError):
    """A query ran past its time or memory allowance and was stopped (a server answers 503)."""


def shown(name: str) -> str:
    """A file name as messages show it: bytes that are not UTF-8 as \\xNN, control characters
    (a newline in a name could forge a line of output) as escapes; the rest as it is.

    >>> shown("a\\udce9\\nb.txt")
    'a\\\\xe9\\\\nb.txt'
    """
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)
