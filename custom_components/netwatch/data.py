"""Typed runtime data of a netwatch config entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

from .engine.pipeline import NetwatchEngine

if TYPE_CHECKING:
    from .coordinator import NetwatchCoordinator
    from .storage import NetwatchStore


@dataclass(slots=True)
class NetwatchRuntime:
    """What a loaded entry holds: the running engine and its publisher."""

    engine: NetwatchEngine
    coordinator: NetwatchCoordinator
    store: NetwatchStore


type NetwatchConfigEntry = ConfigEntry[NetwatchRuntime]
