# SPDX-License-Identifier: GPL-2.0-only
"""Where things live: the checkout, its build folder, the kernel cache.

The cache (downloaded and unpacked kernels, source tarballs) outlives any
one checkout; several clones may share it, which is why its entries are
locked while written (see cache.py).
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cache_dir() -> Path:
    """WSLX_CACHE, else $XDG_CACHE_HOME/wslx, else ~/.cache/wslx."""
    if os.environ.get("WSLX_CACHE"):
        return Path(os.environ["WSLX_CACHE"])
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "wslx"


def build_dir() -> Path:
    """WSLX_BUILD, else build/ in the checkout."""
    return Path(os.environ.get("WSLX_BUILD") or ROOT / "build")


def lanes_dir() -> Path:
    """WSLX_LANES_DIR (tests point it at lanes that cannot work), else ci/lanes/."""
    return Path(os.environ.get("WSLX_LANES_DIR") or ROOT / "ci" / "lanes")


def lane_dir(lane: str) -> Path:
    """A lane's results: its runs, the latest one, its lock."""
    return build_dir() / "lanes" / lane
