"""Shortcuts of the syslog hot path give exactly what the general code gives."""

from __future__ import annotations

import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.netwatch.engine.errors import SyslogParseError
from custom_components.netwatch.engine.syslog import VENDORS
from custom_components.netwatch.engine.syslog.common import ParseContext, VerdictMap
from custom_components.netwatch.engine.syslog.header import HeaderParser, SyslogMessage
from custom_components.netwatch.engine.syslog.vendors import filterlog, meraki
from custom_components.netwatch.engine.syslog.vendors.paloalto import _FIELDS, csv_fields

from .cases import all_cases, load

NOW = 1_700_000_000.0
_CSV_PIECES = st.sampled_from([
    b",", b",,", b'"', b'""', b"\r", b"\n", b"\x00", b"\xff", b"\xc3\xa9", b" ", b"a", b"TRAFFIC",
    b"192.0.2.1", b"2001:db8::1", b"untrust", b"x" * 40,
])  # fmt: skip
_PALO_LINES = [c.line.encode() for c in load("paloalto")]


def _csv_reference(line: bytes) -> list[bytes]:
    """The csv module's reading, as parse() did it before the split shortcut."""
    try:
        row = next(csv.reader([line.decode("utf-8", "replace")]))
    except csv.Error as err:
        raise SyslogParseError("bad_csv") from err
    return [value.encode() for value in row]


@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(_CSV_PIECES, max_size=40).map(b"".join)
    | st.binary(max_size=80)
    | st.sampled_from(_PALO_LINES)
)
def test_paloalto_csv_split_equals_the_csv_module(line: bytes) -> None:
    """Field count (up to what parse() needs), fields and the bad_csv error all agree."""
    try:
        expected = _csv_reference(line)
    except SyslogParseError:
        with pytest.raises(SyslogParseError, match="bad_csv"):
            csv_fields(line)
        return
    got = csv_fields(line)
    assert min(len(got), _FIELDS) == min(len(expected), _FIELDS)
    assert got[: _FIELDS - 1] == expected[: _FIELDS - 1]
    if len(expected) >= _FIELDS:
        assert got[_FIELDS - 1] == expected[_FIELDS - 1]


def test_parse_never_reuses_the_match_of_another_message() -> None:
    """detect() keeps its match for parse(); parse() of another message searches its own."""
    header = HeaderParser()
    messages = [header.parse(c.line.encode(), NOW) for c in all_cases()]
    for vendor in VENDORS:
        for msg, other in zip(messages, messages[1:] + messages[:1], strict=True):
            fresh = _outcome(vendor, msg)
            vendor.detect(other)  # a match for another message is now kept
            assert _outcome(vendor, msg) == fresh


def _outcome(vendor: object, msg: object) -> object:
    ctx = ParseContext("192.0.2.1", NOW, VerdictMap())
    try:
        return vendor.parse(msg, ctx)  # type: ignore[attr-defined]
    except SyslogParseError as err:
        return err.reason


_ALL_LINES = [c.line.encode() for c in all_cases()]
_HEAD_PIECES = st.sampled_from([
    b"1700000000", b"1700000000.123456789", b"17000000001234", b" ", b"\t", b".", b"MX68",
    b"firewall", b"flows", b"vpn_firewall", b"ip_flow_start", b"urls", b"events", b"ids-alerts",
    b"security_event", b"airmarshal_events", b"filterlog", b"filterlog[12]: ", b"fw1 ",
    b"Mar 13 11:45:17 ", b"x", b"src=1.2.3.4",
])  # fmt: skip


@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(_HEAD_PIECES, max_size=10).map(b"".join)
    | st.binary(max_size=80)
    | st.sampled_from(_ALL_LINES)
)
def test_detector_prefilters_equal_the_bare_regexes(line: bytes) -> None:
    """Meraki's type-word test and filterlog's word test only skip regexes that cannot match."""
    found = meraki._head(line)
    expected = meraki._HEAD.search(line)
    assert (found and (found.groups(), found.end())) == (
        expected and (expected.groups(), expected.end())
    )
    msg = SyslogMessage(line, -1, None, "", b"", line)
    assert filterlog.detect(msg) == (filterlog._INNER_HEADER.match(line, 0, 96) is not None)
