"""The `bakhmut-read` console script (`tui.cli:run`): the common cases start without click.

`--version`, and `bakhmut-read [PATH] [--db DB]` run in a terminal, are answered here: the first
prints the version, the second opens the reader (tui/launch.py). Anything else (a command,
`--help`, an unknown option, no terminal) goes to the click command line, tui/command_line.py,
which gives the same answers and errors for these too. `main`, `UserError` and the rest of that
module can still be imported from here (they are loaded on first use).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

EXIT_BAD_INPUT = 2
COMMANDS = frozenset({"open", "export", "import", "list", "search"})
"""The click command line's sub-commands (tests/test_cli_startup.py checks them)."""


def run() -> None:
    """The console script: a fast path for the common cases, else click."""
    args = sys.argv[1:]
    if args == ["--version"]:
        from annotations import __version__

        sys.stdout.write(f"bakhmut-read, version {__version__}\n")
        return
    target = plain_open(args)
    if target is not None and sys.stdin.isatty() and sys.stdout.isatty():
        _open_fast(*target)
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
