"""The `bakhmut-read` console script (`tui.cli:run`): the common cases start without click.

`--version`, `list`, `search QUERY`, `import FILE` and `bakhmut-read [PATH]` in a terminal (each
with or without `--db DB`) are answered here: the version, the lines of tui/listing.py, the
import of tui/import_file.py (with click's lines, errors and exit statuses), the reader
(tui/launch.py). Anything else (another command, `--help`, an unknown option, no terminal, an
error of `list` or `search`) goes to the click command line, tui/command_line.py, which gives
the same answers and errors for these too: `list` and `search` only read, so running them again
through click to report a problem changes nothing. `main`, `UserError` and the rest of that
module can still be imported from here (they are loaded on first use).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, TextIO

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
"""As a shell reports a program ended by ctrl+c (128 + SIGINT)."""
COMMANDS = frozenset({"open", "export", "import", "list", "search"})
"""The click command line's sub-commands (tests/test_cli_startup.py checks them)."""


def run() -> None:
    """The console script: a fast path for the common cases, else click.

    As click does for its commands: ctrl+c (while a big file is read) ends with one line and
    status 130, a closed pipe (`list | head`) quietly with status 1, never a traceback."""
    try:
        _run(sys.argv[1:])
    except KeyboardInterrupt:
        sys.stderr.write("\nbakhmut-read: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit must not fail too
        sys.exit(1)


def _run(args: list[str]) -> None:
    if args == ["--version"]:
        from annotations import __version__

        sys.stdout.write(f"bakhmut-read, version {__version__}\n")
        return
    target = plain_open(args)
    if target is not None and sys.stdin.isatty() and sys.stdout.isatty():
        _open_fast(*target)
        return
    read = plain_read(args)
    if read is not None and _read_fast(*read):
        return
    imported = plain_import(args)
    if imported is not None:
        _import_fast(*imported)
        return
    from tui.command_line import run as run_click

    run_click()


def plain_open(args: list[str]) -> tuple[Path | None, Path | None] | None:
    """(PATH, DB) if `args` are only `[PATH] [--db DB]` in any order, else None (for click)."""
    path: str | None = None
    db: str | None = None
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--db" and rest and db is None:
            db = rest.pop(0)
        elif arg.startswith("-") or arg in COMMANDS or not arg or path is not None:
            return None
        else:
            path = arg
    if db == "":
        return None
    return (None if path is None else Path(path)), (None if db is None else Path(db))


def plain_read(args: list[str]) -> tuple[str, str | None, Path | None] | None:
    """(command, QUERY, DB) if `args` are only `list` or `search QUERY`, with or without
    `--db DB` (before or after), else None (for click)."""
    rest, db = _without_db(args)
    if rest is None:
        return None
    if rest == ["list"]:
        return "list", None, db
    if len(rest) == 2 and rest[0] == "search" and rest[1] and not rest[1].startswith("-"):
        return "search", rest[1], db
    return None


def plain_import(args: list[str]) -> tuple[Path, Path | None] | None:
    """(FILE, DB) if `args` are only `import FILE`, with or without `--db DB` (before or
    after), else None (for click)."""
    rest, db = _without_db(args)
    if rest is None or len(rest) != 2 or rest[0] != "import":
        return None
    if not rest[1] or rest[1].startswith("-"):
        return None
    return Path(rest[1]), db


def _without_db(args: list[str]) -> tuple[list[str] | None, Path | None]:
    """The arguments without one `--db DB` (None if it is given twice or left empty)."""
    if "--db" not in args:
        return args, None
    at = args.index("--db")
    rest = [*args[:at], *args[at + 2 :]]
    if at + 1 >= len(args) or not args[at + 1] or "--db" in rest:
        return None, None
    return rest, Path(args[at + 1])


def _read_fast(command: str, query: str | None, db: Path | None) -> bool:
    """Print what `list` or `search` prints; False if anything went wrong (click tells)."""
    from annotations.paths import path_exists, resolve_db_path
    from annotations.store import Store, StoreError
    from tui.listing import list_lines, search_lines

    try:
        path = resolve_db_path(db)
        store = Store.open(path) if path_exists(path) else None
        if command == "search" and query is not None:
            lines, warnings = search_lines(store, query)
        else:
            lines, warnings = list_lines(store)
    except (StoreError, ValueError, OSError):
        return False
    for warning in warnings:
        echo(sys.stderr, warning + "\n")
    echo(sys.stdout, "".join(line + "\n" for line in lines))
    return True


def echo(stream: TextIO | None, text: str) -> None:
    """Write and flush `text` as click.echo does: nothing to a closed stream (`>&-`: Python
    makes it None), and to a stream whose encoding is ASCII (click takes it for a misconfigured
    locale, e.g. PYTHONIOENCODING=ascii) as UTF-8 with replacements, not a UnicodeEncodeError.
    A closed pipe is found here, in run()'s handling."""
    if stream is None:
        return
    import codecs

    try:
        ascii_stream = codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        ascii_stream = False
    binary = getattr(stream, "buffer", None)
    if ascii_stream and binary is not None:
        stream.flush()
        binary.write(text.encode("utf-8", "replace"))
        binary.flush()
    else:
        stream.write(text)
        stream.flush()


def _import_fast(file: Path, db: Path | None) -> None:
    """What click's `import` prints and how it ends: ctrl+c ends as click's Abort does (an
    empty line on stderr, status 1; the batches committed so far stay, one undo step)."""
    from tui.import_file import ImportFailed, import_file, sanitise

    try:
        summary = import_file(file, db, lambda line: echo(sys.stderr, line + "\n"))
    except ImportFailed as error:
        echo(sys.stderr, f"bakhmut-read: error: {sanitise(str(error))}\n")
        sys.exit(EXIT_BAD_INPUT)
    except (EOFError, KeyboardInterrupt):
        echo(sys.stderr, "\n")
        sys.exit(1)
    echo(sys.stdout, summary + "\n")


def _open_fast(path: Path | None, db: Path | None) -> None:
    from tui.launch import LaunchError, open_reader

    try:
        status = open_reader(path, db)
    except LaunchError as error:
        from annotations.document import visible_controls

        message = visible_controls(str(error), keep_newlines=False)
        sys.stderr.write(f"bakhmut-read: error: {message}\n")
        sys.exit(EXIT_BAD_INPUT)
    if status:
        sys.exit(status)


def __getattr__(name: str) -> Any:
    """`main`, `UserError`…: the click command line, imported when first asked for."""
    if name.startswith("__"):  # `__path__`, `__spec__`…: asked by the import system itself
        raise AttributeError(name)
    import tui.command_line

    return getattr(tui.command_line, name)


if __name__ == "__main__":
    run()
