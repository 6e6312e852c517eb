"""Saved web articles: the readable text of an HTML page, as CommonMark for the Markdown path.

trafilatura finds the article (title, headings, paragraphs, lists, quotes, code, tables) and
drops navigation, ads, cookie banners, scripts, styles, comments and footers; it hands back a
small XML tree, which `annotations.web_markdown` writes out as CommonMark. trafilatura (with
lxml and a dozen more packages) is imported only when a page is opened, never at start-up.

Bad input gives one line: a file over the size limit, bytes that are not text, a page with no
article text (DocumentError). If the extractor itself fails on a page, its plain text is shown
instead, with a notice saying so.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from typing import Any

from annotations.document import (
    DocumentError,
    decode,
    visible_controls,
)
from annotations.web_markdown import article_words, body_markdown, escape_text, leading_heading

MIN_ARTICLE_WORDS = 20
"""A page whose article has fewer words than this outside its headings has no article text."""
_SNIFF_BYTES = 4096
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._-]{1,40})"""
    rb"""|^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})""",
    re.IGNORECASE,
)
# As browsers do (the WHATWG Encoding standard): these labels all mean windows-1252.
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii"}
)
# The legacy encodings browsers read, by Python's codec names; a declaration of anything else
# (UTF-7, base64, rot13, unicode-escape… which Python would also accept) is ignored.
_LEGACY_CODECS = frozenset(
    {f"cp{number}" for number in range(1250, 1259)}
    | {f"iso8859-{number}" for number in (2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 14, 15, 16)}
    | {"cp866", "cp874", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic"}
    | {"big5", "euc_jp", "euc_kr", "gb18030", "gb2312", "gbk", "iso2022_jp", "shift_jis"}
)
_QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """An article as CommonMark starting with its `# title`; `notice` is set (one line) when
    the extractor failed and the page's plain text stands in for the article."""

    title: str
    markdown: str
    notice: str | None = None


def decode_html(data: bytes, name: str) -> str:
    """Decode a page: a BOM wins, then a declared legacy charset (`<meta charset>` or the XML
    declaration, in the first 4 KiB; a byte it lacks becomes U+FFFD, as in a browser);
    otherwise UTF-8 as for any document, refusing NUL bytes and invalid UTF-8 in one line."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        return decode(data, name)
    codec = _declared_codec(data[:_SNIFF_BYTES])
    if codec is None:
        return decode(data, name)
    return data.decode(codec, errors="replace")


def _declared_codec(head: bytes) -> str | None:
    """The Python codec of the legacy charset the page declares, if any (a declared UTF-8 or
    UTF-16 is read as UTF-8: the BOM, checked first, is what tells UTF-16)."""
    match = _DECLARED_CHARSET.search(head)
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return codec if codec in _LEGACY_CODECS else None


def extract_article(html: str, name: str) -> ExtractedArticle:
    """The article of the page `html` (from the file `name`) as CommonMark.

    DocumentError when the page has no article text, or when neither the extractor nor its
    plain-text fallback can read it; a notice when the plain text stands in for the article.
    """
    trafilatura = _import_trafilatura()
    try:
        extracted = trafilatura.bare_extraction(
            html,
            output_format="xml",  # the tree only: "python" would also write it out as text
            fast=True,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            include_formatting=True,
            include_images=False,
            include_links=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": False},
        )
        article = None if extracted is None else _article(extracted, name)
    except Exception as error:  # the extractor failed on this page: its plain text instead
        return _plain_text_fallback(trafilatura, html, name, error)
    if article is None:
        raise DocumentError(f"{name} has no article text")
    return article


def _article(extracted: Any, name: str) -> ExtractedArticle | None:
    body = extracted.body
    if body is None or article_words(body) < MIN_ARTICLE_WORDS:
        return None
    markdown = body_markdown(body)
    heading = leading_heading(body)
    if heading:
        return ExtractedArticle(title=heading, markdown=markdown)
    title = " ".join(str(extracted.title or "").split()) or name
    return ExtractedArticle(title=title, markdown=f"# {escape_text(title)}\n\n{markdown}")


def _plain_text_fallback(
    trafilatura: Any, html: str, name: str, error: Exception
) -> ExtractedArticle:
    reason = type(error).__name__
    try:
        text = str(trafilatura.html2txt(html))
    except Exception:
        raise DocumentError(f"{name} could not be read as a web page ({reason})") from None
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    paragraphs = [escape_text(paragraph) for paragraph in paragraphs if paragraph]
    if not paragraphs:
        raise DocumentError(f"{name} has no article text")
    title = name
    notice = f"{name}: the article could not be extracted ({reason}); showing the page's text"
    notice = visible_controls(notice, keep_newlines=False)  # a file name may hold anything
    markdown = "\n\n".join([f"# {escape_text(title)}", *paragraphs])
    return ExtractedArticle(title=title, markdown=markdown, notice=notice)


def _import_trafilatura() -> Any:
    """trafilatura, imported on first use, with its loggers silenced: a warning about a page
    must not reach the terminal the reader draws on (logging's last resort prints to stderr)."""
    import trafilatura

    for name in _QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.setLevel(logging.CRITICAL + 1)
        logger.propagate = False
    return trafilatura
