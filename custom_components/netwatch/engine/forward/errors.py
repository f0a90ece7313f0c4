"""Errors of the Elasticsearch/OpenSearch forwarder; each carries a short `reason` key."""

from __future__ import annotations

from ..errors import ForwarderError, ReasonError


class ForwarderAuthError(ReasonError, ForwarderError):
    """The server rejected the credentials: reason "invalid_auth" (401) or "forbidden" (403)."""


class ForwarderConnectionError(ReasonError, ForwarderError):
    """No server answered (reason "cannot_connect", "timeout" or "tls_error")."""


class ForwarderResponseError(ForwarderError):
    """A server answered, but not as Elasticsearch/OpenSearch would, or refused a request."""

    def __init__(self, reason: str, status: int = 0, detail: str = "") -> None:
        text = f"{reason} (HTTP {status})" if status else reason
        super().__init__(f"{text}: {detail}" if detail else text)
        self.reason = reason
        """"unsupported_server", "unsupported_version" or "request_failed"."""
        self.status = status
