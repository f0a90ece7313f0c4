"""The UDP receiver: draining in budgets, sender allow-list, handler failures, buffer size."""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import time

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
    """1,000 datagrams with a budget of 0.5 ms per callback all arrive, in order, counted."""
    got: list[bytes] = []
    receiver = UdpReceiver(
        "test", "127.0.0.1", 0, lambda d, s: got.append(d), LOOPBACK, budget=0.0005
    )
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


async def test_a_flooding_sender_cannot_starve_another(socket_enabled: None) -> None:
    """An expensive flood fills only its own queue; the other sender is handled completely."""
    handled: dict[str, int] = {}

    def handler(data: bytes, sender: str) -> None:
        handled[sender] = handled.get(sender, 0) + 1
        if sender == "127.0.0.2":  # the flooder's datagrams cost 200 µs each
            end = time.perf_counter() + 0.0002
            while time.perf_counter() < end:
                pass

    receiver = UdpReceiver("test", "127.0.0.1", 0, handler, LOOPBACK, max_queue_bytes=64 * 1024)
    receiver.start(asyncio.get_running_loop())
    ticks = 0
    running = True

    async def ticker() -> None:
        nonlocal ticks
        while running:
            await asyncio.sleep(0)
            ticks += 1

    tick = asyncio.create_task(ticker())
    try:
        port = receiver.bound_port
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as flood,
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as good,
        ):
            flood.bind(("127.0.0.2", 0))
            good.bind(("127.0.0.3", 0))
            for i in range(4000):
                flood.sendto(b"F" * 100, ("127.0.0.1", port))
                if i % 20 == 0:
                    good.sendto(b"G" * 100, ("127.0.0.1", port))
        await _until(lambda: handled.get("127.0.0.3") == 200 and not receiver._turns, 30)
    finally:
        running = False
        await tick
        receiver.stop()
    stats = receiver.stats
    assert handled["127.0.0.3"] == 200  # every good datagram
    assert stats.senders["127.0.0.3"].queue_drops == 0
    assert stats.senders["127.0.0.2"].queue_drops > 0  # the flood paid for itself
    assert stats.queue_drops == stats.senders["127.0.0.2"].queue_drops
    assert handled["127.0.0.2"] + stats.queue_drops == 4000
    assert stats.kernel_drops == 0
    assert stats.deferred > 0  # work was left for later turns instead of holding the loop
    assert ticks > stats.deferred / 2  # and other tasks ran in between


async def test_foreign_senders_make_one_log_line(
    socket_enabled: None, caplog: pytest.LogCaptureFixture
) -> None:
    """Datagrams from 200 non-allowed addresses: counted each, logged once."""
    receiver = UdpReceiver(
        "test", "127.0.0.1", 0, lambda d, s: None, NetworkSet.from_cidrs(["127.0.0.1/32"])
    )
    receiver.start(asyncio.get_running_loop())
    try:
        for i in range(200):
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
                tx.bind((f"127.0.1.{i}", 0))
                tx.sendto(b"x", ("127.0.0.1", receiver.bound_port))
        await _until(lambda: receiver.stats.rejected_senders == 200)
    finally:
        receiver.stop()
    lines = [r for r in caplog.records if "allowed senders" in r.getMessage()]
    assert len(lines) == 1
    assert "127.0.1.0" in lines[0].getMessage()


async def test_one_sender_is_handled_straight_and_every_turn_stays_bounded(
    socket_enabled: None,
) -> None:
    """A lone router skips the queues; foreign datagrams and a second sender cannot stretch a turn.

    The straight path must count rejected datagrams against the clock too (a foreign flood alone
    would otherwise hold the loop until the kernel buffer is empty), and must hand over to the
    round robin when a second sender speaks. The receiver's clock is a counter here (10 µs per
    reading), so the bound holds however loaded the machine is.
    """
    handled: list[str] = []
    readings = itertools.count()
    receiver = UdpReceiver(
        "test", "127.0.0.1", 0, lambda d, s: handled.append(s),
        NetworkSet.from_cidrs(["127.0.0.1/32", "127.0.0.3/32"]),
        budget=0.0005, clock=lambda: next(readings) * 1e-5,
    )  # fmt: skip
    receiver.start(asyncio.get_running_loop())
    port = receiver.bound_port
    steps: list[int] = []
    running = True

    async def watch() -> None:  # rejected datagrams per loop iteration
        last = 0
        while running:
            await asyncio.sleep(0)
            steps.append(receiver.stats.rejected_senders - last)
            last = receiver.stats.rejected_senders

    watcher = asyncio.create_task(watch())
    try:
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as router,
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as foreign,
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as second,
        ):
            foreign.bind(("127.0.0.2", 0))
            second.bind(("127.0.0.3", 0))
            for _ in range(500):
                router.sendto(b"r", ("127.0.0.1", port))
            await _until(lambda: len(handled) == 500)
            assert not receiver._queues  # the lone router never went through a queue
            for _ in range(8000):  # a foreign flood alone: rejected in bounded turns
                foreign.sendto(b"f", ("127.0.0.1", port))
            router.sendto(b"r", ("127.0.0.1", port))
            await _until(lambda: receiver.stats.rejected_senders == 8000 and len(handled) == 501)
            for i in range(8000):  # and beside two senders, who share the turns
                foreign.sendto(b"f", ("127.0.0.1", port))
                if i % 100 == 0:
                    second.sendto(b"s", ("127.0.0.1", port))
                    router.sendto(b"r", ("127.0.0.1", port))
            await _until(lambda: receiver.stats.rejected_senders == 16000 and len(handled) == 661)
    finally:
        running = False
        await watcher
        receiver.stop()
    assert receiver.stats.kernel_drops == 0
    assert handled.count("127.0.0.3") == 80
    assert handled.count("127.0.0.1") == 581
    # 50 clock readings per turn: a few hundred datagrams, never the whole flood of 8,000.
    assert max(steps) <= 1000


