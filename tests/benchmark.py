"""The bakhmut-read benchmark: every figure is a ratio against a baseline measured in the same run.

Run from the repository root:

    python -m tests.benchmark            # full sizes (about 8 minutes on 2 cores)
    python tests/benchmark.py --quick    # tiny sizes, a smoke run (under a minute)
    python -m tests.benchmark --json figures.json --only export,keypress

Each figure is the median (and min) of N repetitions, after warm-up runs, with `gc.collect()`
before every run, timed with `time.perf_counter`. Its baseline is the unavoidable cost of the
same job done the plainest way (json.dumps, a raw sqlite3 query, a one-Static Textual app,
textwrap...), measured in the same process on the same machine, so the ratio means something
on any machine while the absolute times do not. There are no time limits here: a regression
shows up as a ratio that grows.

The app figures drive the real app headless with `App.run_test` and the Pilot: a keypress is
`pilot.press(key)` then `pilot.pause()`, which include Textual's idle detection (sleeps in steps
of 20 ms), so their wall times are quantised; the same interval is also reported in CPU time
(`time.process_time`, rows marked "CPU"), which is not.

The terminal figures (groups first_screen and terminal_keys: tests/benchmark_terminal.py, with
tests/benchmark_pty.py) are timed out of process instead: the real `bakhmut-read [PATH]` runs
in a 120x36 pseudo-terminal (TERM=xterm-256color), alternating with a bare Textual app that
shows the article in one Static, run the same way. First screen: from spawn to a word of the
document's first paragraph on the screen, and the peak RSS (VmHWM) then. Key: from the key's
bytes to the first output byte after them (and to the last byte before the output stays
quiet, "settled"), on the article and a generated large document, each with many highlights.

The whole-command import figures (group import: tests/benchmark_command.py) run
`bakhmut-read import FILE` as a process of its own, from spawn to exit, alternating with a
`python -c` process doing the plain job (json, then sqlite3's executemany).

Everything is written to a temporary directory: the user's database is never opened
(BAKHMUT_READ_DB and BAKHMUT_READ_CONFIG point into the temporary directory).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import textwrap
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python tests/benchmark.py` puts tests/ first, not the root
    sys.path.insert(0, str(ROOT))

from annotations.document import Document, load_embedded  # noqa: E402
from annotations.formats.markdown import to_markdown  # noqa: E402
from annotations.formats.w3c import to_json  # noqa: E402
from annotations.model import Annotation, make_annotation  # noqa: E402
from annotations.store import Store  # noqa: E402
from tests.benchmark_command import bench_import_command  # noqa: E402
from tests.benchmark_terminal import KEY_DOCUMENTS, SCREEN_TARGETS, TERMINAL_KEYS  # noqa: E402

GROUPS = (
    "export", "load", "save", "import", "launch", "keypress", "wrap", "scroll", "reanchor",
    "first_screen", "terminal_keys",
)  # fmt: skip
APP_SIZE = (120, 36)
WRAP_WIDTH = 80

# (key, group): every figure the benchmark prints, in order. The test checks each one.
FIGURE_KEYS: tuple[tuple[str, str], ...] = (
    ("export_markdown", "export"),
    ("export_json", "export"),
    ("load", "load"),
    ("save_add", "save"),
    ("save_update", "save"),
    ("import", "import"),
    ("import_command", "import"),
    ("import_command_cpu", "import"),
    ("launch", "launch"),
    ("launch_cpu", "launch"),
    ("launch_many", "launch"),
    ("launch_many_cpu", "launch"),
    ("key1_0", "keypress"),
    ("key1_0_cpu", "keypress"),
    ("key1_mid", "keypress"),
    ("key1_mid_cpu", "keypress"),
    ("key1_many", "keypress"),
    ("key1_many_cpu", "keypress"),
    ("wrap", "wrap"),
    ("pagedown_0", "scroll"),
    ("pagedown_0_cpu", "scroll"),
    ("pagedown_many", "scroll"),
    ("pagedown_many_cpu", "scroll"),
    ("render_screen_0", "scroll"),
    ("render_screen_many", "scroll"),
    ("reanchor", "reanchor"),
    *(
        (f"screen_{target}{suffix}", "first_screen")
        for target in SCREEN_TARGETS
        for suffix in ("", "_rss")
    ),
    *(
        (f"tkey_{key}_{document}{suffix}", "terminal_keys")
        for document in KEY_DOCUMENTS
        for key, _label in TERMINAL_KEYS
        for suffix in ("", "_settled")
    ),
)


# -------------------------------------------------------------------------------------------
# Sizes and repetitions
# -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """How big and how many: the full run, or the tiny --quick one."""

    export_count: int
    load_count: int
    mid_count: int  # existing annotations for the "scales" keypress figure
    many_count: int
    wrap_bytes: int
    reps_fast: int  # pure-Python figures (export, load, wrap, render)
    reps_disk: int  # one committed transaction each
    reps_app: int  # one keypress each
    reps_launch: int  # one app launch each
    warmup: int
    warmup_app: int
    settle: bool  # wait out the app's cursor-save timer before timing keypresses
    big_bytes: int  # the generated large text and Markdown documents (terminal figures)
    limit_bytes: int  # the document at the size limit (at most MAX_FILE_BYTES)
    key_highlights: int  # highlights in the reader while its keys are timed in the terminal
    reps_pty: int  # launches of each document (and as many of the bare app)
    warmup_pty: int
    reps_pty_keys: int  # presses of each key (and as many of the bare app's)
    warmup_pty_keys: int
    quiet: float  # seconds without output that mean the screen has settled

    @classmethod
    def full(cls) -> Plan:
        return cls(
            export_count=10_000, load_count=10_000, mid_count=1_000, many_count=5_000,
            wrap_bytes=1_000_000, reps_fast=9, reps_disk=41, reps_app=15, reps_launch=9,
            warmup=2, warmup_app=3, settle=True, big_bytes=5_000_000,
            limit_bytes=10 * 1024 * 1024, key_highlights=10_000, reps_pty=5, warmup_pty=1,
            reps_pty_keys=7, warmup_pty_keys=1, quiet=0.1,
        )  # fmt: skip

    @classmethod
    def quick(cls) -> Plan:
        return cls(
            export_count=300, load_count=300, mid_count=50, many_count=200,
            wrap_bytes=30_000, reps_fast=3, reps_disk=5, reps_app=3, reps_launch=2,
            warmup=1, warmup_app=1, settle=False, big_bytes=20_000, limit_bytes=40_000,
            key_highlights=100, reps_pty=1, warmup_pty=0, reps_pty_keys=1, warmup_pty_keys=0,
            quiet=0.03,
        )  # fmt: skip


# -------------------------------------------------------------------------------------------
# Measuring
# -------------------------------------------------------------------------------------------


@dataclass
class Sample:
    """Wall-clock and CPU seconds of each timed repetition (warm-ups excluded)."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, wall: float, cpu: float) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)


