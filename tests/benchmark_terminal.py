"""The benchmark's terminal figures: the real command in a pseudo-terminal against a bare app.

Both figures run real processes (see tests/benchmark_pty.py for how they are timed):
- first screen: `bakhmut-read [PATH]` (the console script's entry point, read from
  pyproject.toml, run by this Python) from spawn to a word of the document's first paragraph on
  the screen, and its peak RSS then, on the article, a generated text of `big_bytes` (~100 bytes
  a paragraph), one just under the 10 MiB limit and a generated Markdown file of `big_bytes`
  (headings, lists, code blocks, tables). The baseline is a bare Textual app (its script written
  into the temporary directory) showing the article in one Static, launched before each of them.
  Every timed launch reopens a document stored by an untimed one (which quits with `q`), and
  is killed once measured (what it does after its first screen is not timed);
- key to screen change: in one reader with `key_highlights` highlights and one bare app, each
  key of the issue is pressed in turn with the bare app's key (which updates its Static); the
  untimed keys around it (`x` after `1`, typing the note, `/` and the word…) put the reader back
  where it was, so every repetition does the same thing.
"""

from __future__ import annotations

import os
import random
import re
import sys
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.document import MAX_FILE_BYTES, Document, load_embedded, load_path
from annotations.store import Store
from tests.benchmark_pty import BARE_APP, PtyApp

ROOT = Path(__file__).resolve().parents[1]
SIZE = (120, 36)
LAUNCH_TIMEOUT = 600.0
KEY_TIMEOUT = 120.0
# (figure id, what the row calls it): the keys of issue 9's goal.
TERMINAL_KEYS = (
    ("j", "j"), ("pagedown", "pagedown"), ("G", "G"), ("1", "1"), ("a", "a (note editor)"),
    ("ctrl_s", "ctrl+s (note saved)"), ("x", "x"), ("u", "u"), ("search", "/word enter"),
    ("next_highlight", "]"),
)  # fmt: skip
SCREEN_TARGETS = ("article", "big", "limit", "markdown")
KEY_DOCUMENTS = ("article", "big")
FIRST_PARAGRAPH = (
    "The quartermaster opened this generated document with one unmistakably plain paragraph, "
    "so that its first screen can be told from any later one."
)
NOTE_WORD = "checked"


# -------------------------------------------------------------------------------------------
# Documents
# -------------------------------------------------------------------------------------------


def vocabulary() -> list[str]:
    """The article's words, lower-cased, without punctuation (the generated text uses them)."""
    words = re.findall(r"[A-Za-z]+", load_embedded().text)
    return sorted({w.lower() for w in words if w.lower() != "quartermaster"})


def generated_text(size: int, seed: int) -> str:
    """A title, FIRST_PARAGRAPH, then paragraphs of 6-19 random words up to `size` bytes."""
    rng = random.Random(seed)
    words = vocabulary()
    parts = ["Generated document", FIRST_PARAGRAPH]
    total = sum(len(p) + 2 for p in parts)
    while True:
        chosen = rng.choices(words, k=rng.randint(6, 19))
        paragraph = " ".join(chosen).capitalize() + "."
        if total + len(paragraph) + 2 > size:
            return "\n\n".join(parts) + "\n"
        parts.append(paragraph)
        total += len(paragraph) + 2


def generated_markdown(size: int, seed: int) -> str:
    """A Markdown document: sections of a paragraph, a list, a code block and a table."""
    rng = random.Random(seed)
    words = vocabulary()

    def phrase(low: int, high: int) -> str:
        return " ".join(rng.choices(words, k=rng.randint(low, high)))

    parts = ["# Generated Markdown document", FIRST_PARAGRAPH]
    total = sum(len(p) + 2 for p in parts)
    section = 0
    while True:
        section += 1
        kind = section % 4
        if kind == 0:
            part = f"## Section {section}: {phrase(2, 5)}"
        elif kind == 1:
            part = "\n".join(f"- {phrase(3, 9)}" for _ in range(rng.randint(2, 5)))
        elif kind == 2:
            lines = [f"    {w} = {len(w)}  # {phrase(2, 4)}" for w in rng.choices(words, k=4)]
            part = "```python\ndef f():\n" + "\n".join(lines) + "\n```"
        else:
            rows = [f"| {phrase(1, 2)} | {rng.randint(1, 999)} | {phrase(1, 3)} |" for _ in "abc"]
            part = "| name | count | remark |\n|---|---:|---|\n" + "\n".join(rows)
        prose = phrase(8, 25).capitalize() + "."
        if total + len(part) + len(prose) + 4 > size:
            return "\n\n".join(parts) + "\n"
        parts += [part, prose]
        total += len(part) + len(prose) + 4


