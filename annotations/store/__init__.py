"""The SQLite store: the only package in the project that speaks SQL."""

from annotations.store.connection import NotFoundError, StoreError
from annotations.store.journal import Change
from annotations.store.store import (
    DocumentSummary,
    ImportResult,
    ReanchorReport,
    Store,
    fts_query,
)

__all__ = [
    "Change",
    "DocumentSummary",
    "ImportResult",
    "NotFoundError",
    "ReanchorReport",
    "Store",
    "StoreError",
    "fts_query",
]
