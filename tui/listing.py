"""What `list` and `search` print, without click: shared by the click commands and the console
script's fast path (tui/cli.py), so both print the very same lines.

Each function reads from an open store (None: there is no database yet, nothing to read) and
returns (lines for stdout, warnings for stderr). A store error is raised, for the caller to
report its way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotations.model import Annotation
    from annotations.store import DocumentSummary, Store

Lines = tuple[list[str], list[str]]


def list_lines(store: Store | None) -> Lines:
    """`list`: one line per document, most recently opened first."""
    if store is None:
        return document_lines([]), []
    with store:
        summaries = store.documents()
        return document_lines(summaries), _warnings(store)


def document_lines(summaries: Sequence[DocumentSummary]) -> list[str]:
    """The library's columns as plain text, one document a line, most recently opened first:
    title, where it lives, highlights, notes, how far it was read, last opened (and how many
    highlights moved, were placed approximately or are orphaned); a hint when there is none."""
    if not summaries:
        return ["No documents yet. Run `bakhmut-read` to open the article."]
    from tui.library_columns import library_row, plain_line

    rows = [library_row(summary) for summary in summaries]
    titles = max(12, min(40, max(len(row.title) for row in rows)))
    places = max(len(row.where) for row in rows)
    return [plain_line(row, title_width=titles, where_width=places) for row in rows]


def search_lines(store: Store | None, query: str) -> Lines:
    """`search`: one line per highlight whose quote or note holds every term of `query`."""
    if store is None:
        return match_lines([], {}), []
    with store:
        found = store.search(query)
        warnings = _warnings(store)
        titles = {summary.source: summary.title for summary in store.documents()}
        return match_lines(found, titles), warnings + _warnings(store)


def match_lines(found: Sequence[Annotation], titles: dict[str, str]) -> list[str]:
    if not found:
        return ["No matches."]
    lines = []
    for annotation in found:
        note = f" — {annotation.note}" if annotation.has_note else ""
        title = titles.get(annotation.document, annotation.document)
        lines.append(sanitise(f"{title} ¶{annotation.paragraph}: “{annotation.quote}”{note}"))
    return lines


def sanitise(text: str) -> str:
    """Stored text made safe to print: no escape sequence reaches the terminal."""
    from annotations.document import visible_controls

    return visible_controls(text, keep_newlines=False)


def _warnings(store: Store) -> list[str]:
    """The rows the last read skipped, as the warning line the command line prints."""
    from annotations.store import skipped_notice

    notice = skipped_notice(store.skipped)
    return [] if notice is None else [f"bakhmut-read: warning: {sanitise(notice)}"]
