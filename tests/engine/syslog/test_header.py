"""Header shapes from RFC 3164, RFC 5424, relays and devices; times, hosts, tags, BOM, UTF-8."""

from __future__ import annotations

import calendar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.netwatch.engine.syslog.header import HeaderParser, SyslogMessage

from .cases import all_cases
from .oracles import mixed_lines, oracle

NOW = calendar.timegm((2026, 6, 15, 12, 0, 0))


def parse(line: bytes, now: float = NOW) -> SyslogMessage:
    return HeaderParser().parse(line, now)


def test_rfc3164_example() -> None:
    """RFC 3164 section 5.4, first example."""
    msg = parse(b"<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8")
    assert msg.pri == 34
    assert msg.timestamp == calendar.timegm((2025, 10, 11, 22, 14, 15))  # October is in 2025
    assert msg.host == "mymachine"
    assert msg.app == b"su"
    assert msg.body == b"'su root' failed for lonvick on /dev/pts/8"


def test_rfc5424_example_with_bom() -> None:
    """RFC 5424 section 6.5, example 1: no structured data, MSG starts with a BOM."""
    msg = parse(
        b"<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - "
        b"\xef\xbb\xbf'su root' failed for lonvick on /dev/pts/8"
    )
    assert msg.pri == 34
    assert msg.timestamp == pytest.approx(calendar.timegm((2003, 10, 11, 22, 14, 15)) + 0.003)
    assert msg.host == "mymachine.example.com"
    assert msg.app == b"su"
    assert msg.body == b"'su root' failed for lonvick on /dev/pts/8"


def test_rfc5424_structured_data_with_escapes() -> None:
    """RFC 5424 section 6.3.5: `]`, `"` and `\\` are escaped inside PARAM-VALUE."""
    msg = parse(
        b"<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - "
        b'[exampleSDID@32473 iut="3" eventSource="App\\]lic\\"ation"][x@1 a="b"] '
        b"%% It's time to make the do-nuts."
    )
    assert msg.timestamp == pytest.approx(calendar.timegm((2003, 8, 24, 12, 14, 15)) + 0.000003)
    assert msg.host == "192.0.2.1"
    assert msg.app == b"myproc"
    assert msg.body == b"%% It's time to make the do-nuts."


def test_rfc5424_nil_values() -> None:
    msg = parse(b"<13>1 - - - - - - hello")
    assert msg.timestamp is None
    assert msg.host == ""
    assert msg.app == b""
    assert msg.body == b"hello"


def test_bsd_without_hostname_and_with_pid() -> None:
    """pfSense's default BSD format has no hostname."""
    msg = parse(b"<134>Dec  5 10:29:11 filterlog[4821]: 5,,,100")
    assert msg.host == ""
    assert msg.app == b"filterlog"
    assert msg.body == b"5,,,100"
    assert msg.timestamp == calendar.timegm((2025, 12, 5, 10, 29, 11))


def test_bsd_single_digit_day_and_double_spaces() -> None:
    msg = parse(b"<13>Jan  5 10:00:00  host1  kernel:  [UFW BLOCK] IN=eth0")
    assert msg.timestamp == calendar.timegm((2026, 1, 5, 10, 0, 0))
    assert msg.host == "host1"
    assert msg.app == b"kernel"
    assert msg.body == b"[UFW BLOCK] IN=eth0"


def test_bsd_year_rolls_back_for_december_lines_read_in_january() -> None:
    now = calendar.timegm((2027, 1, 1, 0, 0, 5))
    msg = parse(b"<13>Dec 31 23:59:58 h app: x", now)
    assert msg.timestamp == calendar.timegm((2026, 12, 31, 23, 59, 58))


def test_bsd_time_in_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """BSD times carry no zone: they are the sender's (and, by assumption, our) local time."""
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    msg = parse(b"<13>Jun 15 14:00:00 h app: x")
    assert msg.timestamp == calendar.timegm((2026, 6, 15, 12, 0, 0))  # CEST is UTC+2


def test_rfc3339_time_in_bsd_header() -> None:
    """rsyslog's and syslog-ng's forward formats and loggen put an RFC 3339 time there."""
    msg = parse(b"<38>2026-06-15T11:59:59.5+02:00 relay1 prog[12]: text")
    assert msg.timestamp == calendar.timegm((2026, 6, 15, 9, 59, 59)) + 0.5
    assert msg.host == "relay1"
    assert msg.app == b"prog"
    assert msg.body == b"text"


