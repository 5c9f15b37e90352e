# SPDX-License-Identifier: GPL-2.0-only
"""Building a configured kernel: vmlinux, modules and Module.symvers, the
modules installed under OUT/modroot and indexed with depmod, as the guest
and modcheck expect them.

An external module built without Module.symvers loads nowhere that has
MODVERSIONS (and modpost refuses it from 6.6 on), so its absence is an
error. ccache, when installed, keeps its own cache in the wslx cache, and
its hit rate is printed. A cold build takes minutes: progress lines count
the objects built so far.
"""
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

from wslx import build, kconfig, paths, proc, ui
from wslx.arch import Arch, host
from wslx.errors import WslxError

_OBJECT = re.compile(r"^  (CC|AS|LD)( \[M\])? ")


def without_make_flags(env: dict[str, str]) -> dict[str, str]:
    """env without the flags of a make that called wslx (make -s would leave a log
    without the object lines that progress and the first error are read from)."""
    return {k: v for k, v in env.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}


def ccache(arch: Arch = host()) -> tuple[list[str], dict[str, str]]:
    """The CC= argument and environment that put ccache in front of arch's gcc, when
    installed."""
    if not shutil.which("ccache"):
        return [], dict(os.environ)
    env = dict(os.environ, CCACHE_DIR=str(paths.cache_dir() / "ccache"))
    env.setdefault("CCACHE_MAXSIZE", "8G")
    return [f"CC=ccache {arch.gcc()}"], env


def _ccache_counts(env: dict[str, str]) -> tuple[int, int]:
    out = subprocess.run(["ccache", "--print-stats"], env=env, capture_output=True,
                         text=True).stdout
    stats = dict(line.split("\t", 1) for line in out.splitlines() if "\t" in line)
    hits = sum(int(stats.get(k, 0)) for k in ("direct_cache_hit", "preprocessed_cache_hit"))
    return hits, int(stats.get("cache_miss", 0))


def run(lane: str, what: str, log: Path, src: Path, out: Path, arch: Arch,
        *targets: str) -> None:
    """kbuild with its output in log and progress lines; a one-line error naming the first error."""
    cc, env = ccache(arch)
    env = without_make_flags(env)
    argv = ["make", "-C", str(src), f"O={out}", *arch.kbuild_args(), *cc,
            "-j", str(os.cpu_count() or 1), *targets]
    stop = threading.Event()

    def progress() -> None:
        start = time.monotonic()
        while not stop.wait(20):
            objects, last = 0, ""
            try:
                for line in log.read_text(errors="replace").splitlines():
                    if _OBJECT.match(line):
                        objects += 1
                        last = line.strip()
            except OSError:
                pass
            ui.info(f"{ui.duration(time.monotonic() - start)}: {objects} objects built, "
                    f"last: {last}")
    watcher = threading.Thread(target=progress, daemon=True)
    watcher.start()
    try:
        done = proc.run(argv, log=log, env=env)
    finally:
        stop.set()
    if done.returncode != 0:
        text = log.read_text(errors="replace")
        first = build.first_error(text) or (text.strip().splitlines() or [""])[-1]
        raise WslxError(f"LANE={lane}: {what} failed (log: {log}); first error: {first}")


def install_modules(lane: str, log: Path, src: Path, out: Path, arch: Arch, root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    run(lane, "modules_install", log, src, out, arch, f"INSTALL_MOD_PATH={root}",
        "DEPMOD=/sbin/depmod", "modules_install")


def kernel(lane: str, src: Path, out: Path, arch: Arch) -> None:
    """Build the kernel configured in out; its modules into out/modroot."""
    log = out / "wslx-build.log"
    log.write_text("")
    _, env = ccache()
    before = _ccache_counts(env) if shutil.which("ccache") else (0, 0)
    start = time.monotonic()
    ui.step(f"{lane}: building the kernel in {out} (log: {log})")
    run(lane, "the kernel build", log, src, out, arch, "all")
    install_modules(lane, log, src, out, arch, out / "modroot")
    symvers = out / "Module.symvers"
    if kconfig.value(out / ".config", "MODVERSIONS") == "y" and \
            (not symvers.exists() or symvers.stat().st_size == 0):
        raise WslxError(f"LANE={lane}: the build left no Module.symvers in {out}")
    if shutil.which("ccache"):
        after = _ccache_counts(env)
        hits, misses = after[0] - before[0], after[1] - before[1]
        rate = 100 * hits // (hits + misses) if hits + misses else 0
        ui.info(f"ccache: {hits} hits, {misses} misses ({rate}% hit rate)")
    release = (out / "include" / "config" / "kernel.release").read_text().strip()
    ui.info(f"kernel {release} built in {ui.duration(time.monotonic() - start)}")
