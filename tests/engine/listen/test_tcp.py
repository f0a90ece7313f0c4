"""SyslogTcpServer over real loopback sockets: RFC 6587 framing, limits, senders, shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import AsyncIterator

import pytest

from custom_components.netwatch.engine.addr import NetworkSet
from custom_components.netwatch.engine.errors import AddressInUseError, ListenerError
from custom_components.netwatch.engine.listen import SyslogTcpServer
from tests.engine.syslog.cases import wait_until

LOOPBACK = NetworkSet.from_cidrs(["127.0.0.0/8", "::1/128"])
M1 = b"<13>1 2026-01-01T00:00:00Z h app - - - first"
M2 = b"<13>Jan  1 00:00:00 h app: second"


class Collector:
    def __init__(self) -> None:
        self.messages: list[tuple[bytes, str]] = []
        self.event = asyncio.Event()

    def __call__(self, data: bytes, sender: str) -> None:
        self.messages.append((data, sender))
        self.event.set()

    async def wait_for(self, count: int, within: float = 5.0) -> list[bytes]:
        async with asyncio.timeout(within):
            while len(self.messages) < count:
                self.event.clear()
                await self.event.wait()
        return [m for m, _ in self.messages]


@pytest.fixture
async def collector() -> Collector:
    return Collector()


@pytest.fixture
async def server(socket_enabled: None, collector: Collector) -> AsyncIterator[SyslogTcpServer]:
    srv = SyslogTcpServer("127.0.0.1", 0, collector, LOOPBACK, max_message=64, max_connections=3)
    await srv.start()
    yield srv
    await srv.stop()


async def send(port: int, *chunks: bytes, host: str = "127.0.0.1") -> None:
    _, writer = await asyncio.open_connection(host, port)
    for chunk in chunks:
        writer.write(chunk)
        await writer.drain()
        await asyncio.sleep(0.01)  # separate TCP segments
    writer.close()
    await writer.wait_closed()


async def test_lf_framing_in_one_write_and_split_across_writes(
    server: SyslogTcpServer, collector: Collector
) -> None:
    await send(server.bound_port, M1 + b"\n" + M2[:10], M2[10:] + b"\r\n" + M1 + b"\n")
    assert await collector.wait_for(3) == [M1, M2 + b"\r", M1]
    assert collector.messages[0][1] == "127.0.0.1"
    assert server.stats.framing.lf_framed == 3


async def test_octet_counting_split_inside_count_and_message(
    server: SyslogTcpServer, collector: Collector
) -> None:
    frame1 = str(len(M1)).encode() + b" " + M1
    frame2 = str(len(M2)).encode() + b" " + M2
    await send(server.bound_port, frame1[:1], frame1[1:20], frame1[20:] + frame2[:-3], frame2[-3:])
    assert await collector.wait_for(2) == [M1, M2]
    assert server.stats.framing.octet_counted == 2


async def test_mixed_framing_and_nul_trailer(server: SyslogTcpServer, collector: Collector) -> None:
    """Framing is decided per frame; a LF after an octet-counted frame (loggen) is skipped."""
    counted = str(len(M1)).encode() + b" " + M1 + b"\n"
    await send(server.bound_port, counted + M2 + b"\x00" + b"12 is a number\n")
    assert await collector.wait_for(3) == [M1, M2, b"12 is a number"]


async def test_oversized_frames_are_skipped_and_counted(
    server: SyslogTcpServer, collector: Collector
) -> None:
    big = b"<13>" + b"x" * 200
    await send(
        server.bound_port,
        str(len(big)).encode() + b" " + big[:50],
        big[50:] + str(len(M2)).encode() + b" " + M2,
        big + b"\n" + M1 + b"\n",
    )
    assert await collector.wait_for(2) == [M2, M1]
    assert server.stats.framing.oversized == 2


async def test_last_message_without_trailer_is_delivered_at_eof(
    server: SyslogTcpServer, collector: Collector
) -> None:
    await send(server.bound_port, M1 + b"\n" + M2)
    assert await collector.wait_for(2) == [M1, M2]


async def test_truncated_octet_frame_is_counted(
    server: SyslogTcpServer, collector: Collector
) -> None:
    await send(server.bound_port, b"40 <13>1 only a part")
    await wait_until(lambda: server.stats.framing.truncated == 1)
    assert collector.messages == []


async def test_connection_limit(server: SyslogTcpServer, collector: Collector) -> None:
    clients = [await asyncio.open_connection("127.0.0.1", server.bound_port) for _ in range(3)]
    reader, writer = await asyncio.open_connection("127.0.0.1", server.bound_port)
    async with asyncio.timeout(5):
        assert await reader.read() == b""  # closed by the server
    assert server.stats.rejected_over_limit == 1
    assert server.stats.connections == 3
    for _, w in clients:
        w.close()
    writer.close()
    await wait_until(lambda: server.stats.connections == 0)


async def test_sender_outside_the_allowed_networks_is_closed(
    socket_enabled: None, collector: Collector
) -> None:
    srv = SyslogTcpServer("127.0.0.1", 0, collector, NetworkSet.from_cidrs(["10.0.0.0/8"]))
    await srv.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", srv.bound_port)
        writer.write(M1 + b"\n")
        async with asyncio.timeout(5):
            assert await reader.read() == b""
        writer.close()
        assert srv.stats.rejected_senders == 1
        assert collector.messages == []
    finally:
        await srv.stop()


async def test_idle_connections_are_closed(socket_enabled: None, collector: Collector) -> None:
    srv = SyslogTcpServer("127.0.0.1", 0, collector, LOOPBACK, idle_timeout=0.2)
    await srv.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", srv.bound_port)
        writer.write(M1 + b"\n")
        async with asyncio.timeout(5):
            assert await reader.read() == b""
        writer.close()
        assert srv.stats.idle_closed == 1
        assert await collector.wait_for(1) == [M1]
    finally:
        await srv.stop()


async def test_stop_closes_every_connection(socket_enabled: None, collector: Collector) -> None:
    srv = SyslogTcpServer("127.0.0.1", 0, collector, LOOPBACK)
    await srv.start()
    clients = [await asyncio.open_connection("127.0.0.1", srv.bound_port) for _ in range(2)]
    await wait_until(lambda: srv.stats.connections == 2)
    async with asyncio.timeout(5):
        await srv.stop()
        assert [await r.read() for r, _ in clients] == [b"", b""]
    assert srv.stats.connections == 0
    for _, writer in clients:
        writer.close()
    await srv.stop()  # twice is harmless


async def test_handler_errors_are_contained(socket_enabled: None) -> None:
    seen: list[bytes] = []

    def handler(data: bytes, sender: str) -> None:
        seen.append(data)
        if len(seen) == 1:
            raise RuntimeError("bug")

    srv = SyslogTcpServer("127.0.0.1", 0, handler, LOOPBACK)
    await srv.start()
    try:
        await send(srv.bound_port, M1 + b"\n" + M2 + b"\n")
        await wait_until(lambda: len(seen) == 2)
        assert srv.stats.handler_errors == 1
    finally:
        await srv.stop()


async def test_bind_failure_raises_a_listener_error(socket_enabled: None) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        srv = SyslogTcpServer("127.0.0.1", taken.getsockname()[1], print, LOOPBACK)
        with pytest.raises(AddressInUseError):
            await srv.start()
    with pytest.raises(ListenerError):
        await SyslogTcpServer("192.0.2.123", 0, print, LOOPBACK).start()  # not a local address


async def test_dual_stack_reports_ipv4_senders_plainly(
    socket_enabled: None, collector: Collector
) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    srv = SyslogTcpServer("::", 0, collector, LOOPBACK)
    try:
        await srv.start()
    except ListenerError:
        pytest.skip("cannot bind ::")
    try:
        await send(srv.bound_port, M1 + b"\n")  # the test harness allows 127.0.0.1 only
        await collector.wait_for(1)
        assert collector.messages == [(M1, "127.0.0.1")]
    finally:
        await srv.stop()


async def test_one_sender_cannot_take_every_slot(
    socket_enabled: None, collector: Collector
) -> None:
    """A host at its per-sender limit is refused; another allowed host still gets through."""
    srv = SyslogTcpServer("127.0.0.1", 0, collector, LOOPBACK, max_per_sender=2)
    await srv.start()
    try:
        hogs = [await asyncio.open_connection("127.0.0.1", srv.bound_port) for _ in range(2)]
        reader, writer = await asyncio.open_connection("127.0.0.1", srv.bound_port)
        async with asyncio.timeout(5):
            assert await reader.read() == b""  # the third from the same host is closed
        writer.close()
        assert srv.stats.rejected_per_sender == 1
        assert srv.stats.refused == 1
        _, good = await asyncio.open_connection(
            "127.0.0.1", srv.bound_port, local_addr=("127.0.0.2", 0)
        )
        good.write(M1 + b"\n")
        await good.drain()
        assert await collector.wait_for(1) == [M1]
        assert collector.messages[0][1] == "127.0.0.2"
        good.close()
        for _, w in hogs:
            w.close()
    finally:
        await srv.stop()


async def test_a_trickling_sender_is_closed_when_no_message_completes(
    socket_enabled: None, collector: Collector
) -> None:
    """Bytes that never complete a message do not keep a slot: the idle timer is not reset."""
    srv = SyslogTcpServer("127.0.0.1", 0, collector, LOOPBACK, idle_timeout=0.3)
    await srv.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", srv.bound_port)
        loop = asyncio.get_running_loop()
        started = loop.time()
        with contextlib.suppress(ConnectionError):
            for byte in b"<13>Jan  1 00:00:00 h app: a message that never ends":
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(0.05)
                if srv.stats.idle_closed:
                    break
        async with asyncio.timeout(5):
            assert await reader.read() == b""
        assert srv.stats.idle_closed == 1
        assert loop.time() - started < 1.5
        assert collector.messages == []
        writer.close()
    finally:
        await srv.stop()


async def test_a_burst_is_handled_in_bounded_loop_turns(socket_enabled: None) -> None:
    """20,000 lines in one write with a slow handler: the loop keeps ticking, nothing is lost."""
    got: list[bytes] = []

    def slow(data: bytes, sender: str) -> None:
        end = time.perf_counter() + 0.00005  # 50 µs of work per message
        while time.perf_counter() < end:
            pass
        got.append(data)

    srv = SyslogTcpServer("127.0.0.1", 0, slow, LOOPBACK, budget=0.002)
    await srv.start()
    gaps: list[float] = []
    running = True

    async def ticker() -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while running:
            await asyncio.sleep(0.001)
            now = loop.time()
            gaps.append(now - last)
            last = now

    tick = asyncio.create_task(ticker())
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", srv.bound_port)
        writer.write(b"".join(b"<13>m %d\n" % i for i in range(20000)))
        await writer.drain()
        await wait_until(lambda: len(got) == 20000, 30)
        writer.close()
    finally:
        running = False
        await tick
        await srv.stop()
    assert got[0] == b"<13>m 0"
    assert got[-1] == b"<13>m 19999"
    assert srv.stats.paused >= 1
    # About 1 s of handler work ran in ~2 ms turns, so the ticker ran hundreds of times meanwhile
    # (counted, not timed: wall-clock gaps depend on the machine's load).
    assert len(gaps) > 100
