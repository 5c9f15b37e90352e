# SPDX-License-Identifier: GPL-2.0-only
"""modcheck for the guest: one static binary, so that the initramfs holds no
shared libraries.

The host's modcheck is linked against Debian's shared libkmod, which pulls in
libcrypto and libc (about 9 MB in every initramfs, and a dynamic start in the
guest). Debian ships no static libkmod, so the guest's modcheck links the
library built from Debian's own kmod source package, the version the host's
libkmod-dev headers come from, without OpenSSL (the guest never reads
signatures through libkmod): about 1.4 MB in all. The library is a cache
entry, fetched through a private apt configuration (deb-src) in the cache.
"""
import os
import re
import shutil
from pathlib import Path

from wslx import build, cache, locks, paths, proc, ui
from wslx.apt import Apt
from wslx.arch import ARCHES
from wslx.errors import WslxError
from wslx.lanes import Lane

MIRROR = "http://deb.debian.org/debian"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"


def _host_codename() -> str:
    text = Path("/etc/os-release").read_text()
    m = re.search(r"^VERSION_CODENAME=(\S+)$", text, re.M)
    if not m:
        raise WslxError("/etc/os-release: no VERSION_CODENAME (a Debian host is needed)")
    return m.group(1)


def _kmod_version() -> str:
    version = proc.capture(["dpkg-query", "-W", "-f", "${Version}", "libkmod-dev"],
                           check=False, what="dpkg-query libkmod-dev").strip()
    if not version:
        raise WslxError("libkmod-dev is not installed (run: make deps)")
    return version


def libkmod() -> Path:
    """A folder with libkmod.a and libshared.a built from the host's kmod source."""
    version = _kmod_version()
    safe = re.sub(r"[^A-Za-z0-9.+~-]", "_", version)

    def build(tmp: Path) -> dict[str, str]:
        codename = _host_codename()
        lane = Lane("kmod-source", Path("/dev/null"), "debian", "Debian's kmod source",
                    ARCHES["x86_64"], "0.0",
                    {"apt_sources": f"deb-src [signed-by={KEYRING}] {MIRROR} {codename} main"})
        ui.step(f"building a static libkmod from Debian's kmod {version} source (once)")
        tree = Apt(lane).source("kmod", version, tmp)
        log = tmp / "build.log"
        # The documentation needs gtk-doc, which the library does not.
        (tree / "libkmod" / "docs" / "gtk-doc.make").touch()
        for argv in (["autoreconf", "-fi"],
                     ["./configure", "--prefix=/usr", "--sysconfdir=/etc", "--without-openssl",
                      "--with-xz", "--with-zstd", "--with-zlib", "--disable-manpages",
                      "--disable-test-modules"],
                     ["make", f"-j{os.cpu_count() or 1}", "libkmod/libkmod-internal.la"]):
            if proc.run(argv, cwd=tree, log=log, progress=f"kmod: {argv[0]}").returncode != 0:
                raise WslxError(f"kmod {version}: {' '.join(argv)} failed (log: {log})")
        out = tmp / "lib"
        out.mkdir()
        shutil.copy2(tree / "libkmod" / ".libs" / "libkmod-internal.a", out / "libkmod.a")
        shutil.copy2(tree / "shared" / ".libs" / "libshared.a", out / "libshared.a")
        for junk in [p for p in tmp.iterdir() if p.name != "lib"]:
            if junk.is_dir():
                shutil.rmtree(junk)
            else:
                junk.unlink()
        return {"kmod": version}

    entry = cache.Entry(paths.cache_dir() / "kmod-static", safe, f"static libkmod {version}")
    return entry.ensure(build, want=lambda meta: meta.get("kmod") == version) / "lib"


def modcheck() -> Path:
    """build/tools/guest/modcheck: modcheck linked statically (make keeps it current)."""
    lib = libkmod()
    out = paths.build_dir() / "tools" / "guest"
    if build.up_to_date(out / "modcheck-static", (lib / "libkmod.a", lib / "libshared.a")):
        return out / "modcheck-static"
    log = paths.build_dir() / "tools" / "modcheck-guest-build.log"
    log.unlink(missing_ok=True)
    with locks.held(paths.build_dir() / ".modcheck.lock", "the modcheck build"):
        done = proc.run(["make", "-s", "-C", paths.ROOT / "tools" / "modcheck", f"O={out}",
                         f"STATIC_LIBKMOD={lib}", f"{out}/modcheck-static"], log=log)
    if done.returncode != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-1:]
        raise WslxError(f"building the guest's static modcheck failed"
                        f"{': ' + tail[0] if tail else ''} (log: {log})")
    return out / "modcheck-static"
