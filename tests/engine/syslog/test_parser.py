"""SyslogParser behaviour: detection, vendor memory, options, counting, bounds, robustness."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.netwatch.engine.records import Verdict
from custom_components.netwatch.engine.syslog import MAX_LINE, SyslogParser
from custom_components.netwatch.engine.syslog import stats as stats_module

from .cases import all_cases, identity, load
from .oracles import oracle

UFW = (
    b"<4>Jan  5 10:00:00 h kernel: [UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.1 DST=192.0.2.2 "
    b"LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=1 DF PROTO=TCP SPT=40000 DPT=22 SYN URGP=0"
)
MIKROTIK = (
    b"<30>firewall,info {prefix}input: in:ether1 out:(unknown 0), proto TCP (SYN), "
    b"198.51.100.9:51234->192.0.2.1:22, len 60"
)
EVENT_LINES = [c.line.encode() for c in all_cases() if c.is_event]


def test_lines_without_a_vendor_are_counted_per_sender_and_reason() -> None:
    parser = SyslogParser(clock=lambda: 1000.0)
    assert parser.parse(b"<30>dhcpd: DHCPACK on 192.0.2.9", "192.0.2.1") is None
    assert parser.parse(b"", "192.0.2.1") is None
    assert parser.parse(b"x" * (MAX_LINE + 1), "192.0.2.2") is None
    assert parser.parse(UFW, "192.0.2.2") is not None
    stats = parser.stats
    assert stats.lines == 4
    assert stats.events == 1
    assert stats.parsed == {"netfilter": 1}
    assert stats.unparsed == {"unrecognized": 1, "empty": 1, "oversized": 1}
    assert stats.unparsed_by_sender == {
        "192.0.2.1": {"unrecognized": 1, "empty": 1},
        "192.0.2.2": {"oversized": 1},
    }
    assert [(s.sender, s.reason) for s in stats.samples] == [
        ("192.0.2.1", "unrecognized"), ("192.0.2.1", "empty"), ("192.0.2.2", "oversized")
    ]  # fmt: skip
    assert len(stats.samples[2].line) == stats_module.SAMPLE_CHARS
    assert stats.as_dict()["unparsed"] == {"unrecognized": 1, "empty": 1, "oversized": 1}


def test_vendor_is_remembered_per_sender_and_detected_per_line() -> None:
    parser = SyslogParser()
    meraki = load("meraki")[0].line.encode()
    assert parser.parse(UFW, "192.0.2.1") is not None
    assert parser.stats.sender_vendor == {"192.0.2.1": "netfilter"}
    event = parser.parse(meraki, "192.0.2.1")  # the same sender may send another vendor's line
    assert event is not None
    assert event.vendor == "meraki"
    assert parser.stats.sender_vendor == {"192.0.2.1": "meraki"}


def test_pinned_vendor_skips_detection() -> None:
    pinned = SyslogParser(pinned_vendor="mikrotik")
    assert pinned.parse(UFW, "192.0.2.1") is None
    assert pinned.last_reason == "mikrotik:missing_fields"
    event = pinned.parse(MIKROTIK.replace(b"{prefix}", b""), "192.0.2.1")
    assert event is not None
    assert event.vendor == "mikrotik"
    with pytest.raises(ValueError, match="unknown vendor"):
        SyslogParser(pinned_vendor="cisco")


def test_prefix_verdicts_option_decides_user_prefixes() -> None:
    parser = SyslogParser(prefix_verdicts={"WAN-IN": "deny", "lan-ok": "allow", "odd": "reject"})
    verdicts = {}
    for prefix in (b"WAN-IN ", b"LAN-OK ", b"odd-one ", b"drop ", b""):
        event = parser.parse(MIKROTIK.replace(b"{prefix}", prefix), "192.0.2.1")
        assert event is not None
        verdicts[prefix] = event.action
    assert verdicts == {
        b"WAN-IN ": Verdict.DENY,
        b"LAN-OK ": Verdict.ALLOW,
        b"odd-one ": Verdict.REJECT,
        b"drop ": Verdict.UNKNOWN,  # the user's mapping replaces the defaults
        b"": Verdict.UNKNOWN,
    }
    defaults = SyslogParser()
    event = defaults.parse(MIKROTIK.replace(b"{prefix}", b"drop "), "192.0.2.1")
    assert event is not None
    assert event.action is Verdict.DENY


@pytest.mark.parametrize("mapping", [{"drop": "maybe"}, {"": "deny"}, {" ": "allow"}])
def test_invalid_prefix_verdicts_are_refused(mapping: dict[str, str]) -> None:
    with pytest.raises(ValueError, match=r"verdict|must not be empty"):
        SyslogParser(prefix_verdicts=mapping)


def test_datagram_with_several_lines() -> None:
    parser = SyslogParser()
    mikrotik = MIKROTIK.replace(b"{prefix}", b"drop ")
    events = parser.parse_datagram(UFW + b"\n" + mikrotik + b"\r\n\n\x00", "192.0.2.1")
    assert [e.vendor for e in events] == ["netfilter", "mikrotik"]
    # parse() takes one message: the first line parses, the rest is counted, not dropped silently
    event = parser.parse(UFW + b"\n" + mikrotik, "192.0.2.1")
    assert event is not None
    assert event.vendor == "netfilter"
    assert parser.stats.unparsed == {"extra_lines": 1}


@pytest.mark.parametrize("trailer", [b"\n", b"\r\n", b"\x00", b"\n\x00", b"  \n"])
def test_trailers_do_not_change_the_event(trailer: bytes) -> None:
    parser = SyslogParser(clock=lambda: 0.0)
    plain = parser.parse(UFW, "192.0.2.1")
    trailed = parser.parse(UFW + trailer, "192.0.2.1")
    assert plain == trailed


def test_invalid_utf8_in_a_line_never_fails_it() -> None:
    line = UFW.replace(b"[UFW BLOCK]", b"[UFW BLOCK] \xff\xfe\xc3")
    event = SyslogParser().parse(line, "192.0.2.1")
    assert event is not None
    assert event.action is Verdict.DENY
    assert event.rule == "[UFW BLOCK] \ufffd\ufffd\ufffd"
    assert "\ufffd" in event.raw


def test_per_sender_counters_are_bounded() -> None:
    parser = SyslogParser()
    extra = 50
    for i in range(stats_module.MAX_SENDERS + extra):
        parser.parse(b"garbage", f"10.0.{i // 256}.{i % 256}")
    stats = parser.stats
    assert len(stats.unparsed_by_sender) == stats_module.MAX_SENDERS
    assert stats.senders_evicted == extra
    assert "10.0.0.0" not in stats.unparsed_by_sender  # least recently counted went first
    assert stats.unparsed == {"unrecognized": stats_module.MAX_SENDERS + extra}
    assert len(stats.samples) == stats_module.MAX_SAMPLES


def test_vendor_memory_is_bounded() -> None:
    parser = SyslogParser()
    for i in range(stats_module.MAX_VENDOR_MEMORY + 10):
        assert parser.parse(UFW, f"10.1.{i // 256}.{i % 256}") is not None
    assert len(parser.stats.sender_vendor) == stats_module.MAX_VENDOR_MEMORY
    assert "10.1.0.0" not in parser.stats.sender_vendor


def test_memory_stays_flat_under_a_flood_of_garbage() -> None:
    """Unparsed lines from many senders never grow the parser's state beyond its caps."""
    parser = SyslogParser()
    for i in range(20_000):
        parser.parse(bytes([i % 256]) * (i % 900), f"10.2.{(i // 256) % 256}.{i % 256}")
    stats = parser.stats
    assert len(stats.unparsed_by_sender) <= stats_module.MAX_SENDERS
    assert len(stats.samples) <= stats_module.MAX_SAMPLES
    assert len(stats.unparsed) <= 8
    assert stats.internal_errors == 0


