"""Verdict x flow join: which flows link to which firewall verdicts, across NAT."""

from __future__ import annotations

from custom_components.netwatch.engine.aggregate import Aggregator
from custom_components.netwatch.engine.records import Direction, Verdict

from .conftest import FakeClock
from .flows import LAN, LAPTOP, event, flow

WAN = "203.0.113.7"  # the router's public address, outside the home networks
REMOTE = "81.2.69.142"


def _agg(clock: FakeClock, window: float = 120) -> Aggregator:
    return Aggregator(home_networks=LAN, join_window=window, clock=clock)


def test_both_directions_of_a_connection_link(clock: FakeClock) -> None:
    agg = _agg(clock)
    agg.add_firewall_event(event(Verdict.ALLOW, LAPTOP, REMOTE, sport=51000, dport=443))
    clock.advance(30)
    agg.add_flows(
        [
            flow(LAPTOP, REMOTE, sport=51000, dport=443, nbytes=700),
            flow(REMOTE, LAPTOP, sport=443, dport=51000, nbytes=9000),
            flow(LAPTOP, REMOTE, sport=51001, dport=443, nbytes=5),  # another connection
            flow(LAPTOP, REMOTE, sport=51000, dport=443, proto=17, nbytes=5),  # other protocol
        ]
    )
    snap = agg.snapshot()
    assert (snap.allow_bytes, snap.deny_bytes) == (9700, 0)
    assert agg.stats["linked_flows"] == 2


def test_inbound_drop_logged_on_wan_links_to_lan_flow(clock: FakeClock) -> None:
    """The log shows the WAN address (before DNAT), the LAN-side exporter the private one."""
    agg = _agg(clock)
    agg.add_firewall_event(
        event(Verdict.DENY, REMOTE, WAN, sport=40000, dport=22, direction=Direction.IN)
    )
    agg.add_flows([flow(REMOTE, LAPTOP, sport=40000, dport=22, nbytes=60)])
    assert agg.snapshot().deny_bytes == 60
    assert agg.snapshot().denied_inbound == 1


def test_outbound_masquerade_links_wan_side_flows(clock: FakeClock) -> None:
    """LAN-side log, WAN-side flows (source rewritten to the WAN address, port kept)."""
    agg = _agg(clock)
    agg.add_firewall_event(event(Verdict.REJECT, LAPTOP, REMOTE, sport=52000, dport=25))
    agg.add_flows(
        [
            flow(WAN, REMOTE, sport=52000, dport=25, nbytes=60),
            flow(REMOTE, WAN, sport=25, dport=52000, nbytes=40),
        ]
    )
    snap = agg.snapshot()
    assert (snap.allow_bytes, snap.deny_bytes) == (0, 100)
    assert agg.stats["flows_unclassified"] == 2


def test_window_expires_and_refreshes(clock: FakeClock) -> None:
    agg = _agg(clock, window=120)
    agg.add_firewall_event(event(Verdict.ALLOW, LAPTOP, REMOTE, sport=51000, dport=443))
    connection = flow(LAPTOP, REMOTE, sport=51000, dport=443, nbytes=10)
    for _ in range(5):  # a long connection exported every 100 s stays linked
        clock.advance(100)
        agg.add_flows([connection])
    assert agg.snapshot().allow_bytes == 50
    clock.advance(121)
    agg.add_flows([connection])
    assert agg.snapshot().allow_bytes == 50


def test_latest_verdict_wins_and_icmp_is_not_joined(clock: FakeClock) -> None:
    agg = _agg(clock)
    agg.add_firewall_event(event(Verdict.ALLOW, REMOTE, LAPTOP, sport=40000, dport=8080))
    agg.add_firewall_event(event(Verdict.DENY, REMOTE, LAPTOP, sport=40000, dport=8080))
    agg.add_firewall_event(event(Verdict.DENY, REMOTE, LAPTOP, sport=-1, dport=-1, proto=1))
    agg.add_flows([flow(REMOTE, LAPTOP, sport=40000, dport=8080, nbytes=44)])
    agg.add_flows([flow(REMOTE, LAPTOP, sport=0, dport=2048, proto=1, nbytes=84)])
    snap = agg.snapshot()
    assert (snap.allow_bytes, snap.deny_bytes) == (0, 44)
    assert agg.stats["pending_verdicts"] == 1


def test_flows_before_the_verdict_are_not_linked(clock: FakeClock) -> None:
    agg = _agg(clock)
    agg.add_flows([flow(REMOTE, LAPTOP, sport=40000, dport=23)])
    agg.add_firewall_event(event(Verdict.DENY, REMOTE, LAPTOP, sport=40000, dport=23))
    assert agg.snapshot().deny_bytes == 0


def test_events_without_addresses_are_counted(clock: FakeClock) -> None:
    agg = _agg(clock)
    bare = event(Verdict.DENY, 0, 0, version=0)
    agg.add_firewall_event(bare)
    agg.add_firewall_event(event(Verdict.UNKNOWN, REMOTE, LAPTOP))
    snap = agg.snapshot()
    assert (snap.deny, snap.denied_inbound) == (1, 0)  # no address: not known to be inbound
    assert agg.stats["events_without_address"] == 1
    assert snap.allow_ratio == 0.0
