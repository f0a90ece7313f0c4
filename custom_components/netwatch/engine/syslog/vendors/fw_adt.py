"""Firewalla's audit prefix `[FW_ADT]A=.. D=.. CD=..`.

Recognised here for firewalla and for netfilter, which leaves those lines to firewalla.
"""

from __future__ import annotations

import re

from ..header import SyslogMessage

PREFIX = re.compile(rb"\[FW_ADT\]((?:[A-Z]{1,2}=\S+ )*)")
BARE = re.compile(rb"((?:A=[A-Z]{1,2} )?D=[OILW] (?:CD=[OR] )?)")
"""The prefix without `[FW_ADT]`: syslog-ng reads a header-less `[FW_ADT]A=A D=O ...` as a
program name with a PID and relays the rest (RFC 5424: `- FW_ADT - - A=A D=O ...`)."""


_BARE_STARTS = (b"A=", b"D=")
"""What a BARE prefix starts with: a cheap test before the regex (most lines are not one)."""

OLD = re.compile(rb"\[FW_(ACL|SEC)_AUDIT\]")
"""Firmware of 2020-2021 logged only drops, as `[FW_ACL_AUDIT]` (rule blocks) or
`[FW_SEC_AUDIT]` (security blocks), without A=/D=/CD= (firewalla/firewalla, history of
sensor/ACLAuditLogPlugin.js)."""


def is_audit(msg: SyslogMessage) -> bool:
    """Tell whether `[FW_ADT]` is in the message or is the tag (a relay took it for one)."""
    body = msg.body
    # `[FW_ADT]` and OLD's `[FW_ACL_AUDIT]` / `[FW_SEC_AUDIT]` all hold `[FW_`: one scan of the
    # line (netfilter asks this of every LOG line) instead of two.
    marked = b"[FW_" in body
    return (
        (marked and b"[FW_ADT]" in body)
        or msg.app.startswith(b"[FW_ADT]")
        or (body[:2] in _BARE_STARTS and BARE.match(body) is not None)
        or (marked and OLD.search(body) is not None)
    )
