"""Opening the reader: `bakhmut-read [PATH]`, with nothing imported that the first screen does
not need (no click, no sqlite-utils unless the database is new, no export formats).

The console script (tui/cli.py) calls `open_reader` directly for a plain `bakhmut-read [PATH]
[--db DB]` in a terminal; the click command `open` calls it too. Errors are `LaunchError`, one
line for the user, which each caller prints its way (the same line, exit status 2).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotations.document import Document
    from annotations.store import Store

LOADING_LINE_BYTES = 1 << 20
"""From this size on, a file takes long enough to read, hash and lay out (a 10 MB book, about a
second on a slow machine) that the terminal says what is happening instead of staying blank."""
NO_TERMINAL = "the reader needs a terminal; to get the notes as text, use `export`"


class LaunchError(Exception):
    """The reader cannot start; the message is one line for the user."""


def open_reader(path: Path | None, db: Path | None) -> int:
    """Run the reader on PATH (default: the embedded article); its exit status."""
    loading = LoadingLine(path)
    try:
        document = _load(path)
        existing = _existing_store(db)  # a bad database file is refused before anything else
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            if existing is not None:
                existing.close()
            raise LaunchError(NO_TERMINAL)
        store = existing or _open_store(db)
        return _run(document, store, loading)
    finally:
        loading.clear()


def _run(document: Document, store: Store, loading: LoadingLine) -> int:
    from annotations.config import load_config
    from annotations.paths import config_path
    from annotations.store import StoreError
    from tui.app import create_app  # Textual is imported only when the reader starts.
    from tui.keys import KEY_IDS

    with store:
        try:
            app = create_app(document, store, load_config(config_path(), KEY_IDS))
        except StoreError as error:
            raise LaunchError(str(error)) from None
        app.run()  # its screen covers the line (the alternate screen) until it quits
    return app.return_code or 0


class LoadingLine:
    """On a terminal, for a large file: `bakhmut-read: opening NAME (N MiB)…` while it is read,
    stored and laid out, until the reader's screen covers it; erased when the reader quits (or
    fails to start), so it is not left behind."""

    def __init__(self, path: Path | None) -> None:
        self.shown = False
        size = _size(path) if path is not None and sys.stderr.isatty() else None
        if path is None or size is None or size < LOADING_LINE_BYTES:
            return
        from annotations.document import visible_controls

        name = visible_controls(path.name, keep_newlines=False)
        sys.stderr.write(f"bakhmut-read: opening {name} ({size / (1 << 20):.1f} MiB)…")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
            self.shown = False


def _size(path: Path) -> int | None:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return None


def _load(path: Path | None) -> Document:
    from annotations.document import DocumentError, load_embedded, load_path

    try:
        return load_embedded() if path is None else load_path(path)
    except DocumentError as error:
        raise LaunchError(str(error)) from None


def _existing_store(db: Path | None) -> Store | None:
    """The store if its file exists; the reader refused (no terminal) creates no database."""
    from annotations.paths import path_exists, resolve_db_path

    try:
        exists = path_exists(resolve_db_path(db))
    except ValueError as error:
        raise LaunchError(str(error)) from None
    return _open_store(db) if exists else None


def _open_store(db: Path | None) -> Store:
    from annotations.paths import resolve_db_path
    from annotations.store import Store, StoreError

    try:
        return Store.open(resolve_db_path(db))
    except StoreError as error:
        raise LaunchError(str(error)) from None
