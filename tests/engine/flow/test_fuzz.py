"""Bounded fuzzing in the suite: whatever arrives, decode() returns and the state stays bounded.

The long run (over a million mutated datagrams, RSS before/after) is benchmarks/flow_fuzz.py.
"""

from __future__ import annotations

import struct
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.netwatch.engine.flow import (
    DEFAULT_MAX_PENDING,
    DEFAULT_MAX_TEMPLATES,
    FlowDecoder,
)
from custom_components.netwatch.engine.flow.state import MAX_EXPORTERS
from tests.helpers import testdata

from .wire import flowset, ipfix, ipfix_template, v9, v9_template

FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@cache
def _seeds() -> tuple[bytes, ...]:
    paths = sorted(testdata("netflow", "vendor").glob("*.dat"))
    paths += sorted(testdata("netflow", "softflowd").glob("raw_v*/*.bin"))
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
