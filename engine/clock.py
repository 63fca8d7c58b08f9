"""The one source of 'now' for the engine, replaceable so tests can move time.

SpiffWorkflow's timer events read ``datetime.now(timezone.utc)`` from their own module;
``install_clock`` points that module at this clock so BPMN timers follow it too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["UTC", "FrozenClock", "install_clock", "now"]

from SpiffWorkflow.bpmn.specs.event_definitions import timer as _spiff_timer

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    """Current time, timezone-aware UTC."""
    return _now()


class _ClockDatetime(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> _ClockDatetime:
        current = _now()
        if tz is not None:
            current = current.astimezone(tz)
        return cls.fromtimestamp(current.timestamp(), tz=current.tzinfo)


_spiff_timer.datetime = _ClockDatetime


class FrozenClock:
    """A clock for tests and simulations: stands still until moved."""

    def __init__(self, start: datetime) -> None:
        self.current = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> datetime:
        self.current += delta
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment.astimezone(UTC)


def install_clock(source: Callable[[], datetime] | None) -> Callable[[], datetime]:
    """Use ``source`` for 'now' everywhere; ``None`` restores the system clock. Returns the
    clock it replaced, so a simulation can put it back."""
    global _now
    replaced = _now
    _now = source if source is not None else (lambda: datetime.now(UTC))
    return replaced
