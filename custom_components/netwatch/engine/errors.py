"""The netwatch error tree: every exception the engine raises derives from NetwatchError."""

from __future__ import annotations

import errno


class NetwatchError(Exception):
    """Base of every error the netwatch engine raises."""


class ReasonError(NetwatchError):
    """An error with a `reason`: a short key chosen by the code, used in counters and logs."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason

    @property
    def detail(self) -> str:
        """Return the message without its reason prefix."""
        return str(self).removeprefix(self.reason).removeprefix(": ")


class DecodeError(ReasonError):
    """A flow datagram could not be decoded."""


class SyslogParseError(ReasonError):
    """A syslog line could not be parsed."""


class ListenerError(NetwatchError):
    """A listener could not be started."""

    def __init__(
        self, reason: str, address: str, port: int, detail: str = "", transport: str = "udp"
    ) -> None:
        super().__init__(
            f"{reason} on {transport.upper()} {address}:{port}" + (f" ({detail})" if detail else "")
        )
        self.reason = reason
        self.address = address
        self.port = port
        self.transport = transport
        """"udp" or "tcp": which of the port's two sockets could not be opened."""


class AddressInUseError(ListenerError):
    """Another program already uses the port."""

    def __init__(self, address: str, port: int, transport: str = "udp") -> None:
        super().__init__("address_in_use", address, port, transport=transport)


class PermissionDeniedError(ListenerError):
    """The process may not bind the port (ports below 1024 need privileges)."""

    def __init__(self, address: str, port: int, transport: str = "udp") -> None:
        super().__init__("permission_denied", address, port, transport=transport)


class ForwarderError(NetwatchError):
    """The Elasticsearch/OpenSearch forwarder failed (its subclasses carry a reason)."""


class GeoIPError(NetwatchError):
    """The GeoIP database is missing, unreadable or of an unknown shape."""


def listener_error_from_oserror(
    err: OSError, address: str, port: int, transport: str = "udp"
) -> ListenerError:
    """Map a bind() failure to the matching ListenerError by errno."""
    if err.errno == errno.EADDRINUSE:
        return AddressInUseError(address, port, transport)
    if err.errno in (errno.EACCES, errno.EPERM):
        return PermissionDeniedError(address, port, transport)
    reason = "address_not_available" if err.errno == errno.EADDRNOTAVAIL else "cannot_bind"
    return ListenerError(reason, address, port, str(err), transport)
