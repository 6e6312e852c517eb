"""Every key of the reader in one table: the BINDINGS, the help, the palette and the README."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from textual.binding import Binding, BindingType
from textual.keys import format_key

from annotations.model import LABEL_NUMBERS

MOVE, SELECT, ANNOTATE, NOTES, FILES, DIALOGS = (
    "Move",
    "Select",
    "Annotate",
    "Notes pane",
    "Files and app",
    "Dialogs",
)
HELP_GROUPS = (MOVE, SELECT, ANNOTATE, NOTES, FILES)
"""The help's headings, in order; dialog keys (group DIALOGS) are listed in their own dialog."""


class Key(NamedTuple):
    """One binding: its id (for keymaps), keys, action, words, help group and widget (scope).

    A NamedTuple, not a dataclass: creating a dataclass costs ~0.5 ms at import."""

    id: str
    keys: str
    action: str
    description: str
    group: str
    scope: str
    tooltip: str = ""
    show: bool = False
    priority: bool = False
    key_display: str | None = None
    command: str = ""
    """The command palette's title; empty keeps the key out of the palette."""

    def binding(self, keymap: Mapping[str, str] | None = None) -> Binding:
        """The Textual binding; with `keymap`, on the keys the user chose instead."""
        keys = (keymap or {}).get(self.id, self.keys)
        return Binding(
            keys,
            self.action,
            self.description,
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            tooltip=self.tooltip,
            id=self.id,
        )


LABEL_TOOLTIP = (
    "With a selection: highlight exactly the selected text with this label; on a highlight: "
    "change its label; elsewhere: highlight the word under the cursor"
)

