# SPDX-License-Identifier: GPL-2.0-only
"""Locks between runs: one per lane, one per cache entry (flock).

flock locks die with their process, so a killed run never leaves one
behind. A run that has to wait says what it waits for and who holds it.
"""
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from wslx import ui


@contextmanager
def held(path: Path, what: str) -> Iterator[None]:
    """Hold the exclusive lock in file path while the block runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.pread(fd, 200, 0).decode(errors="replace")
            holder = text.split("\n")[0].strip() or "another run"
            ui.info(f"waiting for {what}: locked by {holder} ({path})")
            fcntl.flock(fd, fcntl.LOCK_EX)
        # Written before the truncation, so that a waiting run never reads
        # an empty file; it reads only the first line.
        mark = f"pid {os.getpid()}\n".encode()
        os.pwrite(fd, mark, 0)
        os.ftruncate(fd, len(mark))
        yield
    finally:
        os.close(fd)
