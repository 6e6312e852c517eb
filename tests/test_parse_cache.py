"""Opening an unchanged Markdown or HTML file from the store's copy (annotations/opening.py):
the copy is used only while the file's raw bytes are those it was made from; a changed file is
read again and its highlights re-anchored; two readers share the copies; migration 0008; the
library's `% read` from the stored length; a gone file opens read-only from the command line
and exports from its stored copy."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from app_helpers import press, running, wait_until
from cli_helpers import ROOT, invoke
from sqlite_utils import Database
from stack import recursion_limit

from annotations.document import Document, load_path
from annotations.model import make_annotation
from annotations.opening import open_file
from annotations.store import Store
from annotations.store.schema import migrations
from tests.benchmark_pty import PtyApp
from tui.opening import loading_notice
from tui.screens.path_prompt import PathInput, PathPrompt

MARKDOWN = (
    "# Field notes\n\nThe river rose *twice* before **dawn**.\n\n- first item\n- second item\n\n"
    "| name | count |\n|---|---:|\n| reeds | 12 |\n\n```\ncode  stays\n```\n\nLast words here.\n"
)


def opened(path: Path, db: Path) -> Document:
    """Open `path` as the reader does, and record it (written at once)."""
    with Store.open(db) as store:
        document = open_file(path, store)
        store.open_document(document)
    return document


def copies(db: Path) -> dict[str, tuple[str | None, int]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select source, raw_sha256, length from stored_copies").fetchall()
    return {source: (key, length) for source, key, length in rows}


def write_stored_text(db: Path, source: str, old: str, new: str) -> None:
    """Change the stored text behind the reader's back (same length, so the styles fit)."""
    assert len(old) == len(new)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "update documents set text = replace(text, ?, ?) where source = ?", [old, new, source]
        )