_ARTICLE = [
    Key("article.help", "question_mark", "app.help", "Help", FILES, "article", show=True,
        tooltip="Every key, built from the key table"),
    Key("article.visual", "v", "visual", "Select", SELECT, "article", show=True,
        tooltip="Start a selection at the cursor; motions extend it (vim charwise: both ends "
        "included)", command="Select: start a visual selection"),
    *(Key(f"article.label{n}", str(n), f"app.label({n})", f"Label {n}", ANNOTATE, "article",
          tooltip=LABEL_TOOLTIP) for n in LABEL_NUMBERS),
    Key("article.highlight", "enter", "app.highlight", "Highlight", ANNOTATE, "article",
        show=True, key_display="1-5/⏎", tooltip="The same as 1"),
    Key("article.note", "a", "app.note", "Note", ANNOTATE, "article", show=True,
        tooltip="Add or edit the note: of the highlight under the cursor, or of a new label-1 "
        "highlight of the selection (or word)", command="Add or edit the note"),
    Key("article.delete", "x,delete", "app.delete_highlight", "Delete", ANNOTATE, "article",
        tooltip="Delete the highlight under the cursor and its note",
        command="Delete the highlight under the cursor"),
    Key("article.extent", "R", "app.change_extent", "Change extent", ANNOTATE, "article",
        tooltip="Select the highlight under the cursor to move its ends with motions; R again "
        "keeps the new extent, label and note (u undoes it), esc cancels",
        command="Change the extent of the highlight under the cursor"),
    Key("article.confirm", "c", "app.confirm_place", "Confirm place", ANNOTATE, "article",
        tooltip="Confirm the new place of a highlight marked ≈ (placed approximately after "
        "the file changed), in the article or the notes pane",
        command="Confirm the new place of the highlight"),
    Key("article.search", "slash", "search", "Search", MOVE, "article", show=True,
        tooltip="Search the article from the cursor (wrapping, smart case); enter to go",
        command="Search the article"),
    Key("article.left", "h,left", "move('prev_char')", "Left", MOVE, "article",
        tooltip="Previous character (a whole grapheme: never splits é, 👍🏽 or 中)"),
    Key("article.right", "l,right", "move('next_char')", "Right", MOVE, "article",
        tooltip="Next character"),
    Key("article.down", "j,down", "line(1)", "Down", MOVE, "article",
        tooltip="Next display line, keeping the column"),
    Key("article.up", "k,up", "line(-1)", "Up", MOVE, "article",
        tooltip="Previous display line, keeping the column"),
    Key("article.word_forward", "w", "move('word_forward')", "Next word", MOVE, "article",
        tooltip="Start of the next word", command="Next word"),
    Key("article.word_backward", "b", "move('word_backward')", "Previous word", MOVE, "article",
        tooltip="Start of this or the previous word", command="Previous word"),
    Key("article.word_end", "e", "move('word_end')", "Word end", MOVE, "article",
        tooltip="End of this or the next word", command="End of the word"),
    Key("article.sentence_backward", "left_parenthesis", "move('sentence_backward')",
        "Previous sentence", MOVE, "article", tooltip="Start of this or the previous sentence",
        command="Previous sentence"),
    Key("article.sentence_forward", "right_parenthesis", "move('sentence_forward')",
        "Next sentence", MOVE, "article", tooltip="Start of the next sentence",
        command="Next sentence"),
    Key("article.paragraph_backward", "left_curly_bracket", "move('paragraph_backward')",
        "Previous ¶", MOVE, "article", tooltip="Start of this or the previous paragraph",
        command="Previous paragraph"),
    Key("article.paragraph_forward", "right_curly_bracket", "move('paragraph_forward')",
        "Next ¶", MOVE, "article", tooltip="Start of the next paragraph",
        command="Next paragraph"),
    Key("article.line_start", "0", "line_edge('start')", "Line start", MOVE, "article",
        tooltip="Start of the display line (vim 0)"),
    Key("article.line_end", "dollar_sign", "line_edge('end')", "Line end", MOVE, "article",
        tooltip="End of the display line (vim $)"),
    Key("article.top", "g,home", "edge('start')", "Top", MOVE, "article",
        tooltip="Start of the document", command="Start of the document"),
    Key("article.bottom", "G,end", "edge('end')", "Bottom", MOVE, "article",
        tooltip="End of the document", command="End of the document"),
    Key("article.half_down", "ctrl+d", "page(0.5)", "Half page down", MOVE, "article",
        command="Half a page down"),
    Key("article.half_up", "ctrl+u", "page(-0.5)", "Half page up", MOVE, "article",
        command="Half a page up"),
    Key("article.page_down", "pagedown,space,ctrl+f", "page(1)", "Page down", MOVE, "article",
        tooltip="A page down (also space and ctrl+f, as in vim and less)", command="Page down"),
    Key("article.page_up", "pageup,ctrl+b,shift+space", "page(-1)", "Page up", MOVE, "article",
        tooltip="A page up (also ctrl+b and shift+space)", command="Page up"),
    Key("article.screen_top", "H", "screen_line('top')", "Screen top", MOVE, "article",
        tooltip="The top line of the screen (vim H; nothing scrolls)",
        command="Top line of the screen"),
    Key("article.screen_middle", "M", "screen_line('middle')", "Screen middle", MOVE, "article",
        tooltip="The middle line of the screen (vim M)", command="Middle line of the screen"),
    Key("article.screen_bottom", "L", "screen_line('bottom')", "Screen bottom", MOVE, "article",
        tooltip="The bottom line of the screen (vim L; nothing scrolls)",
        command="Bottom line of the screen"),
    Key("article.centre", "z", "centre", "Centre (zz)", MOVE, "article", key_display="zz",
        tooltip="zz: scroll the cursor line to the middle of the screen (z waits for the "
        "second z; any other key cancels it)"),
    Key("article.select_sentence", "s", "select_sentence", "Sentence", SELECT, "article",
        tooltip="Select the sentence under the cursor",
        command="Select the sentence under the cursor"),
    Key("article.select_paragraph", "p", "select_paragraph", "Paragraph", SELECT, "article",
        tooltip="Select the paragraph under the cursor",
        command="Select the paragraph under the cursor"),
    Key("article.clear", "escape", "clear_selection", "Clear", SELECT, "article",
        tooltip="Clear the selection", command="Clear the selection"),
    Key("article.next_highlight", "right_square_bracket", "jump_highlight(1)", "Next highlight",
        MOVE, "article", command="Next highlight"),
    Key("article.previous_highlight", "left_square_bracket", "jump_highlight(-1)",
        "Previous highlight", MOVE, "article", command="Previous highlight"),
    Key("article.search_next", "n", "search_again(1)", "Next match", MOVE, "article",
        command="Repeat the search forward"),
    Key("article.search_prev", "N", "search_again(-1)", "Previous match", MOVE, "article",
        command="Repeat the search backward"),
]  # fmt: skip

