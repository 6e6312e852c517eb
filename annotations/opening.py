"""Opening a file as a document: from the store's copy when the file is unchanged, else read.

Reading a large Markdown file or saved web page takes seconds (markdown-it-py, trafilatura);
the store keeps the text it made and its styles, with the key of the file's raw bytes it was
made from (`annotations.document.raw_key`). While those bytes are unchanged, the document is
that stored copy: the file is read and hashed, not parsed. A changed file is read afresh, and
`Store.open_document` re-anchors its highlights as it always does. Plain text files are always
read: a 10 MiB text normalises in about 15 ms (most take a fast path: `annotations.plain_text`),
against 8 ms to read its stored copy back from SQLite, whose blocks and hash would still be
made again; and its hash comes with the raw key's, in one pass over the bytes.

The reader (tui/launch.py), the library (tui/opening.py) and `export` all open files here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.document import (
    Document,
    document_from_bytes,
    is_parsed,
    parse_activity,
    raw_key,
    read_file,
)
from annotations.paths import document_source

if TYPE_CHECKING:
    from annotations.store import Store

Progress = Callable[[str], None]
"""Told what a slow step is doing ("reading Markdown"), before it starts."""


def open_file(path: Path, store: Store | None, progress: Progress | None = None) -> Document:
    """The document of the file at `path`: its stored copy if its raw bytes are those the copy
    was made from, else the file read (and parsed). DocumentError: one line for the user."""
    return document_of(path, read_file(path), store, progress)


def document_of(
    path: Path, data: bytes, store: Store | None, progress: Progress | None = None
) -> Document:
    """`open_file` for bytes already read from `path` (a bad file is refused before the store
    is opened). StoreError only from reading the store's copy."""
    if not is_parsed(path):
        return document_from_bytes(data, path)  # its key made as its text's hash is
    key = raw_key(data, path)
    if store is not None:
        stored = store.stored_copy(document_source(path), key)
        if stored is not None:
            return stored
    if progress is not None:
        progress(parse_activity(path))
    return document_from_bytes(data, path, key)
