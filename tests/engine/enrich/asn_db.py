"""Build a GeoLite2-ASN shaped database from MaxMind's test records (tests/data/asn)."""

from __future__ import annotations

import json
from pathlib import Path

from mmdb_writer import MMDBWriter
from netaddr import IPSet

DATA = Path(__file__).resolve().parents[2] / "data" / "asn" / "GeoLite2-ASN-Test-excerpt.json"


def write_asn_db(path: Path) -> Path:
    """Write the excerpt as a GeoLite2-ASN database at `path` and return it."""
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-ASN")
    for item in json.loads(DATA.read_text()):
        for network, record in item.items():
            writer.insert_network(IPSet([network]), record)
    writer.to_db_file(str(path))
    return path
