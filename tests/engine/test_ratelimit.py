"""Logging that cannot flood: one line per reason per interval, the rest summarised."""

from __future__ import annotations

import logging

import pytest

from custom_components.netwatch.engine.ratelimit import MAX_DISTINCT, RateLimitedLog

LOGGER = logging.getLogger("netwatch.test.ratelimit")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER.name]


def test_thousands_of_senders_make_one_line_then_one_summary(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    log = RateLimitedLog(LOGGER, interval=300.0, clock=clock)
    with caplog.at_level(logging.WARNING):
        for i in range(5000):
            log.report("foreign", "dropped datagrams from %s", f"10.9.{i // 256}.{i % 256}",
                        sender=f"10.9.{i // 256}.{i % 256}")  # fmt: skip
            clock.now += 0.01
        assert _lines(caplog) == ["dropped datagrams from 10.9.0.0"]
        log.flush()  # the interval is not over: nothing yet
        assert len(_lines(caplog)) == 1
        clock.now = 1000.0 + 300.0
        log.flush()
    lines = _lines(caplog)
    assert len(lines) == 2
    assert lines[1].startswith("dropped datagrams from 10.9.19.135 (+4,999 more in the last 5 min")
    assert "from 1,024 senders" not in lines[1]  # capped: "more than"
    assert f"from more than {MAX_DISTINCT:,} senders, e.g. 10.9.0.1, 10.9.0.2, 10.9.0.3" in lines[1]
    assert log.lines == 2
    assert log.suppressed == 4999


def test_reasons_are_limited_separately_and_a_quiet_reason_has_no_summary(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    log = RateLimitedLog(LOGGER, interval=60.0, clock=clock)
    with caplog.at_level(logging.WARNING):
        assert log.report("a", "first a")
        assert log.report("b", "first b")
        assert not log.report("a", "second a")
        clock.now += 61
        log.flush()  # "a" recurred: summary; "b" did not: nothing
        assert log.report("b", "third b")  # its interval is over: logged at once
    assert _lines(caplog) == [
        "first a",
        "first b",
        "second a (+1 more in the last 1 min)",
        "third b",
    ]


def test_a_line_after_the_interval_carries_what_was_suppressed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    log = RateLimitedLog(LOGGER, interval=60.0, clock=clock)
    with caplog.at_level(logging.WARNING):
        log.report("x", "bad %s", "one", sender="192.0.2.1")
        log.report("x", "bad %s", "two", sender="192.0.2.2")
        clock.now += 120
        log.report("x", "bad %s", "three", sender="192.0.2.3")
    assert _lines(caplog)[-1] == (
        "bad three (+1 more in the last 2 min from 1 senders, e.g. 192.0.2.2)"
    )


def test_percent_signs_in_senders_do_not_break_formatting(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    log = RateLimitedLog(LOGGER, interval=60.0, clock=clock)
    with caplog.at_level(logging.WARNING):
        log.report("x", "from %s", "fe80::1%eth0", sender="fe80::1%eth0")
        log.report("x", "from %s", "fe80::2%eth0", sender="fe80::2%eth0")
        clock.now += 60
        log.flush()
    assert _lines(caplog)[-1].endswith("e.g. fe80::2%eth0)")
