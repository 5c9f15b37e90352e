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
For a guest of another arch, the same source is cross-built against that
arch's -dev packages unpacked into a sysroot (foreign.py).
"""
import os
import re
import shutil
from pathlib import Path

from wslx import build, cache, foreign, locks, paths, proc, products, ui
from wslx.arch import Arch, host
from wslx.errors import WslxError


def _kmod_version() -> str:
    version = proc.capture(["dpkg-query", "-W", "-f", "${Version}", "libkmod-dev"],
                           check=False, what="dpkg-query libkmod-dev").strip()
    if not version:
        raise WslxError("libkmod-dev is not installed (run: make deps)")
    return version


def _cross(arch: Arch) -> tuple[list[str], dict[str, str]]:
    """configure's --host and the environment that build for arch against its sysroot."""
    if arch == host():
        return [], dict(os.environ)
    root = foreign.sysroot(arch)
    env = dict(os.environ, **foreign.pkg_config_env(arch, root),
               CPATH=f"{root}/usr/include:{root}/usr/include/{arch.triplet}",
               LDFLAGS=f"-L{root}/usr/lib/{arch.triplet}")
    return [f"--host={arch.triplet}"], env


def libkmod(arch: Arch) -> Path:
    """A folder with libkmod.a and libshared.a for arch, built from the host's kmod source."""
    version = _kmod_version()
    safe = re.sub(r"[^A-Za-z0-9.+~-]", "_", version)

    def build(tmp: Path) -> dict[str, str]:
        host_flags, env = _cross(arch)
        apt = foreign.host_suite_apt("kmod-source", host(), kind="deb-src")
        ui.step(f"building a static libkmod for {arch.name} from Debian's kmod {version} "
                "source (once)")
        tree = apt.source("kmod", version, tmp)
        log = tmp / "build.log"
        # The documentation needs gtk-doc, which the library does not.
        (tree / "libkmod" / "docs" / "gtk-doc.make").touch()
        for argv in (["autoreconf", "-fi"],
                     ["./configure", *host_flags, "--prefix=/usr", "--sysconfdir=/etc",
                      "--without-openssl", "--with-xz", "--with-zstd", "--with-zlib",
                      "--disable-manpages", "--disable-test-modules"],
                     ["make", f"-j{os.cpu_count() or 1}", "libkmod/libkmod-internal.la"]):
            if proc.run(argv, cwd=tree, log=log, env=env,
                        progress=f"kmod: {argv[0]}").returncode != 0:
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
        return {"kmod": version, "arch": arch.name}

    # The host arch's entry keeps the name it always had.
    name = safe if arch == host() else f"{safe}-{arch.name}"
    entry = cache.Entry(paths.cache_dir() / "kmod-static", name,
                        f"static libkmod {version} for {arch.name}")
    return entry.ensure(build, want=lambda meta: meta.get("kmod") == version) / "lib"


def modcheck(arch: Arch) -> Path:
    """build/tools/guest[-ARCH]/modcheck-static: modcheck linked statically for arch's
    guests (make keeps it current)."""
    lib = libkmod(arch)
    suffix = "" if arch == host() else f"-{arch.name}"
    out = paths.build_dir() / "tools" / f"guest{suffix}"
    if build.up_to_date(out / "modcheck-static", (lib / "libkmod.a", lib / "libshared.a")):
        return out / "modcheck-static"
    log = paths.build_dir() / "tools" / f"modcheck-guest{suffix}-build.log"
    log.unlink(missing_ok=True)
    _, env = _cross(arch)
    cross = [f"CC={arch.gcc()}", f"LDFLAGS={env['LDFLAGS']}"] if arch != host() else []
    with locks.held(paths.build_dir() / ".modcheck.lock", "the modcheck build"):
        # Another lane of a make matrix may have built it while this one waited:
        # removing it now would pull it from under that lane's guest.
        if build.up_to_date(out / "modcheck-static", (lib / "libkmod.a", lib / "libshared.a")):
            return out / "modcheck-static"
        products.forget(out / "modcheck-static")
        # A damaged binary (cut short, edited) is remade, never taken as current.
        (out / "modcheck-static").unlink(missing_ok=True)
        done = proc.run(["make", "-s", "-C", paths.ROOT / "tools" / "modcheck", f"O={out}",
                         f"STATIC_LIBKMOD={lib}", *cross, f"{out}/modcheck-static"],
                        log=log, env=env)
        if done.returncode != 0:
            tail = log.read_text(errors="replace").strip().splitlines()[-1:]
            raise WslxError(f"building the guest's static modcheck for {arch.name} failed"
                            f"{': ' + tail[0] if tail else ''} (log: {log})")
        products.record(out / "modcheck-static")
    return out / "modcheck-static"