def test_bsd_relay_in_front_of_rfc5424() -> None:
    """A BSD-only relay prepends its header; the inner RFC 5424 header is the sender's."""
    msg = parse(
        b"<134>Jun 15 12:00:00 127.0.0.1 1 2024-01-01T12:00:00+00:00 opn filterlog 42 - "
        b'[meta sequenceId="1"] \xef\xbb\xbf96,,,x'
    )
    assert msg.host == "opn"
    assert msg.app == b"filterlog"
    assert msg.timestamp == calendar.timegm((2024, 1, 1, 12, 0, 0))
    assert msg.body == b"96,,,x"


def test_meraki_pseudo_5424_is_left_to_the_vendor() -> None:
    """`<134>1 <epoch>` is not RFC 5424: the epoch is no RFC 3339 time."""
    msg = parse(b"<134>1 1700000000.123456789 MX68 firewall src=203.0.113.7")
    assert msg.pri == 134
    assert msg.timestamp is None
    assert msg.body == b"1 1700000000.123456789 MX68 firewall src=203.0.113.7"


def test_no_header_at_all() -> None:
    msg = parse(b"[UFW BLOCK] IN=eth0 OUT= SRC=192.0.2.1")
    assert (msg.pri, msg.timestamp, msg.host, msg.app) == (-1, None, "", b"")
    assert msg.body == b"[UFW BLOCK] IN=eth0 OUT= SRC=192.0.2.1"


def test_mikrotik_topics_are_not_a_host_or_tag() -> None:
    msg = parse(b"<30>Sep 23 10:16:05 RB4011 firewall,info input: in:ether1 out:(unknown 0)")
    assert msg.host == "RB4011"
    assert msg.app == b""
    assert msg.body == b"firewall,info input: in:ether1 out:(unknown 0)"


def test_invalid_utf8_and_bad_times_never_fail() -> None:
    msg = parse(b"<13>1 2026-99-99T99:99:99Z h\xff\xfe app\xff - - - body \xff")
    assert msg.timestamp is None
    assert msg.host == "h\ufffd\ufffd"
    assert msg.body == b"body \xff"
    assert parse(b"<13>Feb 31 25:61:00 h app: x").timestamp is None
    assert parse(b"<13>Foo 12 10:00:00 h app: x").timestamp is None


@pytest.mark.parametrize(
    "line",
    [b"", b"<", b"<999999>", b"<13>", b"<13>1", b"<13>1 ", b"<13>Jan", b"<13>Jan  5 10:00:00",
     b"<13>1 2024-01-01T00:00:00Z", b"<13>1 2024-01-01T00:00:00Z h a p m [unterminated"],
)  # fmt: skip
def test_truncated_headers_parse(line: bytes) -> None:
    msg = parse(line)
    assert msg.raw == line


def test_host_without_time_before_the_tag() -> None:
    """pfSense/OPNsense relays: `host filterlog[pid]: CSV` with no time (issue 15)."""
    msg = parse(b"fw1 filterlog[74604]: 66,,,0,wg0,match,pass,out,4")
    assert (msg.host, msg.app, msg.timestamp) == ("fw1", b"filterlog", None)
    assert msg.body == b"66,,,0,wg0,match,pass,out,4"
    msg = parse(b"<134>fw1.example filterlog[74604]: 66,,,0")
    assert (msg.pri, msg.host, msg.app, msg.body) == (134, "fw1.example", b"filterlog", b"66,,,0")
    # Without a tag after it, a first word is message text, not a host.
    msg = parse(b"drop wan in: IN=eth0 OUT=")
    assert (msg.host, msg.app, msg.body) == ("", b"", b"drop wan in: IN=eth0 OUT=")


def test_rfc5424_fields_without_pri_and_version() -> None:
    """`TIME HOST APP PROCID MSGID SD MSG` as OPNsense relays write it (issue 15)."""
    msg = parse(b'2026-03-10T17:20:33+00:00 host filterlog 87496 - [meta sequenceId="7"] 69,,,x')
    assert msg.timestamp == calendar.timegm((2026, 3, 10, 17, 20, 33))
    assert (msg.host, msg.app, msg.body) == ("host", b"filterlog", b"69,,,x")
    msg = parse(b"2026-03-10T17:20:33Z host filterlog 87496 - - 69,,,x")
    assert (msg.app, msg.body) == (b"filterlog", b"69,,,x")
    # A BSD tag in an RFC 3339 header stays a tag.
    msg = parse(b"2026-03-10T17:20:33Z host kernel: [UFW BLOCK] IN=eth0")
    assert (msg.app, msg.body) == (b"kernel", b"[UFW BLOCK] IN=eth0")


