"""Constants for the netwatch integration."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from .engine import addr

DOMAIN: Final = "netwatch"
VERSION: Final = "0.1.0"

CONF_BIND_ADDRESS: Final = "bind_address"
CONF_NETFLOW_PORT: Final = "netflow_port"
CONF_SFLOW_PORT: Final = "sflow_port"
CONF_SYSLOG_PORT: Final = "syslog_port"
CONF_SYSLOG_TCP: Final = "syslog_tcp"
CONF_HOME_NETWORKS: Final = "home_networks"
CONF_ALLOWED_SENDERS: Final = "allowed_senders"
CONF_GEOIP_DATABASE: Final = "geoip_database"
CONF_GEOIP_DOWNLOAD: Final = "geoip_download"
CONF_MAX_DEVICES: Final = "max_devices"
CONF_DASHBOARD: Final = "dashboard"
CONF_SYSLOG_VENDOR: Final = "syslog_vendor"
CONF_PREFIX_VERDICTS: Final = "prefix_verdicts"
CONF_SCAN_WINDOW: Final = "scan_window_minutes"
CONF_SCAN_MIN_PORTS: Final = "scan_min_ports"
CONF_SCAN_MIN_TARGETS: Final = "scan_min_targets"
CONF_SCAN_COOLDOWN: Final = "scan_cooldown_minutes"
CONF_SCAN_MAX_EVENTS: Final = "scan_max_events_per_hour"
CONF_SCAN_SETTLE: Final = "scan_settle_seconds"
CONF_SILENCE_MINUTES: Final = "silence_minutes"
CONF_SCAN_IGNORE: Final = "scan_ignore"
CONF_ASN_DATABASE: Final = "asn_database"
CONF_REVERSE_DNS: Final = "reverse_dns"
CONF_DNS_SERVER: Final = "dns_server"
CONF_NAME: Final = "name"
MAX_SCAN_IGNORE: Final = 256
"""Entries of the scan ignore list (each one an address or network)."""
CONF_ES_ENABLED: Final = "es_enabled"
CONF_ES_URLS: Final = "es_urls"
CONF_ES_API_KEY: Final = "api_key"
CONF_ES_USERNAME: Final = "username"
CONF_ES_PASSWORD: Final = "password"  # noqa: S105 - the option key, not a password
CONF_ES_VERIFY_TLS: Final = "es_verify_tls"
CONF_ES_CA_PATH: Final = "es_ca_path"
CONF_ES_PREFIX: Final = "es_prefix"
CONF_ES_SEND_FLOWS: Final = "es_send_flows"
CONF_ES_SEND_FIREWALL: Final = "es_send_firewall"
CONF_ES_SEND_SCANS: Final = "es_send_scans"
CONF_ES_RETENTION_DAYS: Final = "es_retention_days"

DEFAULT_BIND_ADDRESS: Final = "0.0.0.0"
DEFAULT_NETFLOW_PORT: Final = 2055
DEFAULT_SFLOW_PORT: Final = 6343
"""The IANA port of sFlow; entries made before sFlow support get it too."""
DEFAULT_SYSLOG_PORT: Final = 5514
DEFAULT_SYSLOG_TCP: Final = True
DEFAULT_HOME_NETWORKS: Final = list(addr.PRIVATE_NETWORKS)
DEFAULT_ALLOWED_SENDERS: Final = list(addr.DEFAULT_ALLOWED_SENDERS)
DEFAULT_MAX_DEVICES: Final = 64

DEFAULT_SILENCE_MINUTES: Final = 15

TICK_INTERVAL: Final = timedelta(seconds=5)
"""How often due scans, hourly summaries and silent senders are checked."""
STORAGE_VERSION: Final = 1
SAVE_INTERVAL: Final = timedelta(minutes=5)
"""The full state (series, templates) is written to disk this often (and on unload, shutdown)."""
COUNTER_SAVE_INTERVAL: Final = timedelta(seconds=30)
"""Counters and totals are written this often: a crash loses at most this much of them."""
GEOIP_CHECK_INTERVAL: Final = timedelta(days=1)

PUBLISH_INTERVAL: Final = timedelta(seconds=60)
"""How often counters become entity states: sensors never update per packet. Every changed
state is a recorder row, so this (with DEVICE_WRITE_INTERVAL) sets the database growth."""
DEVICE_WRITE_INTERVAL: Final = 300.0
"""Seconds between state writes of per-device and per-country sensors (there can be many);
long-term statistics are compiled every 5 minutes, so they lose nothing."""

EVENT_NETWATCH: Final = "netwatch_event"
