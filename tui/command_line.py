"""The `bakhmut-read` command line (click): open the reader, export, import, list, search.

Bad input never shows a traceback: it gets one line on stderr and exit status 2. Nothing stored
is printed raw: control characters are shown as visible pictures (or escaped in JSON).

Start-up is part of the interface: each command imports what it needs when it runs (the store,
the formats, Textual), so `list` and `search` never load Textual or sqlite-utils
(tests/test_cli_startup.py checks it). The console script is tui/cli.py: it answers `--version`
and opens the reader without click, and hands everything else to `run` here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import click

from annotations import __version__

if TYPE_CHECKING:
    from annotations.document import Document
    from annotations.model import Annotation
    from annotations.store import Store

EXIT_BAD_INPUT = 2
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class UserError(click.ClickException):
    """One line on stderr and exit status 2."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file: Any = None) -> None:
        message = _sanitise(self.message)  # file names, JSON ids…
        click.echo(f"bakhmut-read: error: {message}", err=True)


class ReaderGroup(click.Group):
    """A group whose first argument may be a PATH to open instead of a sub-command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = _first_argument(args)
        wants_help = any(arg in ("--help", "-h", "--version") for arg in args)
        if not wants_help and (first is None or args[first] not in self.commands):
            args = ["open", *args]
        elif first is not None and first > 0:  # `--db X list`: options may come first
            args = [args[first], *args[:first], *args[first + 1 :]]
        return super().parse_args(ctx, args)


def _first_argument(args: list[str]) -> int | None:
    """The index of the first argument that is neither an option nor an option's value."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--db":
            index += 2
        elif arg.startswith("-"):
            index += 1
        else:
            return index
    return None


def db_option(command: F) -> F:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=True, path_type=Path),
        default=None,
        help="The SQLite database (default: BAKHMUT_READ_DB or the user data dir).",
    )(command)


