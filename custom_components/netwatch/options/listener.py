"""Listener settings (entry data): address and ports, checked by really binding them."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

import probatio as vol
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
)

from ..const import (
    CONF_BIND_ADDRESS,
    CONF_NETFLOW_PORT,
    CONF_SFLOW_PORT,
    CONF_SYSLOG_PORT,
    CONF_SYSLOG_TCP,
    DEFAULT_BIND_ADDRESS,
    DEFAULT_NETFLOW_PORT,
    DEFAULT_SFLOW_PORT,
    DEFAULT_SYSLOG_PORT,
    DEFAULT_SYSLOG_TCP,
)
from ..engine.errors import ListenerError
from ..engine.listen import check_ports_free

_PORT = NumberSelector(NumberSelectorConfig(min=1, max=65535, mode=NumberSelectorMode.BOX))
PORT_KEYS = (CONF_NETFLOW_PORT, CONF_SFLOW_PORT, CONF_SYSLOG_PORT)


def schema(current: Mapping[str, Any]) -> dict[vol.Marker, Any]:
    """Return the listener fields, filled with the current values or the defaults."""
    return {
        vol.Required(
            CONF_BIND_ADDRESS, default=current.get(CONF_BIND_ADDRESS, DEFAULT_BIND_ADDRESS)
        ): TextSelector(),
        vol.Required(
            CONF_NETFLOW_PORT, default=current.get(CONF_NETFLOW_PORT, DEFAULT_NETFLOW_PORT)
        ): _PORT,
        vol.Required(
            CONF_SFLOW_PORT, default=current.get(CONF_SFLOW_PORT, DEFAULT_SFLOW_PORT)
        ): _PORT,
        vol.Required(
            CONF_SYSLOG_PORT, default=current.get(CONF_SYSLOG_PORT, DEFAULT_SYSLOG_PORT)
        ): _PORT,
        vol.Required(
            CONF_SYSLOG_TCP, default=current.get(CONF_SYSLOG_TCP, DEFAULT_SYSLOG_TCP)
        ): BooleanSelector(),
    }


def normalise(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Return the submitted listener values as stored in the entry."""
    return {
        CONF_BIND_ADDRESS: str(user_input[CONF_BIND_ADDRESS]).strip(),
        CONF_NETFLOW_PORT: int(user_input[CONF_NETFLOW_PORT]),
        CONF_SFLOW_PORT: int(user_input[CONF_SFLOW_PORT]),
        CONF_SYSLOG_PORT: int(user_input[CONF_SYSLOG_PORT]),
        CONF_SYSLOG_TCP: bool(user_input[CONF_SYSLOG_TCP]),
    }


def validate(
    data: Mapping[str, Any],
    others: Iterable[Mapping[str, Any]] = (),
    held: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """Return form errors: the address, ports shared with other entries, then a real bind.

    `others` are the listener settings of the other netwatch entries; `held` those of the entry
    being reconfigured while it is loaded (its own ports are bound by itself, not by a stranger).
    """
    try:
        ipaddress.ip_address(data[CONF_BIND_ADDRESS])
    except ValueError:
        return {CONF_BIND_ADDRESS: "invalid_address"}
    for index, key in enumerate(PORT_KEYS):
        if data[key] in [data[earlier] for earlier in PORT_KEYS[:index]]:
            return {key: "same_port"}
    for other in others:
        taken = {port_of(other, key) for key in PORT_KEYS}
        for key in PORT_KEYS:
            if data[key] in taken:
                return {key: "port_of_other_entry"}
    return _test_bind(data, held)


def _test_bind(data: Mapping[str, Any], held: Mapping[str, Any] | None) -> dict[str, str]:
    """Really bind the ports (skipping those the entry being reconfigured holds itself)."""

    def held_already(key: str, tcp: bool = False) -> bool:
        return (
            held is not None
            and held.get(CONF_BIND_ADDRESS) == data[CONF_BIND_ADDRESS]
            and port_of(held, key) == data[key]
            and (not tcp or bool(held.get(CONF_SYSLOG_TCP)))
        )

    for key in PORT_KEYS:
        if not held_already(key):
            try:
                check_ports_free(data[CONF_BIND_ADDRESS], [data[key]])
            except ListenerError as err:
                return {key: _syslog_reason(err) if key == CONF_SYSLOG_PORT else err.reason}
    if data[CONF_SYSLOG_TCP] and not held_already(CONF_SYSLOG_PORT, tcp=True):
        try:
            check_ports_free(data[CONF_BIND_ADDRESS], [], [data[CONF_SYSLOG_PORT]])
        except ListenerError as err:
            return {CONF_SYSLOG_PORT: _syslog_reason(err)}
    return {}


def _syslog_reason(err: ListenerError) -> str:
    """Say which of the syslog port's sockets (UDP or TCP) is taken or not allowed."""
    if err.reason in ("address_in_use", "permission_denied"):
        return f"{err.reason}_{err.transport}"
    return err.reason


def port_of(data: Mapping[str, Any], key: str) -> int | None:
    """Return a stored port; entries made before sFlow support listen on the default sFlow port."""
    default = DEFAULT_SFLOW_PORT if key == CONF_SFLOW_PORT else None
    value = data.get(key, default)
    return int(value) if value is not None else None