def test_an_unchanged_markdown_file_opens_from_the_stored_copy(
    tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    first = opened(path, db_path)
    assert first.raw_key and copies(db_path) == {first.source: (first.raw_key, len(first.text))}
    write_stored_text(db_path, first.source, "river", "RIVER")  # no parse would make this
    with Store.open(db_path) as store:
        again = open_file(path, store)
    assert "The RIVER rose" in again.text
    assert again.styles is not None and again.styles.kinds == first.styles.kinds  # type: ignore[union-attr]
    assert again.raw_key == first.raw_key and again.title == first.title == "Field notes"
    assert load_path(path).text == first.text  # the file itself still reads as before


def test_reopening_an_unchanged_markdown_file_does_not_import_the_parser(
    tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    code = (
        "import sys, json\nfrom pathlib import Path\n"
        "from annotations.opening import open_file\nfrom annotations.store import Store\n"
        f"with Store.open(Path({str(db_path)!r})) as store:\n"
        f"    document = open_file(Path({str(path)!r}), store)\n"
        "    store.open_document(document)\n"
        "print(json.dumps([document.text, 'markdown_it' in sys.modules]))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}

    def reopen() -> tuple[str, bool]:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=environment,
            check=True,
        )  # fmt: skip
        text, parsed = json.loads(done.stdout)
        return text, parsed

    assert reopen() == (load_path(path).text, True)  # the first opening parses
    assert reopen() == (load_path(path).text, False)  # the second one does not


def test_a_changed_markdown_file_is_read_again_and_its_highlights_re_anchored(
    tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    first = opened(path, db_path)
    start = first.text.index("Last words")
    with Store.open(db_path) as store:
        saved = store.add(make_annotation(first, start, start + 10))
    path.write_text(MARKDOWN.replace("# Field notes\n\n", "# Field notes\n\nA new *opening*.\n\n"))
    with Store.open(db_path) as store:
        changed = open_file(path, store)
        assert changed.text.startswith("Field notes\n\nA new opening.")
        report = store.open_document(changed)
        moved = store.annotations(first.source)
    assert report.moved == 1
    assert [(a.id, a.quote) for a in moved] == [(saved.id, "Last words")]
    assert changed.text[moved[0].start : moved[0].end] == "Last words"
    assert copies(db_path)[first.source] == (changed.raw_key, len(changed.text))
    assert changed.raw_key != first.raw_key


def test_a_saved_web_page_opens_from_the_stored_copy_too(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "page.html"
    body = "".join(
        f"<p>Paragraph {n} of a long saved article about the river and its old banks.</p>"
        for n in range(30)
    )
    nav = "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    html = f"<html><body>{nav}<article><h1>Saved page</h1>{body}</article></body></html>"
    path.write_text(html, encoding="utf-8")
    first = opened(path, db_path)
    assert not first.notice and "Paragraph 7 of a long saved article" in first.text
    write_stored_text(db_path, first.source, "Paragraph 7", "PARAGRAPH 7")
    with Store.open(db_path) as store:
        assert "PARAGRAPH 7 of a long" in open_file(path, store).text


def test_a_markdown_file_shown_as_plain_text_is_always_read_again(
    tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "deep.md"
    path.write_text("# Title\n\n" + "> " * 18 + "deep *and* nested\n", encoding="utf-8")
    with Store.open(db_path) as store:
        with recursion_limit(40):  # the parser recurses per quote level: it runs out of stack
            first = open_file(path, store)
        store.open_document(first)
    assert first.notice and not first.raw_key
    assert copies(db_path)[first.source] == (None, len(first.text))
    with Store.open(db_path) as store:
        with recursion_limit(40):
            again = open_file(path, store)
        assert again.notice == first.notice  # read again: the notice again


def test_two_readers_share_the_stored_copies(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    with Store.open(db_path) as one, Store.open(db_path) as two:
        mine = open_file(path, one)
        one.open_document(mine, defer=True)  # the reader writes it after its first screen
        theirs = open_file(path, two)  # nothing stored yet: read from the file
        assert theirs.text == mine.text and two.stored_sha(mine.source) is None
        two.open_document(theirs)
        one.store_document()
        old_bytes = path.read_bytes()
        path.write_text(MARKDOWN + "\nAn added paragraph.\n", encoding="utf-8")
        newer = open_file(path, two)
        two.open_document(newer)  # the other reader stores the changed file
        from_store = open_file(path, one)
        assert from_store.text == newer.text and from_store.raw_key == newer.raw_key
        path.write_bytes(old_bytes)  # back as it was: the stored copy is the newer one
        assert open_file(path, one).text == mine.text


def test_a_deferred_write_never_labels_another_readers_text(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    with Store.open(db_path) as one, Store.open(db_path) as two:
        one.open_document(open_file(path, one))
        old_bytes = path.read_bytes()
        mine = open_file(path, one)
        one.open_document(mine, defer=True)  # the same text: its touch waits for a write
        path.write_text(MARKDOWN + "\nAn added paragraph.\n", encoding="utf-8")
        newer = open_file(path, two)
        two.open_document(newer)
        one.store_document()  # renews the time only: the stored text is no longer `mine`
        assert copies(db_path)[mine.source] == (newer.raw_key, len(newer.text))
        path.write_bytes(old_bytes)
        assert open_file(path, two).text == mine.text  # its key is not the stored one's
        assert two.document(mine.source) == newer


def test_migration_0008_on_an_old_database(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    document = load_path(path)
    old = Database(db_path, execute_plugins=False)
    migrations.apply(old, stop_before="0008_stored_copies")
    old.execute(
        "insert into documents (source, title, text, sha256, has_title_block, styles, opened) "
        "values (?, ?, ?, ?, 1, ?, '2026-11-01T10:00:00.000Z')",
        [document.source, document.title, document.text, document.sha256,
         document.styles.to_json()],  # type: ignore[union-attr]
    )  # fmt: skip
    old.execute(
        "insert into positions (source, cursor) values (?, ?)",
        [document.source, (len(document.text) - 1) // 2],
    )
    old.conn.commit()
    old.close()
    with Store.open(db_path) as store:
        (summary,) = store.documents()
        assert summary.length == len(document.text) and summary.percent_read == 50
        assert open_file(path, store).raw_key == document.raw_key  # no key stored: parsed
    assert copies(db_path) == {}
    opened(path, db_path)
    assert copies(db_path) == {document.source: (document.raw_key, len(document.text))}


def test_list_shows_percent_read_from_the_stored_length(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    document = opened(path, db_path)
    with Store.open(db_path) as store:
        store.save_cursor(document.source, (len(document.text) - 1) // 4)
    assert " 25% read" in invoke("list", "--db", str(db_path)).stdout
    cursor = (len(document.text) - 1) // 4
    with sqlite3.connect(db_path) as conn:  # a length that disagrees shows which one is read
        conn.execute("update stored_copies set length = ?", [cursor * 2 + 1])
    assert " 50% read" in invoke("list", "--db", str(db_path)).stdout


def test_export_of_a_gone_file_uses_its_stored_copy(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    document = opened(path, db_path)
    start = document.text.index("second item")
    with Store.open(db_path) as store:
        store.add(make_annotation(document, start, start + 11, note="kept"))
    path.unlink()
    result = invoke("export", str(path), "--db", str(db_path), "--no-timestamps")
    assert result.exit_code == 0, result.stderr
    assert "second item" in result.stdout and "kept" in result.stdout
    never = invoke("export", str(tmp_path / "never.md"), "--db", str(db_path))
    assert never.exit_code == 2 and "no such file" in never.stderr


def reader_in_a_terminal(path: Path, db: Path) -> PtyApp:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "BAKHMUT_READ_DB": str(db)}
    environment["TERM"] = "xterm-256color"
    argv = [sys.executable, "-m", "tui.cli", str(path)]
    return PtyApp(argv, env=environment, cwd=ROOT, size=(120, 36))


def test_a_gone_file_opens_read_only_from_the_command_line(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    document = opened(path, db_path)
    path.unlink()
    with reader_in_a_terminal(path, db_path) as app:
        app.wait_for_text("read-only: the file is gone", 60)
        app.wait_for_text("The river rose", 60)
        app.quit("q", 60)
    assert app.process.returncode == 0
    with Store.open(db_path) as store:
        assert store.document(document.source) == document  # nothing rewritten


def test_a_large_markdown_file_says_it_is_being_read(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "big.md"
    size = big_markdown(path)
    with reader_in_a_terminal(path, db_path) as app:
        app.wait_for_text(
            f"bakhmut-read: reading Markdown big.md ({size / (1 << 20):.1f} MiB)…", 60
        )
        app.wait_for_text("A paragraph of plain words", 60)
        app.quit("q", 60)
    assert app.process.returncode == 0


def big_markdown(path: Path) -> int:
    """A Markdown file just over the 1 MiB from which opening it says so; its size."""
    paragraph = "A paragraph of plain words about the river and its banks, long enough. "
    path.write_text("# Big\n\n" + "\n\n".join([paragraph] * 15_000), encoding="utf-8")
    size = path.stat().st_size
    assert size >= 1 << 20
    return size


def test_the_library_says_what_opening_a_large_file_does(tmp_path: Path) -> None:
    size = big_markdown(tmp_path / "big.md")
    (tmp_path / "big.txt").write_bytes((tmp_path / "big.md").read_bytes())
    (tmp_path / "small.md").write_text("# Small\n", encoding="utf-8")
    mib = f"{size / (1 << 20):.1f} MiB"
    assert loading_notice(tmp_path / "big.md") == f"Opening big.md ({mib}): reading Markdown…"
    assert loading_notice(tmp_path / "big.txt") == f"Opening big.txt ({mib})…"
    assert loading_notice(tmp_path / "small.md") is None
    assert loading_notice(tmp_path / "gone.md") is None


async def test_the_path_prompt_opens_a_large_file_after_saying_so(
    tmp_path: Path, store: Store, article: Document
) -> None:
    path = tmp_path / "big.md"
    big_markdown(path)
    async with running(article, store) as (app, pilot):
        await press(pilot, "ctrl+o", "ctrl+o")
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one(PathInput).value = str(path)
        await press(pilot, "enter")
        assert await wait_until(
            pilot, lambda: app.session.document.source == str(path.resolve()), 60
        )
        assert app.title == "Big" and not isinstance(app.screen, PathPrompt)


def test_export_of_an_unchanged_markdown_file_does_not_parse_it(
    tmp_path: Path, db_path: Path
) -> None:
    """The Markdown export loads markdown-it for the notes, so what is checked is the module
    that reads a Markdown file, `annotations.markdown_document`."""
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    code = (
        "import sys, json\n"
        f"sys.argv = ['bakhmut-read', 'export', {str(path)!r}, '--db', {str(db_path)!r}]\n"
        "from tui.cli import run\n"
        "try:\n    run()\n"
        "finally:\n"
        "    sys.stderr.write(json.dumps('annotations.markdown_document' in sys.modules))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}

    def export() -> tuple[str, bool]:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=environment,
            check=True,
        )  # fmt: skip
        return done.stdout, json.loads(done.stderr.splitlines()[-1])

    document = opened(path, db_path)
    start = document.text.index("first item")
    with Store.open(db_path) as store:
        store.add(make_annotation(document, start, start + 10, note="listed"))
    markdown, parsed = export()
    assert "first item" in markdown and "listed" in markdown and not parsed
    path.write_text(MARKDOWN.replace("Last words", "Final words"), encoding="utf-8")
    markdown, parsed = export()
    assert "first item" in markdown and parsed  # changed: read again
