"""Making a file or directory really read-only for a test, even when the tests run as root."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def make_read_only(path: Path, mode: int) -> bool:
    """chmod `mode`; as root (who ignores modes) also make it immutable. False if we can't."""
    path.chmod(mode)
    if os.access(path, os.W_OK) and shutil.which("chattr"):
        subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    return not os.access(path, os.W_OK)


def make_writable(path: Path, mode: int) -> None:
    if shutil.which("chattr"):
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(mode)
