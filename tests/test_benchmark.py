"""The benchmark runs (in --quick mode) and reports every figure with a ratio.

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

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARK = ROOT / "tests" / "benchmark.py"


def figure_keys() -> list[str]:
    """The keys of every figure, from the benchmark itself (importing it runs nothing)."""
    spec = importlib.util.spec_from_file_location("bakhmut_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return [key for key, _group in module.FIGURE_KEYS]


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
        assert figure["median_s"] > 0 and figure["baseline_median_s"] > 0, figure
        row = re.compile(rf"^{re.escape(figure['name'])}\s*\|.*\|\s*\d+\.\d\dx\s*$")
        assert any(row.match(line) for line in table), f"no table row for {figure['name']!r}"
    assert not (tmp_path / "user" / "annotations.db").exists(), "the benchmark used the user DB"
