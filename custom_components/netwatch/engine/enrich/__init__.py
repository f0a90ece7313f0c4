"""Enrichment: what an address or port means — country and ASN (GeoIP), service names."""

from __future__ import annotations

from .geoip import STALE_AFTER_DAYS, GeoIP
from .geoip_download import DBIP_ATTRIBUTION, DBIP_FILENAME, DBIP_LICENSE

__all__ = ["DBIP_ATTRIBUTION", "DBIP_FILENAME", "DBIP_LICENSE", "STALE_AFTER_DAYS", "GeoIP"]
