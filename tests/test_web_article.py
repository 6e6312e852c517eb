"""Saved web articles: a page's article as CommonMark with nothing around it (navigation, ads,
banners, scripts, comments); a page with no article, and hostile pages, give one line or the
page's text with a notice, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import trafilatura
from markdown_it import MarkdownIt
from markdown_it.token import Token

from annotations.document import MAX_FILE_BYTES, DocumentError, read_file, visible_controls
from annotations.web_article import (
    MIN_ARTICLE_WORDS,
    ExtractedArticle,
    decode_html,
    extract_article,
)
from annotations.web_markdown import MAX_NESTING

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
GOLDEN = ROOT / "tests" / "golden" / "article-html.md"


def load_web_article(path: Path) -> ExtractedArticle:
    """A saved page read and extracted as the reader's `load_path` does before parsing it."""
    return extract_article(decode_html(read_file(path), str(path)), path.name)


PARAGRAPH = "<p>" + "An ordinary sentence of the article that goes on for a while. " * 4 + "</p>"


def page(body: str, head: str = '<meta charset="utf-8"><title>A page</title>') -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def tokens(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def inline_text(token: Token) -> str:
    """What a reader shows of an inline token: its text, without the Markdown around it."""
    return "".join(child.content for child in token.children or [] if child.type != "softbreak")


def one_line_error(call: object) -> str:
    with pytest.raises(DocumentError) as raised:
        call()  # type: ignore[operator]
    message = str(raised.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message


@pytest.fixture(scope="module")
def article() -> ExtractedArticle:
    return load_web_article(DATA / "article.html")


def test_the_article_page_gives_its_title_headings_paragraphs_list_quote_and_table(
    article: ExtractedArticle,
) -> None:
    assert article.title == "River towns rebuild their bridges"
    assert article.notice is None
    assert article.markdown.startswith("# River towns rebuild their bridges\n\n")
    for present in [
        "## What the plan pays for",
        "## Who will build them",
        "Three towns on the lower Orva have agreed to rebuild their bridges together",
        "each of the three town halls.",
        "- the new road bridge at Marrow Ford, the busiest crossing;",
        "> We cannot wait for the river to decide when we may cross it again.",
        "| Marrow Ford road bridge | June 2027 | 14 million |",
    ]:
        assert present in article.markdown


@pytest.mark.parametrize(
    "boilerplate",
    [
        "MUST-NOT-SHOW",  # scripts, styles, comments, noscript, inline document.write
        "dataLayer",
        "cookies",
        "Accept all",
        "Subscribe now",
        "Politics",
        "Search the Courier",
        "Advertisement",
        "QuickLoan",
        "Glimmer",
        "Holidays in the sun",
        "Related stories",
        "Flood insurance claims",
        "newsletter",
        "riverwatcher",
        "Who is going to pay for the maintenance",
        "All rights reserved",
        "Privacy policy",
        "Share on",
        "The Valley Courier",
    ],
)
def test_the_article_page_leaves_out_everything_around_the_article(
    article: ExtractedArticle, boilerplate: str
) -> None:
    assert boilerplate not in article.markdown


def test_golden_markdown_of_the_article_page(article: ExtractedArticle) -> None:
    if os.environ.get("BAKHMUT_UPDATE_GOLDEN"):
        GOLDEN.write_text(article.markdown + "\n", encoding="utf-8")
    assert article.markdown + "\n" == GOLDEN.read_text(encoding="utf-8")


def test_the_markdown_parses_to_the_article_structure(article: ExtractedArticle) -> None:
    parsed = tokens(article.markdown)
    opened = [token.type for token in parsed if token.nesting == 1]
    headings = [token.tag for token in parsed if token.type == "heading_open"]
    assert parsed[0].type == "heading_open" and parsed[0].tag == "h1"
    assert headings == ["h1", "h2", "h2"]
    assert opened.count("bullet_list_open") == 1 and opened.count("list_item_open") == 3
    assert opened.count("blockquote_open") == 1 and opened.count("table_open") == 1
    assert opened.count("paragraph_open") == 7 + 3 + 1  # paragraphs, list items, the quote
    assert not [token for token in parsed if token.type.startswith("html")]


def test_a_blog_post_keeps_nested_lists_code_quote_and_emphasis() -> None:
    blog = load_web_article(DATA / "blog.html")
    assert blog.title == "Keeping a reading log in plain text"
    assert "\n3. what I want to remember, as short lines:\n   - a quotation, with its page;" in (
        blog.markdown
    )
    code = [token for token in tokens(blog.markdown) if token.type == "fence"]
    assert len(code) == 1
    assert code[0].content == (
        "The Rings of Saturn - W. G. Sebald\n2026-01-04 .. 2026-01-19\n"
        'p. 3: "in the August of 1992, when the dog days were drawing to an end"\n'
        "- the walk is the structure; digressions are the content\n"
    )
    assert "> Whatever you cannot open in twenty years, you did not really keep." in blog.markdown
    assert "*one plain text file*" in blog.markdown and "`grep`" in blog.markdown
    for boilerplate in ["Archives", "February 2026", "Posted on", "Great post", "RSS", "»"]:
        assert boilerplate not in blog.markdown


@pytest.mark.parametrize(
    "html",
    [
        (DATA / "login.html").read_text(encoding="utf-8"),
        (DATA / "links.html").read_text(encoding="utf-8"),
        "",
        "   \n\t ",
        page("<script>var article = 'not text';</script><style>p { color: red }</style>"),
        page("<nav><a href='/'>Home</a> <a href='/a'>About</a></nav><p>Too short to read.</p>"),
        "just some words, not a page",
    ],
    ids=["login", "link-index", "empty", "blank", "scripts-only", "nav-only", "not-html"],
)
def test_a_page_without_an_article_says_so_in_one_line(html: str) -> None:
    assert one_line_error(lambda: extract_article(html, "saved.html")) == (
        "saved.html has no article text"
    )


def test_a_short_article_just_over_the_minimum_is_an_article() -> None:
    words = " ".join(f"word{index}" for index in range(MIN_ARTICLE_WORDS + 5))
    extracted = extract_article(page(f"<article><h1>Short</h1><p>{words}.</p></article>"), "s.html")
    assert words in extracted.markdown


def test_page_text_that_looks_like_markdown_reads_as_itself() -> None:
    lines = [
        "* not a list item, and _not emphasis_ either",
        "1. not a numbered item",
        "# not a heading",
        "- not a bullet",
        "+ not a bullet",
        "---",
        "<b>not a tag</b> &amp; not an entity: &copy;",
        "a | b | c is not a table, `not code` and [not](a link)",
        "> not a quote, ~~not struck~~, !not an image, \\ a backslash",
    ]
    escaped = [
        line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in lines
    ]
    body = "".join(
        f"<p>{line} Some more words to make it a real paragraph.</p>" for line in escaped
    )
    extracted = extract_article(page(f"<article><h1>Literal</h1>{PARAGRAPH}{body}</article>"), "l")
    shown = [inline_text(token) for token in tokens(extracted.markdown) if token.type == "inline"]
    for line in lines:
        assert f"{line} Some more words to make it a real paragraph." in shown


def test_whitespace_in_a_paragraph_is_squashed_as_a_browser_does() -> None:
    text = "Ten km  of\n\t road,\r\nrebuilt."
    extracted = extract_article(page(f"<article><h1>W</h1><p>{text}</p>{PARAGRAPH}</article>"), "w")
    assert "\n\nTen km of road, rebuilt.\n\n" in extracted.markdown


def test_a_file_over_the_size_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:
        handle.write(page(PARAGRAPH).encode())
        handle.truncate(MAX_FILE_BYTES + 1)
    assert "is too large" in one_line_error(lambda: load_web_article(huge))


def test_a_missing_file_or_a_directory_is_one_line(tmp_path: Path) -> None:
    assert "no such file" in one_line_error(lambda: load_web_article(tmp_path / "gone.html"))
    assert "is a directory" in one_line_error(lambda: load_web_article(tmp_path))


def test_one_hundred_thousand_nested_divs_keep_the_article_around_them(tmp_path: Path) -> None:
    nest = "<div>" * 100_000 + "deep inside" + "</div>" * 100_000
    saved = tmp_path / "nested.html"
    saved.write_text(page(f"<article><h1>Nested</h1>{PARAGRAPH}{nest}{PARAGRAPH}</article>"))
    extracted = load_web_article(saved)
    assert "An ordinary sentence of the article" in extracted.markdown


def test_deeply_nested_lists_are_written_no_deeper_than_the_cap() -> None:
    levels = 40
    nest = "".join(f"<ul><li>level {n}" for n in range(levels)) + "</li></ul>" * levels
    extracted = extract_article(page(f"<article><h1>Deep</h1>{PARAGRAPH}{nest}</article>"), "d")
    assert "level 39" in extracted.markdown
    indents = [len(line) - len(line.lstrip()) for line in extracted.markdown.splitlines()]
    assert max(indents) <= 2 * MAX_NESTING
    depth = max(token.level for token in tokens(extracted.markdown))
    assert depth <= 3 * MAX_NESTING


def test_control_characters_and_escape_sequences_do_not_break_the_extraction() -> None:
    text = "Three \x1b[31mtowns\x1b[0m \x07rebuild \x08their\x7f bridges \x85 \x9b2J now."
    extracted = extract_article(page(f"<article><h1>Controls</h1><p>{text}</p>{PARAGRAPH}"), "c")
    assert "towns" in extracted.markdown and "bridges" in extracted.markdown
    shown = visible_controls(extracted.markdown)
    controls = [char for char in shown if ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0]
    assert set(controls) <= {"\n"}


def test_nul_bytes_are_refused_as_a_binary_file(tmp_path: Path) -> None:
    saved = tmp_path / "nul.html"
    saved.write_bytes(page(PARAGRAPH).encode().replace(b"ordinary", b"ordi\x00nary"))
    assert "binary file" in one_line_error(lambda: load_web_article(saved))


def test_invalid_utf8_without_a_declared_charset_is_one_line(tmp_path: Path) -> None:
    saved = tmp_path / "bad.html"
    saved.write_bytes(page(PARAGRAPH, head="<title>t</title>").encode() + b"\xff\xfe\xfd")
    assert "is not valid UTF-8 text" in one_line_error(lambda: load_web_article(saved))


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
        "<meta charset=latin1>",
    ],
)
def test_a_declared_single_byte_charset_is_honoured(tmp_path: Path, declaration: str) -> None:
    saved = tmp_path / "old.html"
    body = f"<article><h1>Caf\xe9 \u201cnotes\u201d</h1>{PARAGRAPH}</article>"
    saved.write_bytes(page(body, head=f"{declaration}<title>t</title>").encode("cp1252"))
    assert load_web_article(saved).title == "Caf\xe9 \u201cnotes\u201d"