def measure(
    run: Callable[[], object],
    reps: int,
    warmup: int,
    *,
    before: Callable[[], object] | None = None,
) -> Sample:
    """Time `run` `reps` times after `warmup` untimed runs; `before` (untimed) precedes each."""
    sample = Sample()
    for index in range(warmup + reps):
        if before is not None:
            before()
        gc.collect()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        run()
        wall1, cpu1 = time.perf_counter(), time.process_time()
        if index >= warmup:
            sample.add(wall1 - wall0, cpu1 - cpu0)
    return sample


async def measure_async(
    run: Callable[[], Awaitable[object]],
    reps: int,
    warmup: int,
    *,
    after: Callable[[], Awaitable[object]] | None = None,
) -> Sample:
    """Like `measure` for a coroutine; `after` (untimed) follows each run, e.g. to undo it."""
    sample = Sample()
    for index in range(warmup + reps):
        gc.collect()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        await run()
        wall1, cpu1 = time.perf_counter(), time.process_time()
        if index >= warmup:
            sample.add(wall1 - wall0, cpu1 - cpu0)
        if after is not None:
            await after()
    return sample


@dataclass
class Figure:
    key: str
    name: str
    times: list[float]  # seconds, or the `unit`'s values
    baseline_name: str
    baseline_times: list[float]
    unit: str = "s"

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def min(self) -> float:
        return min(self.times)

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline_times)

    @property
    def ratio(self) -> float:
        return self.median / self.baseline_median if self.baseline_median > 0 else float("inf")

    def as_json(self) -> dict[str, Any]:
        values = {
            "median": self.median,
            "min": self.min,
            "baseline_median": self.baseline_median,
            "baseline_min": min(self.baseline_times),
        }
        seconds = {f"{k}_s": v for k, v in values.items()} if self.unit == "s" else {}
        return {
            "key": self.key,
            "name": self.name,
            "unit": self.unit,
            "reps": len(self.times),
            "baseline": self.baseline_name,
            **values,
            **seconds,
            "ratio": self.ratio,
        }


