"""The command palette (ctrl+p): every reader action, "jump to paragraph N", and themes.

Textual's own system commands (theme switching, quit, keys) stay in the palette beside these.
Prompts are `Content` built from plain text (never markup): paragraph openings are article text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from annotations.document import visible_controls

if TYPE_CHECKING:
    from tui.app import ReaderApp

ARTICLE_ACTIONS: list[tuple[str, str, str]] = [
    ("Select: start a visual selection", "visual", "v"),
    ("Select the sentence under the cursor", "select_sentence", "s"),
    ("Select the paragraph under the cursor", "select_paragraph", "p"),
    ("Clear the selection", "clear_selection", "escape"),
    ("Next highlight", "jump_highlight(1)", "]"),
    ("Previous highlight", "jump_highlight(-1)", "["),
    ("Search the article", "search", "/"),
    ("Repeat the search forward", "search_again(1)", "n"),
    ("Repeat the search backward", "search_again(-1)", "N"),
    ("Next word", "move('word_forward')", "w"),
    ("Previous word", "move('word_backward')", "b"),
    ("End of the word", "move('word_end')", "e"),
    ("Next sentence", "move('sentence_forward')", ")"),
    ("Previous sentence", "move('sentence_backward')", "("),
    ("Next paragraph", "move('paragraph_forward')", "}"),
    ("Previous paragraph", "move('paragraph_backward')", "{"),
    ("Start of the document", "edge('start')", "g"),
    ("End of the document", "edge('end')", "G"),
    ("Half a page down", "page(0.5)", "ctrl+d"),
    ("Half a page up", "page(-0.5)", "ctrl+u"),
    ("Page down", "page(1)", "pagedown"),
    ("Page up", "page(-1)", "pageup"),
]
APP_ACTIONS: list[tuple[str, str, str]] = [
    ("Add or edit the note", "note", "a"),
    ("Delete the highlight under the cursor", "delete_highlight", "x"),
    ("Undo the last annotation change", "undo", "u"),
    ("Redo the last undone change", "redo", "ctrl+r"),
    ("Export notes as Markdown", "export", "E"),
    ("Show or hide the notes pane", "toggle_notes", "ctrl+n"),
    ("Move focus between the article and the notes", "switch_focus", "tab"),
    ("Help: every key", "help", "?"),
]
JUMP_PREFIX = "Jump to paragraph"
OPENING_WORDS = 6
_JUMP_QUERY = re.compile(r"^\s*(?:jump(?:\s+to)?|go(?:to)?|paragraph|p|¶)?\s*¶?\s*([0-9]+)\s*$")


@dataclass(frozen=True)
class ReaderCommand:
    title: str
    run: Callable[[], object]
    key: str = ""

    def prompt(self, matcher: Matcher | None = None) -> Content:
        """The title (with the matched letters marked) and its key, as plain-text Content."""
        title = Content(self.title)
        if matcher is not None:
            score, offsets = matcher.fuzzy_search.match(matcher.query, self.title)
            if score:
                for offset in offsets:
                    title = title.stylize(matcher.match_style, offset, offset + 1)
        if not self.key:
            return title
        return Content.assemble(title, ("  " + self.key, "$text-muted"))


class ReaderCommands(Provider):
    """Commands of the reader, searchable by name; `¶3`, `3` or `jump 3` jump to a paragraph."""

    _cache: list[ReaderCommand] | None = None

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    def _commands(self) -> list[ReaderCommand]:
        """Built once per palette opening (paragraph titles mean splitting every paragraph)."""
        if self._cache is None:
            self._cache = self._build()
        return self._cache

    def _build(self) -> list[ReaderCommand]:
        reader = self.reader
        article = reader.article
        commands = [
            ReaderCommand(
                f"Highlight with label {n}: {visible_controls(reader.config.label(n).name)}",
                partial(reader.action_label, n),
                str(n),
            )
            for n in range(1, 6)
        ]
        commands += [
            ReaderCommand(title, partial(article.run_action, action), key)
            for title, action, key in ARTICLE_ACTIONS
        ]
        commands += [
            ReaderCommand(title, partial(reader.run_action, action), key)
            for title, action, key in APP_ACTIONS
        ]
        for block in reader.document.paragraphs:
            words = reader.document.block_text(block).split()[:OPENING_WORDS]
            opening = visible_controls(" ".join(words), keep_newlines=False)
            commands.append(
                ReaderCommand(
                    f"{JUMP_PREFIX} {block.number} (¶{block.number}) · {opening}…",
                    partial(reader.jump_to_paragraph, block.number),
                )
            )
        return commands

    async def discover(self) -> Hits:
        for command in self._commands():
            if not command.title.startswith(JUMP_PREFIX):
                yield DiscoveryHit(command.prompt(), command.run, text=command.title)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        jump = paragraph_number(query)
        for command in self._commands():
            if jump is not None and command.title.startswith(f"{JUMP_PREFIX} {jump} "):
                yield Hit(1.0, command.prompt(), command.run, text=command.title)
                continue
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, command.prompt(matcher), command.run, text=command.title)


def paragraph_number(query: str) -> int | None:
    """`3`, `¶3`, `p3`, `jump 3`, `jump to 3`, `paragraph 3` → 3; anything else → None."""
    match = _JUMP_QUERY.match(query.lower())
    return int(match.group(1)) if match else None
