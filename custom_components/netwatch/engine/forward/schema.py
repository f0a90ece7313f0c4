"""Names netwatch owns on the server and the index template that maps its documents."""

from __future__ import annotations

import re
import time
from typing import Any

from .config import DATASETS

_DAY_FORMAT = "%Y.%m.%d"


def stream_name(prefix: str, dataset: str) -> str:
    """Return the data stream (or daily index series) name of a dataset."""
    return f"{prefix}-{dataset}"


def daily_index(prefix: str, dataset: str, epoch_seconds: float) -> str:
    """Return the daily index of a dataset for the UTC day of `epoch_seconds`."""
    return f"{prefix}-{dataset}-{time.strftime(_DAY_FORMAT, time.gmtime(epoch_seconds))}"


def daily_index_pattern(prefix: str) -> re.Pattern[str]:
    """Match exactly the daily index names netwatch creates for `prefix`, capturing the day."""
    datasets = "|".join(DATASETS)
    return re.compile(rf"{re.escape(prefix)}-(?:{datasets})-(\d{{4}})\.(\d{{2}})\.(\d{{2}})")


def _endpoint_mapping(with_traffic: bool) -> dict[str, Any]:
    props: dict[str, Any] = {
        "ip": {"type": "ip"},
        "port": {"type": "long"},
        "mac": {"type": "keyword"},
        "domain": {"type": "keyword"},
        "as": {
            "properties": {
                "number": {"type": "long"},
                "organization": {"properties": {"name": {"type": "keyword"}}},
            }
        },
        "geo": {
            "properties": {
                "country_iso_code": {"type": "keyword"},
                "location": {"type": "geo_point"},
            }
        },
    }
    if with_traffic:
        props["bytes"] = {"type": "long"}
        props["packets"] = {"type": "long"}
    return {"properties": props}


def _keywords(*names: str) -> dict[str, Any]:
    return {name: {"type": "keyword"} for name in names}


def _event_mapping() -> dict[str, Any]:
    return {
        "properties": {
            **_keywords("kind", "category", "type", "action", "outcome", "dataset", "module"),
            "start": {"type": "date"},
            "end": {"type": "date"},
            "duration": {"type": "long"},
            # ECS: the raw line is kept, not indexed.
            "original": {"type": "keyword", "index": False, "doc_values": False},
        }
    }


_NETFLOW_NUMBERS = (
    "version", "template_id", "tos", "sampling_interval", "tcp_flags", "in_if", "out_if",
    "icmp_type", "icmp_code", "flow_direction", "forwarding_status", "src_mask", "dst_mask",
)  # fmt: skip


def _netflow_mapping() -> dict[str, Any]:
    """Return the mapping of the exporter's fields under `netflow.*` (the next hop an address)."""
    numbers = {name: {"type": "long"} for name in _NETFLOW_NUMBERS}
    return {"properties": {"next_hop": {"type": "ip"}, **numbers}}


def mappings() -> dict[str, Any]:
    """Return the ECS mapping of every netwatch document (ip, geo and date fields typed)."""
    interface = {
        "properties": {
            "interface": {"properties": _keywords("id", "name")},
            "vlan": {"properties": _keywords("id", "name")},
        }
    }
    return {
        # Unknown strings (vendor extras, scan details) become keywords, not analysed text.
        "dynamic_templates": [
            {
                "strings_as_keyword": {
                    "match_mapping_type": "string",
                    "mapping": {"type": "keyword", "ignore_above": 1024},
                }
            }
        ],
        "properties": {
            "@timestamp": {"type": "date"},
            "event": _event_mapping(),
            "source": _endpoint_mapping(True),
            "destination": _endpoint_mapping(True),
            "network": {
                "properties": {
                    **_keywords("transport", "iana_number", "direction", "type"),
                    "vlan": {"properties": _keywords("id", "name")},
                    "bytes": {"type": "long"},
                    "packets": {"type": "long"},
                }
            },
            "observer": {
                "properties": {
                    "ip": {"type": "ip"},
                    **_keywords("hostname", "type", "vendor"),
                    "ingress": interface,
                    "egress": interface,
                }
            },
            "rule": {"properties": _keywords("name")},
            "netflow": _netflow_mapping(),
            "netwatch": {"type": "object"},
        },
    }


def index_template(
    prefix: str, *, data_streams: bool, lifecycle_days: int | None = None
) -> dict[str, Any]:
    """Return the composable index template covering every netwatch dataset of `prefix`.

    `lifecycle_days` adds the data stream lifecycle retention (Elasticsearch >= 8.11).
    """
    template: dict[str, Any] = {
        "settings": {
            "index": {
                "number_of_shards": 1,
                # One replica once a second node exists; none on a single-node home server
                # (a replica that can never be assigned would keep the cluster yellow).
                "auto_expand_replicas": "0-1",
                "refresh_interval": "5s",
            }
        },
        "mappings": mappings(),
    }
    if lifecycle_days is not None:
        template["lifecycle"] = {"data_retention": f"{lifecycle_days}d"}
    body: dict[str, Any] = {
        "index_patterns": [f"{stream_name(prefix, ds)}*" for ds in DATASETS],
        # Above the built-in logs-*/metrics-* templates (priority 100), below hand-made overrides.
        "priority": 200,
        "template": template,
        "_meta": {"managed_by": "netwatch", "prefix": prefix},
    }
    if data_streams:
        body["data_stream"] = {}
    return body
