"""The key=value helpers of Sophos and FortiGate: values, boundaries, quotes, times, zones."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.netwatch.engine.syslog.vendors.keyvalue import (
    epoch,
    fields,
    find_fields,
    is_wan,
    iso_time,
    probes,
)

from .cases import load
from .oracles import mixed_lines, oracle


def test_fields_read_quoted_and_bare_values_at_key_boundaries() -> None:
    line = b'src_ip=10.0.0.1 tran_src_ip=192.0.2.9 name="a b" esc="x\\"y" empty= last=7'
    keys = (b"src_ip", b"tran_src_ip", b"name", b"esc", b"empty", b"last", b"absent", b"ip")
    assert fields(line, keys) == {
        b"src_ip": b"10.0.0.1",
        b"tran_src_ip": b"192.0.2.9",
        b"name": b"a b",
        b"esc": b'x\\"y',
        b"empty": b"",
        b"last": b"7",
    }


def test_fields_take_the_first_of_repeated_keys_and_drop_an_open_quote() -> None:
    assert fields(b'tz="UTC-5:00" x=1 tz="-0500"', (b"tz",)) == {b"tz": b"UTC-5:00"}
    assert fields(b'message="" appresolvedby="Signature', (b"appresolvedby",)) == {
        b"appresolvedby": b""
    }


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        (b"1592961368", 1592961368.0),
        (b"1592961368123", 1592961368.123),
        (b"1587230049761513222", 1587230049.7615132),
        (b"", None),
        (b"12ab", None),
        (b"9" * 21, None),
    ],
)
def test_epoch_reads_seconds_to_nanoseconds(text: bytes, seconds: float | None) -> None:
    assert epoch(text) == (pytest.approx(seconds) if seconds is not None else None)


def test_iso_time_and_wan_names() -> None:
    assert iso_time(b"2021-11-15T18:25:00-0600") == 1637022300.0
    assert iso_time(b"2021-11-15 junk") is None
    assert iso_time(b"\xff") is None
    assert all(map(is_wan, [b"WAN", b"untrust", b"OUTSIDE", b"v1:outside", b"External"]))
    assert not any(map(is_wan, [b"trust", b"LAN", b"inside", b"dmz", b""]))


def _reference_fields(body: bytes, keys: tuple[bytes, ...]) -> dict[bytes, bytes]:
    """The plain reading fields() must equal: per key, the first `key=` at the start or after a
    space; a quoted value ends at the first `"` without a backslash before it (none: empty)."""
    found: dict[bytes, bytes] = {}
    for key in keys:
        probe = key + b"="
        if body.startswith(probe):
            start = len(probe)
        elif (at := body.find(b" " + probe)) >= 0:
            start = at + 1 + len(probe)
        else:
            continue
        if body[start : start + 1] != b'"':
            end = body.find(b" ", start)
            found[key] = body[start:] if end < 0 else body[start:end]
            continue
        end = start
        while (end := body.find(b'"', end + 1)) >= 0 and body[end - 1] == 0x5C:
            pass
        found[key] = b"" if end < 0 else body[start + 1 : end]
    return found


_KV_KEYS = (b"srcip", b"ip", b"type", b"subtype", b"msg", b"tz", b"a")
_KV_PIECES = st.sampled_from([
    b"srcip=", b"ip=", b"type=", b"subtype=", b"msg=", b"tz=", b"a=", b"b=", b" ", b"  ", b'"',
    b'\\"', b"\\", b"=", b"10.0.0.1", b"traffic", b"x y", b"", b"\xff", b'""', b'="', b"a",
    b"srcip", b"type", b"tz",
])  # fmt: skip
_KV_LINES = [c.line.encode() for name in ("sophos", "fortigate") for c in load(name)]


@oracle(3000)
@given(mixed_lines(_KV_PIECES, 14, 60, _KV_LINES))
def test_fields_equal_the_plain_reading(line: bytes) -> None:
    """The prepared one-search-per-key reader gives what the plain reading gives, on any line."""
    assert fields(line, _KV_KEYS) == _reference_fields(line, _KV_KEYS)
    keys = (*_KV_KEYS, b"log_type", b"srcport", b"dstip", b"devname", b"status", b"timestamp")
    assert find_fields(line, probes(keys)) == _reference_fields(line, keys)
