# SPDX-License-Identifier: GPL-2.0-only
"""Build roots: a Debian root of the lane's own suite to build its modules in.

Some lane kernels cannot be built for on this host: Debian sid's 7.2 was
compiled with gcc-16 and its kbuild tools (fixdep, modpost, objtool) need
a newer glibc than Debian 12's. Rather than mixing compilers, such a lane
(buildroot_suite=) builds inside a debootstrapped root of its suite, with
the exact compiler its .kernelvariables names. The root is a cache entry.

A command runs in it through wrap(): in a private mount namespace (unshare)
the checkout, the cache, the build folder and the temporary folder are
bind-mounted at the same paths, so every path means the same inside, then
chroot. The namespace vanishes with the command; nothing is mounted on the
host. Values are passed as one JSON argument, never as shell text.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from wslx import cache, paths, proc, ui
from wslx.errors import WslxError
from wslx.lanes import Lane

PACKAGES = "gcc make libc6-dev libelf-dev bc bison flex libssl-dev pahole kmod xz-utils"
# What the shipped build scripts may read from the environment inside.
PASSED = ("WSLX_CACHE", "WSLX_BUILD", "WSLX_PROBES_DIR", "WSLX_PROBE_CACHE", "WSLX_VARIANT",
          "WSLX_WARNINGS")


def kernel_cc(kdir: Path) -> str:
    """The gcc-N Debian's .kernelvariables says built the kernel, or ""."""
    try:
        text = (kdir / ".kernelvariables").read_text(errors="replace")
    except OSError:
        return ""
    match = re.search(r"^CC = .*\$\(CROSS_COMPILE\)(gcc-\d+)$", text, re.M)
    return match.group(1) if match else ""


def ensure(lane: Lane, kdir: Path) -> Path:
    """The lane's build root (made once with debootstrap, then cached)."""
    suite = lane.get("buildroot_suite")
    mirror = lane.get("buildroot_mirror") or "http://deb.debian.org/debian"
    cc = kernel_cc(kdir)
    if not cc:
        raise WslxError(f"{kdir}/.kernelvariables: names no gcc-N compiler")
    packages = f"{cc} {PACKAGES}"
    stamp = f"{suite} {mirror} {packages}"
    if os.geteuid() != 0:
        raise WslxError(f"LANE={lane.name}: its {suite} build root needs root (debootstrap)")

    def make(tmp: Path) -> dict[str, str]:
        ui.step(f"{lane.name}: making a {suite} build root with {cc} (debootstrap, about a "
                "minute)")
        started = time.monotonic()
        log = tmp.parent / f"{lane.name}.log"
        tmp.rmdir()
        include = "--include=" + packages.replace(" ", ",")
        done = proc.run(["debootstrap", "--variant=minbase", include,
                         "--keyring=/usr/share/keyrings/debian-archive-keyring.gpg", suite, tmp,
                         mirror], log=log, progress="debootstrap")
        if done.returncode != 0:
            raise WslxError(f"LANE={lane.name}: debootstrap of {suite} failed (log: {log})")
        ui.info(f"build root ready in {ui.duration(time.monotonic() - started)}")
        return {"stamp": stamp}
    return cache.Entry(paths.cache_dir() / "buildroot", lane.name, f"{lane.name} build root") \
        .ensure(make, want=lambda meta: meta.get("stamp") == stamp)


def wrap(argv: list[str], root: Path, cwd: Path | None = None,
         env: dict[str, str] | None = None) -> list[str]:
    """argv run inside root (see the module's comment), as an argument list."""
    if os.geteuid() != 0:
        raise WslxError(f"building in the build root {root} needs root (chroot)")
    tmp = Path(os.environ.get("TMPDIR") or tempfile.gettempdir())
    binds = [str(p) for p in (paths.ROOT, paths.cache_dir(), paths.build_dir(), tmp)]
    outer = env if env is not None else dict(os.environ)
    inner = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root",
             "WSLX_CACHE": str(paths.cache_dir()), "WSLX_BUILD": str(paths.build_dir())}
    inner.update({k: outer[k] for k in PASSED if outer.get(k) and k not in inner})
    spec = {"root": str(root), "binds": binds, "cwd": str(cwd or Path.cwd()), "env": inner,
            "argv": argv}
    return ["unshare", "--mount", "--propagation", "private", "--", sys.executable, "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); "
            "from wslx.buildroot import enter; enter(sys.argv[2])",
            str(paths.ROOT / "tools"), json.dumps(spec)]


def enter(spec_json: str) -> None:
    """Inside the private mount namespace: bind-mount, chroot, exec."""
    spec: dict[str, Any] = json.loads(spec_json)
    root = Path(spec["root"])
    for d in spec["binds"]:
        Path(d).mkdir(parents=True, exist_ok=True)
        inside = root / d.lstrip("/")
        inside.mkdir(parents=True, exist_ok=True)
        if subprocess.run(["mountpoint", "-q", str(inside)]).returncode != 0:
            subprocess.run(["mount", "--bind", d, str(inside)], check=True)
    subprocess.run(["mount", "-t", "proc", "proc", str(root / "proc")], check=True)
    os.chroot(root)
    cwd = spec["cwd"]
    os.chdir(cwd if os.path.isdir(cwd) else "/")
    try:
        # execvpe: a bare command name is looked up in the build root's PATH.
        os.execvpe(spec["argv"][0], spec["argv"], spec["env"])
    except OSError as err:
        print(f"wslx: error: {spec['argv'][0]}: cannot run in the build root {root} "
              f"({err.strerror})", file=sys.stderr)
        sys.exit(127)
