"""The reader's screen: its widgets, wide or narrow, and focus moving between them (no data)."""

from __future__ import annotations

from textual import events, on
from textual.actions import SkipAction
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from annotations.config import Config
from annotations.document import Document, visible_controls
from tui.display import SAFE_INPUT
from tui.widgets.article import ArticleView, Position
from tui.widgets.footer import ReaderFooter
from tui.widgets.notes import NotesPane
from tui.widgets.search import SearchInput
from tui.widgets.status import StatusLine
from tui.widgets.title_bar import TitleBar

NARROW_WIDTH = 90


class ReaderScreen(Screen[None]):
    """The reader's screen: Screen, whose focus changes do not repaint its own background."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Screen's `focused` repaints the screen at every focus change (`/`, its enter, tab): its
    blank background under every widget, and so every widget's lines in the next frame. The
    screen draws nothing that depends on focus; the widgets that do repaint themselves."""


class ReaderLayout(App[None]):
    """The article beside the notes pane; under ~90 columns, one of the two at a time."""

    def __init__(self, document: Document, config: Config) -> None:
        super().__init__()
        self.document = document
        self.config = config
        self.title = visible_controls(document.title, keep_newlines=False)
        self.sub_title = "bakhmut-read"

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        article = ArticleView(self.document, self.config, id="article")
        # A watcher runs as the attribute is set: the status changes in the article's frame.
        self.watch(article, "position", self._cursor_moved, init=False)
        with Horizontal(id="main"):
            yield article
            yield NotesPane(self.document, self.config, id="notes")
        yield StatusLine(id="status")
        yield ReaderFooter(id="footer")

    def _cursor_moved(self, position: Position) -> None:
        """The article's cursor or selection moved (the app shows it)."""

    @property
    def article(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def notes(self) -> NotesPane:
        return self.query_one(NotesPane)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_width(event.size.width)

    def _fit_width(self, width: int) -> None:
        """Under ~90 columns the notes pane is hidden (ctrl+n shows it) instead of squeezed."""
        narrow = width < NARROW_WIDTH
        self.screen.set_class(narrow, "-narrow")
        footer = self.query_one(ReaderFooter)
        footer.compact = narrow
        footer.show_command_palette = not narrow

    def _notes_focused(self) -> bool:
        return self.focused is not None and self.focused.id == "notes-list"

    @on(ArticleView.SearchRequested)
    async def _open_search(self) -> None:
        search = await self._search_prompt()
        search.open(self.article.last_search or "")

    async def _search_prompt(self) -> SearchInput:
        """The `/` prompt, mounted the first time it is asked for: not at start, where it was
        one more widget (and Input's CSS) to style before the first screen."""
        for search in self.query(SearchInput):
            return search
        search = SearchInput(placeholder="Search the article…", id="search", highlighter=SAFE_INPUT)
        search.display = False
        # The screen's first child: the compositor numbers the drawing order of the screen's
        # widgets from its last child, so showing or hiding the last one renumbered all the
        # others, which then counted as moved and were written again (the whole screen).
        await self.screen.mount(search, before=0)
        return search

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.query_one(SearchInput).close()
        self.article.focus()
        if event.value:
            self.article.search(event.value)

    def action_switch_focus(self) -> None:
        """`tab` (a priority binding, so Screen's own focus-next does not take it first)."""
        if len(self.screen_stack) > 1:
            raise SkipAction()  # in a dialog, tab keeps its usual meaning
        for search in self.query(SearchInput):
            search.close()
        if self.focused is self.article:
            self._set_notes_visible(True)
            self.query_one("#notes-list").focus()
        else:
            self._focus_article()

    def action_toggle_notes(self) -> None:
        visible = not self._notes_visible()
        self._set_notes_visible(visible)
        if visible and self._narrow:
            self.query_one("#notes-list").focus()
        elif not visible:
            self.article.focus()

    @property
    def _narrow(self) -> bool:
        return self.screen.has_class("-narrow")

    def _notes_visible(self) -> bool:
        """Wide: the pane shows unless hidden with ctrl+n. Narrow: it replaces the article."""
        if self._narrow:
            return self.screen.has_class("-show-notes")
        return not self.screen.has_class("-hide-notes")

    def _set_notes_visible(self, visible: bool) -> None:
        """Narrow and wide layouts keep their own choice, so a resize restores the other one."""
        if self._narrow:
            self.screen.set_class(visible, "-show-notes")
        else:
            self.screen.set_class(not visible, "-hide-notes")

    def _focus_article(self) -> None:
        """Focus the article, bringing it back if the narrow layout had swapped it for notes."""
        if self._narrow:
            self._set_notes_visible(False)
        self.article.focus()

    def go_to(self, offset: int) -> None:
        """Show `offset` in the article: no selection, cursor there, the article focused."""
        self.article.end_visual()
        self.article.move_cursor(offset, jump=True)
        self._focus_article()
