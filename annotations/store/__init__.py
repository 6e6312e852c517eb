"""The SQLite store: the only package in the project that speaks SQL.

Its names are loaded on first use (PEP 562), so `from annotations.store import Store` does not
import the journal, the importer or sqlite-utils: a command that only reads starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotations.store.connection import BusyError, NotFoundError, StoreError
    from annotations.store.history import ConflictError
    from annotations.store.importing import ImportResult
    from annotations.store.journal import Change, UnreadableEntry
    from annotations.store.placing import ReanchorReport
    from annotations.store.rows import Skipped, skipped_notice
    from annotations.store.store import DocumentSummary, Store

_HOMES = {
    "BusyError": "connection",
    "NotFoundError": "connection",
    "StoreError": "connection",
    "ConflictError": "history",
    "ImportResult": "importing",
    "Change": "journal",
    "UnreadableEntry": "journal",
    "ReanchorReport": "placing",
    "Skipped": "rows",
    "skipped_notice": "rows",
    "DocumentSummary": "store",
    "Store": "store",
}

__all__ = [
    "BusyError",
    "Change",
    "ConflictError",
    "DocumentSummary",
    "ImportResult",
    "NotFoundError",
    "ReanchorReport",
    "Skipped",
    "Store",
    "StoreError",
    "UnreadableEntry",
    "skipped_notice",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
