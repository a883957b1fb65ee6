"""Errors a user can cause, one class per kind of mistake.

The CLI turns each into one line on stderr and an exit code; nothing else in
the package prints tracebacks for user input.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""

    exit_code = 1


class DataError(KGError):
    """A Turtle file could not be read (syntax error, missing file)."""

    exit_code = 2


class ValidationFailed(KGError):
    """The data breaks a SHACL shape or a check; the message lists each problem."""

    exit_code = 3


class QueryError(KGError):
    """A SPARQL query could not be parsed or run."""

    exit_code = 4


class UnknownQuery(KGError):
    """No named query has that name."""

    exit_code = 4


class UnknownEntity(KGError):
    """No actor, event or source matches the name given."""

    exit_code = 5


class BadDate(KGError):
    """A date argument is not YYYY, YYYY-MM or YYYY-MM-DD."""

    exit_code = 6


class BadParameter(KGError):
    """A query parameter is missing, unknown or malformed."""

    exit_code = 6


class BadQuestion(KGError):
    """`kg ask` cannot answer a question as asked (empty or too long, not
    understood, an unknown or ambiguous name, an impossible date); the message
    says what to change and ``suggestions`` lists questions it can answer."""

    exit_code = 2

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        listed = " | ".join(suggestions)
        super().__init__(f"{message}; questions it answers: {listed}" if suggestions else message)
        self.reason = message
        self.suggestions = suggestions


class NoHistory(KGError):
    """The history of the data cannot be read: not a git checkout, git
    missing, or a shallow clone lacking the commits asked for."""

    exit_code = 9


class NoPath(KGError):
    """Two actors are not connected (on the day asked for)."""

    exit_code = 8


class EmptyGraph(KGError):
    """No relationship was active on the day asked for."""

    exit_code = 8


# The HTTP server's errors (kg/server/app.py maps each to a status code).


class BadRequest(KGError):
    """The request breaks the protocol: no query, two queries, broken encoding."""


class Refused(KGError):
    """The request asks for something a read-only server does not do."""


class NotAcceptable(KGError):
    """The Accept header names no format this answer can take."""


class BodyTooLarge(KGError):
    """The request body exceeds the server's limit."""


class UnsupportedMediaType(KGError):
    """The POST body's Content-Type is not one the protocol defines."""


class ResultTooLarge(KGError):
    """The answer has more rows than the server sends."""


class SlowRequest(KGError):
    """The client did not send its request body in time."""


class Unavailable(KGError):
    """The query ran out of time or memory, or no worker was free; ``retry_after``
    says in how many seconds to try again, where waiting helps."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