class Report:
    """The figures in the order they are measured, printed as they come."""

    def __init__(self, verbose: bool = True) -> None:
        self.figures: list[Figure] = []
        self.verbose = verbose

    def add(
        self, key: str, name: str, sample: Sample, baseline_name: str, baseline: Sample,
        *, cpu: bool = False,
    ) -> None:  # fmt: skip
        if cpu:
            figure = Figure(
                key, f"{name} (CPU)", sample.cpu, f"{baseline_name} (CPU)", baseline.cpu
            )
        else:
            figure = Figure(key, name, sample.wall, baseline_name, baseline.wall)
        self._add(figure)

    def add_values(
        self, key: str, name: str, values: list[float], baseline_name: str,
        baseline: list[float], *, unit: str = "s",
    ) -> None:  # fmt: skip
        """A figure measured outside `measure` (the terminal ones): seconds, or MiB."""
        self._add(Figure(key, name, values, baseline_name, baseline, unit))

    def _add(self, figure: Figure) -> None:
        self.figures.append(figure)
        if self.verbose:
            shown = _fmt(figure.median, figure.unit)
            print(f"  measured {figure.name}: {shown} ({figure.ratio:.2f}x)",
                  file=sys.stderr, flush=True)  # fmt: skip

    def table(self) -> str:
        headers = ("figure", "median", "min", "baseline", "base median", "ratio")
        rows = [
            (f.name, _fmt(f.median, f.unit), _fmt(f.min, f.unit), f.baseline_name,
             _fmt(f.baseline_median, f.unit), f"{f.ratio:.2f}x")
            for f in self.figures
        ]  # fmt: skip
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
        right = {1, 2, 4, 5}

        def line(cells: Sequence[str]) -> str:
            return " | ".join(
                c.rjust(w) if i in right else c.ljust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )

        rule = "-+-".join("-" * w for w in widths)
        return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def _fmt(seconds: float, unit: str = "s") -> str:
    if unit != "s":
        return f"{seconds:.1f} {unit}"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


# -------------------------------------------------------------------------------------------
# Data
# -------------------------------------------------------------------------------------------

_WORDS = re.compile(r"\S+")
NOTE_EXTRAS = ("", " *really*?", " see ¶2", "\nSecond line of the note.", " [check] `this`")


def word_spans(document: Document) -> list[list[tuple[int, int]]]:
    """The words of each block, as (start, end) offsets."""
    return [
        [(m.start(), m.end()) for m in _WORDS.finditer(document.text, block.start, block.end)]
        for block in document.blocks
    ]


def make_annotations(
    document: Document,
    count: int,
    seed: int = 1,
    avoid: tuple[int, int] | None = None,
) -> list[Annotation]:
    """`count` annotations of 1-8 words spread over every block; every third one has a note.

    None of them overlaps `avoid` (the word the keypress figures highlight).
    """
    rng = random.Random(seed)
    blocks = [words for words in word_spans(document) if words]
    cumulative = list(itertools.accumulate(len(words) for words in blocks))
    all_words = [w for words in blocks for w in words]
    made: list[Annotation] = []
    while len(made) < count:
        words = rng.choices(blocks, cum_weights=cumulative)[0]
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + rng.randrange(8))
        start, end = words[first][0], words[last][1]
        if avoid is not None and start < avoid[1] and end > avoid[0]:
            continue
        note = ""
        if len(made) % 3 == 0:
            at = rng.randrange(len(all_words))
            picked = all_words[at : at + rng.randint(3, 30)]
            note = " ".join(document.text[s:e] for s, e in picked) + rng.choice(NOTE_EXTRAS)
        made.append(make_annotation(document, start, end, label=1 + len(made) % 5, note=note))
    return made


