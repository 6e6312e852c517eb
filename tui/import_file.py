"""`bakhmut-read import FILE`: the command's work, without click.

The console script (tui/cli.py) runs it directly for a plain `import FILE [--db DB]`: click and
what it loads cost about 25 ms of the 0.4 s a 10,000-highlight import takes. The click command
(tui/command_line.py) runs the same function, so both give the same lines and errors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotations.collector import collector_paused


class ImportFailed(Exception):
    """Bad input or an unusable database: one line for the user (exit status 2)."""


def import_file(file: Path, db: Path | None, warn: Callable[[str], None]) -> str:
    """Import the W3C JSON export `file` into the database; the summary line to print.

    A warning (unreadable rows met and kept) goes to `warn` as a whole line; ImportFailed
    with the message (unsanitised: the caller shows it) for anything wrong.
    """
    with collector_paused():
        return _import_file(file, db, warn)


def _import_file(file: Path, db: Path | None, warn: Callable[[str], None]) -> str:
    from annotations.config import load_config
    from annotations.formats.w3c_import import ImportFormatError, parse_json
    from annotations.paths import config_path, resolve_db_path
    from annotations.store import Store, StoreError, skipped_notice

    text = read_text(file)
    try:
        collection = parse_json(text, load_config(config_path()).label_names)
    except ImportFormatError as error:
        raise ImportFailed(f"{file}: {error}") from None
    try:
        store = Store.open(resolve_db_path(db))
    except StoreError as error:
        raise ImportFailed(str(error)) from None
    with store:
        try:
            result = store.import_annotations(collection.documents, collection.annotations)
        except StoreError as error:
            raise ImportFailed(str(error)) from None
        if (notice := skipped_notice(store.skipped)) is not None:
            warn(f"bakhmut-read: warning: {sanitise(notice)}")
    return (
        f"Imported {sanitise(str(file))}: {result.added} added, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.kept} kept (changed here later)"
        + (f", {result.orphaned} orphaned (quote not found: kept, not drawn)"
           if result.orphaned else "")
    )  # fmt: skip


def read_text(file: Path) -> str:
    """An import file's text: a regular file of at most MAX_IMPORT_BYTES, in UTF-8."""
    from annotations.files import ReadError, read_bounded
    from annotations.formats.w3c_import import MAX_IMPORT_BYTES

    try:
        data = read_bounded(file, MAX_IMPORT_BYTES, "a JSON file")
        return data.decode("utf-8-sig")
    except ReadError as error:
        raise ImportFailed(str(error)) from None
    except UnicodeDecodeError as error:
        raise ImportFailed(f"{file} is not UTF-8 text (bad byte at offset {error.start})") from None


def sanitise(text: str) -> str:
    """Stored text made safe to print: no escape sequence reaches the terminal."""
    from annotations.document import visible_controls

    return visible_controls(text, keep_newlines=False)
