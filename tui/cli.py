"""The `bakhmut-read` command line: open the reader, export, import, list, search.

Bad input never shows a traceback: it gets one line on stderr and exit status 2. Nothing stored
is printed raw: control characters are shown as visible pictures (or escaped in JSON).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from annotations import __version__
from annotations.anchoring import AnchorState
from annotations.config import load_config
from annotations.document import (
    Document,
    DocumentError,
    load_embedded,
    load_path,
    visible_controls,
)
from annotations.files import ReadError, WriteError, read_bounded, write_output
from annotations.formats.common import anchor_summary, count_of
from annotations.formats.markdown import MarkdownOptions, NotesFormat, to_markdown
from annotations.formats.w3c import to_json
from annotations.formats.w3c_import import MAX_IMPORT_BYTES, ImportFormatError, parse_json
from annotations.model import Annotation
from annotations.paths import (
    config_path,
    db_files,
    document_source,
    path_exists,
    resolve_db_path,
    same_file,
)
from annotations.store import DocumentSummary, Store, StoreError, skipped_notice

EXIT_BAD_INPUT = 2
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class UserError(click.ClickException):
    """One line on stderr and exit status 2."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file: Any = None) -> None:
        message = visible_controls(self.message, keep_newlines=False)  # file names, JSON ids…
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
    from tui.app import create_app  # Textual is imported only when the reader starts.
    from tui.keys import KEY_IDS

    document = _load(path)
    existing = _existing_store(db)  # a bad database file is refused before anything else
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        if existing is not None:
            existing.close()
        raise UserError("the reader needs a terminal; to get the notes as text, use `export`")
    store = existing or _open_store(db)
    with store:
        app = _guard(lambda: create_app(document, store, load_config(config_path(), KEY_IDS)))
        app.run()
    if app.return_code:
        sys.exit(app.return_code)


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
    notes: NotesFormat,
    db: Path | None,
) -> None:
    """Export the notes of PATH (default: the embedded article) as Markdown or W3C JSON.

    Control characters in notes and quotes are shown as visible pictures (Markdown) or
    escaped (JSON), so the export is safe to print on a terminal.
    """
    output = _output_target(output, path, db)
    readable = path is None or _exists(path)
    document = _load(path) if readable else None  # a bad file is refused before the store opens
    if document is not None and document.notice:  # Markdown shown as plain text: say so
        click.echo(f"bakhmut-read: {document.notice}", err=True)
    store = _existing_store(db)
    if store is None:  # no database yet: nothing to export but the title, and nothing created
        if document is None:
            raise UserError(f"{path}: no such file")
        annotations = []
    else:
        with store:
            document = _document_for_export(store, path, document)
            source = document.source
            annotations = _guard(lambda: _reported(store, lambda: store.annotations(source)))
        _report_places(annotations)
    labels = load_config(config_path()).label_names
    if fmt == "markdown":
        options = MarkdownOptions(not no_timestamps, front_matter, tags, notes)
        content = to_markdown(document, annotations, labels, options=options)
    else:
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
    text = _read_text(file)
    try:
        collection = parse_json(text, load_config(config_path()).label_names)
    except ImportFormatError as error:
        raise UserError(f"{file}: {error}") from None
    with _open_store(db) as store:
        result = _guard(
            lambda: store.import_annotations(collection.documents, collection.annotations)
        )
        _report_skipped(store)
    click.echo(
        f"Imported {_sanitise(str(file))}: {result.added} added, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.kept} kept (changed here later)"
        + (f", {result.orphaned} orphaned (quote not found: kept, not drawn)"
           if result.orphaned else "")
    )  # fmt: skip


@main.command("list")
@db_option
def list_command(db: Path | None) -> None:
    """List the documents: title, where, highlights, notes, % read, last opened."""
    store = _existing_store(db)
    summaries = (
        [] if store is None else _close_after(store, lambda: _reported(store, store.documents))
    )
    if not summaries:
        click.echo("No documents yet. Run `bakhmut-read` to open the article.")
        return
    for line in _library_lines(summaries):
        click.echo(line)


