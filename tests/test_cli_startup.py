"""Starting fast: what each command imports, and the console script's fast paths.

Structural checks, not timings (tests/benchmark.py times things): `--version` loads no click,
`list` and `search` load neither Textual nor sqlite-utils, `import` loads no click, opening the
reader loads no click, sqlite-utils or export formats; and the fast paths answer exactly as the
click command line.
"""

from __future__ import annotations

import json
import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import ROOT, invoke, seed

from tui.cli import COMMANDS, plain_import, plain_open, plain_read

HEAVY = {"textual", "rich", "sqlite_utils", "markdown_it"}


def modules_after(*args: str) -> set[str]:
    """The top-level packages loaded by the console script's `run()` with `args`."""
    code = (
        "import sys, json\n"
        f"sys.argv = ['bakhmut-read', *{list(args)!r}]\n"
        "from tui.cli import run\n"
        "try:\n    run()\n"
        "finally:\n"
        "    sys.stderr.write(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
    )
    return set(json.loads(done.stderr.splitlines()[-1]))


def test_version_loads_neither_click_nor_the_store() -> None:
    loaded = modules_after("--version")
    assert loaded.isdisjoint(HEAVY | {"click", "sqlite3"}), loaded & (HEAVY | {"click"})


def test_list_and_search_load_neither_textual_nor_sqlite_utils(db_path: Path) -> None:
    seed(db_path)
    for args in (["list"], ["search", "Bakhmut"]):
        loaded = modules_after(*args, "--db", str(db_path))
        assert "sqlite3" in loaded  # they did read the database
        assert loaded.isdisjoint(HEAVY), (args, loaded & HEAVY)


def test_the_reader_loads_no_click_sqlite_utils_or_formats_before_its_first_screen() -> None:
    code = (
        "import sys, json\n"
        "import tui.cli, tui.launch, tui.app\n"
        "from annotations.store import Store\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
    )
    loaded = set(json.loads(done.stdout))
    top = {name.split(".")[0] for name in loaded}
    assert top.isdisjoint({"click", "sqlite_utils", "markdown_it"})
    assert not {"annotations.formats.markdown", "annotations.formats.w3c"} & loaded


FIRST_SCREEN = """\
import asyncio, json, sys
from pathlib import Path
from annotations.config import load_config
from annotations.document import load_embedded
from annotations.paths import config_path
from annotations.store import Store
from tui.app import create_app
from tui.keys import KEY_IDS

async def first_screen() -> None:
    store = Store.open(Path(sys.argv[1]))
    app = create_app(load_embedded(), store, load_config(config_path(), KEY_IDS))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "Bakhmut" in app.export_screenshot()
        print(json.dumps(sorted(sys.modules)))
    store.close()

asyncio.run(first_screen())
"""
WAIT_FOR_FIRST_USE = {
    "tui.screens.library": "the library (ctrl+o)",
    "tui.screens.path_prompt": "its path prompt",
    "tui.opening": "opening another document",
    "tui.screens.note_editor": "the note editor",
    "tui.screens.note_conflict": "the note conflict dialogs",
    "tui.screens.help": "the help screen",
    "tui.screens.export": "the export dialog",
    "tui.commands": "the command palette's commands",
    "textual.widgets._text_area": "the editor's TextArea",
    "annotations.anchoring.engine": "re-anchoring (a changed text, a place to find)",
    "diff_match_patch": "the diff re-anchoring follows highlights through",
    "tomllib": "the config file's parser (there is no config file here)",
    "annotations.store.search": "a search of the notes (the filter, `/` in the notes pane)",
    "textual.widgets._header": "nothing (the title line is one widget: tui.widgets.title_bar)",
    "textual.widgets._footer": "nothing (the keys are one widget: tui.widgets.footer)",
    "tui.widgets.article_markdown": "a Markdown document (its styles' CSS and classes)",
    "zipfile": "nothing (the embedded article is read beside annotations/paths.py)",
}


