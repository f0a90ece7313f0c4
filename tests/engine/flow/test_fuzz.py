"""Bounded fuzzing in the suite: whatever arrives, decode() returns and the state stays bounded.

The long run (over a million mutated datagrams, RSS before/after) is benchmarks/flow_fuzz.py.
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.netwatch.engine.flow import (
    DEFAULT_MAX_PENDING,
    DEFAULT_MAX_TEMPLATES,
    FlowDecoder,
)
from custom_components.netwatch.engine.flow.sflow_stats import MAX_AGENTS, MAX_INTERFACES
from custom_components.netwatch.engine.flow.state import MAX_EXPORTERS
from tests.helpers import testdata

from .frames import (
    counter_sample,
    ethernet,
    extended_router,
    extended_switch,
    flow_sample,
    icmp,
    if_counters,
    ipv6,
    raw_header,
    record,
    sflow,
)
from .wire import flowset, ipfix, ipfix_template, v9, v9_template

FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@cache
def _seeds() -> tuple[bytes, ...]:
    paths = sorted(testdata("netflow", "vendor").glob("*.dat"))
    paths += sorted(testdata("netflow", "softflowd").glob("raw_v*/*.bin"))
    paths += sorted((Path(__file__).parent / "fixtures" / "yaf_logstash").glob("*.bin"))
    return tuple(p.read_bytes() for p in paths)


def _check_bounds(decoder: FlowDecoder, max_templates: int, max_pending: int) -> None:
    stats = decoder.stats
    assert stats.templates <= max_templates
    assert stats.pending <= max_pending
    assert len(stats.exporters) <= MAX_EXPORTERS
    assert stats.malformed["internal_error"] == 0
    assert stats.templates == sum(e.templates for e in stats.exporters.values())


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    decoder = FlowDecoder()
    assert isinstance(decoder.decode(data, "10.0.0.1"), list)
    _check_bounds(decoder, DEFAULT_MAX_TEMPLATES, DEFAULT_MAX_PENDING)


@FUZZ
@given(
    st.lists(
        st.tuples(st.integers(0, 200), st.integers(0, 1 << 20), st.integers(0, 255), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    st.integers(0, 3),
)
def test_mutated_real_datagrams(mutations: list[tuple[int, int, int, bool]], exporter: int) -> None:
    """Flip bytes and truncate real datagrams, replaying the template files first."""
    decoder = FlowDecoder(max_templates=64, max_pending=16)
    seeds = _seeds()
    for seed_index, offset, value, truncate in mutations:
        data = bytearray(seeds[seed_index % len(seeds)])
        pos = offset % len(data)
        if truncate:
            del data[pos:]
        else:
            data[pos] ^= value or 1
        records = decoder.decode(bytes(data), f"10.0.0.{exporter}")
        assert all(r.ip_version in (4, 6) for r in records)
    _check_bounds(decoder, 64, 16)


FIELD = st.tuples(
    st.sampled_from([1, 2, 4, 5, 6, 7, 8, 10, 11, 12, 21, 22, 27, 28, 32, 56, 61, 152, 153, 999]),
    st.sampled_from([0, 1, 2, 3, 4, 6, 8, 16, 65535]),
)


@FUZZ
@given(
    st.lists(FIELD, min_size=1, max_size=20),
    st.binary(max_size=600),
    st.booleans(),
)
def test_random_templates_with_random_data(
    fields: list[tuple[int, int]], body: bytes, use_ipfix: bool
) -> None:
    """Any template with any data: fixed-length records count as the RFC arithmetic says."""
    decoder = FlowDecoder()
    if use_ipfix:
        data = ipfix([flowset(2, ipfix_template(400, fields)), flowset(400, body, pad=False)])
    else:
        v9_fields = [(f, 4 if n == 65535 else n) for f, n in fields]  # v9 has no variable length
        data = v9([flowset(0, v9_template(400, v9_fields)), flowset(400, body, pad=False)])
        fields = v9_fields
    records = decoder.decode(data, "10.0.0.1")
    size = sum(n for _f, n in fields)
    if size == 0:
        assert decoder.last_reject is not None
        assert decoder.last_reject[0] == "template_empty"
    elif all(n != 65535 for _f, n in fields):
        assert len(records) == len(body) // size
    _check_bounds(decoder, DEFAULT_MAX_TEMPLATES, DEFAULT_MAX_PENDING)


@FUZZ
@given(st.integers(1, 40), st.integers(0, 0xFFFF), st.integers(0, 0xFFFF))
def test_huge_lengths(count: int, set_length: int, field_length: int) -> None:
    """Lengths that point past the datagram: v9 set length, IPFIX length, field length."""
    decoder = FlowDecoder()
    tpl = struct.pack("!HH", 300, count) + struct.pack("!HH", 8, field_length) * count
    decoder.decode(v9([struct.pack("!HH", 0, set_length) + tpl]), "a")
    decoder.decode(v9([flowset(0, tpl), struct.pack("!HH", 300, set_length) + b"\1" * 64]), "a")
    decoder.decode(struct.pack("!HHIII", 10, set_length, 0, 0, 0) + b"\xff" * 40, "a")
    _check_bounds(decoder, DEFAULT_MAX_TEMPLATES, DEFAULT_MAX_PENDING)


def test_truncation_at_every_offset() -> None:
    """Every prefix of template-and-data datagrams of each version is decoded or rejected."""
    names = [
        "netflow5_test_juniper_mx80.dat",
        "netflow9_test_cisco_asa_1_tpl.dat",
        "netflow9_test_iptnetflow_reduced_size_encoding_tpldata260.dat",
        "ipfix_test_ixia_tpldata256.dat",
        "ipfix_test_netscaler_tpl.dat",
        "ipfix.dat",
    ]
    for name in names:
        data = testdata("netflow", "vendor", name).read_bytes()
        decoder = FlowDecoder()
        full = len(decoder.decode(data, "a"))
        for cut in range(len(data)):
            records = decoder.decode(data[:cut], "a")
            assert len(records) <= full
        _check_bounds(decoder, DEFAULT_MAX_TEMPLATES, DEFAULT_MAX_PENDING)


# sFlow v5 -----------------------------------------------------------------------------------

SFLOW_FIXTURES = Path(__file__).parent / "fixtures" / "sflow_pmacct"


@cache
def _sflow_seeds() -> tuple[bytes, ...]:
    """pmacctd's real exports plus hand-built datagrams covering the other sample/record types."""
    real = [p.read_bytes() for p in sorted(SFLOW_FIXTURES.glob("*.bin"))]
    frame = ethernet(ipv6("2001:db8::1", "2001:db8::2", 58, icmp(128, 0)), 0x86DD)
    ip4 = struct.pack("!II4s4sIIII", 60, 6, bytes(4), bytes(4), 1, 2, 2, 0)
    built = [
        sflow(
            [
                flow_sample([raw_header(frame), extended_switch(1, 2)], expanded=True, rate=8),
                flow_sample(
                    [record(3, ip4), extended_router("192.0.2.1", 24, 8)], out_if=(1 << 30) | 258
                ),
                counter_sample([if_counters(3, 100, 200), record(2, bytes(52))]),
            ],
            agent="2001:db8::1",
        ),
        sflow([flow_sample([raw_header(frame, protocol=12, fcs=0)], rate=0)], sub_agent=7),
    ]
    return (*real, *built)