@main.command("search")
@click.argument("query")
@db_option
def search_command(query: str, db: Path | None) -> None:
    """Search the quotes and notes of every document."""
    store = _existing_store(db)
    found, titles = [], {}
    if store is not None:
        with store:
            found = _reported(store, lambda: store.search(query))
            titles = {s.source: s.title for s in _reported(store, store.documents)}
    if not found:
        click.echo("No matches.")
        return
    for annotation in found:
        note = f" — {annotation.note}" if annotation.has_note else ""
        title = titles.get(annotation.document, annotation.document)
        click.echo(_sanitise(f"{title} ¶{annotation.paragraph}: “{annotation.quote}”{note}"))


def _report_places(annotations: Sequence[Annotation]) -> None:
    """On stderr (stdout stays the document): how many highlights moved, were placed
    approximately or are orphaned, as stored."""
    states = [annotation.anchor for annotation in annotations]
    summary = anchor_summary(
        states.count(AnchorState.MOVED), states.count(AnchorState.FUZZY),
        states.count(AnchorState.ORPHAN),
    )  # fmt: skip
    if summary is not None:
        click.echo(f"bakhmut-read: {summary}", err=True)


def _library_lines(summaries: Sequence[DocumentSummary]) -> list[str]:
    """The library's columns as plain text, one document a line, most recently opened first:
    title, where it lives, highlights, notes, how far it was read, last opened (and how many
    highlights moved, were placed approximately or are orphaned)."""
    from tui.library_columns import library_row, plain_line

    rows = [library_row(summary) for summary in summaries]
    titles = max(12, min(40, max(len(row.title) for row in rows)))
    places = max(len(row.where) for row in rows)
    return [plain_line(row, title_width=titles, where_width=places) for row in rows]


def _load(path: Path | None) -> Document:
    try:
        return load_embedded() if path is None else load_path(path)
    except DocumentError as error:
        raise UserError(str(error)) from None


def _existing_store(db: Path | None) -> Store | None:
    """The store if its file exists; read-only commands never create a database."""
    path = resolve_db_path(db)
    return _open_store(db) if _exists(path) else None


def _close_after(store: Store, read: Callable[[], T]) -> T:
    with store:
        return read()


def _open_store(db: Path | None) -> Store:
    try:
        return Store.open(resolve_db_path(db))
    except StoreError as error:
        raise UserError(str(error)) from None


def _output_target(output: Path | None, path: Path | None, db: Path | None) -> Path | None:
    """The file to export to (None: standard output, also for `-o -`); never the database,
    its `-wal`/`-shm` files or the document, however spelled (symlinks, `..`, hard links)."""
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
    if loaded is not None:
        stored = _guard(lambda: store.document(loaded.source))
        if stored is not None and stored.sha256 != loaded.sha256:
            _guard(lambda: store.open_document(loaded))
        return loaded
    assert path is not None
    stored = _guard(lambda: store.document(document_source(path)))
    if stored is None:
        raise UserError(f"{path}: no such file, and no notes for it in {store.path}")
    return stored


def _exists(path: Path) -> bool:
    try:
        return path_exists(path)
    except ValueError as error:
        raise UserError(str(error)) from None


def _read_text(file: Path) -> str:
    """An import file's text: a regular file of at most MAX_IMPORT_BYTES, in UTF-8."""
    try:
        data = read_bounded(file, MAX_IMPORT_BYTES, "a JSON file")
        return data.decode("utf-8-sig")
    except ReadError as error:
        raise UserError(str(error)) from None
    except UnicodeDecodeError as error:
        raise UserError(f"{file} is not UTF-8 text (bad byte at offset {error.start})") from None


def _reported(store: Store, read: Callable[[], T]) -> T:
    """Run a store read that skips unreadable rows, and name them on stderr."""
    found = read()
    _report_skipped(store)
    return found


def _report_skipped(store: Store) -> None:
    if (notice := skipped_notice(store.skipped)) is not None:
        click.echo(f"bakhmut-read: warning: {_sanitise(notice)}", err=True)


def _guard(action: Callable[[], T]) -> T:
    try:
        return action()
    except StoreError as error:
        raise UserError(str(error)) from None


def _sanitise(text: str) -> str:
    """Stored text made safe to print: no escape sequence reaches the terminal."""
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
