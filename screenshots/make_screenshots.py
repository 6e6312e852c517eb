"""Write the README screenshots (SVG) of bakhmut-read.

    python screenshots/make_screenshots.py [--out DIR]

Each screenshot comes from an app built with `create_app` on a fresh SQLite file in a temporary
directory (never the user's database or config), holding a fixed set of highlights and notes on
the embedded article. Pilot drives it at 130×40 and `App.export_screenshot` writes the SVG:

- `reader.svg`: the article with highlights (labels 1–5, one overlap, notes) and the cursor on
  a noted highlight, so the notes pane selects it;
- `note-editor.svg`: the note editor open on that highlight;
- `help.svg`: the key help (`?`);
- `export.svg`: the export prompt (`E`), offering a path in /tmp;
- `markdown.svg`: a Markdown file (`markdown-sample.md`, beside this script) read as Markdown,
  with highlights on a list item, a code line and a table cell;
- `library.svg`: the library (`ctrl+o`) of a database holding the article, that Markdown file, a
  saved web page (`tests/data/article.html`) and a file that has since been deleted.

The output is deterministic: same code and article, same picture (fixed size and title, fixed
dates in the library, no clock, toast or blinking cursor on screen); only the class names Rich
gives the SVG may change from run to run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from contextlib import chdir
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script from a checkout without installing

from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Input, TextArea  # noqa: E402

from annotations.document import Document, load_embedded, load_path  # noqa: E402
from annotations.model import make_annotation  # noqa: E402
from annotations.store import Store  # noqa: E402
from tui.app import create_app  # noqa: E402

SIZE = (130, 40)
TITLE = "bakhmut-read"
DEFAULT_OUT = Path(__file__).resolve().parent
HERE = Path(__file__).resolve().parent
MARKDOWN_SAMPLE = HERE / "markdown-sample.md"
WEB_SAMPLE = ROOT / "tests" / "data" / "article.html"


@dataclass(frozen=True)
class Highlight:
    quote: str
    label: int
    note: str = ""


CURSOR_QUOTE = "advised to retreat from the city and fall back to nearby positions"
"""The highlight the cursor sits on (reader.svg) and whose note is edited (note-editor.svg)."""

HIGHLIGHTS: tuple[Highlight, ...] = (
    # ¶1
    Highlight(
        "his country will not back down and will continue to defend the city at all costs",
        1,
        "The thesis of the piece: Kyiv treats Bakhmut as a line it will not give up.",
    ),
    Highlight("raging on for the past six months", 2),
    # ¶2
    Highlight(
        CURSOR_QUOTE,
        3,
        "Who gave this advice? The article only says “top military brass”.\n"
        "\n"
        "Check whether other outlets reported the same meeting.",
    ),
    Highlight(
        "training tens of thousands of Ukrainian military personnel for a possible "
        "counteroffensive",
        2,
    ),
    # ¶3
    Highlight(
        "Chasiv Yar and Kostiantynivka",
        5,
        "Look both towns up on a map: they sit on the supply road west of Bakhmut.",
    ),
    Highlight("barely a house standing", 2),
    # ¶4: "a symbol of the conflict" is in both highlights
    Highlight("it has become a symbol of the conflict", 1),
    Highlight(
        "a symbol of the conflict, with both sides seeking to gain a propaganda victory",
        4,
        "Symbolic value cuts both ways: ¶5 argues holding on may cost the coming offensive.",
    ),
    # ¶5 and ¶6 (below the fold: they show in the notes pane)
    Highlight(
        "[holding out in Bakhmut] could impede the success of a more important operation",
        2,
        "Kofman's key argument against staying.",
    ),
    Highlight("may pursue a gradual fighting withdrawal", 5),
)


MARKDOWN_HIGHLIGHTS: tuple[Highlight, ...] = (
    Highlight("a lazy layout", 1, "The reason big books open at once."),
    Highlight("Highlights stay where they are", 3),
    Highlight("reanchor_all(document, annotations)", 4, "The function to read first."),
    Highlight("diff-match-patch", 2),
    Highlight("never re-wrapped", 5),
)


def span(document: Document, quote: str) -> tuple[int, int]:
    start = document.text.index(quote)
    return start, start + len(quote)


def fill(store: Store, document: Document) -> None:
    """Add the highlights through the real store, and park the cursor on CURSOR_QUOTE."""
    store.open_document(document)
    for highlight in HIGHLIGHTS:
        start, end = span(document, highlight.quote)
        store.add(make_annotation(document, start, end, highlight.label, highlight.note))
    store.save_cursor(document.source, span(document, CURSOR_QUOTE)[0])


def no_cursor_blink(pilot: Pilot[None]) -> None:
    """Stop the cursors of the screen on top (a dialog's too): a blink would make the SVG
    depend on when it is taken."""
    for text_area in pilot.app.screen.query(TextArea):
        text_area.cursor_blink = False
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


Setup = Callable[[Store, Path], Document]
"""Fills a fresh store (in a temporary home folder) and returns the document to open."""


def article_setup(store: Store, home: Path) -> Document:
    document = load_embedded()
    fill(store, document)
    return document


def copy_into(home: Path, sample: Path, name: str) -> Path:
    target = home / "reading" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(sample.read_bytes())
    return target


def markdown_setup(store: Store, home: Path) -> Document:
    document = load_path(copy_into(home, MARKDOWN_SAMPLE, "field-guide.md"))
    store.open_document(document)
    for highlight in MARKDOWN_HIGHLIGHTS:
        start, end = span(document, highlight.quote)
        store.add(make_annotation(document, start, end, highlight.label, highlight.note))
    store.save_cursor(document.source, span(document, MARKDOWN_HIGHLIGHTS[0].quote)[0])
    return document


LIBRARY_OPENED = (
    ("field-guide.md", "2026-11-27T18:05:00.000Z"),
    ("river-towns.html", "2026-11-20T08:40:00.000Z"),
    ("drone-report.txt", "2026-10-02T21:15:00.000Z"),
)


def library_setup(store: Store, home: Path) -> Document:
    """The article opened last; a Markdown file, a saved page and a file since deleted before."""
    markdown_setup(store, home)
    page = load_path(copy_into(home, WEB_SAMPLE, "river-towns.html"))
    store.open_document(page)
    start, end = span(page, "The new bridges will be built higher")
    store.add(make_annotation(page, start, end, 1, "Higher and wider: the flood passes under."))
    gone_path = home / "reading" / "drone-report.txt"
    gone_path.write_text("A report on drones\n\nIt was read to the end.\n", encoding="utf-8")
    gone = load_path(gone_path)
    store.open_document(gone)
    store.add(make_annotation(gone, *span(gone, "read to the end"), 2))
    store.save_cursor(gone.source, len(gone.text) - 1)
    gone_path.unlink()
    for name, when in LIBRARY_OPENED:
        store.mark_opened(str(home / "reading" / name), when)
    return article_setup(store, home)


async def shoot(keys: Sequence[str], path: Path, title: str, setup: Setup = article_setup) -> None:
    """One app on a fresh temporary database; press `keys`, then write the SVG to `path`."""
    # The export prompt offers a path in the working directory: /tmp, the same on every machine;
    # files live in a temporary home folder, so the library shows them as ~/reading/….
    with tempfile.TemporaryDirectory(prefix="bakhmut-read-shots-") as tmp, chdir("/tmp"):
        home = Path(tmp) / "home"
        home.mkdir()
        saved_home = os.environ.get("HOME")
        os.environ["HOME"] = str(home)
        store = Store.open(Path(tmp) / "annotations.db")
        try:
            document = setup(store, home)
            app = create_app(document, store)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                if keys:
                    await pilot.press(*keys)
                    await pilot.pause()
                no_cursor_blink(pilot)
                await pilot.wait_for_scheduled_animations()
                await pilot.pause()
                svg = app.export_screenshot(title=title)
        finally:
            store.close()
            if saved_home is None:
                os.environ.pop("HOME", None)
            else:
                os.environ["HOME"] = saved_home
    path.write_text(svg, encoding="utf-8")


SHOTS: tuple[tuple[str, Sequence[str], str, Setup], ...] = (
    ("reader.svg", (), TITLE, article_setup),
    ("note-editor.svg", ("a",), f"{TITLE} · note editor", article_setup),
    ("help.svg", ("question_mark",), f"{TITLE} · keys", article_setup),
    ("export.svg", ("E",), f"{TITLE} · export", article_setup),
    ("markdown.svg", (), f"{TITLE} · Markdown", markdown_setup),
    ("library.svg", ("ctrl+o",), f"{TITLE} · library", library_setup),
)


async def make_all(out: Path, report: Callable[[Path], object] = print) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, keys, title, setup in SHOTS:
        path = out / name
        await shoot(keys, path, title, setup)
        report(path)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"directory for the SVGs (default: {DEFAULT_OUT})",
    )
    args = parser.parse_args(argv)
    # Screenshots are in colour whatever the shell says; the monochrome view has a snapshot test.
    os.environ.pop("NO_COLOR", None)
    asyncio.run(make_all(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
