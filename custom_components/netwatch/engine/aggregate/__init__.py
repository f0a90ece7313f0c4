"""Bounded aggregation of flows and firewall verdicts: sensors' snapshot, panel data, state."""

from .aggregator import Aggregator
from .filters import Filters
from .model import CountryStats, DeviceStats, NetworkSnapshot, PortCount
from .panels import RANGES, PanelQuery
from .persist import STATE_VERSION

__all__ = [
    "RANGES",
    "STATE_VERSION",
    "Aggregator",
    "CountryStats",
    "DeviceStats",
    "Filters",
    "NetworkSnapshot",
    "PanelQuery",
    "PortCount",
]
