"""A saved web page in the reader and on the command line: the article's text is what the reader
shows and highlights quote; a page with no article is refused in one line, nothing stored."""

from __future__ import annotations

import shutil
from pathlib import Path

from app_helpers import press, running, screen_text, stored
from cli_helpers import invoke

from annotations.document import load_path
from annotations.model import make_annotation
from annotations.store import Store

DATA = Path(__file__).parent / "data"


def copy_of(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(DATA / name, target)
    return target


async def test_a_saved_article_reads_as_its_article_and_takes_highlights(tmp_path: Path) -> None:
    document = load_path(copy_of(tmp_path, "article.html"))
    db_path = tmp_path / "notes.db"
    store = Store.open(db_path)
    async with running(document, store) as (app, pilot):
        shown = screen_text(app)
        assert "River towns rebuild their bridges" in shown
        assert "Three towns on the lower Orva" in shown
        assert "cookie" not in shown.lower()
        start = document.text.index("Three towns")
        app.article.move_cursor(start, jump=True)
        await press(pilot, "v", "e", "1")
    saved = stored(db_path, document.source)
    assert [document.text[a.start : a.end] for a in saved] == ["Three"]
    assert [a.quote for a in saved] == ["Three"]


def test_a_page_with_no_article_is_refused_in_one_line(tmp_path: Path) -> None:
    db_path = tmp_path / "notes.db"
    result = invoke(str(copy_of(tmp_path, "login.html")), "--db", str(db_path))
    assert result.exit_code != 0
    assert result.output.strip().endswith("login.html has no article text")
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not db_path.exists() or Store.open(db_path).documents() == []


def test_the_export_of_a_saved_article_quotes_its_text(tmp_path: Path) -> None:
    page = copy_of(tmp_path, "article.html")
    document = load_path(page)
    db_path = tmp_path / "notes.db"
    store = Store.open(db_path)
    store.open_document(document)
    start = document.text.index("Engineers say")
    store.add(make_annotation(document, start, start + len("Engineers say"), 2))
    store.close()
    result = invoke("export", str(page), "--db", str(db_path), "-o", "-")
    assert result.exit_code == 0, result.output
    assert "Engineers say" in result.output
    assert "River towns rebuild their bridges" in result.output
