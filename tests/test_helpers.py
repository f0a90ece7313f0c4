"""The shared test helpers that can be wrong in ways a test would not notice: free_port."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from tests import helpers
from tests.helpers import free_port

pytestmark = pytest.mark.usefixtures("socket_enabled")


def test_free_port_binds_for_udp_and_tcp_at_once() -> None:
    port = free_port()
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp,
    ):
        udp.bind(("127.0.0.1", port))
        tcp.bind(("127.0.0.1", port))
        tcp.listen()


def test_free_port_refuses_a_udp_proposal_that_a_tcp_listener_holds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The CI flake: the kernel offers, for UDP, a port that TCP already uses."""
    real_socket = socket.socket
    with real_socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        taken = listener.getsockname()[1]
        proposals = [taken]

        class KernelProposesTaken(real_socket):
            """A socket whose first ephemeral UDP bind lands on the TCP listener's port."""

            def bind(self, address: Any) -> None:
                if self.type == socket.SOCK_DGRAM and address[1] == 0 and proposals:
                    address = (address[0], proposals.pop())
                super().bind(address)

        monkeypatch.setattr(helpers.socket, "socket", KernelProposesTaken)
        port = free_port(udp=True, tcp=True)
        monkeypatch.undo()
        assert proposals == []  # the taken port was offered to free_port
        assert port != taken
        with real_socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", port))


def test_free_port_hands_out_different_ports_and_needs_a_protocol() -> None:
    ports = [free_port(tcp=False) for _ in range(20)]
    assert len(set(ports)) == len(ports)
    with pytest.raises(ValueError, match="udp, tcp or both"):
        free_port(udp=False, tcp=False)
