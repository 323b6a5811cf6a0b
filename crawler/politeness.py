"""One request per D seconds per host: the crawler's manners, in one place."""
from __future__ import annotations

import time
from collections.abc import Callable


class HostPacer:
    """Waits before a request until the host's delay has passed since its last request started
    and since it finished."""

    def __init__(self, default_delay: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.default_delay = default_delay
        self._last: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._not_before: dict[str, float] = {}
        self._clock, self._sleep = clock, sleep

    def set_delay(self, host: str, delay: float) -> None:
        """Per-host delay (source override or robots Crawl-delay); never below the default."""
        self._delay[host] = max(delay, self._delay.get(host, 0.0))

    def hold_off(self, host: str, seconds: float) -> None:
        """Retry-After: no request to ``host`` for ``seconds``."""
        self._not_before[host] = max(self._not_before.get(host, 0.0), self._clock() + seconds)

    def done(self, host: str) -> None:
        """A request to ``host`` has finished: the delay runs from here too, so a slow answer
        is never followed by another request sooner than ``delay`` after it."""
        self._last[host] = max(self._last.get(host, -1e18), self._clock())

    def wait(self, host: str) -> None:
        delay = self._delay.get(host, self.default_delay)
        due = max(self._last.get(host, -1e18) + delay, self._not_before.get(host, 0.0))
        now = self._clock()
        if due > now:
            self._sleep(due - now)
        self._last[host] = self._clock()