_APP = [
    Key("app.switch_focus", "tab", "switch_focus", "Notes ⇄ text", NOTES, "app", priority=True,
        tooltip="Move focus between the article and the notes pane",
        command="Move focus between the article and the notes"),
    Key("app.undo", "u", "undo", "Undo", ANNOTATE, "app", show=True,
        tooltip="Undo the last annotation change (add, relabel, note edit, delete), also after "
        "a restart", command="Undo the last annotation change"),
    Key("app.redo", "ctrl+r", "redo", "Redo", ANNOTATE, "app",
        tooltip="Redo the last undone change", command="Redo the last undone change"),
    Key("app.export", "E", "export", "Export", FILES, "app",
        tooltip="Export Markdown: asks for a path (prefilled <document-slug>-notes.md in the "
        "working directory), asks before overwriting", command="Export notes as Markdown"),
    Key("app.toggle_notes", "ctrl+n", "toggle_notes", "Notes pane", NOTES, "app",
        tooltip="Show or hide the notes pane (below 90 columns it is hidden to leave the text "
        "room)", command="Show or hide the notes pane"),
    Key("app.library", "ctrl+o", "library", "Library", FILES, "app",
        tooltip="Every document you opened: filter as you type, enter reads it here; ctrl+o "
        "there opens a file by path", command="Library: open another document"),
    Key("app.help", "question_mark", "help", "Help", FILES, "app", show=True,
        tooltip="Every key, built from the key table", command="Help: every key"),
    Key("app.palette", "ctrl+p", "command_palette", "Commands", FILES, "app",
        tooltip='Command palette: every action, "jump to paragraph N" (jump 5 or ¶5), themes'),
    Key("app.quit", "q", "quit", "Quit", FILES, "app", show=True,
        tooltip="Quit (everything is already saved)"),
]  # fmt: skip

_NOTES = [
    Key("notes.next", "j,down", "cursor_down", "Next", NOTES, "notes.list",
        tooltip="Move to the next highlight"),
    Key("notes.previous", "k,up", "cursor_up", "Previous", NOTES, "notes.list",
        tooltip="Move to the previous highlight"),
    Key("notes.first", "g,home", "first", "First", NOTES, "notes.list",
        tooltip="Move to the first highlight"),
    Key("notes.last", "G,end", "last", "Last", NOTES, "notes.list",
        tooltip="Move to the last highlight"),
    Key("notes.jump", "enter", "select", "Jump", NOTES, "notes.list", show=True,
        tooltip="Show this highlight in the article"),
    Key("notes.edit", "a", "edit", "Edit", NOTES, "notes.pane", show=True,
        tooltip="Edit the note of this highlight"),
    Key("notes.delete", "x,delete", "delete", "Delete", NOTES, "notes.pane", show=True,
        tooltip="Delete this highlight"),
    # The same row of the help as the article's `c` (one action name, one group).
    Key("notes.confirm", "c", "confirm_place", "Confirm place", ANNOTATE, "notes.pane",
        tooltip="Confirm the new place of this highlight marked ≈ moved?"),
    Key("notes.reattach", "r", "reattach", "Re-attach", NOTES, "notes.pane",
        tooltip="Re-attach this orphaned highlight to the selection in the article (or the "
        "word under the article's cursor)"),
    Key("notes.filter", "slash", "open_filter", "Filter", NOTES, "notes.pane", show=True,
        tooltip="Show only highlights whose quote or note matches (full-text search)"),
    Key("notes.clear_filter", "escape", "clear_filter", "Clear", NOTES, "notes.pane",
        show=True, tooltip="Clear the filter and show every highlight"),
]  # fmt: skip

