"""Another document for a running reader: a new `ReadingSession`, or one line saying why not.

Plain Python (no Textual). A document is opened by the source the library lists (its file, or
the stored copy while the file's bytes are unchanged: `annotations.opening`; the stored copy,
read-only, if the file is gone) or by a path typed in the prompt.
Opening a file records it in the store (re-anchoring its highlights if the text changed), as
starting the reader on it does; nothing else is written until the session is shown.
"""

from __future__ import annotations

from pathlib import Path

from annotations.config import Config
from annotations.document import (
    EMBEDDED_SOURCE,
    LARGE_FILE_BYTES,
    Document,
    DocumentError,
    is_parsed,
    load_embedded,
    parse_activity,
    visible_controls,
)
from annotations.opening import open_file
from annotations.store import DocumentSummary, Store, StoreError
from tui.library_columns import is_gone
from tui.mirror import one_line
from tui.reading import READ_ONLY, ReadingSession

Opened = ReadingSession | str
"""The session for the document, or the one line that says why it was not opened."""


def documents(store: Store) -> list[DocumentSummary] | str:
    """Every document in the store, most recently opened first (or why they cannot be read)."""
    try:
        return store.documents()
    except StoreError as error:
        return one_line(str(error))


def loading_notice(path: Path) -> str | None:
    """What the library says while it opens a large file (from 1 MiB, as the command line's
    loading line): the opening blocks until the document is read, which for a big Markdown
    file or web page not opened before takes seconds. None for a smaller file (or none)."""
    try:
        size = path.stat().st_size if path.is_file() else 0
    except (OSError, ValueError):
        return None
    if size < LARGE_FILE_BYTES:
        return None
    name = visible_controls(path.name, keep_newlines=False)
    doing = f": {parse_activity(path)}" if is_parsed(path) else ""
    return f"Opening {name} ({size / (1 << 20):.1f} MiB){doing}…"


def open_source(source: str, store: Store, config: Config) -> Opened:
    """The document the library lists as `source`: its file if it is there, else (read-only)
    the copy of its text the store keeps."""
    if source == EMBEDDED_SOURCE:
        return _session(load_embedded(), store, config)
    if not is_gone(source):
        return open_path(Path(source), store, config)
    return _stored_copy(source, store, config)


def open_path(path: Path, store: Store, config: Config) -> Opened:
    """A file typed in the prompt (or listed in the library); refused as the command line
    refuses it (a folder, a FIFO, too big, not text) in one line."""
    try:
        document = open_file(path, store)
    except (DocumentError, StoreError) as error:
        return one_line(str(error))
    except OSError as error:  # resolving the path itself failed (a loop, a bad name)
        return one_line(f"{path}: {error.strerror or error}")
    return _session(document, store, config)


def _session(document: Document, store: Store, config: Config) -> Opened:
    try:
        report = store.open_document(document)
    except StoreError as error:
        return one_line(str(error))
    return ReadingSession(document, store, config, report)


def _stored_copy(source: str, store: Store, config: Config) -> Opened:
    """The stored text of a document whose file is gone: its notes shown, none changeable."""
    try:
        document = store.document(source)
        if document is None:
            return one_line(f"{source}: no longer in the database")
        store.mark_opened(source)
    except StoreError as error:
        return one_line(str(error))
    session = ReadingSession(document, store, config)
    session.read_only = READ_ONLY
    return session
