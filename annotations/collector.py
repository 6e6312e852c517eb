"""`collector_paused()`: no cyclic garbage collection while a bulk job runs.

Reading a large export or importing 10,000 highlights allocates objects by the hundred thousand
(the parsed JSON tree, the annotations, their rows, the modules loaded on the way) that make few
cycles and all live until the job ends; the collector, set off by the allocations, walked them
again and again (10,000 annotations: 30 of json.loads' 70 ms; the whole import: about 35
collections, 15-20 ms). Nested pauses are fine: only the outermost one starts it again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Automatic collection off inside the block, back as it was after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
