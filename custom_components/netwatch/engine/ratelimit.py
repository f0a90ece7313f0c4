"""Rate-limited logging: bad input is logged once per key and interval, always counted."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable

_MAX_KEYS = 256


class RateLimitedLog:
    """Log a warning at most once per `interval` seconds for each key (bounded to 256 keys)."""

    def __init__(
        self,
        logger: logging.Logger,
        interval: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._logger = logger
        self._interval = interval
        self._clock = clock
        self._last: OrderedDict[str, float] = OrderedDict()
        self.suppressed = 0

    def warning(self, key: str, msg: str, *args: object, exc_info: bool = False) -> bool:
        """Log `msg` unless `key` was logged within the interval; return whether it was logged."""
        now = self._clock()
        last = self._last.get(key)
        if last is not None and now - last < self._interval:
            self.suppressed += 1
            return False
        self._last[key] = now
        self._last.move_to_end(key)
        while len(self._last) > _MAX_KEYS:
            self._last.popitem(last=False)
        self._logger.warning(msg, *args, exc_info=exc_info)
        return True
