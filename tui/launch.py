"""Opening the reader: `bakhmut-read [PATH]`, with nothing imported that the first screen does
not need (no click, no sqlite-utils unless the database is new, no export formats).

The console script (tui/cli.py) calls `open_reader` directly for a plain `bakhmut-read [PATH]
[--db DB]` in a terminal; the click command `open` calls it too. The file opens through
`annotations.opening` (an unchanged Markdown or HTML file from the store's copy, unparsed); a
file that is gone opens read-only from the store's copy if there is one. Errors are
`LaunchError`, one line for the user, which each caller prints its way (the same line, exit
status 2).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotations.config import Config
    from annotations.document import Document
    from annotations.store import Store
    from tui.app import ReaderApp

from annotations.document import LARGE_FILE_BYTES
from tui.startup import pause_collection, resume_collection

NO_TERMINAL = "the reader needs a terminal; to get the notes as text, use `export`"


class LaunchError(Exception):
    """The reader cannot start; the message is one line for the user."""


def open_reader(path: Path | None, db: Path | None) -> int:
    """Run the reader on PATH (default: the embedded article); its exit status.

    A file opens from the store's copy while its bytes are unchanged (`annotations.opening`);
    a file that is gone opens read-only from the store's copy, if the store has one."""
    pause_collection()  # until the first frame (tui/startup.py)
    loading = LoadingLine(path)
    try:
        data, refusal = _read(path)
        existing = _existing_store(db)  # a bad database file is refused before anything else
        gone = path is not None and data is None
        try:
            if path is not None and data is None:
                document = _gone_copy(path, existing, refusal)
            else:
                document = _document(path, data, existing, loading)
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise LaunchError(NO_TERMINAL)
        except LaunchError:
            if existing is not None:
                existing.close()
            raise
        store = existing or _open_store(db)
        return _run(document, store, loading, read_only=gone)
    finally:
        loading.clear()
        resume_collection()


def _run(document: Document, store: Store, loading: LoadingLine, *, read_only: bool) -> int:
    from annotations.config import load_config
    from annotations.paths import config_path
    from annotations.store import StoreError
    from tui.app import create_app  # Textual is imported only when the reader starts.
    from tui.keys import KEY_IDS

    with store:
        try:
            config = load_config(config_path(), KEY_IDS)
            app = _read_only_app(document, store, config) if read_only else None
            app = app or create_app(document, store, config)
        except StoreError as error:
            raise LaunchError(str(error)) from None
        app.run()  # its screen covers the line (the alternate screen) until it quits
    return app.return_code or 0


def _read_only_app(document: Document, store: Store, config: Config) -> ReaderApp:
    """The reader on the stored copy of a document whose file is gone, as the library opens
    it: its notes shown, none changeable, the status line saying so."""
    from tui.app import ReaderApp
    from tui.reading import READ_ONLY, ReadingSession

    store.mark_opened(document.source)
    session = ReadingSession(document, store, config)
    session.read_only = READ_ONLY
    app = ReaderApp(session)
    app.sub_title = "bakhmut-read · read-only"  # as the library shows one (tui/switching.py)
    app.saved_ok, app.status_note = False, READ_ONLY
    return app


class LoadingLine:
    """On a terminal, for a large file: `bakhmut-read: opening NAME (N MiB)…` while it is read,
    stored and laid out, until the reader's screen covers it; the same line says so while a
    Markdown file is parsed or a web page's article extracted (`doing`). Erased when the reader
    quits (or fails to start), so it is not left behind."""

    def __init__(self, path: Path | None) -> None:
        self.shown = False
        size = _size(path) if path is not None and sys.stderr.isatty() else None
        if path is None or size is None or size < LARGE_FILE_BYTES:
            return
        from annotations.document import visible_controls

        name = visible_controls(path.name, keep_newlines=False)
        self._what = f"{name} ({size / (1 << 20):.1f} MiB)"
        self._write("opening")
        self.shown = True

    def doing(self, activity: str) -> None:
        """Say what a slow step is doing ("reading Markdown"), on the same line."""
        if self.shown:
            sys.stderr.write("\r\x1b[2K")
            self._write(activity)

    def _write(self, activity: str) -> None:
        sys.stderr.write(f"bakhmut-read: {activity} {self._what}…")
        sys.stderr.flush()

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


def _read(path: Path | None) -> tuple[bytes | None, str]:
    """The file's bytes (None: the embedded article, or a file that is not there, which may
    still have a stored copy, with the line that refuses it if not); a file that cannot be
    read is refused here, in one line."""
    from annotations.document import DocumentError, read_file

    if path is None:
        return None, ""
    try:
        return read_file(path), ""
    except DocumentError as error:
        if _is_missing(path):
            return None, str(error)
        raise LaunchError(str(error)) from None


def _is_missing(path: Path) -> bool:
    from annotations.paths import path_exists

    try:
        return not path_exists(path)
    except (OSError, ValueError):
        return False  # unreachable rather than gone: refused as read_file said


def _document(
    path: Path | None, data: bytes | None, store: Store | None, loading: LoadingLine
) -> Document:
    from annotations.document import DocumentError, load_embedded
    from annotations.opening import document_of
    from annotations.store import StoreError

    try:
        if path is None or data is None:
            return load_embedded()
        return document_of(path, data, store, loading.doing)
    except (DocumentError, StoreError) as error:
        raise LaunchError(str(error)) from None


def _gone_copy(path: Path, store: Store | None, refusal: str) -> Document:
    """The stored copy of a file that is gone; refused with `refusal` if the store has none."""
    from annotations.paths import document_source
    from annotations.store import StoreError

    stored = None
    try:
        stored = None if store is None else store.document(document_source(path))
    except StoreError as error:
        refusal = str(error)
    if stored is None:
        raise LaunchError(refusal)
    return stored


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
