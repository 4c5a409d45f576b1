"""What a process works out once and keeps: only where the respondent benchmark shows a gain.

One kind of thing is kept, parsed survey definitions (models.parsed_definition): it spares each
respondent's page the read of the definition's JSON and its parsing. Measured on 2026-12-05
(python -m benchmarks --databases sqlite --only respondents --concurrency 8,32, two rounds), a
page cost gunicorn's workers 2.1 to 2.7 times the floor's processor time with it and 3.4 to 3.8
times without. The drawn HTML once kept as well (blank question forms, the footer, definition
text as paragraphs) gave 2.1 to 2.6 times with it and 2.1 to 2.7 without: within the spread.
"""
from __future__ import annotations

import threading
from typing import Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """At most `size` values by key, shared by every request; when full, the oldest goes first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[K, V] = {}
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        return self._values.get(key)

    def keep(self, key: K, value: V) -> V:
        with self._lock:
            while len(self._values) >= self.size:
                del self._values[next(iter(self._values))]  # the oldest first
            self._values[key] = value
        return value
