"""The command palette (ctrl+p): every reader action, "jump to paragraph N", and themes.

The actions and their keys come from the key table (`tui.keys`), on the user's keymap.

Textual's own system commands (theme switching, quit, keys) stay in the palette beside these.
Prompts are `Content` built from plain text (never markup): paragraph openings are article text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from annotations.document import visible_controls
from annotations.model import LABEL_NUMBERS
from tui.keys import KEYS, Key

if TYPE_CHECKING:
    from tui.app import ReaderApp

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
        labels = {key.id: key for key in KEYS if key.id.startswith("article.label")}
        commands = [
            ReaderCommand(
                f"Highlight with label {n}: {visible_controls(reader.config.label(n).name)}",
                partial(reader.action_label, n),
                self._key(labels[f"article.label{n}"]),
            )
            for n in LABEL_NUMBERS
        ]
        commands += [
            ReaderCommand(key.command, self._runner(key), self._key(key))
            for key in KEYS
            if key.command
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

    def _runner(self, key: Key) -> Callable[[], object]:
        """Run the key's action where its binding lives: the article's on the article."""
        reader = self.reader
        target = reader.article if key.scope == "article" else reader
        return partial(target.run_action, key.action)

    def _key(self, key: Key) -> str:
        """The first key of the binding, as the user has it (keymap included)."""
        binding = key.binding(self.reader.config.keymap)
        first = binding.key.split(",")[0].strip()
        return self.reader.get_key_display(replace(binding, key=first, key_display=None))

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
