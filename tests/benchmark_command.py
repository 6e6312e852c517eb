"""The benchmark's whole-command import figure: `bakhmut-read import FILE` in a real process.

Issue 9's goal is stated for the command as a user runs it, from spawn to exit: start-up,
reading and checking the file, the batched writes with their search index and journal, the
closing checkpoint. The baseline is the plain job in a process of its own, run the same way:
`python -c` reading the same file with json, taking out each highlight's fields and inserting
them with sqlite3's executemany into a plain table of the same database, then committing. The
two alternate, each on a fresh copy of a database holding the article; the CPU figures are
the children's user + system time (resource.getrusage).
"""

from __future__ import annotations

import gc
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tests.benchmark_terminal import reader_argv, terminal_env

BASELINE = """\
import json, sqlite3, sys
with open(sys.argv[1], encoding="utf-8") as file:
    data = json.load(file)
rows = []
for item in data["first"]["items"]:
    target, body = item["target"], item["body"]
    quote, position = target["selector"]
    note = body[1]["value"] if len(body) > 1 else ""
    rows.append((
        item["id"], target["source"], position["start"], position["end"], 0, quote["exact"],
        quote["prefix"], quote["suffix"], body[0]["bakhmut:label"], note, item["created"],
        item["modified"], "exact", None,
    ))
db = sqlite3.connect(sys.argv[2])
db.execute(sys.argv[3])
db.executemany(f"insert into plain values ({', '.join('?' * 14)})", rows)
db.commit()
db.close()
"""


def child_seconds() -> tuple[float, float]:
    """(wall now, CPU seconds used so far by waited-for children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), usage.ru_utime + usage.ru_stime


def timed(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one process, from spawn to exit; it must succeed."""
    gc.collect()
    wall0, cpu0 = child_seconds()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    wall1, cpu1 = child_seconds()
    if done.returncode != 0:
        raise RuntimeError(f"{argv[-2:]} failed: {done.stderr.strip()}")
    return wall1 - wall0, cpu1 - cpu0


def bench_import_command(
    add: Callable[..., Any], reps: int, warmup: int, export: str, tmp: Path, count: int,
    plain_table: str,
) -> None:  # fmt: skip
    """Time the real command and the plain job, alternating; `add` is Report.add_values.

    `export` is our W3C JSON export of `count` highlights on the article, and
    `tmp / "import.db"` a database holding the article (made by bench_import)."""
    file, target, config = tmp / "command.json", tmp / "command-run.db", tmp / "none.toml"
    file.write_text(export, encoding="utf-8")
    env = terminal_env(target, config)
    command = reader_argv(["import", str(file)])
    plain = [sys.executable, "-c", BASELINE, str(file), str(target), plain_table]
    runs: dict[str, list[tuple[float, float]]] = {"command": [], "plain": []}
    for index in range(warmup + reps):
        for name, argv in (("plain", plain), ("command", command)):
            for path in tmp.glob("command-run.db*"):
                os.unlink(path)
            shutil.copy(tmp / "import.db", target)
            figures = timed(argv, env)
            if index >= warmup:
                runs[name].append(figures)
    name, base = f"command: import {count:,} (W3C JSON)", "python -c json + executemany"
    for key, at, suffix in (("import_command", 0, ""), ("import_command_cpu", 1, " (CPU)")):
        times = [run[at] for run in runs["command"]]
        add(key, name + suffix, times, base + suffix, [run[at] for run in runs["plain"]])