def test_brackets_that_are_no_structured_data_stay_in_the_message() -> None:
    """`kernel - -  [UFW BLOCK] IN=`: SD missing, the bracket text is the message (issue 15)."""
    msg = parse(b"<4>1 2026-03-10T17:20:33Z host kernel - -  [UFW BLOCK] IN=eth0 OUT=")
    assert (msg.app, msg.body) == (b"kernel", b"[UFW BLOCK] IN=eth0 OUT=")
    msg = parse(b'<4>1 2026-03-10T17:20:33Z host kernel - - [a@1 b="c"] [UFW BLOCK] IN=eth0')
    assert msg.body == b"[UFW BLOCK] IN=eth0"


def test_cisco_time_with_year_and_colon() -> None:
    """Cisco ASA writes `Mmm dd yyyy hh:mm:ss` (the year says which year, no guessing)."""
    msg = parse(b"Apr 15 2013 09:36:50: %ASA-4-106023: Deny tcp src dmz:10.1.2.30/63016")
    assert msg.timestamp is not None
    assert msg.body.startswith(b"%ASA-4-106023:")
    msg = parse(b"<166>Oct 10 2018 12:34:56 localhost CiscoASA[999]: %ASA-6-305011: Built")
    assert (msg.host, msg.app, msg.body) == ("localhost", b"CiscoASA", b"%ASA-6-305011: Built")


_PIECES = st.sampled_from([
    b"<134>", b"<4>", b"<1000>", b"<x>", b"", b"Jul  2 16:35:57 ", b"Oct 10 2018 12:34:56: ",
    b"Dec  3 11:30:46.123456 ", b"Jan 1 00:00:00", b"Feb 30 25:61:61 ", b"2026-03-10T17:20:33Z ",
    b"firewalla ", b"fw1.lan ", b"192.0.2.1 ", b"fe80::1%eth0 ", b"a: ", b"host: ", b"x" * 300,
    b"kernel: ", b"filterlog[74604]: ", b"tag[1 2]: ", b"tag:", b"tag:x ", b"1 ", b"- ", b"-",
    b"[meta sequenceId=\"7\"] ", b"[UFW BLOCK] ", b"  ", b" ", b"\xef\xbb\xbf", b"\xff", b"IN=eth0",
    b"app proc msg ", b"%ASA-6-302013: ", b"pattern: 1 all",
    # Lines without a tag (the tagless fast path): MikroTik topics, Cisco and PAN-OS messages,
    # RFC 5424 fields behind a BSD header, text that a wider look would take for a tag.
    b"RB4011 ", b"firewall,info ", b"DROP ", b"input: ", b"in:ether1 ", b"%ASA-4-106023: ",
    b"1,2024/01/05 ", b"1", b"app 77 - ", b"app 77 id ", b"[x] ", b"\t", b"a:b ", b"tag[1]:",
])  # fmt: skip


# Lines built as PRI, time, host and message words, so that every branch of the fast path meets
# the near misses the step-by-step path reads otherwise.
_TIMES = [
    b"", b"Jul  2 16:35:57 ", b"Oct 10 2018 12:34:56: ", b"Feb 30 25:61:61 ",
    b"Dec  3 11:30:46.123456 ", b"2026-03-10T17:20:33Z ", b"Jul  2 16:35:57",
]  # fmt: skip
_HOSTS = [b"", b"fw1.lan ", b"RB4011  ", b"fe80::1%eth0 ", b"a: ", b"%a: ", b"x:y "]
_WORDS = [
    b"1 2026-03-10T17:20:33Z h app 1 id - ", b"1 - - - - - ", b"1 ", b"app 77 - ",
    b"app 77 id [meta a=\"1\"] ", b"app 77 id [x", b"app: 77 - ", b"kernel: ", b"tag:",
    b"tag[1]: ", b"firewall,info ", b"DROP ", b"input: ", b"%ASA-4-106023: ", b"-",
    b"\xef\xbb\xbf", b"1,2024/01/05 ", b"[UFW BLOCK] ", b"IN=eth0 ", b" ", b"x",
]  # fmt: skip
_HEADED = st.tuples(
    st.sampled_from([b"", b"<134>", b"<4>"]),
    st.sampled_from(_TIMES),
    st.sampled_from(_HOSTS),
    st.lists(st.sampled_from(_WORDS), max_size=5).map(b"".join),
).map(b"".join)


@oracle(3000)
@given(_HEADED | mixed_lines(_PIECES, 10, 80, [case.line.encode() for case in all_cases()]))
def test_fast_bsd_path_equals_the_step_by_step_path(line: bytes) -> None:
    """The one-regex path for common BSD lines gives exactly what the general path gives."""
    parser = HeaderParser()
    slow = parser._parse(line, NOW)  # also caches the line's BSD time, which the fast path needs
    assert parser.parse(line, NOW) == slow
