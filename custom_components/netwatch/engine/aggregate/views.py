"""Panels read from the fact tables: filtered panels, device totals, outbound countries, sources.

Every answer says how exact it is: `unattributed` is what the window's buckets counted but
could not keep as rows (see facts.py). A filtered count is exact when it is zero, otherwise a
lower bound that misses at most `unattributed` (flows, or firewall lines for verdict panels).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..classify import key_text
from ..enrich.services import protocol_name
from .facts import (
    DIR_IN,
    LEVELS,
    VERDICT_ALLOW,
    VERDICT_DENY,
    VERDICT_REJECT,
    FactSeries,
    key_of16,
)
from .filters import DEVICE_FIELDS, EVENT_FIELDS, FLOW_FIELDS, Filters, Match
from .ledger import Ledger
from .tables import unpack_country_key, unpack_port_key

SERIES_TOP = 10
TABLE_ROWS = 25
SOURCE_ROWS = 25
_SOURCE_PORTS = 64
"""Distinct ports and targets remembered per source while grouping (the rest only counted)."""

type Row = tuple[Any, ...]
type Bucket = dict[Any, list[int]]


def rank(per_bucket: Iterable[Bucket]) -> list[tuple[Any, int, int]]:
    """Sum (count, bytes) per key over buckets; return (key, count, bytes) largest first."""
    sums: dict[Any, list[int]] = {}
    for bucket in per_bucket:
        for key, entry in bucket.items():
            mine = sums.get(key)
            if mine is None:
                sums[key] = [entry[0], entry[1] if len(entry) > 1 else 0]
            else:
                mine[0] += entry[0]
                mine[1] += entry[1] if len(entry) > 1 else 0
    ranked = sorted(sums.items(), key=lambda item: (-item[1][0], str(item[0])))
    return [(key, count, nbytes) for key, (count, nbytes) in ranked]


def counts_of(per: list[Bucket], key: Any) -> list[int]:
    """Return one key's counts per bucket."""
    return [bucket[key][0] if key in bucket else 0 for bucket in per]


def other_of(totals: list[int], shown: list[list[int]]) -> list[int] | None:
    """Return per-bucket totals minus the shown series, None when nothing is left."""
    other = [max(0, total - sum(column)) for total, *column in zip(totals, *shown, strict=True)]
    return other if any(other) else None


def port_fields(key: int) -> dict[str, Any]:
    """Return port, protocol and service of a port key."""
    from ..enrich.services import service_name  # noqa: PLC0415 - cheap, keeps imports short

    protocol, port = unpack_port_key(key)
    return {
        "port": port if port >= 0 else None,
        "protocol": protocol_name(protocol) if protocol >= 0 else "unknown",
        "service": service_name(protocol, port),
    }


class FactReader:
    """Read one window of the fact tables at one level, with filters."""

    def __init__(self, ledger: Ledger, level: int, buckets: range, current: int) -> None:
        self.ledger = ledger
        self.level = level
        self.buckets = buckets
        self.current = current

    @property
    def seconds(self) -> int:
        """Return the bucket width."""
        return LEVELS[self.level].seconds

    def scan(self, series: FactSeries, match: Match | None) -> tuple[list[list[Row]], int]:
        """Return the matching rows per bucket and the window's unattributed first counter."""
        per: list[list[Row]] = []
        unattributed = 0
        for bucket in self.buckets:
            rows = series.rows(self.level, bucket, self.current)
            per.append([row for row in rows if match(row)] if match else list(rows))
            unattributed += series.residual_of(self.level, bucket, self.current)[0]
        return per, unattributed


def group(per: list[list[Row]], key: Callable[[Row], Any], values: tuple[int, ...]) -> list[Bucket]:
    """Sum the given row fields per key in each bucket."""
    out: list[Bucket] = []
    for rows in per:
        bucket: Bucket = {}
        for row in rows:
            k = key(row)
            entry = bucket.get(k)
            if entry is None:
                bucket[k] = [row[i] for i in values]
            else:
                for j, i in enumerate(values):
                    entry[j] += row[i]
        out.append(bucket)
    return out


