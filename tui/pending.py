"""Writes that wait for a busy database, in key order (plain Python, no UI)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Generic, NamedTuple, TypeVar

R = TypeVar("R")

BUSY_GIVE_UP_SECONDS = 30.0
"""How long a change waits for another process's write lock before it is reported not saved."""


class Busy(Exception):
    """The database is locked by another connection: try the write again later."""


class Pending(NamedTuple, Generic[R]):
    """One change waiting to be written: `run` writes it (or raises Busy), `give_up` reports it.

    A NamedTuple, not a dataclass: creating a dataclass costs ~0.5 ms at import."""

    run: Callable[[], R]
    give_up: Callable[[], R]


class WriteQueue(Generic[R]):
    """First in, first out: while one change waits, every later one waits behind it."""

    def __init__(self, give_up_after: float = BUSY_GIVE_UP_SECONDS) -> None:
        self.give_up_after = give_up_after
        self._queue: deque[Pending[R]] = deque()
        self._since = 0.0

    @property
    def waiting(self) -> bool:
        return bool(self._queue)

    def submit(self, change: Pending[R], waiting: Callable[[], R]) -> R:
        """Write now if nothing waits and the lock is free; else queue it and return `waiting()`."""
        if not self._queue:
            try:
                return change.run()
            except Busy:
                self._since = time.monotonic()
        self._queue.append(change)
        return waiting()

    def flush(self) -> list[R]:
        """Write what waits, in order, until the lock is busy again; past the limit, give up."""
        results: list[R] = []
        while self._queue:
            try:
                results.append(self._queue[0].run())
            except Busy:
                if time.monotonic() - self._since >= self.give_up_after:
                    results += [change.give_up() for change in self._queue]
                    self._queue.clear()
                return results
            self._queue.popleft()
            self._since = time.monotonic()
        return results
