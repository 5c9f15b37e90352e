# SPDX-License-Identifier: GPL-2.0-only
"""What the terminal shows: progress lines and notes, all on stderr.

stdout is kept for data (a path, a table) so that callers can capture it.
"""
import sys


def step(message: str) -> None:
    """A progress line for a step that may take a while."""
    print(f"==> {message}", file=sys.stderr, flush=True)


def info(message: str) -> None:
    """A detail under the current step."""
    print(f"    {message}", file=sys.stderr, flush=True)


def quote(lines: list[str], indent: str = "      ") -> None:
    """Lines from a log or console, indented under the step that failed."""
    for line in lines:
        print(f"{indent}{line}", file=sys.stderr, flush=True)


def duration(seconds: float) -> str:
    """12s, 3m04s: how long something took, for progress lines."""
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole}s"
    return f"{whole // 60}m{whole % 60:02d}s"