@pytest.mark.parametrize(
    "charset", ["rot13", "base64", "utf-7", "unicode_escape", "x-bogus", "utf-16"]
)
def test_a_declared_charset_browsers_do_not_read_is_ignored_for_utf8(charset: str) -> None:
    html = page("<h1>Zürich \\u00e9 +AGE-</h1>", head=f'<meta charset="{charset}">')
    assert decode_html(html.encode("utf-8"), "odd.html") == html


def test_a_byte_the_declared_charset_lacks_becomes_a_replacement_character() -> None:
    html = page("<p>caf\xe9 \x81 ok</p>", head='<meta charset="windows-1252">').encode("latin-1")
    assert "café \ufffd ok" in decode_html(html, "old.html")


def test_utf16_with_a_bom_and_utf8_with_a_bom(tmp_path: Path) -> None:
    html = page(f"<article><h1>Zürich</h1>{PARAGRAPH}</article>")
    for encoding in ["utf-16", "utf-8-sig"]:
        saved = tmp_path / f"{encoding}.html"
        saved.write_bytes(html.encode(encoding))
        assert load_web_article(saved).title == "Zürich"


def test_an_xhtml_page_with_an_xml_declaration() -> None:
    xhtml = (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>X</title></head><body><article><h1>Xhtml</h1>{PARAGRAPH}</article>"
        "</body></html>"
    )
    assert extract_article(xhtml, "x.xhtml").title == "Xhtml"
    assert decode_html(xhtml.encode("cp1252"), "x") == xhtml