_DIALOGS = [
    Key("search.cancel", "escape", "cancel", "Cancel search", DIALOGS, "search",
        tooltip="Close the search prompt"),
    Key("note.save", "ctrl+s", "save", "Save note", DIALOGS, "note", show=True, priority=True,
        tooltip="Save the note and close the editor."),
    Key("note.close", "escape", "save", "Close", DIALOGS, "note", show=True, priority=True,
        tooltip="Close the editor; the note is saved, never dropped."),
    Key("export.submit", "enter", "submit", "Export", DIALOGS, "export", show=True,
        tooltip="Write the notes to this path."),
    Key("export.cancel", "escape", "cancel", "Cancel", DIALOGS, "export", show=True,
        tooltip="Close without exporting."),
    Key("confirm.yes", "y", "answer(True)", "Yes", DIALOGS, "confirm", show=True,
        tooltip="Answer yes."),
    Key("confirm.no", "n", "answer(False)", "No", DIALOGS, "confirm", show=True,
        tooltip="Answer no."),
    Key("confirm.cancel", "escape", "answer(False)", "Cancel", DIALOGS, "confirm", show=True,
        tooltip="Close the question; same as answering no."),
    Key("confirm.previous", "left", "app.focus_previous", "Previous button", DIALOGS, "confirm"),
    Key("confirm.next", "right", "app.focus_next", "Next button", DIALOGS, "confirm"),
    Key("conflict.mine", "m", "choose('mine')", "Keep mine", DIALOGS, "conflict", show=True,
        tooltip="The note changed in another window: keep the text in this editor"),
    Key("conflict.theirs", "t", "choose('theirs')", "Keep theirs", DIALOGS, "conflict",
        show=True, tooltip="Keep the text saved in the other window"),
    Key("conflict.both", "b,escape", "choose('both')", "Keep both", DIALOGS, "conflict",
        show=True, tooltip="Keep both texts: theirs, a line, then yours (nothing is lost)"),
    Key("deleted.new", "n,escape", "choose('new')", "Save on a new highlight", DIALOGS,
        "deleted", show=True, tooltip="The highlight was deleted in another window: save the "
        "note on a new highlight of the same text"),
    Key("deleted.discard", "d", "choose('discard')", "Discard the note", DIALOGS, "deleted",
        show=True, tooltip="Drop the note, on purpose"),
    Key("library.open", "enter", "open", "Open", DIALOGS, "library", show=True,
        tooltip="Read the chosen document here (its notes, position and undo history)"),
    Key("library.down", "down", "move(1)", "Next", DIALOGS, "library"),
    Key("library.up", "up", "move(-1)", "Previous", DIALOGS, "library"),
    Key("library.page_down", "pagedown", "move(10)", "Page down", DIALOGS, "library"),
    Key("library.page_up", "pageup", "move(-10)", "Page up", DIALOGS, "library"),
    Key("library.path", "ctrl+o", "open_path", "Open a file", DIALOGS, "library", show=True,
        tooltip="Type the path of a file to read (tab completes names)"),
    Key("library.close", "escape", "close", "Close", DIALOGS, "library", show=True,
        tooltip="Back to the document you were reading"),
    Key("path.complete", "tab", "complete", "Complete", DIALOGS, "path.input", show=True,
        tooltip="Complete the file or folder name (a folder ends in /: tab again goes in)"),
    Key("path.open", "enter", "open", "Open", DIALOGS, "path", show=True,
        tooltip="Read this file here"),
    Key("path.cancel", "escape", "cancel", "Back", DIALOGS, "path", show=True,
        tooltip="Close the prompt without opening anything"),
    Key("help.close", "escape,q,question_mark", "close", "Close help", DIALOGS, "help",
        show=True, tooltip="Back to where you were."),
    Key("help.down", "j,down", "scroll_lines(1)", "Scroll down", DIALOGS, "help"),
    Key("help.up", "k,up", "scroll_lines(-1)", "Scroll up", DIALOGS, "help"),
    Key("help.top", "g,home", "scroll_edge(-1)", "Top", DIALOGS, "help"),
    Key("help.bottom", "G,end", "scroll_edge(1)", "Bottom", DIALOGS, "help"),
    Key("help.page_down", "pagedown,space", "scroll_page(1)", "Page down", DIALOGS, "help"),
    Key("help.page_up", "pageup", "scroll_page(-1)", "Page up", DIALOGS, "help"),
]  # fmt: skip

KEYS: tuple[Key, ...] = (*_ARTICLE, *_APP, *_NOTES, *_DIALOGS)
KEY_IDS = frozenset(key.id for key in KEYS)


def keys_for(scope: str) -> list[Key]:
    """The table's entries of one widget or screen, in table order."""
    return [key for key in KEYS if key.scope == scope]


def bindings_for(scope: str, keymap: Mapping[str, str] | None = None) -> list[BindingType]:
    """The `BINDINGS` of one widget or screen (`article`, `notes.list`, `help`…)."""
    return [key.binding(keymap) for key in keys_for(scope)]


def help_sections(keymap: Mapping[str, str] | None = None) -> list[tuple[str, list[BindingType]]]:
    """The help's sections: each group's bindings, on the keys of `keymap`; one key per action."""
    sections: list[tuple[str, list[BindingType]]] = []
    for group in HELP_GROUPS:
        seen: set[str] = set()
        bindings: list[BindingType] = []
        for key in KEYS:
            action = key.action.removeprefix("app.")
            if key.group == group and action not in seen:
                seen.add(action)
                bindings.append(key.binding(keymap))
        sections.append((group, bindings))
    return sections


def readme_key(key: str) -> str:
    """A key as the README shows it: `left_parenthesis` → `(`, `down` → `↓`, `ctrl+d` as is."""
    return key if "+" in key else format_key(key)


def readme_rows() -> list[str]:
    """The README's `## Keys` table, one Markdown row per help row (1–5 as one row)."""
    rows = ["| group | key | action |", "|---|---|---|"]
    for group, bindings in help_sections():
        for binding in bindings:
            assert isinstance(binding, Binding)
            if binding.id and binding.id.startswith("article.label"):
                if binding.id != "article.label1":
                    continue
                keys = "`1`…`5`"
                text = "Highlight with label N. " + binding.tooltip
            else:
                keys = " / ".join(f"`{readme_key(k)}`" for k in binding.key.split(","))
                text = binding.tooltip or binding.description
            rows.append(f"| {group} | {keys} | {text} |")
    return rows


def readme_table() -> str:
    """The README's key table as Markdown text."""
    return "\n".join(readme_rows()) + "\n"
