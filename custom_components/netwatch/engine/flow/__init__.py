"""Flow engine: NetFlow v5, v9 and IPFIX decoding into FlowRecords (no Home Assistant imports)."""

from __future__ import annotations

from .decoder import (
    DEFAULT_MAX_PENDING,
    DEFAULT_MAX_TEMPLATES,
    DEFAULT_TEMPLATE_TTL,
    FlowDecoder,
)
from .stats import REASONS, ExporterStats, FlowStats

__all__ = [
    "DEFAULT_MAX_PENDING",
    "DEFAULT_MAX_TEMPLATES",
    "DEFAULT_TEMPLATE_TTL",
    "REASONS",
    "ExporterStats",
    "FlowDecoder",
    "FlowStats",
]
