# SPDX-License-Identifier: GPL-2.0-only
"""A kernel a module is built for and booted on, whatever its lane's kind."""
import json
import re
import shlex
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Optional

from wslx import fileio
from wslx.errors import WslxError


@dataclass(frozen=True)
class Kernel:
    release: str
    kdir: Path                   # the tree kbuild's M= builds use
    image: Path                  # what QEMU boots (see the arch table)
    modules: Optional[Path]      # lib/modules/<release> with modules.dep, when the lane has it
    buildroot: Optional[Path] = None   # a build root the module must be built in
    note: str = ""               # where it came from, when not what the lane pins
    packages: str = ""           # the packages it was made of, one "name=version" a line

    def to_json(self) -> str:
        return json.dumps({k: str(v) if isinstance(v, Path) else v
                           for k, v in asdict(self).items()}, indent=1) + "\n"


def release_of(kdir: Path) -> str:
    """The release a kernel build or header tree is for; one-line errors naming what is missing."""
    where = f"KDIR={kdir}"
    if not kdir.is_dir():
        raise WslxError(f"{where}: no such directory")
    if not (kdir / "Makefile").is_file():
        raise WslxError(f"{where}: not a kernel build tree (no Makefile)")
    uts = kdir / "include" / "generated" / "utsrelease.h"
    if not uts.is_file():
        raise WslxError(f"{where}: no include/generated/utsrelease.h "
                        "(kernel not configured and prepared, or not a header tree)")
    if not (kdir / ".config").is_file():
        raise WslxError(f"{where}: no .config")
    match = re.search(r'^#define UTS_RELEASE "(.*)"$', uts.read_text(errors="replace"), re.M)
    if not match:
        raise WslxError(f"{uts}: no UTS_RELEASE")
    return match.group(1)


def write_lane_files(lane_dir: Path, kernel: Kernel) -> None:
    """kernel.json for the Python side; kernel.env for the shell scripts not yet ported."""
    fileio.write_atomic(lane_dir / "kernel.json", kernel.to_json())
    values = {"KREL": kernel.release, "KDIR": str(kernel.kdir),
              "KERNEL_IMAGE": str(kernel.image), "MODULES_DIR": str(kernel.modules or ""),
              "SOURCE_NOTE": kernel.note}
    lines = [f"{k}={shlex.quote(v)}" for k, v in values.items()]
    fileio.write_atomic(lane_dir / "kernel.env", "\n".join(lines) + "\n")
    for name, target in (("kdir", kernel.kdir), ("moddir", kernel.modules)):
        if target is not None and target.is_dir():
            fileio.symlink_atomic(str(target), lane_dir / name)