def test_the_first_screen_loads_no_dialog_library_or_anchoring_engine(tmp_path: Path) -> None:
    """The reader on the embedded article, to its first screen in a headless Textual run:
    what is needed only later (a dialog, the library, re-anchoring) is not loaded yet."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "BAKHMUT_READ_CONFIG": str(tmp_path / "absent" / "config.toml"),
    }
    done = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, str(tmp_path / "first.db")],
        capture_output=True, text=True, env=environment, check=True,
    )  # fmt: skip
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "tui.app" in loaded
    early = {name: why for name, why in WAIT_FOR_FIRST_USE.items() if name in loaded}
    assert not early, early


def test_version_fast_path_answers_as_click_does() -> None:
    from click.testing import CliRunner

    from tui.command_line import main

    fast = invoke("--version")
    slow = CliRunner().invoke(main, ["--version"])
    assert fast.exit_code == slow.exit_code == 0
    assert fast.stdout == slow.stdout == "bakhmut-read, version 0.1.0\n"


def test_the_fast_path_knows_every_command() -> None:
    from tui.command_line import main

    assert set(main.commands) == COMMANDS


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (None, None)),
        (["book.txt"], (Path("book.txt"), None)),
        (["--db", "x.db"], (None, Path("x.db"))),
        (["--db", "x.db", "book.md"], (Path("book.md"), Path("x.db"))),
        (["book.md", "--db", "x.db"], (Path("book.md"), Path("x.db"))),
    ],
)
def test_plain_opens_take_the_fast_path(
    args: list[str], expected: tuple[Path | None, Path | None]
) -> None:
    assert plain_open(args) == expected


@pytest.mark.parametrize(
    "args",
    [
        ["--help"], ["-h"], ["list"], ["open", "x"], ["a", "b"], ["--db"], ["--db", ""],
        ["--db", "a", "--db", "b"], ["--bogus"], ["-"], [""], ["--", "x"], ["--db=x"],
        ["--version", "x"],
    ],
)  # fmt: skip
def test_everything_else_goes_to_click(args: list[str]) -> None:
    assert plain_open(args) is None


def in_a_terminal(*args: str, db: Path) -> tuple[int, str]:
    """The console script with stdin, stdout and stderr on a pseudo-terminal: (status, output)."""
    code = f"import sys\nsys.argv = ['bakhmut-read', *{list(args)!r}]\n"
    code += "from tui.cli import run\nrun()"
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "BAKHMUT_READ_DB": str(db)}
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdin=child, stdout=child, stderr=child, env=environment
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return process.wait(), b"".join(chunks).decode("utf-8", "replace")


def test_a_bad_path_in_a_terminal_is_one_line_and_status_2(tmp_path: Path) -> None:
    status, output = in_a_terminal(str(tmp_path / "nope.txt"), db=tmp_path / "a.db")
    assert status == 2
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bakhmut-read: error: "), output
    assert "no such file" in lines[0] and "Traceback" not in output
    assert not (tmp_path / "a.db").exists()


def test_a_large_file_says_it_is_loading_and_erases_the_line(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Big\n\n" + "word " * 300_000, encoding="utf-8")  # 1.4 MiB
    bad_db = tmp_path / "bad.db"
    bad_db.write_bytes(b"not a database at all\n" * 10)  # refused after the file is read
    status, output = in_a_terminal(str(big), "--db", str(bad_db), db=tmp_path / "unused.db")
    assert status == 2
    loading, _, rest = output.partition("\r\x1b[2K")
    assert loading == "bakhmut-read: opening big.txt (1.4 MiB)…"
    assert rest.startswith("bakhmut-read: error: ") and "not a SQLite database" in rest


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list"], ("list", None, None)),
        (["--db", "x.db", "list"], ("list", None, Path("x.db"))),
        (["search", "a b", "--db", "x.db"], ("search", "a b", Path("x.db"))),
        (["--db", "x.db", "search", "word"], ("search", "word", Path("x.db"))),
    ],
)
def test_plain_reads_take_the_fast_path(
    args: list[str], expected: tuple[str, str | None, Path | None]
) -> None:
    assert plain_read(args) == expected


@pytest.mark.parametrize(
    "args",
    [
        ["list", "x"], ["list", "--db"], ["list", "--db", ""], ["search"], ["search", ""],
        ["search", "-x"], ["search", "a", "b"], ["list", "--db", "a", "--db", "b"],
        ["list", "--help"], ["export"],
    ],
)  # fmt: skip
def test_other_reads_go_to_click(args: list[str]) -> None:
    assert plain_read(args) is None


def test_list_and_search_print_what_click_prints(db_path: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tui.command_line import main

    seed(db_path, notes=3)
    conn = sqlite3.connect(db_path)  # one unreadable row: a warning on stderr, from both
    conn.execute("update annotations set label = 42 where rowid = 1")
    conn.commit()
    conn.close()
    for args in (["list"], ["search", "Bakhmut"], ["search", "n1"], ["search", "absent"]):
        for db in (db_path, tmp_path / "none.db"):
            fast = invoke(*args, "--db", str(db))
            slow = CliRunner().invoke(main, [*args, "--db", str(db)])
            assert (fast.exit_code, fast.stdout, fast.stderr) == (
                slow.exit_code, slow.stdout, slow.stderr,
            ), args  # fmt: skip
    assert "warning" in invoke("search", "Bakhmut", "--db", str(db_path)).stderr
    assert not (tmp_path / "none.db").exists()


def test_import_loads_no_click(db_path: Path, tmp_path: Path) -> None:
    seed(db_path)
    exported = tmp_path / "notes.json"
    invoke("export", "--format", "json", "-o", str(exported), "--db", str(db_path))
    loaded = modules_after("import", str(exported), "--db", str(db_path))
    assert "sqlite3" in loaded and loaded.isdisjoint(HEAVY | {"click"}), loaded & HEAVY


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["import", "a.json"], (Path("a.json"), None)),
        (["import", "a.json", "--db", "x.db"], (Path("a.json"), Path("x.db"))),
        (["--db", "x.db", "import", "a.json"], (Path("a.json"), Path("x.db"))),
        (["import", "--db", "x.db", "a.json"], (Path("a.json"), Path("x.db"))),
    ],
)
def test_plain_imports_take_the_fast_path(
    args: list[str], expected: tuple[Path, Path | None]
) -> None:
    assert plain_import(args) == expected


@pytest.mark.parametrize(
    "args",
    [
        ["import"], ["import", ""], ["import", "-"], ["import", "--help"], ["import", "a", "b"],
        ["import", "a", "--db"], ["import", "a", "--db", ""], ["import", "--", "a"],
        ["import", "a", "--db", "x", "--db", "y"], ["import", "--db=x", "a"], ["export", "a"],
        ["a.json", "import"],
    ],
)  # fmt: skip
def test_other_imports_go_to_click(args: list[str]) -> None:
    assert plain_import(args) is None


def import_cases(tmp_path: Path) -> dict[str, Path]:
    """Files to import: our export, and hostile ones (each refused with one line)."""
    seed(tmp_path / "source.db", notes=3)
    exported = tmp_path / "notes.json"
    invoke("export", "--format", "json", "-o", str(exported), "--db", str(tmp_path / "source.db"))
    cases = {"export": exported, "missing": tmp_path / "absent.json", "folder": tmp_path}
    for name, data in {
        "not json": b"{not json",
        "not utf-8": b'{"a": "\xff"}',
        "wrong shape": b"[1, 2, 3]",
        "escape \x1b[31m in id": json.dumps(
            {"type": "Annotation", "id": "\x1b[31mred", "target": {}}
        ).encode(),
    }.items():
        cases[name] = tmp_path / f"{len(cases)}.json"
        cases[name].write_bytes(data)
    return cases


def test_import_prints_what_click_prints(tmp_path: Path) -> None:
    """Each case on a fresh copy of one database, through the fast path then click."""
    from click.testing import CliRunner

    from tui.command_line import main

    cases = import_cases(tmp_path)
    damaged = tmp_path / "damaged.db"  # the export's own database, one row unreadable
    damaged.write_bytes((tmp_path / "source.db").read_bytes())
    conn = sqlite3.connect(damaged)
    conn.execute("update annotations set label = 42 where rowid = 1")
    conn.commit()
    conn.close()
    not_sqlite = tmp_path / "not-sqlite.db"
    not_sqlite.write_bytes(b"plain text, not a database\n" * 10)
    for name, file in cases.items():
        for start in (damaged, not_sqlite, None):
            results = []
            for way in ("fast", "click"):
                db = tmp_path / "target.db"
                for leftover in tmp_path.glob("target.db*"):
                    leftover.unlink()
                if start is not None:
                    db.write_bytes(start.read_bytes())
                args = ["import", str(file), "--db", str(db)]
                done = invoke(*args) if way == "fast" else CliRunner().invoke(main, args)
                results.append((done.exit_code, done.stdout, done.stderr))
            assert results[0] == results[1], (name, start)
            assert (results[0][0] == 0) == (name == "export" and start != not_sqlite), name
            if results[0][0]:
                assert len(results[0][2].splitlines()) == 1
                assert results[0][2].startswith("bakhmut-read: error: ")
                assert "\x1b" not in results[0][2]
            elif start == damaged:
                assert results[0][2].startswith("bakhmut-read: warning: ")
                assert "1 kept" in results[0][1]


def test_an_ascii_stdout_gets_what_click_writes(tmp_path: Path) -> None:
    """PYTHONIOENCODING=ascii (click takes it for a misconfigured locale): the fast paths write
    UTF-8 as click does, where a plain write would end in a UnicodeEncodeError."""
    seed(tmp_path / "source.db")
    exported = tmp_path / "notes é.json"
    invoke("export", "--format", "json", "-o", str(exported), "--db", str(tmp_path / "source.db"))
    outputs = []
    for module in ("tui.cli", "tui.command_line"):
        target = tmp_path / "target.db"
        for leftover in tmp_path.glob("target.db*"):
            leftover.unlink()
        code = f"from {module} import run; run()"
        environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "ascii"}
        found = []
        for args in (["import", str(exported)], ["list"], ["search", "Bakhmut"]):
            done = subprocess.run(
                [sys.executable, "-c", code, *args, "--db", str(target)],
                capture_output=True, env=environment,
            )  # fmt: skip
            found.append((done.returncode, done.stdout, done.stderr))
        outputs.append(found)
    assert outputs[0] == outputs[1]
    assert all(code == 0 for code, _, _ in outputs[0])
    assert "notes é.json".encode() in outputs[0][0][1]


def test_a_closed_stdout_ends_as_click_does(tmp_path: Path) -> None:
    """`import FILE >&-` (Python makes sys.stdout None): the import is done and the command
    ends as click's does, status 0 and nothing on stderr, not a traceback."""
    seed(tmp_path / "source.db")
    exported = tmp_path / "notes.json"
    invoke("export", "--format", "json", "-o", str(exported), "--db", str(tmp_path / "source.db"))
    outputs = []
    for module in ("tui.cli", "tui.command_line"):
        target = tmp_path / f"target-{module}.db"
        code = f"from {module} import run; run()"
        done = subprocess.run(
            [sys.executable, "-c", code, "import", str(exported), "--db", str(target)],
            stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)},
            preexec_fn=lambda: os.close(1),  # the child starts with no stdout, as after >&-
        )  # fmt: skip
        outputs.append((done.returncode, done.stderr))
        assert sqlite3.connect(target).execute("select count(*) from annotations").fetchone()[0]
    assert outputs[0] == outputs[1] == (0, b"")
