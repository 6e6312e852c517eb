"""The SQLite store: the only package in the project that speaks SQL."""

from annotations.store.connection import BusyError, NotFoundError, StoreError
from annotations.store.history import ConflictError
from annotations.store.importing import ImportResult
from annotations.store.journal import Change, UnreadableEntry
from annotations.store.placing import ReanchorReport
from annotations.store.rows import Skipped, skipped_notice
from annotations.store.store import DocumentSummary, Store

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