def denied_panels(
    table: list[tuple[int, int, int]],
    protocols: list[tuple[Any, int, int]],
    by_port: list[Bucket],
    countries: list[tuple[Any, int, int]],
    drops: list[int],
) -> dict[str, Any]:
    """Build the four denied-inbound panels from ranked (key, count, bytes) rows.

    `table` holds (port key, country key, count) rows; `by_port` the per-bucket port counts,
    from which the top ports' series are drawn (the rest of the drops shown as "other").
    """
    ports = rank(by_port)
    series: list[dict[str, Any]] = []
    for key, _c, _b in ports[:SERIES_TOP]:
        fields = port_fields(key)
        series.append(
            {
                "port": fields["port"],
                "protocol": fields["protocol"],
                "counts": counts_of(by_port, key),
            }
        )
    other = other_of(drops, [s["counts"] for s in series])
    if other is not None:
        series.append({"port": None, "protocol": "other", "counts": other})
    return {
        "inbound_denied_table": [
            {**port_fields(pk), "country": unpack_country_key(cc), "count": c}
            for pk, cc, c in table
        ],
        "denied_share": {
            "by_protocol": [
                {"protocol": protocol_name(k) if k >= 0 else "unknown", "count": c}
                for k, c, _b in protocols
            ],
            "by_port": [{**port_fields(k), "count": c} for k, c, _b in ports[:SERIES_TOP]],
        },
        "inbound_drops": {"total": sum(drops), "counts": drops},
        "denied_by_country": [
            {"country": unpack_country_key(k), "count": c} for k, c, _b in countries
        ],
        "denied_ports_over_time": {"series": series},
    }


def _accuracy(unattributed: int) -> dict[str, Any]:
    return {"exact": unattributed == 0, "unattributed": unattributed}


class FactPanels:
    """The panels of the contract computed from facts (used when filters are active)."""

    def __init__(self, reader: FactReader, filters: Filters) -> None:
        self.reader = reader
        self.filters = filters
        self.accuracy: dict[str, dict[str, Any]] = {}

    def _rows(self, series: FactSeries, fields: Mapping[str, int]) -> tuple[list[list[Row]], int]:
        return self.reader.scan(series, self.filters.matcher(fields))

    def outbound(self) -> dict[str, Any]:
        """Return outbound destinations (series by remote, top table)."""
        per_rows, lost = self._rows(self.reader.ledger.flows_out, FLOW_FIELDS)
        self.accuracy["outbound"] = _accuracy(lost)
        per = group(per_rows, lambda r: (r[1], r[3]), (4, 5))
        totals = [sum(entry[0] for entry in bucket.values()) for bucket in per]
        ranked = rank(per)[:SERIES_TOP]
        series: list[dict[str, Any]] = [
            {
                "address": key_text(key_of16(remote)),
                "country": unpack_country_key(cc),
                "counts": counts_of(per, (remote, cc)),
            }
            for (remote, cc), _c, _b in ranked
        ]
        top = [
            {"address": s["address"], "country": s["country"], "flows": c, "bytes": b}
            for s, (_k, c, b) in zip(series, ranked, strict=True)
        ]
        other = other_of(totals, [s["counts"] for s in series])
        if other is not None:
            series.append({"address": "other", "country": None, "counts": other})
        return {"series": series, "top": top}

    def denied(self) -> dict[str, Any]:
        """Return the four denied-inbound panels from verdict facts."""
        per_rows, lost = self._rows(self.reader.ledger.events, EVENT_FIELDS)
        wanted = {DIR_IN | VERDICT_DENY, DIR_IN | VERDICT_REJECT}
        per_rows = [[r for r in rows if r[0] in wanted] for rows in per_rows]
        for panel in ("denied_table", "denied_share", "drops", "countries", "ports"):
            self.accuracy[panel] = _accuracy(lost)
        drops = [sum(r[5] for r in rows) for rows in per_rows]
        by_port = group(per_rows, lambda r: r[3], (5,))
        table = rank(group(per_rows, lambda r: (r[3], r[4]), (5,)))[:TABLE_ROWS]
        protocols = rank(group(per_rows, lambda r: (r[3] >> 17) - 1, (5,)))[:SERIES_TOP]
        countries = rank(group(per_rows, lambda r: r[4], (5,)))[:TABLE_ROWS]
        return denied_panels(
            [(port_key, country, count) for (port_key, country), count, _b in table],
            protocols,
            by_port,
            countries,
            drops,
        )

    def verdicts(self) -> dict[str, int | None]:
        """Return allow/deny/reject counts; joined bytes cannot be filtered (None)."""
        per_rows, lost = self._rows(self.reader.ledger.events, EVENT_FIELDS)
        self.accuracy["verdicts"] = _accuracy(lost)
        counts = {VERDICT_ALLOW: 0, VERDICT_DENY: 0, VERDICT_REJECT: 0}
        for rows in per_rows:
            for row in rows:
                verdict = row[0] & 0x0F
                if verdict in counts:
                    counts[verdict] += row[5]
        return {
            "allow": counts[VERDICT_ALLOW],
            "deny": counts[VERDICT_DENY],
            "reject": counts[VERDICT_REJECT],
            "allow_bytes": None,
            "deny_bytes": None,
        }


