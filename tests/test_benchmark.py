"""The benchmark runs (in --quick mode) and reports every figure with a ratio, including the
rows issue 9's goals are stated in; its terminal parts read what a terminal shows.

Deliberately no timing assertion: performance is judged from the ratios of a full run
(`python -m tests.benchmark`), each against a baseline measured in the same run.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARK = ROOT / "tests" / "benchmark.py"


def benchmark_module() -> Any:
    """The benchmark itself, loaded from its file (importing it runs nothing)."""
    spec = importlib.util.spec_from_file_location("bakhmut_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def figure_keys() -> list[str]:
    """The keys of every figure, from the benchmark itself."""
    return [key for key, _group in benchmark_module().FIGURE_KEYS]


# The rows issue 9's goals are stated in: the real command in a pseudo-terminal.
GOAL_KEYS = {
    "screen_article", "screen_big", "screen_big_rss", "screen_limit", "screen_limit_rss",
    "screen_markdown", "screen_markdown_rss",
    *(f"tkey_{key}_{document}" for document in ("article", "big") for key in (
        "j", "pagedown", "G", "1", "a", "ctrl_s", "x", "u", "search", "next_highlight")),
}  # fmt: skip


def test_every_figure_has_one_known_group_and_the_goal_rows_are_there() -> None:
    module = benchmark_module()
    keys = [key for key, _group in module.FIGURE_KEYS]
    assert len(keys) == len(set(keys))
    assert {group for _key, group in module.FIGURE_KEYS} == set(module.GROUPS)
    assert set(keys) >= GOAL_KEYS
    terminal = {key for key, group in module.FIGURE_KEYS if group == "terminal_keys"}
    assert {f"{key}_settled" for key in GOAL_KEYS if key.startswith("tkey_")} <= terminal


def test_visible_text_strips_escape_sequences_cut_anywhere() -> None:
    """The terminal's output read a byte at a time gives the same text as read at once."""
    from tests.benchmark_pty import VisibleText

    stream = (
        "\x1b[?1049h\x1b[38;5;253;48;5;234mBattle\x1b[0m for\x1b]0;title\x07 Bakhmut"
        "\x1b[12;5H ¶1 \x1b(Bé\x1b7中\x1b8\x1b[?2026$p\x1bP=1s\x1b\\ end"
    ).encode()
    at_once = VisibleText()
    assert at_once.feed(stream) == "Battle for Bakhmut ¶1 é中 end"
    by_byte = VisibleText()
    assert "".join(by_byte.feed(stream[i : i + 1]) for i in range(len(stream))) == (
        "Battle for Bakhmut ¶1 é中 end"
    )
    assert by_byte.text.endswith("中 end")


def test_generated_documents_have_their_size_and_a_first_paragraph_of_their_own() -> None:
    from annotations.document import MAX_FILE_BYTES, build_document
    from tests.benchmark_terminal import generated_markdown, generated_text, needle_of

    text = generated_text(200_000, 1)
    assert 199_000 < len(text.encode()) <= 200_000
    document = build_document(text, "t", "t.txt", is_markdown=False)
    assert 1_500 < len(document.blocks) < 2_600  # ~100 bytes a paragraph
    needle = needle_of(document)
    assert needle not in document.title and text.count(needle) == 1
    markdown = generated_markdown(200_000, 3)
    assert 199_000 < len(markdown.encode()) <= 200_000
    assert all(f"\n{mark}" in markdown for mark in ("## ", "- ", "```python", "|---|"))
    assert markdown.count(needle_of(build_document(markdown, "m", "m.md", True))) == 1
    assert len(generated_text(MAX_FILE_BYTES, 2).encode()) <= MAX_FILE_BYTES


@pytest.mark.benchmark
def test_quick_benchmark_reports_every_figure_with_a_ratio(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    env = {**os.environ, "BAKHMUT_READ_DB": str(tmp_path / "user" / "annotations.db")}
    result = subprocess.run(
        [sys.executable, "-m", "tests.benchmark", "--quick", "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    figures = {figure["key"]: figure for figure in json.loads(out.read_text())["figures"]}
    keys = figure_keys()
    assert sorted(figures) == sorted(keys)
    table = result.stdout.splitlines()
    for key in keys:
        figure = figures[key]
        assert math.isfinite(figure["ratio"]) and figure["ratio"] > 0, figure
        assert figure["median"] > 0 and figure["baseline_median"] > 0, figure
        assert figure["unit"] == ("MiB" if key.endswith("_rss") else "s"), figure
        row = re.compile(rf"^{re.escape(figure['name'])}\s*\|.*\|\s*\d+\.\d\dx\s*$")
        assert any(row.match(line) for line in table), f"no table row for {figure['name']!r}"
    assert not (tmp_path / "user" / "annotations.db").exists(), "the benchmark used the user DB"
