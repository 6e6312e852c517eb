"""Shared fixtures: a real SQLite file in tmp_path, the embedded article, isolated user dirs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotations.config import default_config
from annotations.document import Document, load_embedded
from annotations.store import Store
from tui.reading import ReadingSession


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's database or config: point both at tmp_path."""
    monkeypatch.setenv("BAKHMUT_READ_DB", str(tmp_path / "user-data" / "annotations.db"))
    monkeypatch.setenv("BAKHMUT_READ_CONFIG", str(tmp_path / "user-config" / "config.toml"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


@pytest.fixture
def article() -> Document:
    return load_embedded()


@pytest.fixture
def store(db_path: Path, article: Document) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        opened.open_document(article)
        yield opened


@pytest.fixture
def pair(db_path: Path, article: Document) -> Iterator[tuple[ReadingSession, ReadingSession]]:
    """Readers A and B of the article, each with its own connection to the same file."""
    stores = [Store.open(db_path), Store.open(db_path)]
    stores[0].open_document(article)
    sessions = [ReadingSession(article, s, default_config()) for s in stores]
    for session in sessions:
        assert session.load().ok
    yield sessions[0], sessions[1]
    for one in stores:
        one.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The benchmark smoke test runs only when asked for: `python -m pytest -m benchmark`.

    Skipped rather than deselected, so that running its file alone says why instead of
    collecting nothing (pytest's exit status 5).
    """
    if "benchmark" in (config.option.markexpr or ""):
        return  # `-m benchmark` (or any expression naming it): pytest's own selection decides
    skip = pytest.mark.skip(reason="the benchmark runs only with `-m benchmark`")
    for item in items:
        if item.get_closest_marker("benchmark") is not None:
            item.add_marker(skip)