def size_label(size: int) -> str:
    """`5.0 MB`, `20 kB`, or `10 MiB` for a size within 64 KiB under or over whole MiBs."""
    mebibytes = round(size / 2**20)
    if mebibytes and abs(size - mebibytes * 2**20) < 2**16:
        return f"{mebibytes} MiB"
    return f"{size / 1e6:.1f} MB" if size >= 500_000 else f"{size / 1e3:.0f} kB"


@dataclass
class Target:
    """A document the reader opens: its path (None: the embedded article) and its words."""

    name: str
    label: str
    path: Path | None
    document: Document
    needle: str  # a word of its first paragraph, in neither its title nor the bare app's

    def argv(self) -> list[str]:
        return reader_argv([] if self.path is None else [str(self.path)])


def needle_of(document: Document) -> str:
    """The longest word of ¶1, not its first (under the cursor) and not in the title."""
    block = document.paragraph(1)
    assert block is not None
    title = document.title.lower()
    words: list[str] = re.findall(r"[A-Za-z]{4,}", document.text[block.start : block.end])[1:]
    return max((w for w in words if w.lower() not in title), key=len)


def make_targets(plan: Any, tmp: Path, names: Sequence[str]) -> dict[str, Target]:
    """The documents called `names`, their files written into `tmp` (once)."""
    limit = min(plan.limit_bytes, MAX_FILE_BYTES)
    files: dict[str, tuple[str, Callable[[], str]]] = {
        "big": (f"big-{plan.big_bytes}.txt", lambda: generated_text(plan.big_bytes, 1)),
        "limit": (f"limit-{limit}.txt", lambda: generated_text(limit, 2)),
        "markdown": (f"big-{plan.big_bytes}.md", lambda: generated_markdown(plan.big_bytes, 3)),
    }
    article = load_embedded()
    targets = {"article": Target("article", "the article", None, article, needle_of(article))}
    for name, (file_name, generate) in files.items():
        if name not in names:
            continue
        path = tmp / file_name
        if not path.exists():
            path.write_text(generate(), encoding="utf-8")
        document = load_path(path)
        size = path.stat().st_size
        paragraphs = len(document.blocks)
        kind = "Markdown" if name == "markdown" else "text"
        label = f"{size_label(size)} {kind} ({paragraphs:,} blocks)"
        targets[name] = Target(name, label, path, document, needle_of(document))
    return targets


# -------------------------------------------------------------------------------------------
# Processes
# -------------------------------------------------------------------------------------------


def reader_argv(args: Sequence[str]) -> list[str]:
    """The `bakhmut-read` console script as pyproject.toml declares it, run by this Python."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    module, function = project["scripts"]["bakhmut-read"].split(":")
    code = f"import sys; from {module} import {function}; sys.exit({function}())"
    return [sys.executable, "-c", code, *args]


def terminal_env(db: Path, config: Path) -> dict[str, str]:
    """This environment, with TERM set, this checkout first on the path and the temporary DB.

    PYTHONDONTWRITEBYTECODE is dropped: a user's Python keeps compiled modules, as it keeps
    Textual's (installed compiled), so the app's own are not compiled afresh at every launch."""
    dropped = ("COLUMNS", "LINES", "COLORTERM", "NO_COLOR", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("TEXTUAL")}
    path = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env.update(
        TERM="xterm-256color", PYTHONPATH=path, BAKHMUT_READ_DB=str(db),
        BAKHMUT_READ_CONFIG=str(config),
    )  # fmt: skip
    return env


@dataclass
class Bare:
    """The bare app's script and the article file it shows."""

    script: Path
    text: Path

    @classmethod
    def write(cls, tmp: Path) -> Bare:
        script, text = tmp / "bare_app.py", tmp / "article.txt"
        script.write_text(BARE_APP, encoding="utf-8")
        text.write_text(load_embedded().text, encoding="utf-8")
        return cls(script, text)

    def argv(self) -> list[str]:
        return [sys.executable, str(self.script), str(self.text)]


