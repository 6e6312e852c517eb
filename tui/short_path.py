"""A path shortened to fit a width by dropping its leading folders: `…/notes/x-notes.md`."""

from __future__ import annotations

from pathlib import Path

ELLIPSIS = "…"


def short_path(path: Path, width: int) -> str:
    """`path` as text of at most `width` characters, keeping its last components whole (the
    file name always, cut at the front only if it alone is too long)."""
    text = str(path)
    if len(text) <= width:
        return text
    parts = path.parts
    kept = parts[-1]
    for part in reversed(parts[1:-1]):
        longer = f"{part}/{kept}"
        if len(ELLIPSIS) + 1 + len(longer) > width:
            break
        kept = longer
    shown = f"{ELLIPSIS}/{kept}"
    if len(shown) <= width:
        return shown
    return ELLIPSIS + parts[-1][-max(width - 1, 1) :]
