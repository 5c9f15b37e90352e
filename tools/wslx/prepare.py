# SPDX-License-Identifier: GPL-2.0-only
"""Preparing a lane's kernel, whatever its kind, under the lane's lock."""
import subprocess
from pathlib import Path

from wslx import debian, kernel, lanes, paths
from wslx.errors import LaneSkipped, WslxError
from wslx.kernel import Kernel
from wslx.lanes import Lane


def _legacy_source(lane: Lane) -> Kernel:
    """Source lanes are still prepared by ci/prepare_lane.sh (to be ported); read its kernel.env."""
    done = subprocess.run([str(paths.ci_script("prepare_lane.sh")), lane.name],
                          stdin=subprocess.DEVNULL)
    if done.returncode == 77:
        raise LaneSkipped(f"LANE={lane.name}: skipped (see above)")
    if done.returncode != 0:
        raise WslxError(f"LANE={lane.name}: preparing the lane's kernel failed (see above)")
    env = paths.lane_dir(lane.name) / "kernel.env"
    names = ["KREL", "KDIR", "KERNEL_IMAGE", "MODULES_DIR", "WSLX_BUILDROOT", "SOURCE_NOTE"]
    script = 'source "$1"; printf "%s\\0" ' + " ".join(f'"${{{n}:-}}"' for n in names)
    out = subprocess.run(["bash", "-c", script, "bash", str(env)], capture_output=True,
                         text=True, check=True).stdout.split("\0")
    v = dict(zip(names, out))
    return Kernel(v["KREL"], Path(v["KDIR"]), Path(v["KERNEL_IMAGE"]),
                  Path(v["MODULES_DIR"]) if v["MODULES_DIR"] else None,
                  Path(v["WSLX_BUILDROOT"]) if v["WSLX_BUILDROOT"] else None, v["SOURCE_NOTE"])


def prepare(lane: Lane) -> Kernel:
    """The lane's kernel, fetched or built (cached); its files in build/lanes/<lane>/."""
    out = paths.lane_dir(lane.name)
    out.mkdir(parents=True, exist_ok=True)
    if lane.kind != "debian":
        k = _legacy_source(lane)
        kernel.write_lane_files(out, k, env=False)   # prepare_lane.sh wrote kernel.env
        return k
    k = debian.prepare(lane)
    found = kernel.release_of(k.kdir)
    if found != k.release:
        raise WslxError(f"LANE={lane.name}: {k.kdir} is for {found}, expected {k.release}")
    kernel.write_lane_files(out, k)
    return k


def load_prepared(name: str) -> Kernel:
    return prepare(lanes.load(name))