def _check_sflow_bounds(decoder: FlowDecoder) -> None:
    _check_bounds(decoder, DEFAULT_MAX_TEMPLATES, DEFAULT_MAX_PENDING)
    sflow_stats = decoder.stats.sflow
    assert len(sflow_stats.agents) <= MAX_AGENTS
    assert all(len(a.interfaces) <= MAX_INTERFACES for a in sflow_stats.agents.values())


@FUZZ
@given(
    st.lists(
        st.tuples(st.integers(0, 200), st.integers(0, 1 << 20), st.integers(0, 255), st.booleans()),
        min_size=1,
        max_size=8,
    )
)
def test_mutated_sflow_datagrams(mutations: list[tuple[int, int, int, bool]]) -> None:
    """Flip bytes of and truncate real and hand-built sFlow datagrams."""
    decoder = FlowDecoder()
    seeds = _sflow_seeds()
    for seed_index, offset, value, truncate in mutations:
        data = bytearray(seeds[seed_index % len(seeds)])
        pos = 4 + offset % (len(data) - 4)  # keep the version: the point is the sFlow path
        if truncate:
            del data[pos:]
        else:
            data[pos] ^= value or 1
        records = decoder.decode(bytes(data), "10.0.0.1")
        assert all(r.ip_version in (4, 6) and r.packets >= 1 for r in records)
    _check_sflow_bounds(decoder)


SFLOW_TAG = st.sampled_from([1, 2, 3, 4, 1001, 1002, 5, (9 << 12) | 1, 0xFFFFFFFF])


@FUZZ
@given(
    st.lists(st.tuples(SFLOW_TAG, st.binary(max_size=120)), max_size=6),
    st.lists(st.tuples(SFLOW_TAG, st.binary(max_size=200)), max_size=6),
    st.integers(0, 0xFFFFFFFF),
    st.booleans(),
)
def test_random_sflow_samples(
    samples: list[tuple[int, bytes]],
    records: list[tuple[int, bytes]],
    count: int,
    expanded: bool,
) -> None:
    """Random sample and record tags, lengths and bodies, and a random sample count."""
    decoder = FlowDecoder()
    inner = [record(tag, body) for tag, body in records]
    items = [record(tag, body) for tag, body in samples]
    items.append(flow_sample(inner, expanded=expanded))
    items.append(counter_sample(inner))
    decoder.decode(sflow(items, count=count % (len(items) + 3)), "10.0.0.2")
    decoder.decode(sflow(items, count=count), "10.0.0.2")
    _check_sflow_bounds(decoder)


def test_sflow_truncation_at_every_offset() -> None:
    decoder = FlowDecoder()
    for seed in _sflow_seeds():
        full = len(decoder.decode(seed, "a"))
        for cut in range(len(seed)):
            assert len(decoder.decode(seed[:cut], "a")) <= full
    _check_sflow_bounds(decoder)
