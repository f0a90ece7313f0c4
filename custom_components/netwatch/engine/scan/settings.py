"""The scan detector's settings, with the reasons for their defaults in detector.py."""

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

    def __post_init__(self) -> None:
        """Reject settings the detector cannot work with."""
        sizes = (self.window, self.min_ports, self.min_targets, self.max_sources, self.max_entries)
        if min(sizes) <= 0:
            raise ValueError("window, thresholds and caps must be positive")
        if self.settle < 0 or self.cooldown < 0 or self.max_events_per_hour < 0:
            raise ValueError("settle, cooldown and the hourly cap must not be negative")
