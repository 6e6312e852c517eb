"""The SQLite store: the only package in the project that speaks SQL."""

from annotations.store.connection import NotFoundError, StoreError
from annotations.store.importing import ImportResult
from annotations.store.journal import Change, UnreadableEntry
from annotations.store.rows import Skipped, skipped_notice
from annotations.store.store import (
    DocumentSummary,
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
    "Skipped",
    "Store",
    "StoreError",
    "UnreadableEntry",
    "fts_query",
    "skipped_notice",
]
