# SPDX-License-Identifier: GPL-2.0-only
"""make test-fresh: the README's commands on a Debian 12 that nobody set up.

The host this runs on has packages installed by hand, and a green run here
can hide a missing install step. So the install step is tested from
nothing: a minimal Debian 12 root (debootstrap --variant=minbase, a cache
entry made once and never changed), seen through an overlay whose upper
folder is thrown away after each run, with a copy of the checkout in
/root/wslx. A command runs there in a private mount namespace (unshare:
nothing is mounted on the host, and the mounts vanish with it) after
chroot, with an empty environment: nothing the host installed can leak in.
The root gets the apt sources a fresh Debian 12 has (the host's Debian
entries) and a shared folder of downloaded .deb files, so that a second
run does not fetch the same packages again; the packages are still
installed from nothing each time.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from wslx import cache, paths, proc, ui
from wslx.errors import WslxError

SUITE = "bookworm"
MIRROR = "http://deb.debian.org/debian"
# The checkout's folders a user's clone has; build output and git stay out.
EXCLUDE = {".git", "build"}


def base() -> Path:
    """The minimal Debian 12 root, made once."""
    if os.geteuid() != 0:
        raise WslxError("make test-fresh needs root (debootstrap, chroot, mounts)")
    stamp = f"{SUITE} minbase {MIRROR}"

    def make(tmp: Path) -> dict[str, str]:
        ui.step(f"making a minimal Debian {SUITE} root with debootstrap (once, about a minute)")
        started = time.monotonic()
        log = tmp.parent / "debootstrap.log"
        tmp.rmdir()
        done = proc.run(["debootstrap", "--variant=minbase",
                         "--keyring=/usr/share/keyrings/debian-archive-keyring.gpg",
                         SUITE, tmp, MIRROR], log=log, progress="debootstrap")
        if done.returncode != 0:
            raise WslxError(f"debootstrap of {SUITE} failed: {proc.last_line(log)} (log: {log})")
        ui.info(f"root ready in {ui.duration(time.monotonic() - started)}")
        return {"stamp": stamp}
    entry = cache.Entry(paths.cache_dir() / "fresh-root", f"{SUITE}-minbase",
                        f"the fresh {SUITE} root")
    return entry.ensure(make, want=lambda m: m.get("stamp") == stamp)


def _copy_checkout(dest: Path) -> None:
    def ignore(folder: str, names: list[str]) -> set[str]:
        return EXCLUDE & set(names) if Path(folder) == paths.ROOT else set()
    shutil.copytree(paths.ROOT, dest, symlinks=True, ignore=ignore)


def _apt_setup(etc: Path) -> None:
    """The sources and settings with which this machine reaches Debian's archive, as a
    fresh install of it has them; other repositories the host knows stay out."""
    (etc / "apt" / "sources.list.d").mkdir(parents=True, exist_ok=True)
    (etc / "apt" / "apt.conf.d").mkdir(parents=True, exist_ok=True)
    host = Path("/etc/apt")
    sources = [p for p in [host / "sources.list", *sorted((host / "sources.list.d").glob("*"))]
               if p.is_file() and p.suffix in (".list", ".sources", "")
               and "deb.debian.org" in p.read_text(errors="replace")]
    if not sources:
        (etc / "apt" / "sources.list").write_text(
            f"deb {MIRROR} {SUITE} main\ndeb {MIRROR} {SUITE}-updates main\n"
            f"deb http://deb.debian.org/debian-security {SUITE}-security main\n")
    for src in sources:
        shutil.copy2(src, etc / "apt" / src.relative_to(host))
    for conf in sorted((host / "apt.conf.d").glob("*")):
        if conf.is_file():
            shutil.copy2(conf, etc / "apt" / "apt.conf.d" / conf.name)
    # The root's /etc/apt/sources.list from debootstrap names the release only.
    if sources:
        (etc / "apt" / "sources.list").write_text("")
    shutil.copy2("/etc/resolv.conf", etc / "resolv.conf")


def run(argv: list[str], timeout: float) -> int:
    """argv in a fresh overlay of the base root, in /root/wslx (the checkout's copy)."""
    root = base()
    debs = paths.cache_dir() / "fresh-root" / "apt-archives"
    (debs / "partial").mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="wslx-fresh.", dir=paths.cache_dir() / "fresh-root"))
    try:
        upper = scratch / "upper"
        (upper / "root").mkdir(parents=True)
        for d in ("work", "merged"):
            (scratch / d).mkdir()
        _copy_checkout(upper / "root" / "wslx")
        _apt_setup(upper / "etc")
        spec = {"root": str(root), "scratch": str(scratch), "debs": str(debs), "argv": argv}
        ui.step(f"in a fresh Debian {SUITE} root: {' '.join(argv)}")
        done = proc.run(["unshare", "--mount", "--propagation", "private", "--",
                         sys.executable, "-c",
                         "import sys; sys.path.insert(0, sys.argv[1]); "
                         "from wslx.freshroot import enter; enter(sys.argv[2])",
                         str(paths.ROOT / "tools"), json.dumps(spec)],
                        stdout=sys.stdout.buffer, timeout=timeout)
        if done.timed_out:
            raise WslxError(f"the fresh root's command did not end within {timeout:.0f}s")
        return done.returncode
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def enter(spec_json: str) -> None:
    """Inside the private mount namespace: the overlay, /proc, /dev, /sys, chroot, exec."""
    spec: dict[str, Any] = json.loads(spec_json)
    scratch = Path(spec["scratch"])
    merged = scratch / "merged"

    def mount(*args: str) -> None:
        subprocess.run(["mount", *args], check=True)
    mount("-t", "overlay", "overlay", "-o",
          f"lowerdir={spec['root']},upperdir={scratch / 'upper'},workdir={scratch / 'work'}",
          str(merged))
    mount("-t", "proc", "proc", str(merged / "proc"))
    mount("--rbind", "/dev", str(merged / "dev"))
    mount("--rbind", "/sys", str(merged / "sys"))
    mount("--bind", spec["debs"], str(merged / "var" / "cache" / "apt" / "archives"))
    os.chroot(merged)
    os.chdir("/root/wslx")
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
           "HOME": "/root", "LANG": "C.UTF-8", "TERM": "dumb", "DEBIAN_FRONTEND": "noninteractive"}
    try:
        os.execvpe(spec["argv"][0], spec["argv"], env)
    except OSError as err:
        print(f"wslx: error: {spec['argv'][0]}: cannot run in the fresh root "
              f"({err.strerror})", file=sys.stderr)
        sys.exit(127)
