"""The SQLite store: the only package in the project that speaks SQL."""

from annotations.store.connection import BusyError, NotFoundError, StoreError
from annotations.store.journal import Change
from annotations.store.store import (
    ConflictError,
    DocumentSummary,
    ImportResult,
    ReanchorReport,
    Store,
    fts_query,
)

__all__ = [
    "BusyError",
    "Change",
    "ConflictError",
    "DocumentSummary",
    "ImportResult",
    "NotFoundError",
    "ReanchorReport",
    "Store",
    "StoreError",
    "fts_query",
]