async def test_the_straight_path_hands_on_batches_as_often_as_the_round_robin(
    socket_enabled: None,
) -> None:
    """The flush hook runs every quantum of a straight turn, not once after 2 ms of datagrams.

    The engine classifies and counts a batch at the flush: a batch of a whole turn at 300k
    flows/s took several ms on its own and held Home Assistant's loop that much longer.
    """
    since_flush: list[int] = []
    pending = 0

    def handler(data: bytes, sender: str) -> None:
        nonlocal pending
        pending += 1

    def flush() -> None:
        nonlocal pending
        since_flush.append(pending)
        pending = 0

    readings = itertools.count()
    receiver = UdpReceiver(
        "test", "127.0.0.1", 0, handler, LOOPBACK, flush=flush,
        clock=lambda: next(readings) * 1e-5,
    )  # fmt: skip
    receiver.start(asyncio.get_running_loop())
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as router:
            for _ in range(2000):
                router.sendto(b"r", ("127.0.0.1", receiver.bound_port))
        await _until(lambda: receiver.stats.datagrams == 2000 and pending == 0)
    finally:
        receiver.stop()
    assert sum(since_flush) == 2000
    # A quantum is 20 readings of this clock, one reading per 4 datagrams: ~80 per batch. A turn
    # (2 ms, 200 readings) would hold ~800.
    assert max(since_flush) <= 120


async def test_light_traffic_is_read_in_batches_and_an_idle_socket_costs_no_timer(
    socket_enabled: None,
) -> None:
    """A router sending now and then wakes the loop once per pause, not once per datagram.

    After the traffic stops, one turn finds nothing and the receiver waits on the socket again:
    no turn runs while nothing arrives.
    """
    got: list[bytes] = []
    receiver = UdpReceiver("test", "127.0.0.1", 0, lambda d, s: got.append(d), LOOPBACK, linger=0.1)
    receiver.start(asyncio.get_running_loop())
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
            for i in range(100):  # 100 datagrams over ~1 s
                tx.sendto(i.to_bytes(4, "big"), ("127.0.0.1", receiver.bound_port))
                await asyncio.sleep(0.01)
            await _until(lambda: len(got) == 100)
            paused = receiver.stats.pause_ms
            await asyncio.sleep(0.3)  # the pause ends, a turn finds nothing
            idle_turns = receiver.stats.turns
            await asyncio.sleep(0.5)
            assert receiver.stats.turns == idle_turns  # nothing arrives, nothing runs
            assert receiver.stats.pause_ms == 0
            tx.sendto(b"late", ("127.0.0.1", receiver.bound_port))  # and it still hears
            await _until(lambda: len(got) == 101)
    finally:
        receiver.stop()
    assert [int.from_bytes(d, "big") for d in got[:100]] == list(range(100))
    assert paused == pytest.approx(100)  # grown from 4 ms to the longest pause
    # Growing: 4, 8, 16 ms pauses, some of them followed by an empty turn; then ~10 pauses of
    # 100 ms. Without pauses: one turn per datagram, 100.
    assert idle_turns <= 30


async def test_the_pause_shrinks_to_what_the_kernel_buffer_holds(socket_enabled: None) -> None:
    """At a rate that would overflow a small buffer within the longest pause, nothing is lost.

    128 KiB of kernel buffer holds ~55 datagrams of 1 KiB; a second's pause at ~1,000
    datagrams/s would lose most of them. The pause is cut to a quarter of the buffer's worth.
    """
    got: list[int] = []
    receiver = UdpReceiver(
        "test", "127.0.0.1", 0, lambda d, s: got.append(len(d)), LOOPBACK,
        rcvbuf=64 * 1024, linger=1.0,
    )  # fmt: skip
    receiver.start(asyncio.get_running_loop())
    pauses: list[float] = []

    def send() -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
            for _ in range(600):
                tx.sendto(bytes(1024), ("127.0.0.1", receiver.bound_port))
                time.sleep(0.001)

    try:
        sender = asyncio.get_running_loop().run_in_executor(None, send)
        while not sender.done():
            pauses.append(receiver.stats.pause_ms)
            await asyncio.sleep(0.02)
        await sender
        await _until(lambda: len(got) == 600)
    finally:
        receiver.stop()
    assert receiver.stats.kernel_drops == 0
    budget = 0.25 * receiver.stats.rcvbuf_granted / 2048 * 1.2  # datagrams per pause (≥)
    assert 0 < max(pauses) <= 1000 * budget / 600  # never the second asked for
    assert receiver.stats.turns < 600  # and still fewer wakeups than datagrams


async def test_a_stop_hands_on_what_the_kernel_buffer_holds(socket_enabled: None) -> None:
    """Datagrams that arrived before the stop (during a pause, say) are handled, not dropped."""
    got: list[bytes] = []
    receiver = UdpReceiver("test", "127.0.0.1", 0, lambda d, s: got.append(d), LOOPBACK)
    receiver.start(asyncio.get_running_loop())
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
        tx.sendto(b"first", ("127.0.0.1", receiver.bound_port))
        await _until(lambda: got == [b"first"])
        for i in range(5):  # the loop cannot run before the stop: these wait in the kernel
            tx.sendto(bytes([i]), ("127.0.0.1", receiver.bound_port))
        receiver.stop()
    assert got == [b"first", *(bytes([i]) for i in range(5))]