def test_an_extractor_failure_shows_the_page_text_with_a_notice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fails(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the extractor broke on this page")

    monkeypatch.setattr(trafilatura, "bare_extraction", fails)
    html = (DATA / "article.html").read_text(encoding="utf-8")
    extracted = extract_article(html, "article.html")
    assert extracted.notice == (
        "article.html: the article could not be extracted (RuntimeError); showing the page's text"
    )
    assert "Three towns on the lower Orva" in extracted.markdown
    assert "MUST-NOT-SHOW" not in extracted.markdown
    assert next(token.tag for token in tokens(extracted.markdown) if token.nesting == 1) == "h1"


def test_when_the_plain_text_fails_too_it_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "bare_extraction", fails)
    monkeypatch.setattr(trafilatura, "html2txt", fails)
    assert one_line_error(lambda: extract_article(page(PARAGRAPH), "p.html")) == (
        "p.html could not be read as a web page (RecursionError)"
    )


def test_the_extractor_logs_nothing_to_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    """trafilatura warns through logging; with no handler, logging would print to stderr,
    over the reader's screen."""
    with pytest.raises(DocumentError):
        extract_article((DATA / "login.html").read_text(encoding="utf-8"), "login.html")
    extract_article((DATA / "blog.html").read_text(encoding="utf-8"), "blog.html")
    assert capfd.readouterr().err == ""


def test_the_extractor_is_imported_only_when_a_page_is_opened() -> None:
    check = (
        "import sys, annotations.document, annotations.web_article\n"
        "print(sorted(name for name in ('trafilatura', 'lxml') if name in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
