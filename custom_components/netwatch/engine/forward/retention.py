"""Retention without cron or curator: data stream lifecycle, else netwatch deletes its own indices.

Only names netwatch itself creates are ever deleted: daily indices matching exactly
`<prefix>-(flows|firewall|scans)-YYYY.MM.DD`, and the non-write backing indices of the data streams
`<prefix>-(flows|firewall|scans)`. Deletes name indices explicitly (never a wildcard).
"""

from __future__ import annotations

import calendar
import itertools
import logging
from typing import Any

from .client import SearchClient, check_auth
from .config import DATASETS
from .errors import ForwarderResponseError
from .schema import daily_index_pattern, stream_name

_LOGGER = logging.getLogger(__name__)
DAY = 86_400.0
ROLLOVER_AGE = DAY
"""Without a lifecycle netwatch rolls its data streams over daily, so whole days can be deleted."""
_DELETE_CHUNK = 40  # names per DELETE request, keeping URLs well below the 4 kB line limit


async def async_delete_indices(client: SearchClient, names: list[str]) -> list[str]:
    """Delete the named indices (explicit names only); return those deleted."""
    deleted: list[str] = []
    for start in range(0, len(names), _DELETE_CHUNK):
        chunk = names[start : start + _DELETE_CHUNK]
        if any(c in name for name in chunk for c in "*?,"):
            raise ValueError(f"refusing to delete a pattern: {chunk}")
        await client.call("DELETE", f"/{','.join(chunk)}?ignore_unavailable=true")
        deleted.extend(chunk)
    return deleted


async def async_trim_daily(client: SearchClient, prefix: str, days: int, now: float) -> list[str]:
    """Delete netwatch's daily indices whose whole UTC day is older than `days`."""
    listed = await client.call(
        "GET", f"/_cat/indices/{prefix}-*?format=json&h=index&expand_wildcards=open,closed"
    )
    pattern = daily_index_pattern(prefix)
    cutoff = now - days * DAY
    old: list[str] = []
    for row in listed if isinstance(listed, list) else []:
        name = row.get("index", "") if isinstance(row, dict) else ""
        if (match := pattern.fullmatch(name)) is None:
            continue
        year, month, day = (int(part) for part in match.groups())
        try:
            day_end = calendar.timegm((year, month, day, 0, 0, 0)) + DAY
        except ValueError, OverflowError:
            continue
        if day_end <= cutoff:
            old.append(name)
    return await async_delete_indices(client, sorted(old))


async def _async_backing_indices(client: SearchClient, name: str) -> list[str]:
    """Return the backing indices of a data stream, oldest first ([] if it does not exist)."""
    resp = await client.request("GET", f"/_data_stream/{name}")
    check_auth(resp)
    if resp.status == 404:
        return []
    if resp.status != 200:
        raise ForwarderResponseError("request_failed", resp.status, f"GET _data_stream/{name}")
    streams = resp.json().get("data_streams") or []
    for stream in streams:
        if stream.get("name") == name:
            return [str(index["index_name"]) for index in stream.get("indices", [])]
    return []


async def _async_creation_dates(client: SearchClient, indices: list[str]) -> dict[str, float]:
    """Return each index's creation time in epoch seconds."""
    settings: dict[str, Any] = await client.call(
        "GET", f"/{','.join(indices)}/_settings/index.creation_date?flat_settings=true"
    )
    return {
        name: int(body["settings"]["index.creation_date"]) / 1000.0
        for name, body in settings.items()
    }


async def async_trim_stream(client: SearchClient, name: str, days: int, now: float) -> list[str]:
    """Roll a data stream over daily and delete backing indices that stopped before the cutoff."""
    indices = await _async_backing_indices(client, name)
    if not indices:
        return []
    created = await _async_creation_dates(client, indices)
    if created.get(indices[-1], now) <= now - ROLLOVER_AGE:
        await client.call("POST", f"/{name}/_rollover")
    cutoff = now - days * DAY
    # An index received writes until its successor was created: that is its newest data.
    old = [
        index
        for index, successor in itertools.pairwise(indices)
        if created.get(successor, now) <= cutoff
    ]
    return await async_delete_indices(client, old)


async def async_set_lifecycle(client: SearchClient, prefix: str, days: int) -> None:
    """Set the data stream lifecycle retention on every existing netwatch data stream."""
    for dataset in DATASETS:
        name = stream_name(prefix, dataset)
        resp = await client.request(
            "PUT", f"/_data_stream/{name}/_lifecycle", f'{{"data_retention":"{days}d"}}'.encode()
        )
        check_auth(resp)
        if resp.status not in (200, 404):
            raise ForwarderResponseError("request_failed", resp.status, f"lifecycle of {name}")


async def async_apply(
    client: SearchClient,
    prefix: str,
    days: int,
    now: float,
    *,
    data_streams: bool,
    lifecycle: bool,
) -> list[str]:
    """Apply the retention to everything netwatch owns; return the deleted index names."""
    deleted: list[str] = []
    if data_streams and lifecycle:
        await async_set_lifecycle(client, prefix, days)
    elif data_streams:
        for dataset in DATASETS:
            deleted += await async_trim_stream(client, stream_name(prefix, dataset), days, now)
    # Daily indices may be left from before a switch to data streams: trim them either way.
    deleted += await async_trim_daily(client, prefix, days, now)
    if deleted:
        _LOGGER.info("Deleted %d index(es) older than %d days: %s", len(deleted), days, deleted)
    return deleted
