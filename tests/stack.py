"""Tests' helper: run a block with only so much Python stack left (a real RecursionError)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def recursion_limit(frames_left: int) -> Iterator[None]:
    """Only `frames_left` more frames of stack from here, then the old limit back."""
    old = sys.getrecursionlimit()
    depth = 0
    frame = sys._getframe()
    while frame.f_back is not None:
        frame, depth = frame.f_back, depth + 1
    sys.setrecursionlimit(depth + frames_left)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)
