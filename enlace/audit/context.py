"""Where a request came from, kept for the audit records written while it runs."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    """The request id and client address of the current request."""

    request_id: str = ""
    ip: str | None = None


# RequestContext is a frozen dataclass, so sharing one default instance is safe.
current_request: ContextVar[RequestContext] = ContextVar(
    "enlace_request",
    default=RequestContext(),  # noqa: B039
)
