"""Check that listener ports can be bound, before a configuration is accepted."""

from __future__ import annotations

import socket
from collections.abc import Iterable

from .errors import listener_error_from_oserror
from .receiver import open_udp_socket


def check_ports_free(host: str, udp_ports: Iterable[int], tcp_ports: Iterable[int] = ()) -> None:
    """Bind and release each port; raise the ListenerError of the first that fails."""
    for port in udp_ports:
        open_udp_socket(host, port, rcvbuf=65536).close()
    for port in tcp_ports:
        family = socket.AF_INET6 if host in ("", "::") or ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            try:
                sock.bind((host or "::", port))
            except OSError as err:
                raise listener_error_from_oserror(err, host, port) from err