def device_totals(reader: FactReader, filters: Filters) -> tuple[dict[bytes, list[int]], int]:
    """Return per device [bytes_in, bytes_out, flows, denied] over the window, and what is lost.

    Without filters other than the device this reads the device facts (exact unless more than
    64 devices were active in one bucket); with other filters it adds up the flow and verdict
    facts of the matching traffic.
    """
    ledger = reader.ledger
    only_device = not any(
        getattr(filters, name) is not None for name in ("country", "port", "protocol", "remote")
    )
    totals: dict[bytes, list[int]] = {}
    if only_device:
        per, lost = reader.scan(ledger.device_facts, filters.matcher(DEVICE_FIELDS))
        for rows in per:
            for row in rows:
                _add(totals, row[0], (row[1], row[2], row[3], row[4]))
        return totals, lost
    lost = 0
    for series, inbound in ((ledger.flows_out, False), (ledger.flows_in, True)):
        per, missed = reader.scan(series, filters.matcher(FLOW_FIELDS))
        lost += missed
        for rows in per:
            for row in rows:
                received, sent = (row[5], row[6]) if inbound else (row[6], row[5])
                _add(totals, row[0], (received, sent, row[4], 0))
    per, missed = reader.scan(ledger.events, filters.matcher(EVENT_FIELDS))
    lost += missed
    denied = {DIR_IN | VERDICT_DENY, DIR_IN | VERDICT_REJECT}
    for rows in per:
        for row in rows:
            if row[0] in denied:
                _add(totals, row[1], (0, 0, 0, row[5]))
    return totals, lost


def _add(totals: dict[bytes, list[int]], key: bytes, values: tuple[int, int, int, int]) -> None:
    entry = totals.get(key)
    if entry is None:
        totals[key] = list(values)
    else:
        for i, value in enumerate(values):
            entry[i] += value


def outbound_countries(reader: FactReader, filters: Filters) -> tuple[list[dict[str, Any]], int]:
    """Return flows and bytes sent per remote country over the window."""
    per, lost = reader.scan(reader.ledger.flows_out, filters.matcher(FLOW_FIELDS))
    ranked = rank(group(per, lambda r: r[3], (4, 5)))[:TABLE_ROWS]
    return [
        {"country": unpack_country_key(cc), "flows": flows, "bytes": nbytes}
        for cc, flows, nbytes in ranked
    ], lost
