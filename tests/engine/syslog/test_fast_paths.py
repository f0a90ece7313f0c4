"""Shortcuts of the syslog hot path give exactly what the general code gives."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.netwatch.engine.errors import SyslogParseError
from custom_components.netwatch.engine.syslog import VENDORS, SyslogParser
from custom_components.netwatch.engine.syslog.common import ParseContext, VerdictMap
from custom_components.netwatch.engine.syslog.header import HeaderParser, SyslogMessage
from custom_components.netwatch.engine.syslog.vendors import filterlog, fw_adt, meraki, netfilter
from custom_components.netwatch.engine.syslog.vendors.paloalto import _FIELDS, csv_fields

from .cases import all_cases, load
from .oracles import mixed_lines, oracle

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


@oracle(3000)
@given(mixed_lines(_CSV_PIECES, 40, 80, _PALO_LINES))
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


_MERAKI_TEXTS = [meraki._text(HeaderParser().parse(c.line.encode(), NOW)) for c in load("meraki")]


@oracle(3000)
@given(
    mixed_lines(_HEAD_PIECES, 10, 80, _ALL_LINES)
    # Meraki texts behind a few more words: digits first, but the head further on.
    | st.tuples(st.lists(_HEAD_PIECES, max_size=4), st.sampled_from(_MERAKI_TEXTS)).map(
        lambda t: b"".join(t[0]) + t[1]
    )
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


_LOG_WORDS = st.sampled_from([
    b"IN=eth0", b"IN=", b"OUT=", b"OUT=eth1", b"MAC=52:54:00:ab:cd:ef", b"MAC=", b"PHYSIN=v1",
    b"PHYSOUT=v2", b"SRC=192.0.2.1", b"SRC=2001:db8::1", b"SRC=", b"DST=198.51.100.2",
    b"DST=2001:db8::2", b"LEN=60", b"TOS=0x00", b"TOS=00", b"PREC=0x00", b"TTL=52", b"ID=1", b"DF",
    b"CE", b"MF", b"FRAG=8", b"OPT (0104)", b"TC=0", b"HOPLIMIT=64", b"FLOWLBL=0", b"PROTO=TCP",
    b"PROTO=47", b"PROTO=", b"SPT=44321", b"DPT=22", b"TYPE=8", b"CODE=0", b"XPROTO=6",
    b"TTL=PROTO=6", b"MYLOGIN=eth0", b"[SRC=192.0.2.9", b"[UFW BLOCK]", b"x", b"\n",
])  # fmt: skip
_LOG_SEPARATORS = st.sampled_from([b" ", b" ", b" ", b"", b"  ", b"\t"])


def _choice(*options: bytes) -> st.SearchStrategy[bytes]:
    return st.sampled_from(options)


def _some(*options: bytes) -> st.SearchStrategy[bytes]:
    return st.lists(st.sampled_from(options), max_size=4).map(b"".join)


# LOG lines part by part, each part the kernel's or a near miss, so that the kernel-layout match
# meets every way it can differ from the general search.
_LOG_LINES = st.tuples(
    _choice(b"", b"[UFW BLOCK] ", b"MYLOG", b"x IN=y ", b"IN=a\tb OUT= ", b'DESCR="IN=" '),
    _choice(b"IN=eth0", b"IN=", b"IN=a\tb", b"IN=a\nb"),
    _choice(b" OUT=", b" OUT=eth1", b"  OUT=", b"\tOUT="),
    _some(b" MAC=52:54:00:ab:cd:ef", b" PHYSIN=v1", b" PHYSOUT=v", b" SRC=", b" X=1", b" MAC=a\tb"),
    _choice(b" SRC=192.0.2.1", b" SRC=", b"  SRC=192.0.2.1", b" SRC=192.0.2.1\t", b" SRC=::1"),
    _choice(b" DST=198.51.100.2 ", b" DST= ", b" DST=198.51.100.2\n", b" DST=::2 "),
    _some(
        b"LEN=60 ",
        b"TOS=0x00 ",
        b"TOS=00 ",
        b"DF ",
        b"HOPLIMIT=64 ",
        b"XPROTO=6 ",
        b"TTL=PROTO=6 ",
        b"OPT (0104) ",
        b"PROTO= ",
        b"ID=1\t",
        b"CE ",
        b"x ",
        b"LEN=\n",
    ),
    _choice(b"PROTO=TCP", b"PROTO=ICMP", b"PROTO=", b"PROTO=6", b"PROTO=UDP\t"),
    _choice(
        b"",
        b" SPT=1 DPT=2",
        b" TYPE=3 CODE=1",
        b" SPT=1",
        b" SPT=1 DPT=x",
        b" SPT=1\tDPT=2",
        b" TYPE=3 CODE=1 [SRC=192.0.2.9 DST=192.0.2.1 LEN=1 PROTO=UDP SPT=1 DPT=2]",
        b" IN=b OUT= SRC=192.0.2.7 DST=192.0.2.8 LEN=1 PROTO=UDP SPT=3 DPT=4",
    ),
).map(b"".join)
_NETFILTER_BODIES = [
    HeaderParser().parse(c.line.encode(), NOW).body for c in load("netfilter") + load("firewalla")
]


@oracle(4000)
@given(
    _LOG_LINES
    | st.lists(st.tuples(_LOG_SEPARATORS, _LOG_WORDS).map(b"".join), max_size=16).map(b"".join)
    | st.sampled_from(_NETFILTER_BODIES)
    | st.tuples(st.sampled_from(_NETFILTER_BODIES), st.integers(0, 300), _LOG_WORDS).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :]
    )
)
def test_netfilter_kernel_layout_equals_the_general_search(body: bytes) -> None:
    """The anchored kernel-layout match finds what the general field search finds."""
    expected = netfilter._FIELDS.search(body)
    if expected is None:
        with pytest.raises(SyslogParseError, match="missing_fields"):
            netfilter._match(body)
        return
    found = netfilter._match(body)
    assert (found.start(), found.groups()) == (expected.start(), expected.groups())


def test_netfilter_rule_cache_keeps_each_parsers_verdicts() -> None:
    """A prefix's cached verdict is the one of the parser's own prefix-verdict option."""
    lines = [c.line.encode() for c in load("netfilter")]
    options = [None, {"drop": "allow", "accept": "deny", "fw": "reject", "myl": "deny"}]

    def run(verdicts: dict[str, str] | None) -> list[object]:
        parser = SyslogParser(prefix_verdicts=verdicts, clock=lambda: NOW)
        return [parser.parse(line, "192.0.2.1") for line in lines]

    cold = []
    for verdicts in options:
        netfilter._prefix_cache.clear()
        cold.append(run(verdicts))
    assert cold[0] != cold[1]
    for verdicts, expected in zip(options, cold, strict=True):
        assert run(verdicts) == expected  # the cache now holds the other option's prefixes too


_OTHER_LINES = [
    b"<30>Dec  5 10:29:11 dhcpd: DHCPACK on 192.168.1.20 to 52:54:00:00:02:01 via igb1",
    b"<30>1 2026-01-05T10:00:00Z gw dnsmasq 77 - - query[A] example.com from 192.168.1.20",
]


def _reference_run(stream: list[tuple[str, bytes]]) -> tuple[list[object], dict[str, object]]:
    """Detection and counting as SyslogParser documents them, written out plainly."""
    header, by_name = HeaderParser(), {v.NAME: v for v in VENDORS}
    last: dict[str, str] = {}
    parsed: dict[str, int] = {}
    outcomes: list[object] = []
    for sender, line in stream:
        msg = header.parse(line.strip(b"\r\n\x00 \t"), NOW)  # the parser strips these first
        first = [by_name[last[sender]]] if sender in last else []
        order = first + [v for v in VENDORS if v not in first]
        vendor = next((v for v in order if v.detect(msg)), None)
        try:
            event = vendor.parse(msg, ParseContext(sender, NOW, VerdictMap())) if vendor else None
        except SyslogParseError:
            event = None
        if event is not None and vendor is not None:
            last[sender] = vendor.NAME
            parsed[vendor.NAME] = parsed.get(vendor.NAME, 0) + 1
        outcomes.append(event)
    return outcomes, {"parsed": parsed, "sender_vendor": last, "events": sum(parsed.values())}


@oracle(300)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["192.0.2.1", "192.0.2.2", "2001:db8::1"]),
            st.sampled_from(_ALL_LINES + _OTHER_LINES),
        ),
        max_size=40,
    )
)
def test_parser_bookkeeping_equals_the_plain_rule(stream: list[tuple[str, bytes]]) -> None:
    """The inline sender-vendor path detects, parses and counts as the documented rule does."""
    parser = SyslogParser(clock=lambda: NOW)
    outcomes = [parser.parse(line, sender) for sender, line in stream]
    expected, counts = _reference_run(stream)
    assert outcomes == expected
    stats = parser.stats
    got = {"parsed": stats.parsed, "sender_vendor": dict(stats.sender_vendor)}
    assert got | {"events": stats.events} == counts
    assert stats.lines == len(stream)


_PREFIX_PIECES = st.sampled_from([
    b"[", b"]", b" ", b"\t", b"\n", b".", b"5765", b"431259", b"[ 5765.431259]", b"[5.1] ",
    b"[FW_", b"[FW_ADT]", b"[FW_ACL_AUDIT]", b"[FW_SEC_AUDIT]", b"_AUDIT]", b"FW_ADT]", b"A=A ",
    b"D=O ", b"CD=R ", b"A=", b"D=", b"[UFW BLOCK] ", b"IN=eth0 ", b"x", b"\xff",
    b"[    12345678901234567.1]", b"1234567890123456",
])  # fmt: skip


@oracle(3000)
@given(
    mixed_lines(_PREFIX_PIECES, 10, 40, _NETFILTER_BODIES),
    st.sampled_from([b"", b"kernel", b"[FW_ADT]A=A", b"FW_ADT"]),
)
def test_netfilter_prefix_prefilters_equal_the_bare_checks(body: bytes, app: bytes) -> None:
    """The `.` test before the uptime regex and the one `[FW_` scan skip only what cannot match."""
    um = netfilter._UPTIME.match(body) if body[:1] in b" [" else None  # parse()'s old reading
    assert netfilter._without_uptime(body) == (body[um.end() :] if um else body)
    msg = SyslogMessage(body, -1, None, "", app, body)
    assert fw_adt.is_audit(msg) == (
        b"[FW_ADT]" in body
        or app.startswith(b"[FW_ADT]")
        or fw_adt.BARE.match(body) is not None
        or fw_adt.OLD.search(body) is not None
    )
