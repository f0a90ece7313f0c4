"""Forwarder behaviour the real test servers cannot produce on demand, against a scripted fake."""

from __future__ import annotations

import asyncio
import base64
import random
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from custom_components.netwatch.engine.forward import (
    Forwarder,
    ForwarderAuthError,
    ForwarderConfig,
    ForwarderConnectionError,
    SendPolicy,
)
from custom_components.netwatch.engine.records import Verdict
from tests.helpers import free_port

from .fake_server import FakeSearch, serve
from .helpers import assert_invariant, firewall_events, running, softflowd_flows, wait_settled


async def _no_sleep(_: float) -> None:
    await asyncio.sleep(0)


def _config(url: str | list[str], **overrides: Any) -> ForwarderConfig:
    settings: dict[str, Any] = {
        "urls": [url] if isinstance(url, str) else url,
        "flush_interval": 0.05,
        "retention_interval": 0,
        "batch_size": 50,
    }
    settings.update(overrides)
    return ForwarderConfig(**settings)


@pytest.fixture
async def session(socket_enabled: None) -> Any:
    async with aiohttp.ClientSession() as client:
        yield client


async def test_wrong_credentials_raise_auth_error(session: aiohttp.ClientSession) -> None:
    key = base64.b64encode(b"id:secret").decode()
    fake = FakeSearch(auth=f"ApiKey {key}")
    async with serve(fake) as url:
        fwd = Forwarder(session, _config(url, api_key="d3Jvbmc="))
        with pytest.raises(ForwarderAuthError) as err:
            await fwd.async_check()
        assert err.value.reason == "invalid_auth"
        assert fake.headers_seen[-1] == "ApiKey d3Jvbmc="
        info = await Forwarder(session, _config(url, api_key=key)).async_check()
    assert info.product == "elasticsearch"
    assert info.features.data_streams is False


async def test_forbidden_is_an_auth_error(session: aiohttp.ClientSession) -> None:
    async with serve(FakeSearch(forbid=True)) as url:
        with pytest.raises(ForwarderAuthError) as err:
            await Forwarder(session, _config(url)).async_check()
    assert err.value.reason == "forbidden"


async def test_nothing_listening_is_a_connection_error(session: aiohttp.ClientSession) -> None:
    fwd = Forwarder(session, _config(f"http://127.0.0.1:{free_port(udp=False)}"))
    with pytest.raises(ForwarderConnectionError) as err:
        await fwd.async_check()
    assert err.value.reason == "cannot_connect"


async def test_bulk_401_stops_the_loop_with_auth_error(session: aiohttp.ClientSession) -> None:
    fake = FakeSearch()
    async with serve(fake) as url:
        fwd = Forwarder(session, _config(url, batch_size=10))
        await fwd.async_setup()
        fake.auth = "Basic bm9ib2R5Om5vcGU="  # the credentials are revoked after setup
        for rec in softflowd_flows()[:25]:
            fwd.submit_flow(rec)
        with pytest.raises(ForwarderAuthError):
            await asyncio.wait_for(fwd.async_run(), 10)
        assert not fwd.submit_flow(softflowd_flows()[0])
    stats = fwd.stats
    assert stats.indexed == 0
    assert stats.dropped["auth_failed"] == 26
    assert_invariant(stats)


async def test_whole_request_429_and_503_are_retried(session: aiohttp.ClientSession) -> None:
    fake = FakeSearch(bulk_statuses=[429, 503, 502])
    flows = softflowd_flows()
    async with serve(fake) as url:
        fwd = Forwarder(session, _config(url, batch_size=100), sleep=_no_sleep)
        async with running(fwd):
            for rec in flows:
                fwd.submit_flow(rec)
            await wait_settled(fwd)
    stats = fwd.stats
    assert stats.retries == 3
    assert stats.indexed == len(flows) == len(fake.stored)
    assert stats.dropped_total == 0
    assert_invariant(stats)


async def test_item_failures_are_retried_or_counted_and_sampled(
    session: aiohttp.ClientSession,
) -> None:
    rng = random.Random(7)
    plan: dict[str, int] = {}

    def policy(doc_id: str, attempt: int) -> int:
        # First attempts: 60 % created, 20 % overloaded (retry), 20 % mapping errors (final).
        if doc_id not in plan:
            plan[doc_id] = rng.choice((201, 201, 201, 429, 400))
        return 201 if attempt > 1 else plan[doc_id]

    fake = FakeSearch(item_policy=policy)
    flows = softflowd_flows() * 4
    async with serve(fake) as url:
        fwd = Forwarder(session, _config(url), sleep=_no_sleep)
        async with running(fwd):
            for rec in flows:
                fwd.submit_flow(rec)
            await wait_settled(fwd)
    stats = fwd.stats
    rejected = sum(1 for status in plan.values() if status == 400)
    retried = sum(1 for status in plan.values() if status == 429)
    assert rejected > 0
    assert retried > 0
    assert stats.dropped["rejected_by_server"] == rejected
    assert stats.indexed == len(fake.stored) == len(flows) - rejected
    assert stats.failed == rejected + retried
    assert stats.sent == len(flows)
    assert 0 < len(stats.error_samples) <= 20
    assert {s["type"] for s in stats.error_samples} <= {"scripted_400", "scripted_429"}
    assert_invariant(stats)


