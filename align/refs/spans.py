"""A set of non-overlapping character spans with a fast overlap test (parsers keep the first,
longest reading of any stretch of text; texts can hold thousands of numbers)."""
from __future__ import annotations

import bisect
from itertools import accumulate
from typing import Callable, Iterable


class SpanSet:
    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)
        # the span starting before ``end`` with the greatest start is the only one that can overlap
        # from the left; spans are disjoint so their ends are sorted too
        return i == 0 or self._ends[i - 1] <= start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def take(self, start: int, end: int) -> bool:
        """Add the span if it is free; say whether it was."""
        if not self.free(start, end):
            return False
        self.add(start, end)
        return True


def overlap_test(spans: Iterable[tuple[int, int]]) -> Callable[[int, int], bool]:
    """For a fixed set of spans that may overlap each other: does ``(start, end)`` overlap any?

    Same answer as testing every span (``s < end and e > start``) in O(log n): the spans
    starting before ``end`` are a prefix of the sorted starts, and one of them reaches past
    ``start`` exactly when the greatest end in that prefix does."""
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    reach = list(accumulate((e for _, e in ordered), max))

    def overlaps(start: int, end: int) -> bool:
        i = bisect.bisect_left(starts, end)
        return i > 0 and reach[i - 1] > start

    return overlaps
