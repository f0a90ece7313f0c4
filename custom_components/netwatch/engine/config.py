"""The settings one engine runs with (the Home Assistant glue builds them from an entry)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .scan import ScanSettings


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Listener settings of one netwatch instance."""

    bind_address: str
    netflow_port: int
    syslog_port: int
    syslog_tcp: bool = True
    sflow_port: int | None = None
    """UDP port of the sFlow listener (6343 by convention); None: no sFlow listener."""
    home_networks: tuple[str, ...] = ()
    allowed_senders: tuple[str, ...] = ()
    max_devices: int = 256
    scan: ScanSettings = field(default_factory=ScanSettings)
    silence: float = 900.0
    prefix_verdicts: dict[str, str] | None = None
    """Log-prefix substring -> verdict for MikroTik and plain iptables lines (None: defaults)."""
    syslog_vendor: str | None = None
    """Parse every line as this vendor instead of detecting it."""
    instance_id: str = ""
    """Who runs this engine (the config entry id); panels carry it as `entry_id`."""
