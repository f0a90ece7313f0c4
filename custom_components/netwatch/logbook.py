"""Logbook texts of netwatch's bus events: who scanned, what went silent, which new country."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, EVENT_NETWATCH

# The keys of a logbook entry (logbook.const.LOGBOOK_ENTRY_NAME / _MESSAGE); netwatch does not
# depend on the logbook integration, which loads this platform when it is set up.
LOGBOOK_ENTRY_NAME = "name"
LOGBOOK_ENTRY_MESSAGE = "message"


def _count(value: Any, one: str, many: str) -> str:
    """Return "1 port" or "1,234 ports" (a missing number reads as 0)."""
    number = value if isinstance(value, int) else 0
    return f"{number:,} {one if number == 1 else many}"


def _source(data: dict[str, Any]) -> str:
    text = str(data.get("source"))
    if data.get("hostname"):
        text += f" ({data['hostname']})"
    place = data.get("country_name") or data.get("country")
    if place:
        text += f", {place}"
    if data.get("asn"):
        text += f", AS{data['asn']}" + (f" {data['as_org']}" if data.get("as_org") else "")
    return text


def describe(data: dict[str, Any]) -> str:
    """Return the logbook message of a `netwatch_event` payload."""
    kind = data.get("type")
    if kind == "scan_detected":
        ports = _count(data.get("port_count"), "port", "ports")
        targets = _count(data.get("target_count"), "address", "addresses")
        severity = data.get("severity", "low")
        return f"detected a {severity} scan from {_source(data)}: {ports} on {targets}"
    if kind == "scan_summary":
        return (
            f"held back {_count(data.get('suppressed'), 'more scan', 'more scans')} this hour "
            f"(at most {data.get('reported', 0):,} are reported one by one)"
        )
    if kind == "new_country":
        who = data.get("device_name") or data.get("device")
        place = data.get("country_name") or data.get("country")
        return f"saw {who} talk to {place} for the first time ({data.get('remote')})"
    if kind == "sender_silent":
        minutes = int(data.get("silent_for") or 0) // 60
        sender = f"{data.get('kind')} sender {data.get('sender')}"
        return f"has received nothing from {sender} for {minutes:,} min"
    return str(kind)


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe `netwatch_event` in the logbook with its source."""

    @callback
    def _describe(event: Event) -> dict[str, str]:
        return {LOGBOOK_ENTRY_NAME: "netwatch", LOGBOOK_ENTRY_MESSAGE: describe(dict(event.data))}

    async_describe_event(DOMAIN, EVENT_NETWATCH, _describe)
