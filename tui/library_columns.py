"""The library's columns as text, shared by the library screen (ctrl+o) and `bakhmut-read list`.

Plain Python (no Textual): title, where the document lives (a short path, `~` for the home
folder), highlights, notes, how far it was read and when it was last opened (local time). Every
string is stored text made safe to show (`visible_controls`, one line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from annotations.document import EMBEDDED_SOURCE, visible_controls
from annotations.formats.common import anchor_summary, count_of
from annotations.model import instant
from annotations.paths import path_exists
from annotations.store import DocumentSummary
from tui.short_path import short_path

BUILT_IN = "(built in)"
GONE = " (file gone)"


@dataclass(frozen=True, slots=True)
class LibraryRow:
    """One document as the library shows it."""

    source: str
    title: str
    where: str
    highlights: int
    notes: int
    percent_read: int
    opened: str
    gone: bool
    """Its file is gone (or unreachable): it opens read-only from the stored copy."""
    places: str = ""
    """`1 highlight moved, 2 orphaned`, or nothing when every highlight is in place."""


def library_row(
    summary: DocumentSummary, *, where_width: int = 40, now: datetime | None = None
) -> LibraryRow:
    gone = is_gone(summary.source)
    suffix = GONE if gone else ""
    return LibraryRow(
        source=summary.source,
        title=shown(summary.title),
        where=where(summary.source, where_width - len(suffix)) + suffix,
        highlights=summary.highlights,
        notes=summary.notes,
        percent_read=summary.percent_read,
        opened=last_opened(summary.opened, now),
        gone=gone,
        places=anchor_summary(summary.moved, summary.fuzzy, summary.orphaned) or "",
    )


def shown(text: str) -> str:
    """Stored text as one safe line (control characters as visible pictures)."""
    return visible_controls(text, keep_newlines=False)


def where(source: str, width: int) -> str:
    """Where the document lives: its path (home as `~`, leading folders dropped to fit)."""
    if source == EMBEDDED_SOURCE:
        return BUILT_IN
    if not source.startswith("/"):  # an imported document known by a URL or a name
        text = shown(source)
        return text if len(text) <= width else "…" + text[-max(width - 1, 1) :]
    path = Path(source)
    home = Path.home()
    if path.is_relative_to(home) and path != home:
        path = Path("~") / path.relative_to(home)
    return shown(short_path(path, max(width, 8)))


def is_gone(source: str) -> bool:
    """The document's file is not there (or cannot be reached); the embedded article never is."""
    if source == EMBEDDED_SOURCE:
        return False
    if not source.startswith("/"):
        return True
    try:
        return not path_exists(Path(source))
    except ValueError:  # a loop, a name too long, no permission: not readable either
        return True


def last_opened(timestamp: str, now: datetime | None = None) -> str:
    """When, in local time: `14:03` today, `Mon 14:03` this week, else `2026-11-30`."""
    try:
        then = instant(timestamp).astimezone()
    except ValueError:
        return "?"
    now = (now or datetime.now().astimezone()).astimezone()
    if then.date() == now.date():
        return then.strftime("today %H:%M")
    if timedelta(0) <= now - then < timedelta(days=6):
        return then.strftime("%a %H:%M")
    return then.strftime("%Y-%m-%d")


def matches(row: LibraryRow, query: str) -> bool:
    """Every word of `query` is in the title or the path (ignoring case, in any order)."""
    haystack = f"{row.title}\n{row.where}\n{shown(row.source)}".casefold()
    return all(word in haystack for word in query.casefold().split())


def plain_line(row: LibraryRow, title_width: int = 32, where_width: int = 40) -> str:
    """One document as a line of plain text (`bakhmut-read list`): the same columns, aligned,
    each number with its word."""
    title = row.title if len(row.title) <= title_width else row.title[: title_width - 1] + "…"
    places = f"  [{row.places}]" if row.places else ""
    return (
        f"{title:<{title_width}}  {row.where:<{where_width}}  "
        f"{count_of(row.highlights, 'highlight'):>14}  {count_of(row.notes, 'note'):>9}  "
        f"{row.percent_read:>3}% read  opened {row.opened}{places}"
    )
