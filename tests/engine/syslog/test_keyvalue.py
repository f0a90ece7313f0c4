"""The key=value helpers of Sophos and FortiGate: values, boundaries, quotes, times, zones."""

from __future__ import annotations

import pytest

from custom_components.netwatch.engine.syslog.vendors.keyvalue import (
    epoch,
    fields,
    is_wan,
    iso_time,
)


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
