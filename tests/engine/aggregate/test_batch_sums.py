"""Batches are summed per key before any table is touched: the result must equal a flow-by-flow
count. The model below reads each record on its own; the aggregator sums the batch first
(batch_sums.py). Keys repeat on purpose, so every "seen again" branch is taken."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.netwatch.engine.aggregate import Aggregator
from custom_components.netwatch.engine.aggregate.tables import country_key, port_key
from custom_components.netwatch.engine.classify import addr_key
from custom_components.netwatch.engine.enrich.geoip import GeoIP
from custom_components.netwatch.engine.records import FlowRecord
from tests.helpers import FakeClock, testdata

from .flows import LAN, ip

HOMES = ["192.168.1.10", "192.168.1.11", "192.168.7.3", "fd00::5"]
# Remotes in the MaxMind test database (GB, US, SE) and one it does not know.
REMOTES = ["81.2.69.142", "216.160.83.56", "89.160.20.112", "198.51.100.9", "2001:218::1"]


PAIRS = [(h, r) for h in HOMES for r in REMOTES if (":" in h) == (":" in r)]


def _record(out: bool, ends: tuple[str, str], values: tuple[int, ...]) -> FlowRecord:
    nbytes, packets, rbytes, rpackets, dport, proto, mac = values
    mac = mac if out else mac >> 1  # another MAC seen on inbound records (both kept as given)
    version = 6 if ":" in ends[0] else 4
    src, dst = (ip(ends[0]), ip(ends[1])) if out else (ip(ends[1]), ip(ends[0]))
    return FlowRecord(
        "192.168.1.1", 10, 256, version, src, dst, 40000, dport, proto, 0, 0, nbytes, packets,
        0, 0, 1, rbytes, rpackets, 0, 0, -1, -1, mac if out else 0, 0 if out else mac, -1, -1,
    )  # fmt: skip


flows = st.lists(
    st.builds(
        _record,
        st.booleans(),
        st.sampled_from(PAIRS),
        st.tuples(
            st.integers(0, 5000),
            st.integers(0, 9),
            st.integers(0, 5000),
            st.integers(0, 9),
            st.sampled_from([23, 443, 53413]),
            st.sampled_from([6, 17]),
            st.sampled_from([0, 0x0A0B0C]),
        ),
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(flows)
def test_one_batch_counts_as_flow_by_flow(records: list[FlowRecord]) -> None:
    geoip = GeoIP.open(testdata("geoip", "GeoIP2-Country-Test.mmdb"))
    agg = Aggregator(home_networks=LAN, geoip=geoip, clock=FakeClock())
    agg.add_flows(records)
    ledger = agg._ledger  # the fact tables' live buckets are the subject here

    sent_by = [r for r in records if LAN.contains(r.ip_version, r.src_addr)]
    senders = {addr_key(r.ip_version, r.src_addr) for r in sent_by}
    devices: dict[int, list[int]] = defaultdict(lambda: [0] * 6)
    macs: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    facts: dict[str, dict[tuple[int, ...], list[int]]] = {"out": {}, "in": {}, "dev": {}}
    totals = [0, 0, 0, 0]  # bytes in, packets in, bytes out, packets out
    for r in records:
        out = LAN.contains(r.ip_version, r.src_addr)
        home, remote = (r.src_addr, r.dst_addr) if out else (r.dst_addr, r.src_addr)
        hk, rk = addr_key(r.ip_version, home), addr_key(r.ip_version, remote)
        code = geoip.country(6, rk ^ (1 << 128)) if rk >> 128 else geoip.country(4, rk)
        key = (hk, rk, port_key(r.protocol, r.dst_port), country_key(code))
        table = facts["out" if out else "in"].setdefault(key, [0, 0, 0])
        for i, value in enumerate((1, r.bytes, r.reverse_bytes)):
            table[i] += value
        into, back = (r.reverse_bytes, r.reverse_packets), (r.bytes, r.packets)
        received, sent = (into, back) if out else (back, into)
        for i, value in enumerate((*received, *sent)):
            totals[i] += value
        if hk in senders:
            d = devices[hk]
            for i, value in enumerate((*received, *sent, 1)):
                d[i] += value
            macs[hk][not out] = (r.src_mac if out else r.dst_mac) or macs[hk][not out]
            dev = facts["dev"].setdefault((hk,), [0, 0, 0, 0])  # the 4th: denied attempts
            for i, value in enumerate((received[0], sent[0], 1)):
                dev[i] += value

    assert ledger.flows_out.live[0].table == facts["out"]
    assert ledger.flows_in.live[0].table == facts["in"]
    assert ledger.device_facts.live[0].table == facts["dev"]
    for hk, (out_mac, in_mac) in macs.items():
        devices[hk][5] = in_mac or out_mac  # inbound sums are applied after outbound ones
    got = {
        key: [d.bytes_in, d.packets_in, d.bytes_out, d.packets_out, d.flows, d.mac]
        for key, d in ledger.devices.by_key.items()
    }
    assert got == devices
    t = ledger.totals
    assert [t.bytes_in, t.packets_in, t.bytes_out, t.packets_out] == totals
    assert (t.flows_out, t.flows_in) == (len(sent_by), len(records) - len(sent_by))
    geoip.close()