async def test_lost_answers_do_not_duplicate(session: aiohttp.ClientSession) -> None:
    """The node stores a batch but the answer never arrives: the retry finds it (409)."""
    fake = FakeSearch(lose_answers=2)
    flows = softflowd_flows()
    async with serve(fake) as url:
        fwd = Forwarder(session, _config(url, batch_size=40), sleep=_no_sleep)
        async with running(fwd):
            for rec in flows:
                fwd.submit_flow(rec)
            await wait_settled(fwd)
    stats = fwd.stats
    assert len(fake.stored) == len(flows) == stats.indexed
    assert stats.retries >= 2
    assert_invariant(stats)


async def test_retries_exhausted_are_counted(session: aiohttp.ClientSession) -> None:
    fwd = Forwarder(
        session, _config(f"http://127.0.0.1:{free_port(udp=False)}", max_retries=3), sleep=_no_sleep
    )
    fwd._ready = True  # no server to set up: exercise the delivery path alone
    flows = softflowd_flows()
    async with running(fwd):
        for rec in flows:
            fwd.submit_flow(rec)
        await wait_settled(fwd)
    stats = fwd.stats
    assert stats.dropped["retries_exhausted"] == len(flows)
    assert stats.retries == 3 * 2  # two batches of 50 and 26, three retries each
    assert stats.last_error is not None
    assert "cannot_connect" in stats.last_error
    assert_invariant(stats)


async def test_failover_to_the_next_url(session: aiohttp.ClientSession) -> None:
    fake = FakeSearch()
    async with serve(fake) as url:
        dead = f"http://127.0.0.1:{free_port(udp=False)}"
        fwd = Forwarder(session, _config([url, dead], batch_size=10), sleep=_no_sleep)
        await fwd.async_setup()
        fwd._client.rotate()  # start on the dead node
        async with running(fwd):
            for rec in softflowd_flows()[:30]:
                fwd.submit_flow(rec)
            await wait_settled(fwd)
    assert fwd.stats.indexed == 30 == len(fake.stored)


async def test_queue_is_bounded_and_overflow_counted(session: aiohttp.ClientSession) -> None:
    fwd = Forwarder(session, _config("http://127.0.0.1:9", max_queue=100))
    flows = softflowd_flows()
    accepted = [fwd.submit_flow(rec) for rec in flows * 10]
    assert accepted.count(True) == 100
    stats = fwd.stats
    assert stats.queued == 100
    assert stats.dropped["queue_full"] == len(flows) * 10 - 100
    assert_invariant(stats)
    await fwd.async_stop(0.1)
    stats = fwd.stats
    assert stats.queued == 0
    assert stats.dropped["shutdown"] == 100
    assert_invariant(stats)
    assert not fwd.submit_flow(flows[0])
    assert fwd.stats.dropped["shutdown"] == 101


def test_send_policies_filter_and_sample() -> None:
    config = _config(
        "http://127.0.0.1:9",
        send_flows=SendPolicy("all", 10),
        send_firewall=SendPolicy.parse("denied"),
        send_scans=SendPolicy.parse("none"),
    )
    fwd = Forwarder(None, config)  # type: ignore[arg-type]  # never sends in this test
    flows = softflowd_flows()
    events = firewall_events()
    for rec in flows:
        fwd.submit_flow(rec)
    for ev in events:
        fwd.submit_firewall(ev)
    fwd.submit_scan({"type": "scan_detected", "source": "192.0.2.1"})
    denied = sum(1 for ev in events if ev.action in (Verdict.DENY, Verdict.REJECT))
    assert 0 < denied < len(events)
    stats = fwd.stats
    assert stats.submitted == len(flows) // 10 + denied
    assert stats.skipped == len(flows) + len(events) + 1 - stats.submitted
    assert_invariant(stats)


async def test_lifecycle_servers_get_retention_from_the_lifecycle(
    session: aiohttp.ClientSession,
) -> None:
    """Elasticsearch >= 8.11 with the data-streams module: the server deletes, not netwatch."""
    fake = FakeSearch(data_streams=True, lifecycle=True)
    async with serve(fake) as url:
        fwd = Forwarder(session, _config(url, prefix="nw", retention_days=9))
        await fwd.async_setup()
        assert fwd.storage == "data_streams"
        template = fake.bodies["/_index_template/nw"]
        assert template["data_stream"] == {}
        assert template["template"]["lifecycle"] == {"data_retention": "9d"}
        fake.requests.clear()
        assert await fwd.async_apply_retention() == []
    puts = [path for method, path in fake.requests if method == "PUT"]
    assert puts == [f"/_data_stream/nw-{ds}/_lifecycle" for ds in ("flows", "firewall", "scans")]
    assert not [r for r in fake.requests if r[0] == "DELETE"]


