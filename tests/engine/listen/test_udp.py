"""The UDP receiver: draining in budgets, sender allow-list, handler failures, buffer size."""

from __future__ import annotations

import asyncio
import os
import socket

import pytest

from custom_components.netwatch.engine.addr import NetworkSet
from custom_components.netwatch.engine.errors import AddressInUseError
from custom_components.netwatch.engine.listen.udp import UdpReceiver, open_udp_socket

LOOPBACK = NetworkSet.from_cidrs(["127.0.0.0/8", "::1/128"])


async def _until(predicate: object, seconds: float = 5.0) -> None:
    async with asyncio.timeout(seconds):
        while not predicate():  # type: ignore[operator]  # noqa: ASYNC110 - sockets change it
            await asyncio.sleep(0.01)


async def test_drains_in_budgets_and_counts(socket_enabled: None) -> None:
    """1,000 datagrams with a budget of 64 per callback all arrive, in order, counted."""
    got: list[bytes] = []
    receiver = UdpReceiver("test", "127.0.0.1", 0, lambda d, s: got.append(d), LOOPBACK, budget=64)
    receiver.start(asyncio.get_running_loop())
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
            for i in range(1000):
                tx.sendto(i.to_bytes(4, "big"), ("127.0.0.1", receiver.bound_port))
        await _until(lambda: len(got) == 1000)
    finally:
        receiver.stop()
    assert [int.from_bytes(d, "big") for d in got] == list(range(1000))
    assert receiver.stats.datagrams == 1000
    assert receiver.stats.bytes == 4000
    assert receiver.stats.last_sender == "127.0.0.1"
    receiver.stop()  # twice is fine


async def test_rejects_senders_and_survives_handler_errors(socket_enabled: None) -> None:
    """Unknown senders are counted and dropped; a raising handler is counted, not fatal."""
    seen: list[str] = []

    def handler(data: bytes, sender: str) -> None:
        seen.append(sender)
        if data == b"bad":
            raise ValueError("handler bug")

    receiver = UdpReceiver("test", "::", 0, handler, NetworkSet.from_cidrs(["127.0.0.1/32"]))
    receiver.start(asyncio.get_running_loop())
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as tx6:
            tx6.sendto(b"from v6 loopback", ("::1", receiver.bound_port))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
            tx.sendto(b"bad", ("127.0.0.1", receiver.bound_port))
            tx.sendto(b"good", ("127.0.0.1", receiver.bound_port))
        await _until(lambda: receiver.stats.datagrams == 2 and receiver.stats.rejected_senders == 1)
    finally:
        receiver.stop()
    # IPv4 on the dual-stack socket is reported as plain a.b.c.d, not ::ffff:a.b.c.d.
    assert seen == ["127.0.0.1", "127.0.0.1"]
    assert receiver.stats.handler_errors == 1


def test_bind_conflict_is_address_in_use(socket_enabled: None) -> None:
    """A taken port raises the typed error the config flow and setup translate."""
    first = open_udp_socket("127.0.0.1", 0)
    try:
        with pytest.raises(AddressInUseError) as err:
            open_udp_socket("127.0.0.1", first.getsockname()[1])
        assert err.value.reason == "address_in_use"
    finally:
        first.close()


def test_receive_buffer_beyond_rmem_max_when_privileged(socket_enabled: None) -> None:
    """As root (CAP_NET_ADMIN) the 8 MiB request is granted past net.core.rmem_max."""
    sock = open_udp_socket("127.0.0.1", 0, rcvbuf=8 * 1024 * 1024)
    try:
        granted = sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
    finally:
        sock.close()
    with open("/proc/sys/net/core/rmem_max") as file:
        rmem_max = int(file.read())
    if os.geteuid() == 0:
        assert granted >= 8 * 1024 * 1024  # the kernel doubles the request for bookkeeping
    else:
        assert granted >= min(rmem_max, 8 * 1024 * 1024)
