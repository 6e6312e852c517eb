"""The annotation core of bakhmut-read: documents, anchoring, the store, the formats; no UI.

This package never imports textual, rich or tui (an import-linter contract and a test enforce it),
so the command line, scripts and tests can use it without a terminal.
"""

__version__ = "0.1.0"
