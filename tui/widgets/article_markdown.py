"""The article of a Markdown document: `ArticleView` with the styles of its constructs.

A plain text never needs them, and each costs at every style update of the article (Textual
works out a component class's style with a full stylesheet match), so they are here, not on
`ArticleView`: the CSS is parsed and the classes styled only once a Markdown document opens
(`ArticleView(document, ...)` gives this class for one, see `ArticleView.__new__`).
"""

from __future__ import annotations

from typing import ClassVar

from tui.widgets.article import ArticleView
from tui.widgets.article_rows import MARKDOWN_CLASSES


class MarkdownArticleView(ArticleView):
    """Headings by level, code on its own background, quotes and markers muted, inline styles
    (tui/widgets/article_rows.py MARKDOWN_CLASSES); highlights are laid on top."""

    DEFAULT_CSS = """
    MarkdownArticleView > .article--h1 { color: $text-accent; text-style: bold underline; }
    MarkdownArticleView > .article--h2 { color: $text-accent; text-style: bold; }
    MarkdownArticleView > .article--h3 { color: $text-primary; text-style: bold; }
    MarkdownArticleView > .article--heading { color: $text-primary; text-style: bold italic; }
    MarkdownArticleView > .article--code-block { color: $text-success; background: $panel; }
    MarkdownArticleView > .article--quote { color: $text-muted; text-style: italic; }
    MarkdownArticleView > .article--table { }
    MarkdownArticleView > .article--html { color: $text-muted; }
    MarkdownArticleView > .article--emphasis { text-style: italic; }
    MarkdownArticleView > .article--strong { text-style: bold; }
    MarkdownArticleView > .article--code { color: $text-warning; background: $boost; }
    MarkdownArticleView > .article--link { color: $text-secondary; text-style: underline; }
    MarkdownArticleView > .article--mark { color: $foreground-muted; text-style: not italic; }
    MarkdownArticleView > .article--bullet { color: $text-accent; text-style: bold; }
    MarkdownArticleView > .article--image { color: $text-secondary; text-style: italic; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = set(MARKDOWN_CLASSES)