@dataclass
class Launches:
    """Seconds to the first screen and peak RSS (bytes) then, of each timed launch."""

    seconds: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)


def launch(
    argv: list[str], env: dict[str, str], needle: str, quit_key: str | None, quiet: float
) -> tuple[float, int]:
    """One launch: seconds to `needle` on the screen and the peak RSS then. With `quit_key`,
    the app finishes what it does after the paint and quits; without, it is killed there."""
    with PtyApp(argv, env=env, cwd=ROOT, size=SIZE) as app:
        shown = app.wait_for_text(needle, LAUNCH_TIMEOUT)
        rss = app.peak_rss()
        if quit_key is not None:
            app.wait_quiet(quiet, LAUNCH_TIMEOUT)
            app.quit(quit_key, LAUNCH_TIMEOUT)
    return shown - app.started, rss


# -------------------------------------------------------------------------------------------
# First screen
# -------------------------------------------------------------------------------------------


def bench_first_screen(report: Any, plan: Any, tmp: Path, _fill: object = None) -> None:
    targets = make_targets(plan, tmp, SCREEN_TARGETS)
    bare = Bare.write(tmp)
    env = terminal_env(tmp / "screen.db", tmp / "config.toml")
    base_needle = targets["article"].needle
    runs = {name: Launches() for name in SCREEN_TARGETS}
    base = Launches()
    for name in SCREEN_TARGETS:  # stores each document (and quits): the timed ones reopen it
        for _ in range(plan.warmup_pty):
            launch(targets[name].argv(), env, targets[name].needle, "q", plan.quiet)
    for _ in range(plan.reps_pty):
        for name in SCREEN_TARGETS:  # alternating: the bare app, then the reader
            for argv, needle, into in (
                (bare.argv(), base_needle, base),
                (targets[name].argv(), targets[name].needle, runs[name]),
            ):
                seconds, rss = launch(argv, env, needle, None, plan.quiet)
                into.seconds.append(seconds)
                into.rss.append(rss / 2**20)
    base_name = "bare App + Static, article (pty)"
    for name in SCREEN_TARGETS:
        label = targets[name].label
        key = f"screen_{name}"
        report.add_values(
            key, f"first screen (pty): {label}", runs[name].seconds, base_name, base.seconds
        )
        report.add_values(
            f"{key}_rss", f"peak RSS at first screen: {label}", runs[name].rss,
            "bare App + Static, article", base.rss, unit="MiB",
        )  # fmt: skip


# -------------------------------------------------------------------------------------------
# Key to screen change
# -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    key: str
    timed: str | None = None  # the figure id it is timed for


def cycles(search_word: str) -> list[tuple[str, list[Step]]]:
    """Each key's repetition: the steps, the timed one(s) named; in an order that keeps the
    cursor on the first word of ¶1 (no highlight there) for the keys that need it."""
    typed = [Step(c) for c in NOTE_WORD]
    search = [Step("/"), *(Step(c) for c in search_word), Step("enter", "search")]
    return [
        ("1", [Step("1", "1"), Step("x")]),
        ("a", [Step("a", "a"), *typed, Step("ctrl+s", "ctrl_s"), Step("x")]),
        ("x", [Step("1"), Step("x", "x")]),
        ("u", [Step("1"), Step("u", "u")]),
        ("j", [Step("j", "j"), Step("k")]),
        ("pagedown", [Step("pagedown", "pagedown"), Step("pageup")]),
        ("G", [Step("G", "G"), Step("g")]),
        ("search", search),
        ("next_highlight", [Step("]", "next_highlight")]),
    ]


