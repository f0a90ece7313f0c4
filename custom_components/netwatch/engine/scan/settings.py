"""The scan detector's settings.

Why the defaults (all options):
  * `window` 300 s, `min_ports` 10, `min_targets` 5. A single denied packet to port 23 is
    background radiation: every public address receives thousands a day from botnets that try
    one or two ports (Mirai-family bots: 23 and 2323) and move on, so one source must probe many
    distinct ports or home addresses within a short window before it counts. Zeek's scan policy
    uses 15 ports / 25 hosts in 5 minutes for enterprise networks; a home exposes one address
    (and a few IPv6 hosts), so ten ports or five home addresses from one source in five minutes
    is already a deliberate sweep, while no ordinary client opens that many refused connections.
  * `settle` 60 s: the event goes out a minute after the thresholds were crossed, so it carries
    the scan's breadth (nmap's 1,000 ports, not the first ten) and one scan is one event.
  * `cooldown` 3600 s per source and `max_events_per_hour` 20 in any sliding hour: a persistent
    scanner yields at most one event an hour, and a storm at most 20 events plus one `scan_summary`
    per hour, so the recorder (which stores every bus event) grows by at most ~500 events a day.
  * `max_sources` 20,000 and `max_entries` 100,000 (about 600 bytes per tracked source and 130
    per extra port/target: at most ~15 MB): see `SourceTable`. Sources idle for a window are
    dropped on `flush`, so only the last few minutes' sources are held; a single public address
    sees a few thousand in five minutes even when busy, so this is headroom for storms, where
    the least recently seen source is evicted first (counted).
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_WINDOW = 300.0
DEFAULT_MIN_PORTS = 10
DEFAULT_MIN_TARGETS = 5
DEFAULT_SETTLE = 60.0
DEFAULT_COOLDOWN = 3600.0
DEFAULT_MAX_EVENTS_PER_HOUR = 20
DEFAULT_MAX_SOURCES = 20_000
DEFAULT_MAX_ENTRIES = 100_000


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanSettings:
    """Thresholds, timing and bounds of a ScanDetector; ValueError when out of range."""

    window: float = DEFAULT_WINDOW
    """Seconds a source's probes are remembered."""
    min_ports: int = DEFAULT_MIN_PORTS
    min_targets: int = DEFAULT_MIN_TARGETS
    settle: float = DEFAULT_SETTLE
    """Seconds between crossing a threshold and reporting (the event carries the whole scan)."""
    cooldown: float = DEFAULT_COOLDOWN
    """Seconds before the same source is reported again."""
    max_events_per_hour: int = DEFAULT_MAX_EVENTS_PER_HOUR
    """Scan events in any sliding hour; the rest go into one summary."""
    max_sources: int = DEFAULT_MAX_SOURCES
    max_entries: int = DEFAULT_MAX_ENTRIES
    ignore: tuple[str, ...] = ()
    """Sources (addresses or CIDR networks) never reported: the user's ignore list."""

    def __post_init__(self) -> None:
        """Reject settings the detector cannot work with."""
        sizes = (self.window, self.min_ports, self.min_targets, self.max_sources, self.max_entries)
        if min(sizes) <= 0:
            raise ValueError("window, thresholds and caps must be positive")
        if self.settle < 0 or self.cooldown < 0 or self.max_events_per_hour < 0:
            raise ValueError("settle, cooldown and the hourly cap must not be negative")
