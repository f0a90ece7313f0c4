"""Which time window a panel request covers, and which stored resolution answers it."""

from __future__ import annotations

from dataclasses import dataclass

from .facts import LEVELS
from .series import HOUR, HOUR_SLOTS, MINUTE, MINUTE_SLOTS

RANGES: dict[str, tuple[bool, int]] = {
    "1h": (False, 60),
    "24h": (False, 1440),
    "7d": (True, 168),
    "30d": (True, 720),
}
"""Range name -> (hourly ring buckets, number of buckets) of the unfiltered panels."""
RANGE_LEVEL = {"1h": 0, "24h": 1, "7d": 2, "30d": 3}
"""Range name -> the fact level (facts.LEVELS) whose whole span it is."""
MAX_SPAN = LEVELS[-1].span
"""Nothing older than 30 days is kept."""


@dataclass(frozen=True, slots=True)
class Window:
    """A time window [start, end) in epoch seconds; `name` is a range name or "custom"."""

    name: str
    start: float
    end: float

    @classmethod
    def of(
        cls, range_name: str | None, start: float | None, end: float | None, now: float
    ) -> Window:
        """Return the window of a named range ending now, or of absolute start/end times."""
        if start is not None or end is not None:
            if start is None or end is None:
                raise ValueError("give both start and end (epoch seconds), or a range")
            end = min(float(end), now + MINUTE)
            start = max(float(start), now - MAX_SPAN)
            if end - start < MINUTE:
                raise ValueError("the window must span at least a minute within the last 30 days")
            return cls("custom", start, end)
        name = range_name or "24h"
        if name not in RANGES:
            raise ValueError(f"unknown range {name!r}; use one of {', '.join(RANGES)}")
        hourly, count = RANGES[name]
        step = HOUR if hourly else MINUTE
        last = int(now // step)
        return cls(name, float((last - count + 1) * step), float((last + 1) * step))

    def ring(self, current_minute: int) -> tuple[bool, range]:
        """Return (hourly, bucket numbers) of the exact rings covering this window."""
        if self.name in RANGES:
            hourly, _count = RANGES[self.name]
        else:
            first_minute = current_minute - MINUTE_SLOTS + 1
            hourly = self.start < first_minute * MINUTE or (self.end - self.start) > 86400
        step = HOUR if hourly else MINUTE
        current = current_minute // 60 if hourly else current_minute
        size = HOUR_SLOTS if hourly else MINUTE_SLOTS
        first = max(int(self.start // step), current - size + 1)
        last = int((self.end - 1) // step)
        if self.name in RANGES:
            last = max(last, current)
        return hourly, range(first, max(first, last) + 1)

    def level(self, since: list[float], now: float) -> int:
        """Return the finest fact level that holds this window (falling back to coarser ones).

        `since` is when each level's data begins (after a restart only the saved levels reach
        back). Past that, a coarser level that covers the window start is preferred.
        """
        natural = RANGE_LEVEL.get(self.name)
        if natural is None:
            age = now - self.start
            natural = next(
                (i for i, level in enumerate(LEVELS) if age <= level.span), len(LEVELS) - 1
            )
            # Too many buckets for a chart: go one level coarser.
            while (
                natural + 1 < len(LEVELS)
                and (self.end - self.start) / LEVELS[natural].seconds > 1500
            ):
                natural += 1
        # Data older than the oldest level's start does not exist anywhere: only ask a level to
        # reach back as far as some level does.
        needed = max(self.start, min(since))
        for index in range(natural, len(LEVELS)):
            if since[index] <= needed:
                return index
        return natural

    def fact_buckets(self, index: int, ledger_minute: int, now_minute: int) -> tuple[int, range]:
        """Return (the level's live bucket, bucket numbers) of a fact level covering this window.

        The live bucket is the ledger's (it advances with traffic); buckets after it up to now
        read as empty.
        """
        level = LEVELS[index]
        current = ledger_minute * MINUTE // level.seconds
        now_bucket = now_minute * MINUTE // level.seconds
        first = max(int(self.start // level.seconds), now_bucket - level.slots + 1)
        last = min(int((self.end - 1) // level.seconds), now_bucket)
        if self.name in RANGES:
            last = now_bucket
        return current, range(first, max(first, last) + 1)