def search_word(document: Document) -> str:
    """A word of 6+ letters found several times in the document (the most frequent one)."""
    counts: dict[str, int] = {}
    for word in re.findall(r"[A-Za-z]{6,}", document.text[:200_000]):
        counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return max(sorted(counts), key=lambda w: counts[w])


@dataclass
class KeyTimes:
    first: list[float] = field(default_factory=list)
    settled: list[float] = field(default_factory=list)
    base_first: list[float] = field(default_factory=list)
    base_settled: list[float] = field(default_factory=list)


def press(app: PtyApp, key: str, quiet: float) -> tuple[float, float]:
    """Seconds from the key to its first output byte, and to the last before `quiet` s of quiet."""
    sent = app.send(key)
    first = app.wait_output(KEY_TIMEOUT)
    last = app.wait_quiet(quiet, KEY_TIMEOUT) or first
    return first - sent, last - sent


def key_session(
    plan: Any, target: Target, bare: Bare, tmp: Path, fill: Callable[[Path, Document], int]
) -> dict[str, KeyTimes]:
    db = tmp / f"keys-{target.name}.db"
    count = fill(db, target.document)
    env = terminal_env(db, tmp / "config.toml")
    times = {name: KeyTimes() for name, _ in TERMINAL_KEYS}
    with (
        PtyApp(target.argv(), env=env, cwd=ROOT, size=SIZE) as reader,
        PtyApp(bare.argv(), env=env, cwd=ROOT, size=SIZE) as base,
    ):
        reader.wait_for_text(target.needle, LAUNCH_TIMEOUT)
        base.wait_for_text(needle_of(load_embedded()), LAUNCH_TIMEOUT)
        for app in (reader, base):
            app.wait_quiet(max(plan.quiet, 0.3), LAUNCH_TIMEOUT)
        for _name, steps in cycles(search_word(target.document)):
            for index in range(plan.warmup_pty_keys + plan.reps_pty_keys):
                timed = index >= plan.warmup_pty_keys
                for step in steps:
                    if step.timed is not None:
                        # the bare app's key, then the reader's: alternating, in the same moment
                        base.wait_quiet(plan.quiet, KEY_TIMEOUT)
                        first, settled = press(base, "1", plan.quiet)
                        reader.wait_quiet(plan.quiet, KEY_TIMEOUT)  # nothing left of the last
                        if timed:
                            times[step.timed].base_first.append(first)
                            times[step.timed].base_settled.append(settled)
                    first, settled = press(reader, step.key, plan.quiet)
                    if timed and step.timed is not None:
                        times[step.timed].first.append(first)
                        times[step.timed].settled.append(settled)
        reader.quit("q", LAUNCH_TIMEOUT)
        base.quit("ctrl+q", LAUNCH_TIMEOUT)
    with Store.open(db) as store:
        left = len(store.annotations(target.document.source))
    assert left == count, f"the key cycles did not leave {count} highlights but {left}"
    return times


def bench_terminal_keys(
    report: Any, plan: Any, tmp: Path, fill: Callable[[Path, Document], int]
) -> None:
    targets = make_targets(plan, tmp, KEY_DOCUMENTS)
    bare = Bare.write(tmp)
    quiet = f"{plan.quiet * 1e3:.0f} ms quiet"
    for doc in KEY_DOCUMENTS:
        target = targets[doc]
        times = key_session(plan, target, bare, tmp, fill)
        what = f"{target.label}, {plan.key_highlights:,} highlights"
        if doc == "article":
            what = f"article, {plan.key_highlights:,} highlights"
        for name, label in TERMINAL_KEYS:
            got = times[name]
            key = f"tkey_{name}_{doc}"
            report.add_values(
                key, f"key {label} -> screen (pty), {what}", got.first,
                "bare App key -> Static (pty)", got.base_first,
            )  # fmt: skip
            report.add_values(
                f"{key}_settled", f"key {label} -> screen settled ({quiet}), {what}",
                got.settled, f"bare App key, settled ({quiet})", got.base_settled,
            )  # fmt: skip
