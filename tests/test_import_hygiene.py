"""The core never imports textual, rich or tui; the CLI does not import Textual until it opens."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CORE_MODULES = [
    "annotations",
    "annotations.document",
    "annotations.model",
    "annotations.anchoring",
    "annotations.store",
    "annotations.store.store",
    "annotations.store.schema",
    "annotations.store.journal",
    "annotations.store.connection",
    "annotations.files",
    "annotations.formats.common",
    "annotations.formats.markdown",
    "annotations.formats.w3c",
    "annotations.formats.w3c_import",
    "annotations.config",
    "annotations.paths",
]


def loaded_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_core_loads_no_ui_library() -> None:
    modules = loaded_after("\n".join(f"import {name}" for name in CORE_MODULES))
    leaked = {m for m in modules if m.split(".")[0] in {"textual", "rich", "tui"}}
    assert leaked == set()


def test_command_line_help_does_not_load_textual() -> None:
    modules = loaded_after("import tui.cli")
    assert not any(m.split(".")[0] == "textual" for m in modules)


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout
