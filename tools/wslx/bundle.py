# SPDX-License-Identifier: GPL-2.0-only
"""The WSL bundle: what a WSL user needs to run the module on real WSL with a
source lane's kernel (default wsl-6.6, lane L2), in build/wsl-bundle/:

  bzImage           the kernel (.wslconfig kernel=)
  modules.vhdx      an ext4 image holding lib/modules/<release> flat at its
                    root, as WSL mounts it (.wslconfig kernelModules=): the
                    kernel's modules plus ours in extra/, indexed by depmod,
                    with "build" pointing at the build tree below
  linux-build-<release>.tar.xz
                    the external-module build tree for that kernel, to
                    unpack at /usr/src/linux-build-<release> inside WSL so
                    that make and DKMS rebuild the module there
  wslconfig.txt     the .wslconfig lines; README.txt how to install

The image is made without root (mkfs.ext4 -d) and converted with qemu-img.
Only a kernel built with the lane's full configuration (FULL=1) boots on
real WSL; the small one proves the path and says so.
"""
import os
import shutil
import subprocess
import time
from pathlib import Path

from wslx import build, identity, lanes, paths, prepare, proc, sourcelane, ui
from wslx.errors import WslxError
from wslx.kernel import Kernel


def extmod_tree(src: Path, out: Path, dest: Path, arch: str, module: str) -> None:
    """The part of a kernel build that "make -C DEST M=<dir> modules" needs, as one
    relocatable folder (what Debian ships as linux-headers): the kbuild files and
    headers of the source tree, the build folder's configuration, generated headers,
    Module.symvers and host tools on top; no path of the build machine left in it."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    skip = src / "drivers" / "misc" / module
    for dirpath, dirnames, filenames in os.walk(src):
        if Path(dirpath) == skip.parent and module in dirnames:
            dirnames.remove(module)
        for name in filenames:
            if name.startswith(("Makefile", "Kbuild", "Kconfig")):
                rel = Path(dirpath, name).relative_to(src)
                (dest / rel.parent).mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(dirpath, name), dest / rel)
    for part in ("include", "scripts", f"arch/{arch}/include", f"arch/{arch}/entry/syscalls"):
        if (src / part).is_dir():
            shutil.copytree(src / part, dest / part, symlinks=True, dirs_exist_ok=True)
    # The build's own results. The O= build's top Makefile only points at the
    # source tree; the source tree's Makefile is the real one.
    for part in (".config", "Module.symvers", "System.map", "include/config",
                 "include/generated", f"arch/{arch}/include/generated", "scripts",
                 "tools/objtool/objtool", "tools/bpf/resolve_btfids/resolve_btfids"):
        item = out / part
        if item.is_dir():
            shutil.copytree(item, dest / part, symlinks=True, dirs_exist_ok=True)
        elif item.exists():
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item, dest / part)
    # Kbuild's command and dependency files name the build machine's paths,
    # and the scripts' objects are not needed once linked.
    for path in list(dest.rglob(".*.cmd")) + list(dest.rglob(".*.d")):
        path.unlink()
    for path in list((dest / "scripts").rglob("*.o")) + list((dest / "scripts").rglob("*.s")):
        path.unlink()
    for part in ("source", "include/config/auto.conf.cmd"):
        (dest / part).unlink(missing_ok=True)


def make(lane_name: str = "wsl-6.6") -> Path:
    lane = lanes.load(lane_name)
    if lane.kind != "source":
        raise WslxError(f"LANE={lane.name}: a WSL bundle needs a kernel built from source "
                        "(a source lane)")
    request = sourcelane.remembered(lane)
    if request is None:
        raise WslxError(f"LANE={lane.name}: its kernel is not built yet (run "
                        f"ci/build_source_lane.sh {lane.name} --source DIR|TARBALL)")
    for tool, package in (("mkfs.ext4", "e2fsprogs"), ("qemu-img", "qemu-utils"),
                          ("depmod", "kmod")):
        if not shutil.which(tool):
            raise WslxError(f"{tool} not found: install the Debian package {package} "
                            "(or run: make deps)")
    started = time.monotonic()
    k = prepare.prepare(lane)
    if k.modules is None:
        raise WslxError(f"LANE={lane.name}: its kernel has no modules folder")
    ident = identity.load()
    log = paths.build_dir() / "wsl-bundle.log"
    log.unlink(missing_ok=True)
    ko = build.module(k, [], log)
    out = paths.build_dir() / "wsl-bundle"
    tmp = out.with_name("wsl-bundle.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        _fill(tmp, lane.name, lane.arch.kbuild, k, ko, ident.name, ident.version, request.full)
        shutil.rmtree(out, ignore_errors=True)
        tmp.rename(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    size = subprocess.run(["du", "-sh", str(out)], capture_output=True, text=True).stdout.split()
    ui.step(f"{lane.name}: WSL bundle in {out} ({size[0] if size else '?'}, "
            f"{ui.duration(time.monotonic() - started)})")
    if not request.full:
        ui.info("note: built from the small configuration; for real WSL use FULL=1 "
                f"(see {out}/README.txt)")
    return out


def _fill(tmp: Path, lane: str, arch: str, k: Kernel, ko: Path, name: str, version: str,
          full: bool) -> None:
    assert k.modules is not None
    release = k.release
    ui.step(f"{lane}: bundling kernel {release}")
    shutil.copy2(k.kdir / "arch" / arch / "boot" / "bzImage", tmp / "bzImage")
    stage = tmp / "stage"
    mods = stage / "lib" / "modules" / release
    shutil.copytree(k.modules, mods, symlinks=True)
    for link in ("build", "source"):
        (mods / link).unlink(missing_ok=True)
    (mods / "extra").mkdir(exist_ok=True)
    shutil.copy2(ko, mods / "extra" / f"{name}.ko")
    # Debug information would make the image gigabytes (WSL's config has
    # DEBUG_INFO); strip it unless signatures, which stripping drops, matter.
    if "\nCONFIG_MODULE_SIG=y\n" not in (k.kdir / ".config").read_text():
        kos = [str(p) for p in mods.rglob("*.ko")]
        for i in range(0, len(kos), 200):
            proc.capture(["strip", "--strip-debug", *kos[i:i + 200]], what="strip")
    proc.capture(["depmod", "-b", stage, release], what=f"depmod of {mods}")
    (mods / "build").symlink_to(f"/usr/src/linux-build-{release}")
    kib = int(subprocess.run(["du", "-sk", str(mods)], capture_output=True,
                             text=True).stdout.split()[0])
    size = kib * 2 + 32 * 1024    # room for ext4's metadata and modules added later
    count = sum(1 for p in mods.rglob("*.ko*"))
    ui.step(f"{lane}: modules.vhdx (ext4, {size} KiB, {count} modules)")
    proc.capture(["mkfs.ext4", "-q", "-F", "-L", "modules", "-E", "root_owner=0:0", "-d", mods,
                  tmp / "modules.img", f"{size}K"], what="mkfs.ext4 of the modules image")
    proc.capture(["qemu-img", "convert", "-f", "raw", "-O", "vhdx", tmp / "modules.img",
                  tmp / "modules.vhdx"], what="qemu-img convert")
    (tmp / "modules.img").unlink()
    shutil.rmtree(stage)
    ui.step(f"{lane}: the external-module build tree for {release}")
    tree = tmp / f"linux-build-{release}"
    extmod_tree(Path(os.path.realpath(k.kdir / "source")), k.kdir, tree, arch, name)
    proc.capture(["tar", "-C", tmp, "-cJf", tmp / f"linux-build-{release}.tar.xz",
                  tree.name], what="tar of the build tree")
    shutil.rmtree(tree)
    (tmp / "wslconfig.txt").write_text(
        f"[wsl2]\nkernel=C:\\\\wsl\\\\{name}\\\\bzImage\n"
        f"kernelModules=C:\\\\wsl\\\\{name}\\\\modules.vhdx\n")
    lines = [f"{name} {version} for WSL: kernel {release}", ""]
    if not full:
        lines += ["NOTE: this kernel is the lane's small test configuration and will not boot",
                  f"on WSL. Rebuild with the full one first: make smoke LANE={lane} FULL=1.", ""]
    lines += [f"1. Copy this folder to C:\\wsl\\{name}\\ on Windows.",
              '2. Add wslconfig.txt to %UserProfile%\\.wslconfig, run "wsl --shutdown".',
              f"3. In WSL: sudo modprobe {name}   (it is in extra/ of the modules image)",
              f"4. To rebuild modules in WSL (make, DKMS): unpack linux-build-{release}.tar.xz",
              f"   into /usr/src/; /lib/modules/{release}/build points there."]
    (tmp / "README.txt").write_text("\n".join(lines) + "\n")
