# SPDX-License-Identifier: GPL-2.0-only
"""Run folders: every run of a lane writes only into a folder of its own.

build/lanes/<lane>/runs/<run id>/ holds the run's logs, guest output,
artifacts and, once it has ended, record.json. Two links name runs:
"last-attempt", the newest run whatever became of it (an interrupted one
too), and "latest", the newest run that finished with a verdict (PASS,
FAIL, SKIP). Each is moved only after the record is written, so a reader
never follows a link to a run still in progress, and a run never reads
another run's files.
"""
import os
import shutil
import time
from pathlib import Path
from typing import Optional

from wslx import fileio, paths, record

KEEP = 8   # runs kept per lane, besides those the links name


def new(results: Path) -> Path:
    """A fresh, empty run folder under results (a lane's folder, or its intree/)."""
    base = results / "runs"
    base.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    for n in range(1000):
        run = base / (f"{stamp}-{os.getpid()}" + (f".{n}" if n else ""))
        try:
            run.mkdir()
            return run
        except FileExistsError:
            continue
    raise FileExistsError(f"{base}: no free run folder name")


def finish(run: Path, rec: record.Record) -> None:
    """Write the record, then move the links, then drop old runs."""
    record.write(run / "record.json", rec)
    lane = run.parent.parent
    target = f"runs/{run.name}"
    fileio.symlink_atomic(target, lane / "last-attempt")
    if rec.verdict != "INTERRUPTED":
        fileio.symlink_atomic(target, lane / "latest")
    linked = {_linked(lane, n) or "" for n in ("latest", "last-attempt")}
    _prune(run.parent, keep={run.name} | linked)


def _linked(lane: Path, link: str) -> Optional[str]:
    try:
        return Path(os.readlink(lane / link)).name
    except OSError:
        return None


def _prune(runs: Path, keep: set[str]) -> None:
    done = sorted((p for p in runs.iterdir() if (p / "record.json").exists()), reverse=True)
    for old in done[KEEP:]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def latest(lane: str, link: str = "latest", sub: str = "") -> Optional[Path]:
    """The run folder link names for lane (or its sub-folder), or None."""
    path = paths.lane_dir(lane) / sub / link
    return path.resolve() if path.is_symlink() and path.resolve().is_dir() else None


def load_latest(lane: str, link: str = "latest") -> Optional[record.Record]:
    """The record of that run; RecordError when it is damaged."""
    run = latest(lane, link)
    return record.load(run / "record.json") if run else None


def passed(lane: str) -> bool:
    """The lane's last run passed (a damaged record proves nothing)."""
    try:
        rec = load_latest(lane)
    except record.RecordError:
        return False
    return rec is not None and rec.verdict == "PASS"
