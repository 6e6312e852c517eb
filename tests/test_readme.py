"""The README stays true: its key table is the generated one, its Quick start has two commands,
and the test command and CI install the toolchain pinned in constraints.txt."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from textual.binding import Binding

from tui.keys import bindings_for, readme_key, readme_table

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## )", README, flags=re.S | re.M)
    assert match, title
    return match.group(1)


def test_key_table_is_the_one_the_key_table_generates() -> None:
    table = re.search(r"^\| group \| key \|.*?\n(?=\n)", section("Keys"), flags=re.S | re.M)
    assert table, "no key table"
    assert table.group(0) == readme_table()


def test_key_table_lists_every_key_of_the_help() -> None:
    table = section("Keys")
    for binding in [*bindings_for("article"), *bindings_for("app"), *bindings_for("notes.pane")]:
        assert isinstance(binding, Binding)
        for key in binding.key.split(","):
            assert f"`{readme_key(key)}`" in table or (key in "12345" and "`1`…`5`" in table)


def test_quick_start_is_exactly_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", section("Quick start"), flags=re.S)
    assert len(blocks) == 2
    assert all(len(block.strip().splitlines()) == 1 for block in blocks)
    assert blocks[0].strip().endswith("bakhmut-read")
    assert "pytest" in blocks[1]


def test_readme_shows_the_screenshots_that_exist() -> None:
    root = Path(__file__).resolve().parents[1]
    for image in re.findall(r"\]\((screenshots/[^)]+\.svg)\)", README):
        assert (root / image).exists(), image


def test_quick_start_and_ci_install_the_pinned_toolchain() -> None:
    """The test command and CI install with constraints.txt, which pins every requirement."""
    root = Path(__file__).resolve().parents[1]
    tests_command = re.findall(r"```sh\n(.*?)```", section("Quick start"), flags=re.S)[1]
    assert 'pip install -c constraints.txt -e ".[test]"' in tests_command
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install --quiet -c constraints.txt -e ".[test]"' in ci
    assert "\npython -m pytest -q\n" in ci and "\npython -m pytest -q -m benchmark\n" in ci

    lines = (root / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*==[^=\s]+", pin) for pin in pins), pins
    pinned = {canonical(pin.split("==")[0]) for pin in pins}
    assert len(pinned) == len(pins)
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    names = {
        canonical(re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]) for requirement in required
    }
    assert names - pinned == set()
    assert canonical(project["name"]) not in pinned


def canonical(name: str) -> str:
    """A distribution name as packaging compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()
