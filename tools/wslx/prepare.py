# SPDX-License-Identifier: GPL-2.0-only
"""Preparing a lane's kernel, whatever its kind."""
from pathlib import Path
from typing import Optional

from wslx import debian, kernel, lanes, paths, sourcelane
from wslx.errors import WslxError
from wslx.kernel import Kernel
from wslx.lanes import Lane


def prepare(lane: Lane, request: Optional[sourcelane.Request] = None) -> Kernel:
    """The lane's kernel, fetched or built (cached); its files in build/lanes/<lane>/.

    request: what a source lane is asked to build (None: what it built last).
    """
    out = paths.lane_dir(lane.name)
    out.mkdir(parents=True, exist_ok=True)
    k = sourcelane.prepare(lane, request, lane_config) if lane.kind == "source" else \
        debian.prepare(lane)
    found = kernel.release_of(k.kdir)
    if found != k.release:
        raise WslxError(f"LANE={lane.name}: {k.kdir} is for {found}, expected {k.release}")
    kernel.write_lane_files(out, k)
    return k


def lane_config(name: str) -> Path:
    """The configuration of lane name's kernel, prepared (a "file:lane:NAME" config spec)."""
    return prepare(lanes.load(name)).kdir / ".config"