@click.group(cls=ReaderGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bakhmut-read")
def main() -> None:
    """Read an article in the terminal, highlight what matters, take notes away as Markdown.

    With no command, `bakhmut-read [PATH]` opens the reader on PATH (a text or Markdown
    file), or on the embedded article "Battle for Bakhmut" when PATH is left out.
    """


@main.command("open")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@db_option
def open_command(path: Path | None, db: Path | None) -> None:
    """Open the reader on PATH (default: the embedded article)."""
    from tui.launch import LaunchError, open_reader

    try:
        status = open_reader(path, db)
    except LaunchError as error:
        raise UserError(str(error)) from None
    if status:
        sys.exit(status)


@main.command("export")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to FILE (`-` is standard output); never the database or the document.",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option("--no-timestamps", is_flag=True, help="Leave out the export time (stable output).")
@click.option("--pretty", is_flag=True, help="JSON: indented for reading (compact by default).")
@click.option(
    "--front-matter", is_flag=True, help="Markdown: start with YAML front matter (title, counts)."
)
@click.option("--tags", is_flag=True, help="Markdown: each label also as a tag, e.g. #key-point.")
@click.option(
    "--notes",
    "notes",
    type=click.Choice(["markdown", "text"]),
    default="markdown",
    show_default=True,
    help="Markdown: notes as your Markdown (contained) or as plain text (escaped).",
)
@db_option
def export_command(
    path: Path | None,
    fmt: str,
    output: Path | None,
    force: bool,
    no_timestamps: bool,
    pretty: bool,
    front_matter: bool,
    tags: bool,
    notes: Literal["markdown", "text"],
    db: Path | None,
) -> None:
    """Export the notes of PATH (default: the embedded article) as Markdown or W3C JSON.

    Control characters in notes and quotes are shown as visible pictures (Markdown) or
    escaped (JSON), so the export is safe to print on a terminal.
    """
    from annotations.config import load_config
    from annotations.files import WriteError, write_output
    from annotations.formats.common import count_of
    from annotations.paths import config_path

    output = _output_target(output, path, db)
    readable = path is None or _exists(path)
    data = _read(path) if readable else None  # a bad file is refused before the store opens
    store = _existing_store(db)
    if store is None:  # no database yet: nothing to export but the title, and nothing created
        if not readable:
            raise UserError(f"{path}: no such file")
        document = _load(path, data, None)
        annotations = []
    else:
        with store:
            loaded = _load(path, data, store) if readable else None
            document = _document_for_export(store, path, loaded)
            source = document.source
            annotations = _guard(lambda: _reported(store, lambda: store.annotations(source)))
        _report_places(annotations)
    labels = load_config(config_path()).label_names
    if fmt == "markdown":
        from annotations.formats.markdown import MarkdownOptions, to_markdown

        options = MarkdownOptions(not no_timestamps, front_matter, tags, notes)
        content = to_markdown(document, annotations, labels, options=options)
    else:
        from annotations.formats.w3c import to_json

        content = to_json(
            document, annotations, labels, timestamps=not no_timestamps, pretty=pretty
        )
    if output is None:
        click.echo(content, nl=False)
        return
    try:
        write_output(output, content, force=force)
    except WriteError as error:
        raise UserError(str(error)) from None
    click.echo(
        f"Wrote {count_of(len(annotations), 'annotation')} to {_sanitise(str(output))}", err=True
    )


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
def import_command(file: Path, db: Path | None) -> None:
    """Import a W3C Web Annotation JSON export (idempotent: same ids are not duplicated).

    FILE must be a regular file of at most 64 MiB of UTF-8 JSON.
    """
    from tui.import_file import ImportFailed, import_file

    try:
        summary = import_file(file, db, lambda line: click.echo(line, err=True))
    except ImportFailed as error:
        raise UserError(str(error)) from None
    click.echo(summary)


@main.command("list")
@db_option
def list_command(db: Path | None) -> None:
    """List the documents: title, where, highlights, notes, % read, last opened."""
    from tui.listing import list_lines

    store = _existing_store(db)
    _echo(*_guard(lambda: list_lines(store)))


@main.command("search")
@click.argument("query")
@db_option
def search_command(query: str, db: Path | None) -> None:
    """Search the quotes and notes of every document."""
    from tui.listing import search_lines

    store = _existing_store(db)
    _echo(*_guard(lambda: search_lines(store, query)))


def _echo(lines: list[str], warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(warning, err=True)
    for line in lines:
        click.echo(line)


def _report_places(annotations: Sequence[Annotation]) -> None:
    """On stderr (stdout stays the document): how many highlights moved, were placed
    approximately or are orphaned, as stored."""
    from annotations.anchoring import AnchorState
    from annotations.formats.common import anchor_summary

    states = [annotation.anchor for annotation in annotations]
    summary = anchor_summary(
        states.count(AnchorState.MOVED), states.count(AnchorState.FUZZY),
        states.count(AnchorState.ORPHAN),
    )  # fmt: skip
    if summary is not None:
        click.echo(f"bakhmut-read: {summary}", err=True)


def _read(path: Path | None) -> bytes | None:
    """The file's bytes (None for the embedded article), or the line that refuses it."""
    from annotations.document import DocumentError, read_file

    try:
        return None if path is None else read_file(path)
    except DocumentError as error:
        raise UserError(str(error)) from None


def _load(path: Path | None, data: bytes | None, store: Store | None) -> Document:
    """The document of the file read (its stored copy while its bytes are unchanged:
    `annotations.opening`), saying so if Markdown is shown as plain text."""
    from annotations.document import DocumentError, load_embedded
    from annotations.opening import document_of

    try:
        if path is None or data is None:
            return load_embedded()
        document = _guard(lambda: document_of(path, data, store))
    except DocumentError as error:
        raise UserError(str(error)) from None
    if document.notice:
        click.echo(f"bakhmut-read: {document.notice}", err=True)
    return document


def _existing_store(db: Path | None) -> Store | None:
    """The store if its file exists; read-only commands never create a database."""
    from annotations.paths import resolve_db_path

    path = resolve_db_path(db)
    return _open_store(db) if _exists(path) else None


def _open_store(db: Path | None) -> Store:
    from annotations.paths import resolve_db_path
    from annotations.store import Store, StoreError

    try:
        return Store.open(resolve_db_path(db))
    except StoreError as error:
        raise UserError(str(error)) from None


def _output_target(output: Path | None, path: Path | None, db: Path | None) -> Path | None:
    """The file to export to (None: standard output, also for `-o -`); never the database,
    its `-wal`/`-shm` files or the document, however spelled (symlinks, `..`, hard links)."""
    from annotations.paths import db_files, resolve_db_path, same_file

    if output is None or str(output) == "-":
        return None
    for protected in db_files(resolve_db_path(db)):
        if same_file(output, protected):
            raise UserError(
                f"refusing to export to {output}: it is the database file {protected} "
                "(use -o - for standard output)"
            )
    if path is not None and same_file(output, path):
        raise UserError(f"refusing to export to {output}: it is the document being exported")
    return output


def _document_for_export(store: Store, path: Path | None, loaded: Document | None) -> Document:
    """The document to export: the file itself if readable, else the store's copy of it.

    The store is written only when the file changed since its notes were stored (they are
    re-anchored on the new text); otherwise an export only reads.
    """
    from annotations.paths import document_source

    if loaded is not None:
        stored_sha = _guard(lambda: store.stored_sha(loaded.source))
        if stored_sha is not None and stored_sha != loaded.sha256:
            _guard(lambda: store.open_document(loaded))
        return loaded
    assert path is not None
    stored = _guard(lambda: store.document(document_source(path)))
    if stored is None:
        raise UserError(f"{path}: no such file, and no notes for it in {store.path}")
    return stored


def _exists(path: Path) -> bool:
    from annotations.paths import path_exists

    try:
        return path_exists(path)
    except ValueError as error:
        raise UserError(str(error)) from None


def _reported(store: Store, read: Callable[[], T]) -> T:
    """Run a store read that skips unreadable rows, and name them on stderr."""
    found = read()
    _report_skipped(store)
    return found


def _report_skipped(store: Store) -> None:
    from annotations.store import skipped_notice

    if (notice := skipped_notice(store.skipped)) is not None:
        click.echo(f"bakhmut-read: warning: {_sanitise(notice)}", err=True)


def _guard(action: Callable[[], T]) -> T:
    from annotations.store import StoreError

    try:
        return action()
    except StoreError as error:
        raise UserError(str(error)) from None


def _sanitise(text: str) -> str:
    """Stored text made safe to print: no escape sequence reaches the terminal."""
    from annotations.document import visible_controls

    return visible_controls(text, keep_newlines=False)


def run() -> None:
    """The console script: click's usage errors, too, are one line on stderr with status 2."""
    try:
        main.main(standalone_mode=False)
    except click.UsageError as error:
        hint = " (see bakhmut-read --help)"
        UserError(f"{error.format_message()}{hint}").show()
        sys.exit(EXIT_BAD_INPUT)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.Abort:
        sys.exit(1)
