"""Detect inbound scans from denied firewall lines (or probe-shaped flows) per source.

One source must probe `min_ports` distinct ports or `min_targets` home addresses within `window`
seconds; the event goes out `settle` seconds later, at most once per `cooldown` per source and
`max_events_per_hour` in any sliding hour (the rest are folded into one summary). Why these
defaults, and the bounds of the state: settings.py.
Time is the arrival clock, not the time in the line: router clocks are often wrong (no NTP before
the WAN is up) and relays deliver in batches, while cooldown and the cap need one time base.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..addr import NetworkSet
from ..errors import NetwatchError
from ..records import FirewallEvent, FlowRecord
from .events import ScanEvent, ScanNotice
from .probes import IsHome, answered_keys, firewall_ignore_reason, inbound_flow_reason
from .report import build_event
from .rolling import RollingDay
from .settings import ScanSettings
from .state import (
    EVIDENCE_FLOW,
    EVIDENCE_SYSLOG,
    SourceState,
    SourceTable,
    port_key,
)
from .summary import SummaryBuilder

TOP_N = 10
_COUNTERS = ("probes", "events", "summaries", "suppressed_cooldown", "suppressed_cap")
_LOGGER = logging.getLogger(__name__)

_V6_KEY = 1 << 64
_V4_MAPPED = 0xFFFF
# A tuple, not `except A, B:` (PEP 758): Cython (netwatch-speedups) cannot parse that yet.
_LOOKUP_ERRORS = (NetwatchError, ValueError, OSError)


@dataclass(frozen=True, slots=True)
class ScanStats:
    """A copy of the detector's counters."""

    sources_tracked: int
    tracked_entries: int
    pending: int
    cooling_down: int
    evictions: int
    cooldown_evictions: int
    scans_24h: int
    """Scans detected (reported or summarised) in the last 24 clock hours."""
    reported_last_hour: int
    """Scan events sent in the last 60 minutes (the cap applies to this sliding hour)."""
    sources_seen_24h: int
    """Estimated distinct sources of inbound probes in the last 24 clock hours (HyperLogLog)."""
    probes: int
    events: int
    summaries: int
    suppressed_cooldown: int
    suppressed_cap: int
    ignored: dict[str, int] = field(default_factory=dict)


