"""The command palette: article text stays literal, narrow mode, annotation commands; fast keys."""

from __future__ import annotations

from app_helpers import press, running, wait_until
from textual.command import CommandPalette
from textual.widgets import Input

from annotations.document import Document, build_document
from annotations.store import Store

TRICKY = (
    "Tricky\n\n[link=https://example.com]click[/link] and [b]bold[/b] \x1b]0;pwned\x07 here.\n\n"
    "Second paragraph."
)


def palette_prompts(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(o.prompt) for o in app.screen.query_one("CommandList").options]


async def open_palette(pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    await press(pilot, "ctrl+p")
    await press(pilot, *[{" ": "space"}.get(c, c) for c in query])


async def test_paragraph_text_is_shown_literally_and_jump_works(store: Store) -> None:
    document = build_document(TRICKY, "mem:tricky", "tricky.txt", False)
    async with running(document, store) as (app, pilot):
        await open_palette(pilot, "jump 1")
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).value == "jump 1"
        assert await wait_until(pilot, lambda: any("[link=" in p for p in palette_prompts(app)))
        shown = next(p for p in palette_prompts(app) if "Jump to paragraph 1" in p)
        assert "[link=https://example.com]click[/link]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        await press(pilot, "enter")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette))
        first = document.paragraph(1)
        assert first is not None and app.article.cursor == first.start


async def test_jump_in_a_narrow_terminal_shows_the_article(article: Document, store: Store) -> None:
    async with running(article, store, size=(70, 24)) as (app, pilot):
        await press(pilot, "ctrl+n")
        assert app.screen.has_class("-show-notes")
        await open_palette(pilot, "jump 3")
        assert await wait_until(
            pilot, lambda: any("Jump to paragraph 3" in p for p in palette_prompts(app))
        )
        await press(pilot, "enter")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette))
        assert not app.screen.has_class("-show-notes")
        assert app.focused is app.article
        third = article.paragraph(3)
        assert third is not None and app.article.cursor == third.start


async def test_label_command_highlights_the_word(article: Document, store: Store) -> None:
    async with running(article, store) as (app, pilot):
        await open_palette(pilot, "label 4")
        assert await wait_until(pilot, lambda: any("label 4" in p for p in palette_prompts(app)))
        await press(pilot, "enter")
        assert await wait_until(pilot, lambda: bool(store.annotations(article.source)))
    [saved] = store.annotations(article.source)
    assert (saved.quote, saved.label) == ("The", 4)


async def test_keys_typed_ahead_relabel_instead_of_adding_twice(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (_app, pilot):
        await pilot.press("1", "2", "3")  # no pause between keys
        await pilot.pause()
        [saved] = store.annotations(article.source)
        assert (saved.quote, saved.label) == ("The", 3)
        await pilot.press("x", "v", "e", "e", "5")
        await pilot.pause()
    [saved] = store.annotations(article.source)
    assert (saved.quote, saved.label) == ("The battle", 5)
