"""Running the `bakhmut-read` command in tests: in-process through click's `CliRunner`
(`invoke`), or the installed console script in a real process (`run`), plus a seeded database."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner, Result

from annotations.document import load_embedded
from annotations.model import make_annotation
from annotations.store import Store
from tui.cli import run as console_script

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).parent / "bakhmut-read"


class ConsoleScript(click.Command):
    """`tui.cli.run`, the console script's entry point, in the shape `CliRunner` invokes.

    `CliRunner.invoke` calls `main(args=…)`; this runs `run()` with `args` as its argv, so the
    in-process tests go through the same error handling (usage errors → one line, status 2)
    as the installed script.
    """

    def __init__(self) -> None:
        super().__init__("bakhmut-read")

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> None:
        saved = sys.argv
        sys.argv = [prog_name or "bakhmut-read", *(args or ())]
        try:
            console_script()
        finally:
            sys.argv = saved


CONSOLE_SCRIPT = ConsoleScript()


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """The console script's code, in this process (stdin is not a terminal, as with `run`).

    An exception that escapes `run()` (a traceback for a user) fails the test with its own
    traceback instead of becoming exit status 1.
    """
    return CliRunner(catch_exceptions=False).invoke(CONSOLE_SCRIPT, list(args), env=env)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user would run it, on this checkout's code.

    PYTHONPATH puts this checkout first, so a virtualenv whose editable install points at
    another checkout still runs the code under test.
    """
    environment = {**os.environ, **(env or {})}
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [environment.get("PYTHONPATH")])]
    )
    return subprocess.run(
        [str(EXE), *args],
        capture_output=True,
        text=True,
        env=environment,
        stdin=subprocess.DEVNULL,
    )


def assert_one_line_error(
    result: Result | subprocess.CompletedProcess[str], *fragments: str
) -> None:
    code = result.exit_code if isinstance(result, Result) else result.returncode
    assert code == 2, (code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bakhmut-read: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def seed(db: Path, notes: int = 2) -> None:
    article = load_embedded()
    with Store.open(db) as store:
        store.open_document(article)
        for i in range(notes):
            start = article.text.index("Bakhmut", 100 + 200 * i)
            store.add(make_annotation(article, start, start + 7, label=i % 5 + 1, note=f"n{i}"))