class ScanDetector:
    """Per-source sliding-window scan detection with cooldown, an hourly cap and bounded state."""

    def __init__(
        self,
        *,
        is_home: IsHome,
        settings: ScanSettings | None = None,
        country_fn: Callable[[int, int], str | None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        settings = settings or ScanSettings()
        self.settings = settings
        self.window = settings.window
        self.min_ports = settings.min_ports
        self.min_targets = settings.min_targets
        self.settle = settings.settle
        self.cooldown = settings.cooldown
        self.max_events_per_hour = settings.max_events_per_hour
        self._is_home = is_home
        self._country_fn = country_fn
        # Look time.time up at each call so test clocks that patch it (freezegun) apply.
        self._clock = clock if clock is not None else _wall_clock
        self._table = SourceTable(settings.max_sources, settings.max_entries)
        # Sources past the thresholds, in detection order, waiting for `settle`; a subset of the
        # table (an evicted or expired one is reported at once), so bounded by max_sources.
        self._pending: OrderedDict[int, float] = OrderedDict()
        # Reported sources -> end of their cooldown; same cap as the table, oldest end first.
        self._cooling: OrderedDict[int, float] = OrderedDict()
        self._cooldown_evictions = 0
        self._day = RollingDay()
        # Times of the scans reported in the last hour (the cap is a sliding hour).
        self._recent: deque[float] = deque()
        self._summary: SummaryBuilder | None = None
        self._ignored: dict[str, int] = {}  # keyed by the fixed reasons of probes.py
        self._ignore: IsHome | None = None
        if settings.ignore:
            self._ignore = NetworkSet.from_cidrs(settings.ignore).contains
        self.probes = 0
        self.events = 0
        self.summaries = 0
        self.suppressed_cooldown = 0
        self.suppressed_cap = 0

    # --- input -----------------------------------------------------------------------------

    def set_ignored(self, ignored: IsHome | None) -> None:
        """Never count probes from sources this predicate accepts (the user's ignore list)."""
        self._ignore = ignored

    def add_firewall_event(
        self, event: FirewallEvent, src_home: bool | None = None
    ) -> list[ScanNotice]:
        """Count a denied inbound firewall line; return the notices that became due.

        `src_home` tells whether the source is at home, when the caller already knows it.
        """
        if src_home is None:
            version = event.ip_version
            src_home = version in (4, 6) and self._is_home(version, event.src_addr)
        reason = firewall_ignore_reason(event, src_home)
        ignore = self._ignore
        if not reason and ignore is not None and ignore(event.ip_version, event.src_addr):
            reason = "ignored_source"
        if reason:
            self._ignored[reason] = self._ignored.get(reason, 0) + 1
            return []
        return self._observe(
            event.ip_version,
            event.src_addr,
            dst=event.dst_addr,
            protocol=event.protocol,
            port=event.dst_port,
            attempts=1,
            evidence=EVIDENCE_SYSLOG,
            now=self._clock(),
        )

    def add_flows(self, records: Iterable[FlowRecord]) -> list[ScanNotice]:
        """Count the probe-shaped inbound flows of a batch; return the notices that became due."""
        is_home = self._is_home
        inbound: list[FlowRecord] = []
        sent: list[FlowRecord] = []
        others = 0
        for record in records:
            if is_home(record.ip_version, record.src_addr):
                sent.append(record)
            elif is_home(record.ip_version, record.dst_addr):
                inbound.append(record)
            else:
                others += 1
        return self.add_inbound_flows(inbound, sent, len(sent) + others)

    def add_inbound_flows(
        self, inbound: list[FlowRecord], sent: Iterable[FlowRecord], not_inbound: int
    ) -> list[ScanNotice]:
        """Count probe-shaped flows among a batch's inbound ones.

        `sent` are the batch's flows from home (their answers are no probes), `not_inbound`
        how many of the batch were not inbound (counted as ignored).
        """
        if not_inbound:
            self._ignored["not_inbound"] = self._ignored.get("not_inbound", 0) + not_inbound
        answered = answered_keys(sent)
        ignore = self._ignore
        now = self._clock()
        out: list[ScanNotice] = []
        for record in inbound:
            reason = inbound_flow_reason(record, answered)
            if not reason and ignore is not None and ignore(record.ip_version, record.src_addr):
                reason = "ignored_source"
            if reason:
                self._ignored[reason] = self._ignored.get(reason, 0) + 1
                continue
            port = record.dst_port if record.protocol not in (1, 58) else -1
            out += self._observe(
                record.ip_version,
                record.src_addr,
                dst=record.dst_addr,
                protocol=record.protocol,
                port=port,
                attempts=max(record.packets, 1),
                evidence=EVIDENCE_FLOW,
                now=now,
            )
        return out

    def flush(self) -> list[ScanNotice]:
        """Emit due scans and a finished hour's summary, and expire idle state (call on a timer)."""
        now = self._clock()
        out = self._due_summary(now)
        while self._pending:
            key, detected = next(iter(self._pending.items()))
            if now - detected < self.settle:
                break
            out += self._report(key, now)
        horizon = now - self.window
        while (oldest := self._table.oldest()) is not None and oldest.last < horizon:
            key = next(iter(self._table.sources))
            if oldest.detected_at is not None:
                out += self._report(key, now)
            else:
                self._table.remove(key)
        while self._cooling and next(iter(self._cooling.values())) <= now:
            self._cooling.popitem(last=False)
        return out

    @property
    def stats(self) -> ScanStats:
        """Return a copy of the counters."""
        now = self._clock()
        return ScanStats(
            sources_tracked=len(self._table),
            tracked_entries=self._table.entries,
            pending=len(self._pending),
            cooling_down=len(self._cooling),
            evictions=self._table.evictions,
            cooldown_evictions=self._cooldown_evictions,
            scans_24h=self._day.scans(now),
            reported_last_hour=sum(1 for t in self._recent if now - t < 3600.0),
            sources_seen_24h=self._day.sources(now),
            probes=self.probes,
            events=self.events,
            summaries=self.summaries,
            suppressed_cooldown=self.suppressed_cooldown,
            suppressed_cap=self.suppressed_cap,
            ignored=dict(self._ignored),
        )

    # --- persistence -----------------------------------------------------------------------

    def export_state(self) -> dict[str, Any]:
        """Return what survives a restart: the 24 h counts, the sliding hour's reports, counters."""
        return {
            "day": self._day.export(),
            "recent": list(self._recent),
            "counters": {name: getattr(self, name) for name in _COUNTERS},
        }

    def import_state(self, state: object) -> bool:
        """Restore a saved state into a fresh detector; False (and nothing changed) if malformed."""
        now = self._clock()
        try:
            recent, counters, day = _read_saved(state, now)
        except (KeyError, TypeError, ValueError) as err:
            _LOGGER.warning("Skipping invalid saved scan detector state: %r", err)
            return False
        self._day = day
        self._recent = deque(t for t in recent if 0 <= now - t < 3600.0)
        while len(self._recent) > self.max_events_per_hour:
            self._recent.popleft()
        for name, value in counters.items():
            setattr(self, name, getattr(self, name) + max(0, value))
        return True

    # --- detection -------------------------------------------------------------------------

    def _observe(
        self,
        ip_version: int,
        src: int,
        *,
        dst: int,
        protocol: int,
        port: int,
        attempts: int,
        evidence: int,
        now: float,
    ) -> list[ScanNotice]:
        if ip_version == 6 and src >> 32 == _V4_MAPPED == dst >> 32:
            # Dual-stack sockets report IPv4 as ::ffff:a.b.c.d; keep one key per IPv4 source.
            ip_version, src, dst = 4, src & 0xFFFFFFFF, dst & 0xFFFFFFFF
        # IPv6 scanners can use a new address per probe inside their /64, so group by it.
        key = src if ip_version == 4 else _V6_KEY | src >> 64
        self.probes += 1
        self._day.add_source(now, key)
        table = self._table
        state = table.touch(key, ip_version, src, now)
        state.last = now
        state.attempts += attempts
        state.evidence |= evidence
        state.protocols |= 1 << protocol
        added = state.add(dst, now)
        if port >= 0:
            added += state.add(port_key(protocol, port), now)
        table.entries += added
        out: list[ScanNotice] = []
        if state.detected_at is None:
            if state.n_ports >= self.min_ports or state.n_targets >= self.min_targets:
                out += self._check_crossing(key, state, now)
        elif now - state.detected_at >= self.settle:
            out += self._report(key, now)
        while table.over_budget():
            old_key, old = table.pop_oldest()
            if old.detected_at is not None:  # already a scan: report it rather than lose it
                self._pending.pop(old_key, None)
                out += self._report_state(old_key, old, now)
        return out

    def _check_crossing(self, key: int, state: SourceState, now: float) -> list[ScanNotice]:
        # The counts include keys that left the window; prune only now that they matter.
        self._table.entries -= state.prune(now - self.window)
        if state.n_ports < self.min_ports and state.n_targets < self.min_targets:
            return []
        until = self._cooling.get(key)
        if until is not None and until > now:
            self.suppressed_cooldown += 1
            self._table.remove(key)  # start over: a new crossing is needed to count again
            return []
        self._day.add_scan(now)
        state.detected_at = now
        self._pending[key] = now
        if self.settle <= 0:
            return self._report(key, now)
        return []

    def _report(self, key: int, now: float) -> list[ScanNotice]:
        self._pending.pop(key, None)
        state = self._table.remove(key)
        if state is None:
            return []
        return self._report_state(key, state, now)

    def _report_state(self, key: int, state: SourceState, now: float) -> list[ScanNotice]:
        self._cooling[key] = now + self.cooldown
        self._cooling.move_to_end(key)
        while len(self._cooling) > self._table.max_sources:
            self._cooling.popitem(last=False)
            self._cooldown_evictions += 1
        return self._publish(self._build(state), now)

    def _publish(self, event: ScanEvent, now: float) -> list[ScanNotice]:
        out = self._due_summary(now)
        recent = self._recent
        while recent and now - recent[0] >= 3600.0:
            recent.popleft()
        if len(recent) < self.max_events_per_hour:
            recent.append(now)
            self.events += 1
            out.append(event)
            return out
        self.suppressed_cap += 1
        if self._summary is None:
            self._summary = SummaryBuilder(now, len(recent), TOP_N)
        self._summary.add(event)
        return out

    def _due_summary(self, now: float) -> list[ScanNotice]:
        """Return the summary of the scans held back, once its hour is over."""
        summary = self._summary
        if summary is None or now - summary.period_start < 3600.0:
            return []
        self._summary = None
        self.summaries += 1
        return [summary.build()]

    # --- reporting -------------------------------------------------------------------------

    def _build(self, state: SourceState) -> ScanEvent:
        country = self._country(state.ip_version, state.address)
        return build_event(state, country, self.min_ports, self.min_targets, TOP_N)

    def _country(self, version: int, address: int) -> str | None:
        if self._country_fn is None:
            return None
        try:
            return self._country_fn(version, address)
        except _LOOKUP_ERRORS:  # a broken database must not lose the scan
            return None


def _read_saved(state: object, now: float) -> tuple[list[float], dict[str, int], RollingDay]:
    """Parse export_state() output; KeyError, TypeError or ValueError when it is malformed."""
    if not isinstance(state, dict):
        raise TypeError("saved scan state is not an object")
    recent = sorted(float(t) for t in state["recent"])
    counters = {name: int(state["counters"][name]) for name in _COUNTERS}
    day = RollingDay()
    day.restore(state["day"], now)
    return recent, counters, day


def _wall_clock() -> float:
    return time.time()
