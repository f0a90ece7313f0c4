"""The vendor parsers, in the order detection tries them (cheapest and most specific first).

A new vendor is one module exposing NAME, detect(msg) and parse(msg, ctx), plus one entry here.
"""

from __future__ import annotations

from ..common import VendorParser
from . import filterlog, meraki, mikrotik, netfilter, sophos

VENDORS: tuple[VendorParser, ...] = (filterlog, meraki, netfilter, mikrotik, sophos)
"""Vendor modules in detection order: filterlog checks the tag only, Meraki one anchored regex."""

VENDOR_NAMES: tuple[str, ...] = tuple(v.NAME for v in VENDORS)

__all__ = ["VENDORS", "VENDOR_NAMES", "VendorParser"]
