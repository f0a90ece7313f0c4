"""The `_bulk` wire format: NDJSON lines out, per-item outcomes back."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import orjson

from .errors import ForwarderResponseError

BULK_PATH = "/_bulk?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason"
"""Ask only for what the outcome needs: a 1,000-item answer shrinks from ~250 kB to ~25 kB."""
NDJSON = "application/x-ndjson"

# Item statuses worth another attempt: the node was overloaded (429, es_rejected_execution) or a
# shard was briefly unavailable (5xx). Every other 4xx is final for that document.
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
# `create` with our own unique _id answers 409 when an earlier attempt (whose answer was lost, e.g.
# the node died before replying) already indexed the document: it is there, exactly once.
ALREADY_INDEXED = 409
_MAX_REASON = 300


class DocIds:
    """Unique document ids: a random per-forwarder prefix and a counter.

    Ids chosen by netwatch make retries idempotent (see ALREADY_INDEXED); the counter keeps them
    ordered, which Lucene's id index handles best.
    """

    def __init__(self) -> None:
        self._prefix = secrets.token_hex(6)
        self._next = 0

    def take(self) -> str:
        """Return the next id."""
        self._next += 1
        return f"{self._prefix}{self._next:x}"


def action_head(index: str) -> bytes:
    """Return the start of a `create` action line: the id and ACTION_TAIL follow."""
    return b'{"create":{"_index":"' + index.encode() + b'","_id":"'


ACTION_TAIL = b'"}}\n'


def encode(head: bytes, doc_id: str, doc: dict[str, Any]) -> bytes:
    """Return the action and source lines of one document."""
    return (
        head + doc_id.encode() + ACTION_TAIL + orjson.dumps(doc, option=orjson.OPT_APPEND_NEWLINE)
    )


@dataclass(slots=True)
class BulkOutcome:
    """What the server did with each document of one `_bulk` request."""

    indexed: int = 0
    rejected: int = 0
    retry: list[bytes] = field(default_factory=list)
    """Lines of the documents to send again."""
    errors: list[dict[str, Any]] = field(default_factory=list)
    """Item errors, for the bounded diagnostics sample."""


def parse_response(body: bytes, lines: list[bytes]) -> BulkOutcome:
    """Match a `_bulk` answer to the documents sent (items come back in request order)."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as err:
        raise ForwarderResponseError("request_failed", 200, "bulk answer is not JSON") from err
    if not isinstance(data, dict):
        raise ForwarderResponseError("request_failed", 200, "bulk answer is not an object")
    if data.get("errors") is False:
        return BulkOutcome(indexed=len(lines))
    items = data.get("items")
    if not isinstance(items, list) or len(items) != len(lines):
        raise ForwarderResponseError("request_failed", 200, "bulk answer has the wrong item count")
    outcome = BulkOutcome()
    for line, item in zip(lines, items, strict=True):
        result = next(iter(item.values())) if isinstance(item, dict) and item else {}
        status = result.get("status", 0) if isinstance(result, dict) else 0
        if 200 <= status < 300 or status == ALREADY_INDEXED:
            outcome.indexed += 1
            continue
        error = result.get("error") if isinstance(result, dict) else None
        if isinstance(error, dict) and len(outcome.errors) < 5:
            outcome.errors.append(
                {
                    "status": status,
                    "type": str(error.get("type", "")),
                    "reason": str(error.get("reason", ""))[:_MAX_REASON],
                }
            )
        if status in RETRY_STATUSES:
            outcome.retry.append(line)
        else:
            outcome.rejected += 1
    return outcome
