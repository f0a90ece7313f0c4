"""Autonomous system (number and organisation) of an address, from a MaxMind-format ASN database.

Reads GeoLite2-ASN, DB-IP "IP to ASN Lite" and ip-location-db ASN files: records of the form
`{"autonomous_system_number": 4134, "autonomous_system_organization": "Chinanet"}`. Like the
country lookup, answers are cached by integer address in a bounded LRU, special-purpose ranges
are never looked up, and organisation names are shared (one string per organisation, bounded).
"""

from __future__ import annotations

import logging
import os
from typing import Any

import maxminddb

from ..addr import addr_to_str
from ..errors import GeoIPError
from ..ratelimit import RateLimitedLog
from .cache import CachedDatabase

_LOGGER = logging.getLogger(__name__)

DEFAULT_CACHE_SIZE = 16384
MAX_ORGANISATIONS = 65536
"""Distinct organisation names kept for sharing; beyond it names are simply not shared."""
_MAX_ORG_LENGTH = 200
_PROBE_RECORDS = 64
_NOTHING: tuple[int | None, str | None] = (None, None)


class AsnDatabase(CachedDatabase[tuple[int | None, str | None]]):
    """A MaxMind-format ASN database answering (ASN, organisation) for integer addresses."""

    def __init__(self, reader: Any, path: str, *, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        """Wrap an open maxminddb reader; use `AsnDatabase.open` instead."""
        super().__init__(reader, path, _NOTHING, cache_size)
        self._ip_version = int(reader.metadata().ip_version)
        self._orgs: dict[str, str] = {}
        self._log = RateLimitedLog(_LOGGER)

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, cache_size: int = DEFAULT_CACHE_SIZE
    ) -> AsnDatabase:
        """Open a database (BLOCKING: memory-maps the file); GeoIPError says what to do."""
        text = os.fspath(path)
        if not os.path.isfile(text):
            raise GeoIPError(f"ASN database {text} does not exist")
        try:
            reader = maxminddb.open_database(text, maxminddb.MODE_AUTO)
        except (OSError, ValueError, maxminddb.InvalidDatabaseError) as err:
            raise GeoIPError(
                f"ASN database {text} is not a MaxMind DB (.mmdb) file ({err})"
            ) from err
        database = cls(reader, text, cache_size=cache_size)
        try:
            found = any(
                database._extract(record)[0] is not None
                for _index, (_net, record) in zip(range(_PROBE_RECORDS), reader, strict=False)
            )
        except (ValueError, maxminddb.InvalidDatabaseError) as err:
            reader.close()
            raise GeoIPError(f"ASN database {text} is corrupt ({err}); replace it") from err
        if not found:
            reader.close()
            raise GeoIPError(
                f"{text} ({database.database_type}) has no ASN records; use an ASN database such "
                "as DB-IP IP to ASN Lite or GeoLite2-ASN"
            )
        return database

    def lookup(self, ip_version: int, addr: int) -> tuple[int | None, str | None]:
        """Return (AS number, organisation) of an address, (None, None) when unknown."""
        return self._lookups.lookup(ip_version, addr)

    def _read(self, ip_version: int, addr: int) -> tuple[int | None, str | None]:
        if ip_version == 6 and addr >> 32 == 0xFFFF:
            ip_version, addr = 4, addr & 0xFFFFFFFF
        if ip_version == 6 and self._ip_version == 4:
            return _NOTHING
        try:
            record = self._reader.get(addr_to_str(ip_version, addr))
        except (ValueError, OSError, maxminddb.InvalidDatabaseError) as err:
            self._lookups.errors += 1
            self._log.report("lookup", "ASN lookup failed in %s: %s", self.path, err)
            return _NOTHING
        return self._extract(record)

    def _extract(self, record: object) -> tuple[int | None, str | None]:
        if not isinstance(record, dict):
            return _NOTHING
        number = record.get("autonomous_system_number")
        if isinstance(number, bool) or not isinstance(number, int) or number <= 0:
            return _NOTHING
        org = record.get("autonomous_system_organization")
        if not isinstance(org, str) or not org.strip():
            return (number, None)
        org = org.strip()[:_MAX_ORG_LENGTH]
        shared = self._orgs.get(org)
        if shared is None:
            shared = org
            if len(self._orgs) < MAX_ORGANISATIONS:
                self._orgs[org] = org
        return (number, shared)
