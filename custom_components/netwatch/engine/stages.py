"""What happens to a classified batch besides counting: scans, new countries, forwarding.

Each function takes what the pipeline already knows (the batch with its directions and keys, or
an event with which ends are at home) and returns the notices it produced; none of them decides
again which end of a flow is at home.
"""

from __future__ import annotations

from itertools import chain

from .aggregate import Aggregator
from .classify import CountryOf, FlowBatch, key_text
from .forward import Forwarder
from .records import Direction, FirewallEvent
from .scan import ScanDetector, ScanNotice
from .watch import CountryWatch, NewCountry

FIREWALL_LOG_MEMORY = 3600.0
"""Seconds after the last firewall line during which flows are not used for scan detection."""


def flow_scans(
    detector: ScanDetector, batch: FlowBatch, last_firewall_event: float
) -> list[ScanNotice]:
    """Look for probes among inbound flows, unless a firewall log speaks for them."""
    # Flows are the evidence of last resort: with a firewall log the verdicts say more, and
    # counting both would report the same scan twice.
    if batch.now - last_firewall_event < FIREWALL_LOG_MEMORY:
        return []
    return detector.add_inbound_flows(
        batch.inbound,
        chain(batch.outbound, batch.internal),
        len(batch.records) - len(batch.inbound),
    )


def new_countries(
    watch: CountryWatch,
    aggregator: Aggregator,
    batch: FlowBatch,
    country_of: CountryOf | None,
) -> list[NewCountry]:
    """Note which countries home devices send to; once per device and country of the batch."""
    if country_of is None or not batch.outbound:
        return []
    codes = batch.out_countries(country_of)
    pairs: dict[tuple[int, str], int] = {}
    for home, remote in zip(batch.out_home, batch.out_remote, strict=True):
        code = codes[remote]
        if code is not None and (home, code) not in pairs:
            pairs[home, code] = remote
    out: list[NewCountry] = []
    for (home, code), remote in pairs.items():
        if watch.observe(home, code, batch.now):
            name, mac = aggregator.device_label_by_key(home)
            out.append(NewCountry(key_text(home), code, key_text(remote), batch.now, name, mac))
    return out


def forward_flows(forwarder: Forwarder, batch: FlowBatch, country_of: CountryOf | None) -> None:
    """Queue a batch's flow records for Elasticsearch with their direction and countries."""
    codes: dict[int, str | None] = {}
    if country_of is not None:
        codes = batch.out_countries(country_of)
        codes = batch.in_countries(country_of)  # the same map, now covering both sides
    submit = forwarder.submit_flow
    for record, remote in zip(batch.outbound, batch.out_remote, strict=True):
        submit(record, country_dst=codes.get(remote), direction=Direction.OUT)
    for record, remote in zip(batch.inbound, batch.in_remote, strict=True):
        submit(record, country_src=codes.get(remote), direction=Direction.IN)
    for record in batch.internal:
        submit(record, direction=Direction.INTERNAL)
    for record in batch.other:
        version = record.ip_version
        submit(
            record,
            country_src=country_of(version, record.src_addr) if country_of else None,
            country_dst=country_of(version, record.dst_addr) if country_of else None,
            direction=Direction.UNKNOWN,
        )


def forward_event(
    forwarder: Forwarder,
    event: FirewallEvent,
    homes: tuple[bool, bool],
    country_of: CountryOf | None,
) -> None:
    """Queue a firewall event for Elasticsearch with the countries of its outside ends."""
    version = event.ip_version
    if country_of is None or version not in (4, 6):
        forwarder.submit_firewall(event)
        return
    src_home, dst_home = homes
    forwarder.submit_firewall(
        event,
        country_src=None if src_home else country_of(version, event.src_addr),
        country_dst=None if dst_home else country_of(version, event.dst_addr),
    )
