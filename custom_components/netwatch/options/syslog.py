"""Syslog options: pin the firewall vendor, and what user log prefixes mean."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import probatio as vol
from homeassistant.helpers.selector import (
    SelectSelector,
    SelectSelectorConfig,
    TextSelector,
    TextSelectorConfig,
)

from ..const import CONF_PREFIX_VERDICTS, CONF_SYSLOG_VENDOR
from ..engine.records import Verdict
from ..engine.syslog import DEFAULT_PREFIX_VERDICTS, VENDOR_NAMES

AUTO = "auto"
_VERDICTS = {Verdict.ALLOW.value, Verdict.DENY.value, Verdict.REJECT.value}


def prefix_lines(mapping: Mapping[str, str]) -> list[str]:
    """Render a prefix -> verdict mapping as editable "prefix=verdict" lines."""
    return [f"{prefix}={verdict}" for prefix, verdict in mapping.items()]


def parse_prefix_lines(lines: list[str]) -> dict[str, str] | None:
    """Parse "prefix=verdict" lines; None when one is malformed."""
    out: dict[str, str] = {}
    for line in lines:
        prefix, sep, verdict = str(line).rpartition("=")
        prefix, verdict = prefix.strip(), verdict.strip().lower()
        if not sep or not prefix or verdict not in _VERDICTS:
            return None
        out[prefix] = verdict
    return out


def syslog_settings(options: Mapping[str, Any]) -> tuple[dict[str, str] | None, str | None]:
    """Return (prefix verdicts or None for the defaults, pinned vendor or None)."""
    verdicts = options.get(CONF_PREFIX_VERDICTS)
    vendor = options.get(CONF_SYSLOG_VENDOR, AUTO)
    return (
        dict(verdicts) if isinstance(verdicts, dict) else None,
        None if vendor in (None, "", AUTO) else str(vendor),
    )


def validate(user_input: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (options, form errors) of the syslog step."""
    verdicts = parse_prefix_lines(list(user_input[CONF_PREFIX_VERDICTS]))
    if verdicts is None:
        return {}, {CONF_PREFIX_VERDICTS: "invalid_prefix_verdicts"}
    return {
        CONF_SYSLOG_VENDOR: user_input[CONF_SYSLOG_VENDOR],
        CONF_PREFIX_VERDICTS: verdicts,
    }, {}


def schema(options: Mapping[str, Any]) -> vol.Schema:
    """Return the form of the syslog options step."""
    verdicts, vendor = syslog_settings(options)
    return vol.Schema(
        {
            vol.Required(CONF_SYSLOG_VENDOR, default=vendor or AUTO): SelectSelector(
                SelectSelectorConfig(options=[AUTO, *VENDOR_NAMES], translation_key="syslog_vendor")
            ),
            vol.Required(
                CONF_PREFIX_VERDICTS,
                default=prefix_lines(verdicts if verdicts is not None else DEFAULT_PREFIX_VERDICTS),
            ): TextSelector(TextSelectorConfig(multiple=True)),
        }
    )
