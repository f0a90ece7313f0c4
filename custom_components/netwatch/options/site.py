"""The name of a netwatch instance ("Home", "Office"): it names its devices and entity ids."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import probatio as vol
from homeassistant.helpers.selector import TextSelector

from ..const import CONF_NAME

DEFAULT_NAME = "Home"
MAX_LENGTH = 40


def schema(current: Mapping[str, Any], default: str) -> dict[vol.Marker, Any]:
    """Return the name field, filled with the current name or `default`."""
    return {vol.Required(CONF_NAME, default=current.get(CONF_NAME) or default): TextSelector()}


def suggested(others: Iterable[Mapping[str, Any]]) -> str:
    """Return the name offered to a new entry: "Home" for the first, nothing after that."""
    return "" if any(True for _ in others) else DEFAULT_NAME


def title(name: str, data: Mapping[str, Any]) -> str:
    """Return the entry title: the name, with the ports as a hint of which router sends where."""
    return f"{name} (NetFlow {data.get('netflow_port')}, syslog {data.get('syslog_port')})"


def validate(
    user_input: Mapping[str, Any], others: Iterable[Mapping[str, Any]]
) -> tuple[str, dict[str, str]]:
    """Return (name, form errors): a name is required, short, and unique among the entries."""
    name = " ".join(str(user_input.get(CONF_NAME) or "").split())
    if not name or len(name) > MAX_LENGTH:
        return name, {CONF_NAME: "invalid_name"}
    taken = {str(other.get(CONF_NAME) or DEFAULT_NAME).casefold() for other in others}
    if name.casefold() in taken:
        return name, {CONF_NAME: "name_in_use"}
    return name, {}
