"""Listeners: the sockets where datagrams and TCP streams enter netwatch, bounded per callback."""

from __future__ import annotations

from .sockets import check_ports_free, open_tcp_socket, open_udp_socket
from .tcp import SyslogTcpServer, TcpStats
from .udp import UdpReceiver
from .udp_stats import ReceiverStats

__all__ = [
    "ReceiverStats",
    "SyslogTcpServer",
    "TcpStats",
    "UdpReceiver",
    "check_ports_free",
    "open_tcp_socket",
    "open_udp_socket",
]
