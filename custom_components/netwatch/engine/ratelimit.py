"""Rate-limited logging: at most one line per reason per interval, the rest summarised.

Bad input is always counted (in stats) but logged rarely: the first occurrence of a reason is
logged at once, later ones within the interval are only counted, and the next line of that reason
(at the earliest one interval later, from `flush()` on a timer) says how many there were, from how
many distinct senders, with a few examples. Keys are reasons chosen by the code (a small fixed
set), never addresses, so a flood from thousands of addresses still yields one line per reason
per interval.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_INTERVAL = 300.0
MAX_REASONS = 256
"""Reasons come from code, so this is never reached; it bounds a bug that keys by data."""
MAX_DISTINCT = 1024
"""Distinct senders counted per reason and interval; beyond it the summary says "more than"."""
EXAMPLES = 3

_LOGS: weakref.WeakSet[RateLimitedLog] = weakref.WeakSet()


@dataclass(slots=True)
class _Reason:
    """What happened for one reason since its last line."""

    logged_at: float
    suppressed: int = 0
    senders: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)
    msg: str = ""
    args: tuple[object, ...] = ()


class RateLimitedLog:
    """Log a warning at most once per `interval` seconds for each reason, summarising the rest."""

    def __init__(
        self,
        logger: logging.Logger,
        interval: float = DEFAULT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._logger = logger
        self._interval = interval
        self._clock = clock
        self._reasons: dict[str, _Reason] = {}
        self.suppressed = 0
        self.lines = 0
        _LOGS.add(self)

    def report(
        self,
        reason: str,
        msg: str,
        *args: object,
        sender: str | None = None,
        exc_info: bool = False,
    ) -> bool:
        """Log `msg` as a warning unless `reason` was logged within the interval; tell if it was."""
        now = self._clock()
        state = self._reasons.get(reason)
        if state is not None and now - state.logged_at < self._interval:
            self.suppressed += 1
            state.suppressed += 1
            state.msg, state.args = msg, args
            if sender is not None and len(state.senders) < MAX_DISTINCT:
                if sender not in state.senders and len(state.examples) < EXAMPLES:
                    state.examples.append(sender)
                state.senders.add(sender)
            return False
        if state is None and len(self._reasons) >= MAX_REASONS:
            self._reasons.pop(next(iter(self._reasons)))
        summary = _summary(state, now) if state is not None and state.suppressed else ""
        self._reasons[reason] = _Reason(now)
        self.lines += 1
        self._logger.warning(msg + "%s", *args, summary, exc_info=exc_info)
        return True

    def flush(self) -> None:
        """Log the summary of every reason whose interval is over and that recurred meanwhile."""
        now = self._clock()
        for reason, state in list(self._reasons.items()):
            if state.suppressed and now - state.logged_at >= self._interval:
                self._reasons[reason] = _Reason(now)
                self.lines += 1
                self._logger.warning(state.msg + "%s", *state.args, _summary(state, now))


def _summary(state: _Reason, now: float) -> str:
    """Describe what was suppressed: count, period, distinct senders and a few examples."""
    minutes = max(1, round((now - state.logged_at) / 60))
    text = f" (+{state.suppressed:,} more in the last {minutes} min"
    if state.senders:
        many = "more than " if len(state.senders) >= MAX_DISTINCT else ""
        text += f" from {many}{len(state.senders):,} senders, e.g. {', '.join(state.examples)}"
    return text + ")"


def flush_all() -> None:
    """Flush every live RateLimitedLog (called from the engine's timer)."""
    for log in list(_LOGS):
        log.flush()