def big_text(document: Document, size: int) -> tuple[str, list[tuple[int, int]]]:
    """The article's paragraphs repeated to at least `size` characters, and its blocks."""
    unit = document.text
    copies = max(1, -(-size // (len(unit) + 2)))
    text = "\n\n".join([unit] * copies)
    big = Document.from_normalised("bench:big", "Big", text, has_title_block=False)
    return text, [(b.start, b.end) for b in big.blocks]


def filled_store(path: Path, document: Document, annotations: Sequence[Annotation]) -> Store:
    store = Store.open(path)
    store.open_document(document)
    if annotations:
        store.import_annotations([], annotations)
    return store


# -------------------------------------------------------------------------------------------
# 1. Export
# -------------------------------------------------------------------------------------------


def bench_export(report: Report, plan: Plan, document: Document) -> None:
    annotations = make_annotations(document, plan.export_count, seed=11)
    dicts = [asdict(a) for a in annotations]
    n = f"{plan.export_count:,}"
    baseline = measure(lambda: json.dumps(dicts, ensure_ascii=False), plan.reps_fast, plan.warmup)
    markdown = measure(lambda: to_markdown(document, annotations), plan.reps_fast, plan.warmup)
    w3c = measure(lambda: to_json(document, annotations), plan.reps_fast, plan.warmup)
    base_name = f"json.dumps {n} dicts"
    report.add("export_markdown", f"export {n} -> Markdown", markdown, base_name, baseline)
    report.add("export_json", f"export {n} -> W3C JSON", w3c, base_name, baseline)


# -------------------------------------------------------------------------------------------
# 2. Load and 3. save
# -------------------------------------------------------------------------------------------


def bench_load(report: Report, plan: Plan, document: Document, tmp: Path) -> None:
    path = tmp / "load.db"
    annotations = make_annotations(document, plan.load_count, seed=22)
    store = filled_store(path, document, annotations)
    raw = sqlite3.connect(str(path))
    sql = "select * from annotations where document = ?"
    try:
        loaded = store.annotations(document.source)
        assert len(loaded) == plan.load_count, len(loaded)
        baseline = measure(
            lambda: raw.execute(sql, [document.source]).fetchall(), plan.reps_fast, plan.warmup
        )
        sample = measure(lambda: store.annotations(document.source), plan.reps_fast, plan.warmup)
    finally:
        raw.close()
        store.close()
    n = f"{plan.load_count:,}"
    report.add("load", f"load {n} (store.annotations)", sample, "sqlite3 select fetchall", baseline)


def baseline_table() -> str:
    """A plain table with a column per Annotation field (as many as the store's rows carry)."""
    from annotations.model import RECORD_FIELDS

    return f"create table plain ({', '.join(f'[{name}]' for name in RECORD_FIELDS)})"


def bench_save(report: Report, plan: Plan, document: Document, tmp: Path) -> None:
    """One committed add and one committed update, on the store of figure 2 (10,000 rows)."""
    existing = make_annotations(document, plan.load_count, seed=33)
    store = filled_store(tmp / "save.db", document, existing)
    raw = sqlite3.connect(str(tmp / "baseline.db"), isolation_level=None)
    raw.execute("pragma journal_mode = wal")
    raw.execute(baseline_table())
    words = [w for block in word_spans(document) for w in block]
    rng = random.Random(3)
    row = tuple(asdict(existing[0]).values())
    insert = f"insert into plain values ({', '.join('?' * len(row))})"

    def raw_insert() -> None:
        raw.execute("begin immediate")
        raw.execute(insert, row)
        raw.execute("commit")

    def add() -> None:
        start, end = rng.choice(words)
        store.add(make_annotation(document, start, end, label=2))

    counter = iter(range(10**9))

    def update() -> None:
        store.update(existing[next(counter) % len(existing)].id, note=f"note {next(counter)}")

    try:
        baseline = measure(raw_insert, plan.reps_disk, plan.warmup)
        added = measure(add, plan.reps_disk, plan.warmup)
        updated = measure(update, plan.reps_disk, plan.warmup)
    finally:
        raw.close()
        store.close()
    base_name = "sqlite3 BEGIN IMMEDIATE/INSERT/COMMIT"
    report.add("save_add", "save one annotation (store.add)", added, base_name, baseline)
    report.add("save_update", "update one note (store.update)", updated, base_name, baseline)


def bench_import(report: Report, plan: Plan, document: Document, tmp: Path) -> None:
    """An export of many highlights imported into a copy of a database with the article."""
    from annotations.formats.w3c_import import parse_json

    annotations = make_annotations(document, plan.load_count, seed=44)
    text, rows = to_json(document, annotations), [tuple(asdict(a).values()) for a in annotations]
    filled_store(tmp / "import.db", document, []).close()
    target = tmp / "import-run.db"
    insert = f"insert into plain values ({', '.join('?' * len(rows[0]))})"

    def fresh() -> None:
        for path in tmp.glob("import-run.db*"):
            path.unlink()
        shutil.copy(tmp / "import.db", target)

    def baseline() -> None:
        json.loads(text)
        raw = sqlite3.connect(target)
        raw.execute(baseline_table())
        raw.executemany(insert, rows)
        raw.commit()
        raw.close()

    def imported() -> None:
        with Store.open(target) as store:
            collection = parse_json(text)
            store.import_annotations(collection.documents, collection.annotations)

    base = measure(baseline, plan.reps_fast, plan.warmup, before=fresh)
    sample = measure(imported, plan.reps_fast, plan.warmup, before=fresh)
    n = f"{plan.load_count:,}"
    report.add("import", f"import {n} (W3C JSON)", sample, "json.loads + executemany", base)
    bench_import_command(
        report.add_values, plan.reps_fast, plan.warmup, text, tmp, plan.load_count,
        baseline_table(),
    )  # fmt: skip


# -------------------------------------------------------------------------------------------
# The apps: the reader, and the minimal baseline apps
# -------------------------------------------------------------------------------------------


def baseline_app_class() -> type[Any]:
    """A minimal Textual App: one Static of the article text; "1" or pagedown update it."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Static

    class BaselineApp(App[None]):
        BINDINGS = [  # noqa: RUF012
            Binding("1", "bump", "Bump"),
            Binding("pagedown", "bump", "Bump"),
            Binding("x", "noop", "Nothing"),
            Binding("pageup", "noop", "Nothing"),
        ]

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text
            self.presses = 0

        def compose(self) -> ComposeResult:
            yield Static(self.text, markup=False, id="text")

        def action_bump(self) -> None:
            self.presses += 1
            self.query_one("#text", Static).update(f"{self.presses}\n{self.text}")

        def action_noop(self) -> None:
            pass

    return BaselineApp


def rendered(app: Any, needle: str) -> bool:
    """True if the app's current screen shows `needle` (checked outside the timings)."""
    return needle in app.export_screenshot()


async def launch_sample(factory: Callable[[], Any], reps: int, warmup: int, needle: str) -> Sample:
    """Time app creation + `run_test` until the first `pilot.pause()` returns."""
    sample = Sample()
    for index in range(warmup + reps):
        gc.collect()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        app = factory()
        async with app.run_test(size=APP_SIZE) as pilot:
            await pilot.pause()
            wall1, cpu1 = time.perf_counter(), time.process_time()
            if index == 0:
                assert rendered(app, needle), "the first screen does not show the article"
        if index >= warmup:
            sample.add(wall1 - wall0, cpu1 - cpu0)
    return sample


def bench_launch(report: Report, plan: Plan, document: Document, tmp: Path) -> None:
    from tui.app import create_app

    baseline_app = baseline_app_class()
    needle = document.text.split()[2]  # a word of the title
    empty = Store.open(tmp / "launch.db")
    many = filled_store(
        tmp / "launch-many.db", document, make_annotations(document, plan.many_count, seed=44)
    )

    async def run() -> tuple[Sample, Sample, Sample]:
        base = await launch_sample(
            lambda: baseline_app(document.text), plan.reps_launch, plan.warmup, needle
        )
        reader = await launch_sample(
            lambda: create_app(document, empty), plan.reps_launch, plan.warmup, needle
        )
        loaded = await launch_sample(
            lambda: create_app(document, many), plan.reps_launch, plan.warmup, needle
        )
        return base, reader, loaded

    try:
        base, reader, loaded = asyncio.run(run())
    finally:
        empty.close()
        many.close()
    base_name = "minimal App + Static"
    name = "launch to first screen"
    report.add("launch", name, reader, base_name, base)
    report.add("launch_cpu", name, reader, base_name, base, cpu=True)
    name = f"launch, {plan.many_count:,} annotations"
    report.add("launch_many", name, loaded, base_name, base)
    report.add("launch_many_cpu", name, loaded, base_name, base, cpu=True)


# -------------------------------------------------------------------------------------------
# 5. Keypress "1" and 7. scrolling, in the running app
# -------------------------------------------------------------------------------------------


async def key_sample(pilot: Any, key: str, undo_key: str, reps: int, warmup: int) -> Sample:
    """Time `press(key)` + `pause()`; `undo_key` (untimed) restores the state after each."""

    async def press() -> None:
        await pilot.press(key)
        await pilot.pause()

    async def undo() -> None:
        await pilot.press(undo_key)
        await pilot.pause()

    return await measure_async(press, reps, warmup, after=undo)


def first_word(document: Document) -> tuple[int, int]:
    """The word the app's cursor starts on: the first word of ¶1."""
    block = document.paragraph(1)
    assert block is not None
    match = _WORDS.search(document.text, block.start, block.end)
    assert match is not None
    return match.start(), match.end()


async def baseline_keys(plan: Plan, document: Document) -> Sample:
    app = baseline_app_class()(document.text)
    async with app.run_test(size=APP_SIZE) as pilot:
        await pilot.pause()
        sample = await key_sample(pilot, "1", "x", plan.reps_app, plan.warmup_app)
        assert app.presses == plan.reps_app + plan.warmup_app
    return sample


@dataclass
class Session:
    """The measurements taken in one running reader app (one store, N annotations)."""

    key1: Sample
    pagedown: Sample | None = None
    render: Sample | None = None
    render_base: Sample | None = None


async def reader_session(
    plan: Plan, document: Document, path: Path, count: int, *, scroll: bool
) -> Session:
    from tui.app import CURSOR_SAVE_DELAY, create_app
    from tui.widgets.article import ArticleView

    target = first_word(document)
    store = filled_store(path, document, make_annotations(document, count, 55, avoid=target))
    try:
        app = create_app(document, store)
        async with app.run_test(size=APP_SIZE) as pilot:
            await pilot.pause()
            if plan.settle:
                # Let the launch's cursor-save timer fire now, not inside a timed keypress.
                await pilot.pause(CURSOR_SAVE_DELAY + 0.1)
            article = app.query_one(ArticleView)
            assert article.cursor == target[0], (article.cursor, target)
            before = len(app.annotations)
            await pilot.press("1")
            await pilot.pause()
            assert len(app.annotations) == before + 1, "the keypress did not add a highlight"
            assert len(store.annotations(document.source)) == before + 1
            await pilot.press("x")
            await pilot.pause()
            assert len(app.annotations) == before
            session = Session(await key_sample(pilot, "1", "x", plan.reps_app, plan.warmup_app))
            assert len(app.annotations) == before
            if scroll:
                top = article.scroll_offset.y
                await pilot.press("pagedown")
                await pilot.pause()
                assert article.scroll_offset.y > top, "pagedown did not scroll"
                await pilot.press("pageup")
                await pilot.pause()
                session.pagedown = await key_sample(
                    pilot, "pagedown", "pageup", plan.reps_app, plan.warmup_app
                )
                await pilot.press("pagedown")
                await pilot.pause()
                session.render, session.render_base = render_samples(plan, app, article)
        return session
    finally:
        store.close()


def render_samples(plan: Plan, app: Any, article: Any) -> tuple[Sample, Sample]:
    """`render_line` of every visible row, row cache cold, vs plain Strips of the same rows."""
    from rich.segment import Segment
    from textual.strip import Strip

    from tui.text.wrap import wrap_document

    height = article.scrollable_content_region.height
    width = article.scrollable_content_region.width
    top = article.scroll_offset.y
    document = article.document
    lines = wrap_document(
        document.text, [(b.start, b.end) for b in document.blocks], article.text_width
    )
    rows: list[str] = []
    for index, line in enumerate(lines):
        if line.first and index:
            rows.append("")
        rows.append(document.text[line.start : line.end])
    visible = (rows[top : top + height] + [""] * height)[:height]
    style = article.rich_style

    def plain() -> list[Strip]:
        return [
            Strip([Segment("    ", style), Segment(text, style)]).adjust_cell_length(width, style)
            for text in visible
        ]

    def screen() -> list[Strip]:
        return [article.render_line(y) for y in range(height)]

    def cold() -> None:
        article.set_annotations(app.annotations)  # clears the row cache

    base = measure(plain, plan.reps_fast * 3, plan.warmup)
    sample = measure(screen, plan.reps_fast * 3, plan.warmup, before=cold)
    return sample, base


def bench_app_keys(
    report: Report, plan: Plan, document: Document, tmp: Path, *, keypress: bool, scroll: bool
) -> None:
    async def run() -> tuple[Sample, Session, Session | None, Session]:
        base = await baseline_keys(plan, document)
        none = await reader_session(plan, document, tmp / "keys-0.db", 0, scroll=scroll)
        mid = None
        if keypress:
            mid = await reader_session(
                plan, document, tmp / "keys-mid.db", plan.mid_count, scroll=False
            )
        many = await reader_session(
            plan, document, tmp / "keys-many.db", plan.many_count, scroll=scroll
        )
        return base, none, mid, many

    base, none, mid, many = asyncio.run(run())
    base_name = "minimal App key -> Static"
    if keypress:
        assert mid is not None
        for key, session, count in (
            ("key1_0", none, 0),
            ("key1_mid", mid, plan.mid_count),
            ("key1_many", many, plan.many_count),
        ):
            name = f'key "1" -> repaint, {count:,} existing'
            report.add(key, name, session.key1, base_name, base)
            report.add(f"{key}_cpu", name, session.key1, base_name, base, cpu=True)
    if scroll:
        for suffix, session, count in (("0", none, 0), ("many", many, plan.many_count)):
            assert session.pagedown and session.render and session.render_base
            name = f"pagedown -> repaint, {count:,} existing"
            report.add(f"pagedown_{suffix}", name, session.pagedown, base_name, base)
            report.add(f"pagedown_{suffix}_cpu", name, session.pagedown, base_name, base, cpu=True)
        for suffix, session, count in (("0", none, 0), ("many", many, plan.many_count)):
            assert session.render and session.render_base
            report.add(
                f"render_screen_{suffix}",
                f"render_line x screen, {count:,} existing",
                session.render,
                "plain Strips of the same rows",
                session.render_base,
            )


# -------------------------------------------------------------------------------------------
# 6. Soft wrap
# -------------------------------------------------------------------------------------------


def bench_wrap(report: Report, plan: Plan, document: Document) -> None:
    from tui.text.wrap import wrap_document

    text, blocks = big_text(document, plan.wrap_bytes)
    baseline = measure(
        lambda: [textwrap.wrap(text[s:e], WRAP_WIDTH) for s, e in blocks],
        plan.reps_fast,
        plan.warmup,
    )
    sample = measure(lambda: wrap_document(text, blocks, WRAP_WIDTH), plan.reps_fast, plan.warmup)
    size = len(text.encode("utf-8"))
    label = f"{size / 1e6:.1f} MB" if size >= 500_000 else f"{size / 1e3:.0f} kB"
    report.add(
        "wrap", f"wrap_document {label} at {WRAP_WIDTH}", sample, "textwrap.wrap per paragraph",
        baseline,
    )  # fmt: skip


# -------------------------------------------------------------------------------------------
# 8. Re-anchoring after an edit
# -------------------------------------------------------------------------------------------


def bench_reanchor(report: Report, plan: Plan, document: Document) -> None:
    """`reanchor_all` of N highlights on the big text after a paragraph is inserted at the top."""
    from annotations.anchoring import reanchor_all

    text, _ = big_text(document, plan.wrap_bytes)
    old = Document.from_normalised("bench:big", "Big", text, has_title_block=False)
    annotations = make_annotations(old, plan.mid_count, seed=66)
    new = Document.from_normalised(
        "bench:big", "Big", "A paragraph inserted at the top.\n\n" + text, has_title_block=False
    )
    placements = reanchor_all(text, new.text, annotations, new.paragraph_number_at)
    assert all(p.state == "moved" for p in placements), "a highlight did not follow its text"
    baseline = measure(
        lambda: [new.text.find(a.quote) for a in annotations], plan.reps_fast, plan.warmup
    )
    sample = measure(
        lambda: reanchor_all(text, new.text, annotations, new.paragraph_number_at),
        plan.reps_fast,
        plan.warmup,
    )
    size = len(text.encode("utf-8"))
    label = f"{size / 1e6:.1f} MB" if size >= 500_000 else f"{size / 1e3:.0f} kB"
    name = f"reanchor_all {plan.mid_count:,} on {label}, ¶ inserted at top"
    report.add("reanchor", name, sample, "str.find of every quote", baseline)


def bench_terminal(report: Report, plan: Plan, groups: Sequence[str], tmp: Path) -> None:
    """The real command in a pseudo-terminal: first screens, and keys with many highlights."""
    from tests.benchmark_terminal import bench_first_screen, bench_terminal_keys

    benches = (("first_screen", bench_first_screen), ("terminal_keys", bench_terminal_keys))

    def fill(path: Path, document: Document) -> int:
        annotations = make_annotations(
            document, plan.key_highlights, seed=77, avoid=first_word(document)
        )
        filled_store(path, document, annotations).close()
        return len(annotations)

    for group, bench in benches:
        if group in groups:
            (tmp / group).mkdir()
            bench(report, plan, tmp / group, fill)


def corpus_table(per_kind: int) -> str:
    """The re-anchoring edit corpus (tests/anchoring_corpus.py): main's old algorithm, the
    Hypothesis client's, and ours, right / silently wrong / orphaned though still there."""
    from tests.anchoring_corpus import ALGORITHMS, generate, table

    cases = generate(per_kind)
    text, _ = table(cases, list(ALGORITHMS))
    return (
        f"\nRe-anchoring edit corpus: {len(cases)} cases; each cell is % right / % silently "
        f"wrong / % orphaned though still there\n\n{text}"
    )


# -------------------------------------------------------------------------------------------
# Main
# -------------------------------------------------------------------------------------------


def run(plan: Plan, groups: Sequence[str], tmp: Path, verbose: bool = True) -> Report:
    report = Report(verbose)
    document = load_embedded()
    if "export" in groups:
        bench_export(report, plan, document)
    if "load" in groups:
        bench_load(report, plan, document, tmp)
    if "save" in groups:
        bench_save(report, plan, document, tmp)
    if "import" in groups:
        bench_import(report, plan, document, tmp)
    if "launch" in groups:
        bench_launch(report, plan, document, tmp)
    if "keypress" in groups or "scroll" in groups:
        bench_app_keys(
            report, plan, document, tmp,
            keypress="keypress" in groups, scroll="scroll" in groups,
        )  # fmt: skip
    if "wrap" in groups:
        bench_wrap(report, plan, document)
    if "reanchor" in groups:
        bench_reanchor(report, plan, document)
    bench_terminal(report, plan, groups, tmp)
    order = {key: index for index, (key, _) in enumerate(FIGURE_KEYS)}
    report.figures.sort(key=lambda f: order.get(f.key, len(order)))
    return report


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and few repetitions")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument(
        "--only",
        metavar="GROUPS",
        help=f"comma-separated subset of: {', '.join(GROUPS)}",
    )
    args = parser.parse_args(argv)
    if args.only:
        chosen = [g.strip() for g in args.only.split(",") if g.strip()]
        unknown = sorted(set(chosen) - set(GROUPS))
        if unknown:
            parser.error(f"unknown group(s): {', '.join(unknown)}")
        args.groups = chosen
    else:
        args.groups = list(GROUPS)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    plan = Plan.quick() if args.quick else Plan.full()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bakhmut-bench-") as name:
        tmp = Path(name)
        # Never the user's files, whatever the code under test opens by default.
        os.environ["BAKHMUT_READ_DB"] = str(tmp / "user" / "annotations.db")
        os.environ["BAKHMUT_READ_CONFIG"] = str(tmp / "user" / "config.toml")
        report = run(plan, args.groups, tmp)
    elapsed = time.perf_counter() - started
    mode = "quick" if args.quick else "full"
    print(
        f"bakhmut-read benchmark ({mode}; Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs; {elapsed:.0f} s)"
    )
    print("ratio = median / baseline median, both measured in this run\n")
    print(report.table())
    if "reanchor" in args.groups:
        print(corpus_table(6 if args.quick else 60))
    if args.json:
        data = {
            "mode": mode,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "elapsed_s": elapsed,
            "figures": [figure.as_json() for figure in report.figures],
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
