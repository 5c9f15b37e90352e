# SPDX-License-Identifier: GPL-2.0-only
"""The module built inside a source lane's kernel tree, as a distribution
would carry it: drivers/misc/<name>/, its Kconfig sourced from
drivers/misc/Kconfig, the option set to m, built by the kernel's own
"make modules" in the lane's kernel build. Kbuild rebuilds only what
depends on the option (the module; anything else rebuilt is an error), and
the option is set back afterwards, so the lane's vmlinux is not touched and
its out-of-tree runs see the kernel as it was.
"""
import os
import re
import time
from pathlib import Path

from wslx import build, identity, kbuild, kconfig, proc, sources, ui
from wslx.errors import WslxError
from wslx.kernel import Kernel
from wslx.lanes import Lane


def build_module(lane: Lane, k: Kernel) -> tuple[Path, Kernel]:
    """The in-tree .ko and the kernel to boot it on (its modules in intree-modroot)."""
    ident = identity.load()
    out = k.kdir
    src = Path(os.path.realpath(out / "source"))
    if not (src / "Makefile").is_file():
        raise WslxError(f"LANE={lane.name}: {out}/source does not lead to the kernel tree")
    if not (src / "drivers" / "misc" / ident.name).is_dir():
        raise WslxError(f"LANE={lane.name}: the kernel tree {src} does not carry the module "
                        "(build the lane with --intree)")
    sources.add_module(src)
    compat = src / "drivers" / "misc" / ident.name / "build" / "intree" / "compat"
    if proc.run([build.SHIPPED / "run_probes.sh", out, compat]).returncode != 0:
        raise WslxError(f"LANE={lane.name}: the probe runner failed for the in-tree build")
    config = out / ".config"
    script = src / "scripts" / "config"
    start = time.monotonic()
    log = out / "wslx-intree.log"
    log.write_text("")
    proc.capture([script, "--file", config, "--module", ident.kconfig])
    try:
        kconfig.make(src, out, lane.arch, "olddefconfig")
        if kconfig.value(config, ident.kconfig) != "m":
            raise WslxError(f"LANE={lane.name}: CONFIG_{ident.kconfig}=m did not survive "
                            f"olddefconfig in {out} (see drivers/misc/{ident.name}/Kconfig)")
        ui.step(f"{lane.name}: building {ident.name} in the kernel tree (log: {log})")
        kbuild.run(lane.name, "the in-tree build", log, src, out, lane.arch, "modules")
        text = log.read_text(errors="replace")
        warnings = [ln for ln in text.splitlines()
                    if f"drivers/misc/{ident.name}/" in ln and "warning:" in ln]
        if warnings:
            ui.quote(warnings)
            raise WslxError(f"LANE={lane.name}: the in-tree build of {ident.name} has compiler "
                            f"warnings: {warnings[0]}")
        # Objects without [M] belong to vmlinux: none may change.
        rebuilt = [ln for ln in text.splitlines() if re.match(r"^  (CC|AS|AR|LD) +[^\[ ]", ln)]
        if rebuilt:
            ui.quote(rebuilt[:5])
            raise WslxError(f"LANE={lane.name}: enabling {ident.name} in tree rebuilt parts of "
                            f"vmlinux (log: {log})")
        modroot = out / "intree-modroot"
        kbuild.install_modules(lane.name, log, src, out, lane.arch, modroot)
    finally:
        proc.capture([script, "--file", config, "--disable", ident.kconfig])
        kconfig.make(src, out, lane.arch, "olddefconfig")
    ko = modroot / "lib" / "modules" / k.release / "kernel" / "drivers" / "misc" / ident.name / \
        f"{ident.name}.ko"
    if not ko.is_file():
        raise WslxError(f"LANE={lane.name}: the in-tree build made no {ko}")
    ui.info(f"in-tree {ident.name}.ko built in {ui.duration(time.monotonic() - start)}")
    kernel = Kernel(k.release, out, k.image, modroot / "lib" / "modules" / k.release, None,
                    k.note)
    return ko, kernel