def test_truncation_at_every_offset_never_breaks_the_parser() -> None:
    """Each fixture line cut at every byte either parses or is counted with a reason."""
    parser = SyslogParser()
    count = 0
    for line in EVENT_LINES:
        for cut in range(len(line)):
            event = parser.parse(line[:cut], "192.0.2.1")
            assert event is not None or parser.last_reason
            count += 1
    assert parser.stats.internal_errors == 0
    assert parser.stats.lines == count


def test_parse_never_raises_even_when_a_vendor_has_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    from custom_components.netwatch.engine.syslog.vendors import netfilter

    def broken(msg: object, ctx: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(netfilter, "parse", broken)
    parser = SyslogParser()
    assert parser.parse(UFW, "192.0.2.1") is None
    assert parser.stats.internal_errors == 1
    assert parser.stats.unparsed == {"internal_error": 1}


@oracle(400)
@given(
    base=st.sampled_from(EVENT_LINES),
    cut=st.integers(min_value=0, max_value=400),
    insert=st.binary(max_size=12),
    at=st.integers(min_value=0, max_value=400),
    noise=st.binary(max_size=300),
)
def test_mutated_lines_never_escape_an_exception(
    base: bytes, cut: int, insert: bytes, at: int, noise: bytes
) -> None:
    """Mutations of real lines and random bytes go through the unguarded path without error."""
    parser = SyslogParser()
    mutated = base[:at] + insert + base[at:cut] if cut > at else base[:cut] + insert
    for data in (mutated, noise, mutated + noise, noise + base):
        parser._parse(data, "192.0.2.1")  # no catch-all: any exception fails the test


def test_identical_lines_give_identical_events_across_calls() -> None:
    parser = SyslogParser(clock=lambda: 0.0)
    for line in EVENT_LINES:
        first, second = parser.parse(line, "s"), parser.parse(line, "s")
        assert first is not None
        assert second is not None
        assert identity(first) == identity(second)


def test_a_datagram_of_thousands_of_lines_is_cut_and_counted() -> None:
    """Junk floods batch thousands of lines per datagram: parsed up to the cap, the rest counted."""
    from custom_components.netwatch.engine.syslog.parser import MAX_LINES_PER_DATAGRAM

    parser = SyslogParser()
    line = (
        "<4>Nov 27 10:00:00 router kernel: [UFW BLOCK] IN=eth0 OUT= SRC=175.16.199.10 "
        "DST=192.0.2.10 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=40000 DPT=23 "
        "WINDOW=1024 RES=0x00 SYN URGP=0"
    )
    datagram = "\n".join([line] * 1000).encode() + b"\n"
    events = parser.parse_datagram(datagram, "127.0.0.1")
    assert len(events) == MAX_LINES_PER_DATAGRAM
    assert parser.stats.unparsed["too_many_lines"] == 1000 - MAX_LINES_PER_DATAGRAM
    assert parser.stats.lines == 1000
