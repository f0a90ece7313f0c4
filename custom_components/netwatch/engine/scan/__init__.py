"""Inbound scan detection over denied firewall lines and probe-shaped flows."""

from __future__ import annotations

from .detector import ScanDetector, ScanStats
from .events import (
    SCAN_DETECTED,
    SCAN_SUMMARY,
    ScanEvent,
    ScanNotice,
    ScanPort,
    ScanSummary,
    Severity,
    SummarySource,
)
from .settings import (
    DEFAULT_COOLDOWN,
    DEFAULT_MAX_ENTRIES,
    DEFAULT_MAX_EVENTS_PER_HOUR,
    DEFAULT_MAX_SOURCES,
    DEFAULT_MIN_PORTS,
    DEFAULT_MIN_TARGETS,
    DEFAULT_SETTLE,
    DEFAULT_WINDOW,
    ScanSettings,
)

__all__ = [
    "DEFAULT_COOLDOWN",
    "DEFAULT_MAX_ENTRIES",
    "DEFAULT_MAX_EVENTS_PER_HOUR",
    "DEFAULT_MAX_SOURCES",
    "DEFAULT_MIN_PORTS",
    "DEFAULT_MIN_TARGETS",
    "DEFAULT_SETTLE",
    "DEFAULT_WINDOW",
    "SCAN_DETECTED",
    "SCAN_SUMMARY",
    "ScanDetector",
    "ScanEvent",
    "ScanNotice",
    "ScanPort",
    "ScanSettings",
    "ScanStats",
    "ScanSummary",
    "Severity",
    "SummarySource",
]