async def test_stop_without_server_drops_in_flight_as_shutdown(
    session: aiohttp.ClientSession,
) -> None:
    fwd = Forwarder(session, _config(f"http://127.0.0.1:{free_port(udp=False)}", max_retries=100))
    fwd._ready = True
    flows = softflowd_flows()
    task = asyncio.create_task(fwd.async_run())
    for rec in flows:
        fwd.submit_flow(rec)
    await asyncio.sleep(0.3)
    assert fwd.stats.in_flight > 0
    await fwd.async_stop(0.2)
    await task
    stats = fwd.stats
    assert stats.dropped["shutdown"] == len(flows)
    assert stats.queued == stats.in_flight == 0
    assert_invariant(stats)


async def test_small_batches_go_out_after_the_flush_interval(
    session: aiohttp.ClientSession,
) -> None:
    fake = FakeSearch()
    async with serve(fake) as url:
        fwd = Forwarder(session, _config(url, batch_size=1000, flush_interval=0.3))
        await fwd.async_setup()
        async with running(fwd):
            await asyncio.sleep(0.1)  # the loop is idle, waiting for documents
            for rec in softflowd_flows()[:3]:
                fwd.submit_flow(rec)
            await asyncio.sleep(0.1)
            assert fwd.stats.requests == 0  # neither full nor old enough yet
            await wait_settled(fwd, limit=2.0)
    assert fwd.stats.requests == 1
    assert fwd.stats.indexed == 3


async def test_run_applies_retention_on_its_interval(session: aiohttp.ClientSession) -> None:
    fake = FakeSearch()
    async with serve(fake) as url:
        fwd = Forwarder(session, _config(url, retention_interval=0.2))
        async with running(fwd):
            await asyncio.sleep(0.7)
    passes = [
        p for m, p in fake.requests if m == "GET" and p.startswith("/_cat/indices/netwatch-*")
    ]
    assert 2 <= len(passes) <= 5


async def test_invariant_holds_at_every_step(session: aiohttp.ClientSession) -> None:
    """Overloads, lost answers, whole-request failures and a full queue, checked every tick."""
    rng = random.Random(11)

    doomed: set[str] = set()

    def policy(doc_id: str, attempt: int) -> int:
        # First attempts fail at random; one document in ~12 is refused (503) every time.
        # (The fake answers 409 itself when the documents of a lost answer come again.) A lost
        # answer on the very last retry could not be told apart from a refusal: max_retries
        # leaves room for every scripted failure, so that never happens here.
        if attempt == 1 and rng.random() < 1 / 12:
            doomed.add(doc_id)
        if doc_id in doomed:
            return 503
        return rng.choice((201, 201, 201, 429, 503, 400)) if attempt == 1 else 201

    fake = FakeSearch(item_policy=policy, bulk_statuses=[503, 429, 500], lose_answers=3)
    flows = softflowd_flows()
    checks = 0
    async with serve(fake) as url:
        fwd = Forwarder(
            session, _config(url, batch_size=20, max_queue=300, max_retries=8), sleep=_no_sleep
        )
        async with running(fwd):
            for i in range(3000):
                fwd.submit_flow(flows[i % len(flows)])
                if i % 7 == 0:
                    assert_invariant(fwd.stats)
                    checks += 1
                    await asyncio.sleep(0)
            while fwd.stats.queued or fwd.stats.in_flight:
                assert_invariant(fwd.stats)
                await asyncio.sleep(0.001)
    stats = fwd.stats
    assert checks > 400
    assert stats.submitted == 3000
    assert stats.indexed == len(fake.stored)
    assert stats.submitted == stats.indexed + stats.dropped_total
    assert stats.dropped["retries_exhausted"] == len(doomed) > 0
    for reason in ("queue_full", "rejected_by_server"):
        assert stats.dropped[reason] > 0, reason


async def test_run_waits_for_a_server_that_is_down_at_start(
    session: aiohttp.ClientSession,
) -> None:
    fake = FakeSearch(forbid=False)
    port = free_port(udp=False)
    fwd = Forwarder(session, _config(f"http://127.0.0.1:{port}", backoff_base=0.05))
    task = asyncio.create_task(fwd.async_run())
    for rec in softflowd_flows():
        fwd.submit_flow(rec)
    await asyncio.sleep(0.3)
    assert fwd.stats.last_error is not None
    assert fwd.stats.queued == len(softflowd_flows())
    runner = web.AppRunner(fake.app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        await wait_settled(fwd, limit=10)
        assert fwd.stats.indexed == len(fake.stored) == len(softflowd_flows())
    finally:
        await fwd.async_stop(1.0)
        await task
        await runner.cleanup()
    assert_invariant(fwd.stats)
