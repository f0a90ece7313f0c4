"""Errors of the Elasticsearch/OpenSearch forwarder; each carries a short `reason` key."""

from __future__ import annotations

from ..errors import ForwarderError


class ForwarderAuthError(ForwarderError):
    """The server rejected the credentials (401) or their privileges (403)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        """"invalid_auth" (401) or "forbidden" (403)."""


class ForwarderConnectionError(ForwarderError):
    """No server answered: refused, unreachable, timed out, or the answer was not HTTP."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        """"cannot_connect", "timeout" or "tls_error"."""


class ForwarderResponseError(ForwarderError):
    """A server answered, but not as Elasticsearch/OpenSearch would, or refused a request."""

    def __init__(self, reason: str, status: int = 0, detail: str = "") -> None:
        text = f"{reason} (HTTP {status})" if status else reason
        super().__init__(f"{text}: {detail}" if detail else text)
        self.reason = reason
        """"unsupported_server", "unsupported_version" or "request_failed"."""
        self.status = status
