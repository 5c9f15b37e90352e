# SPDX-License-Identifier: GPL-2.0-only
"""The in-kernel modules a module needs, staged for the guest.

A module that uses symbols of another module (modpost writes its name into
depends=) or asks for one around it (softdep=) cannot load alone. The guest
gets the dependency closure from the lane's own modules folder, as modprobe
would find it through modules.dep, in /lib/modules/<release>/ with indexes
made by depmod for just those files: modcheck smoke (libkmod) then loads
them first. Nothing is staged for a module without dependencies.
"""
import re
import shutil
from pathlib import Path

from wslx import proc
from wslx.errors import WslxError
from wslx.kernel import Kernel

SUFFIX = re.compile(r"\.ko(\.xz|\.zst|\.gz)?$")
# What depmod needs besides the modules themselves to index them the same way.
KEEP = ("modules.builtin", "modules.builtin.modinfo", "modules.order")


def canonical(name: str) -> str:
    """Module names compare with - and _ as one (crc-itu-t is crc_itu_t)."""
    return name.replace("-", "_")


def modinfo(ko: Path) -> dict[str, list[str]]:
    """The .ko's modinfo strings (key -> values), read from its bytes."""
    info: dict[str, list[str]] = {}
    for m in re.finditer(rb"(?<![\w.])(depends|softdep)=([^\0]*)\0", ko.read_bytes()):
        info.setdefault(m.group(1).decode(), []).append(m.group(2).decode(errors="replace"))
    return info


def needed(ko: Path, extra: tuple[str, ...] = ()) -> list[str]:
    """Names the module needs loaded first: depends=, softdep= pre/post, then extra."""
    info = modinfo(ko)
    names = [n for v in info.get("depends", []) for n in v.split(",") if n]
    for v in info.get("softdep", []):
        names += [w for w in v.split() if w not in ("pre:", "post:")]
    out: list[str] = []
    for n in [*names, *extra]:
        if canonical(n) not in map(canonical, out):
            out.append(n)
    return out


def _dep_table(modules: Path) -> dict[str, tuple[str, list[str]]]:
    """canonical name -> (path in the folder, its dependencies' paths) from modules.dep."""
    table: dict[str, tuple[str, list[str]]] = {}
    for line in (modules / "modules.dep").read_text(errors="replace").splitlines():
        path, sep, deps = line.partition(":")
        if sep:
            name = canonical(SUFFIX.sub("", Path(path).name))
            table[name] = (path, deps.split())
    return table


def _builtin(modules: Path) -> set[str]:
    try:
        text = (modules / "modules.builtin").read_text(errors="replace")
    except FileNotFoundError:
        return set()
    return {canonical(SUFFIX.sub("", Path(p).name)) for p in text.split()}


def closure(modules: Path, names: list[str], release: str,
            missing_ok: bool = False) -> list[str]:
    """Paths (relative to modules) of names and everything they need, dependencies first.
    A name the kernel lacks is an error, or left out with missing_ok (a test that wants
    the kernel's own refusal)."""
    table = _dep_table(modules)
    builtin = _builtin(modules)
    order: list[str] = []
    for name in names:
        key = canonical(name)
        if key in builtin or (missing_ok and key not in table):
            continue
        if key not in table:
            raise WslxError(f"the module needs {name}, which kernel {release} has neither "
                            f"built in nor as a module ({modules / 'modules.dep'})")
        path, deps = table[key]
        # modules.dep lists the whole closure of each module, the deepest last.
        for p in [*reversed(deps), path]:
            if p not in order:
                order.append(p)
    return order


def stage(modules: Path, release: str, paths: list[str], dest: Path) -> list[tuple[Path, str]]:
    """A lib/modules/<release> tree in dest holding paths, indexed by depmod; returns
    (file, path in the guest) pairs for the initramfs."""
    root = dest / "lib" / "modules" / release
    if dest.exists():
        shutil.rmtree(dest)
    root.mkdir(parents=True)
    for rel in paths:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(modules / rel, root / rel)
    for name in KEEP:
        if (modules / name).exists():
            shutil.copyfile(modules / name, root / name)
    proc.capture(["depmod", "-b", str(dest), release], what=f"depmod for the guest's {release}")
    return [(f, str(f.relative_to(dest))) for f in sorted(root.rglob("*")) if f.is_file()]


def for_guest(ko: Path, kernel: Kernel, dest: Path,
              preload: tuple[str, ...] = ()) -> list[tuple[Path, str]]:
    """The initramfs files that let ko's dependencies (and the modules to preload) load
    in kernel's guest ([] if none)."""
    names = needed(ko, preload)
    if not names:
        return []
    if not kernel.modules or not (kernel.modules / "modules.dep").is_file():
        raise WslxError(f"the module needs {', '.join(names)}, and kernel {kernel.release} "
                        "has no modules folder with a modules.dep to take them from")
    return stage(kernel.modules, kernel.release, closure(kernel.modules, names, kernel.release),
                 dest)
