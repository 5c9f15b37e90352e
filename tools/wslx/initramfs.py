# SPDX-License-Identifier: GPL-2.0-only
"""The guest's initramfs: newc archives written here, uncompressed.

Unpacking a compressed archive costs seconds under TCG. The part that is
the same for every run (busybox and its applet links, modcheck and its
shared libraries, /init, /etc/fstab) is packed once into a base archive
named by the hash of its inputs; each run appends a small archive of its
own, and the kernel unpacks concatenated archives in order.
"""
import hashlib
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable

from wslx import foreign, locks, paths, products, ui
from wslx.arch import Arch, host
from wslx.errors import WslxError

GUEST = paths.ROOT / "ci" / "guest"


@dataclass(frozen=True)
class Item:
    """One archive member: a folder (data None, link ""), a file, or a link."""
    name: str
    mode: int
    data: bytes | None = None
    link: str = ""


def _header(out: BinaryIO, ino: int, name: str, mode: int, size: int) -> None:
    encoded = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, len(encoded), 0]
    out.write(b"070701" + b"".join(b"%08X" % f for f in fields) + encoded)
    out.write(b"\0" * (-(110 + len(encoded)) % 4))


def write(items: Iterable[Item], out: BinaryIO) -> None:
    """A newc archive of items (parents must come before children)."""
    ino = 1
    for item in items:
        if item.link:
            body, mode = item.link.encode(), 0o120777
        elif item.data is None:
            body, mode = b"", 0o040000 | item.mode
        else:
            body, mode = item.data, 0o100000 | item.mode
        _header(out, ino, item.name, mode, len(body))
        out.write(body)
        out.write(b"\0" * (-len(body) % 4))
        ino += 1
    _header(out, ino, "TRAILER!!!", 0, 0)


def _dirs_for(name: str, seen: set[str]) -> list[Item]:
    parts = name.split("/")[:-1]
    items = []
    for i in range(1, len(parts) + 1):
        d = "/".join(parts[:i])
        if d and d not in seen:
            seen.add(d)
            items.append(Item(d, 0o755))
    return items


def shared_libraries(program: Path) -> list[str]:
    """The absolute paths of program's shared-library closure (ldd), [] when static."""
    done = subprocess.run(["ldd", str(program)], capture_output=True, text=True)
    if done.returncode != 0:
        return []
    return re.findall(r"(/\S+) \(0x", done.stdout)


def is_program(path: Path) -> bool:
    """An ELF executable or shared object (a .ko is ET_REL: copied as data)."""
    with open(path, "rb") as f:
        head = f.read(18)
    return head[:4] == b"\x7fELF" and head[16] in (2, 3)


def tree_items(files: list[tuple[Path, str]], seen: set[str]) -> list[Item]:
    """Items for (host path, guest path) pairs; programs bring their libraries."""
    items: list[Item] = []
    for src, dest in files:
        dest = dest.lstrip("/")
        try:
            data = src.read_bytes()
        except OSError as err:
            raise WslxError(f"{src}: cannot read ({err.strerror})") from None
        wanted = [(dest, data)]
        if is_program(src):
            for lib in shared_libraries(src):
                wanted.append((lib.lstrip("/"), Path(lib).resolve().read_bytes()))
        for name, body in wanted:
            if name in seen:
                continue
            items += _dirs_for(name, seen)
            seen.add(name)
            items.append(Item(name, 0o755, body))
    return items


def base_archive(arch: Arch, modcheck: Path) -> Path:
    """The shared base archive for arch's busybox, this modcheck and the guest init (cached)."""
    busybox = foreign.busybox(arch)
    if shared_libraries(busybox):
        raise WslxError(f"{busybox} is dynamically linked: install the Debian package "
                        "busybox-static")
    inputs = [busybox, modcheck, GUEST / "init.sh", GUEST / "fstab", Path(__file__)]
    h = hashlib.sha256()
    for p in inputs:
        h.update(p.read_bytes())
    folder = paths.build_dir() / "guest"
    out = folder / f"base-{arch.name}-{h.hexdigest()[:16]}.cpio"
    with locks.held(folder / ".base.lock", "the guest's base archive"):
        problem = products.damage(out)
        if problem is None:
            return out
        if out.exists():
            ui.info(f"{out.name}: {problem}: packing it again")
        applets = applet_paths(arch, busybox)
        seen: set[str] = set()
        top = ("bin", "sbin", "usr", "usr/bin", "usr/sbin", "proc", "sys", "dev", "tmp", "etc")
        items = [Item(d, 0o755) for d in top]
        seen.update(i.name for i in items)
        items.append(Item("bin/busybox", 0o755, busybox.read_bytes()))
        seen.add("bin/busybox")
        for applet in applets:
            if applet not in seen:
                seen.add(applet)
                items.append(Item(applet, 0o777, link="/bin/busybox"))
        items.append(Item("init", 0o755, (GUEST / "init.sh").read_bytes()))
        items.append(Item("etc/fstab", 0o644, (GUEST / "fstab").read_bytes()))
        seen.update(("init", "etc/fstab"))
        items += tree_items([(modcheck, "bin/modcheck")], seen)
        for old in folder.glob(f"base-{arch.name}-*.cpio"):
            old.unlink()
            products.forget(old)
        tmp = out.with_name(f".{out.name}.{os.getpid()}")
        products.forget(out)
        with open(tmp, "wb") as f:
            write(items, f)
        os.replace(tmp, out)
        products.record(out)
    return out


def applet_paths(arch: Arch, busybox: Path) -> list[str]:
    """Where busybox's applets live (bin/sh, sbin/insmod, ...). Another arch's busybox
    cannot run here: its applets are those the host's busybox-static lists, which
    Debian builds from the same source and configuration."""
    runnable = str(busybox) if arch == host() else str(foreign.busybox(host()))
    done = subprocess.run([runnable, "--list-full"], capture_output=True, text=True)
    if done.returncode != 0 or not done.stdout.split():
        how = f"killed by {signal.Signals(-done.returncode).name}" if done.returncode < 0 \
            else f"exit {done.returncode}"
        raise WslxError(f"{runnable} --list-full failed ({how}): that busybox is broken "
                        "(reinstall the Debian package busybox-static)")
    return done.stdout.split()


def run_archive(base: Path, files: list[tuple[Path, str]], out: Path) -> None:
    """base followed by an archive of this run's files, written to out."""
    with open(out, "wb") as f:
        with open(base, "rb") as b:
            shutil.copyfileobj(b, f)
        write(tree_items(files, set()), f)
