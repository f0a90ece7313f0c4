"""The vendor parsers, in the order detection tries them (cheapest and most specific first).

A new vendor is one module exposing NAME, detect(msg) and parse(msg, ctx), plus one entry here.
"""

from __future__ import annotations

from ..common import VendorParser
from . import (
    cisco_asa,
    filterlog,
    firewalla,
    fortigate,
    meraki,
    mikrotik,
    netfilter,
    paloalto,
    sophos,
)

VENDORS: tuple[VendorParser, ...] = (
    filterlog,
    meraki,
    firewalla,
    netfilter,
    mikrotik,
    sophos,
    fortigate,
    cisco_asa,
    paloalto,
)
"""Vendor modules in detection order: filterlog checks the tag only, Meraki one anchored regex;
Firewalla before netfilter (its lines are netfilter lines with a `[FW_ADT]` prefix)."""

VENDOR_NAMES: tuple[str, ...] = tuple(v.NAME for v in VENDORS)

__all__ = ["VENDORS", "VENDOR_NAMES", "VendorParser"]
