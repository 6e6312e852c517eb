"""The garbage collector is paused while the reader starts, and runs again after its first frame.

Starting creates a few hundred thousand objects (Textual's modules, styles, our widgets) and
almost no garbage, yet the collector ran 123 times on the way to the article's first screen
(21-22 ms on this project's 2-core machine, counted with `gc.callbacks`; none while paused).
`tui.launch` pauses it before the first import of Textual; the reader starts it again once its
first frame is shown (`ReaderApp.on_mount`), so a long session collects as any Python program
does, except that what exists at that moment (modules, classes, styles, the document and its
highlights: nearly all of it lives as long as the reader) is frozen first (`gc.freeze`): later
collections do not walk it again. A full collection of a reader started on the article with
10,000 highlights walks 141,000 objects in 41 ms, in the middle of whatever key set it off;
frozen, next to none. A switch to another document thaws it all (`thaw`), so the document left
can be freed.
"""

from __future__ import annotations

import gc

_paused = False


def pause_collection() -> None:
    """Stop automatic collection until `resume_collection` (if it runs at all)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collection() -> None:
    """Start automatic collection again, if `pause_collection` stopped it, with what exists
    now frozen (left out of every later collection); else nothing."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def thaw() -> None:
    """Let the collector walk what start-up froze again: the reader switched to another
    document, whose predecessor (its widgets, its text: up to 10 MiB) was frozen with the rest
    and, held in cycles, could otherwise never be freed."""
    gc.unfreeze()
