"""Open the listeners' sockets (one place for family, options and bind errors), and port checks."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterable

from ..errors import listener_error_from_oserror

SO_RXQ_OVFL = getattr(socket, "SO_RXQ_OVFL", 40)
"""Linux: ancillary count of datagrams the kernel dropped because the receive buffer was full."""
_SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)  # Linux: SO_RCVBUF above rmem_max
DEFAULT_RCVBUF = 8 * 1024 * 1024


def _family(host: str) -> socket.AddressFamily:
    """`::`, "" and IPv6 literals listen on IPv6 (and IPv4 through a dual-stack socket)."""
    return socket.AF_INET6 if host in ("", "::") or ":" in host else socket.AF_INET


def _bind(sock: socket.socket, host: str, port: int) -> None:
    """Bind (dual-stack for IPv6); a failure closes the socket and raises a ListenerError."""
    try:
        if sock.family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind((host or "::", port))
    except OSError as err:
        sock.close()
        transport = "tcp" if sock.type == socket.SOCK_STREAM else "udp"
        raise listener_error_from_oserror(err, host, port, transport) from err


def _grow_receive_buffer(sock: socket.socket, size: int) -> None:
    """Ask for a receive buffer that holds bursts; stats report what the kernel granted.

    SO_RCVBUF is silently capped at net.core.rmem_max (often 208 KiB to 4 MiB); a process with
    CAP_NET_ADMIN (Home Assistant OS runs as root) may exceed it with SO_RCVBUFFORCE.
    """
    try:
        sock.setsockopt(socket.SOL_SOCKET, _SO_RCVBUFFORCE, size)
    except OSError:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, size)


def open_udp_socket(host: str, port: int, rcvbuf: int = DEFAULT_RCVBUF) -> socket.socket:
    """Open a bound, non-blocking UDP socket that reports kernel drops; `::` is dual-stack."""
    sock = socket.socket(_family(host), socket.SOCK_DGRAM)
    sock.setblocking(False)
    _grow_receive_buffer(sock, rcvbuf)
    with contextlib.suppress(OSError):  # drop counting is best effort
        sock.setsockopt(socket.SOL_SOCKET, SO_RXQ_OVFL, 1)
    _bind(sock, host, port)
    return sock


def open_tcp_socket(host: str, port: int, *, listen: bool = True) -> socket.socket:
    """Open a bound, non-blocking TCP socket, listening unless `listen` is False."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    sock.setblocking(False)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    _bind(sock, host, port)
    if listen:
        sock.listen(128)
    return sock


def check_ports_free(host: str, udp_ports: Iterable[int], tcp_ports: Iterable[int] = ()) -> None:
    """Bind and release each port; raise the ListenerError of the first that fails."""
    for port in udp_ports:
        open_udp_socket(host, port, rcvbuf=65536).close()
    for port in tcp_ports:
        open_tcp_socket(host, port, listen=False).close()
