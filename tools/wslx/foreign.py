# SPDX-License-Identifier: GPL-2.0-only
"""User space for a guest of another arch than the host's, from Debian's archive.

The guest of an arm64 lane runs arm64 programs: busybox (Debian's
busybox-static of that arch) and a modcheck linked against that arch's
libraries (the -dev packages, unpacked into a sysroot). Both come from the
host's own Debian release through a private apt configuration for that arch
in the cache, unpacked with dpkg-deb -x and never installed, each set of
packages one cache entry named by their versions.
"""
import hashlib
import re
import shutil
from pathlib import Path

from wslx import cache, paths, proc, ui
from wslx.apt import Apt
from wslx.arch import Arch, host
from wslx.errors import WslxError
from wslx.lanes import Lane

MIRROR = "http://deb.debian.org/debian"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
# What the guest's modcheck links statically (libkmod itself is built from
# source: Debian ships no libkmod.a; libkmod-dev gives its header and .pc).
SYSROOT = ("libelf-dev", "zlib1g-dev", "liblzma-dev", "libzstd-dev", "libkmod-dev")


def host_codename() -> str:
    text = Path("/etc/os-release").read_text()
    m = re.search(r"^VERSION_CODENAME=(\S+)$", text, re.M)
    if not m:
        raise WslxError("/etc/os-release: no VERSION_CODENAME (a Debian host is needed)")
    return m.group(1)


def host_suite_apt(name: str, arch: Arch, kind: str = "deb") -> Apt:
    """A private apt configuration for the host's release (main and its updates) and arch."""
    codename = host_codename()
    sources = "|".join(f"{kind} [signed-by={KEYRING}] {MIRROR} {suite} main"
                       for suite in (codename, f"{codename}-updates"))
    return Apt(Lane(name, Path("/dev/null"), "debian", f"Debian {codename} {arch.name}", arch,
                    "0.0", {"apt_sources": sources}))


def unpacked(arch: Arch, names: tuple[str, ...], what: str) -> Path:
    """names (arch's packages of the host's release) unpacked into one cache entry."""
    apt = host_suite_apt(f"userspace-{arch.name}", arch)
    packages = apt.remembered(" ".join(names), lambda: apt.records(list(names), what))
    text = "".join(f"{n}={v}\n" for n, v, _ in packages)
    key = hashlib.sha256(text.encode()).hexdigest()[:16]

    def build(tmp: Path) -> dict[str, str]:
        ui.step(f"{what}: unpacking {len(packages)} {arch.debian} packages from Debian")
        debs = tmp / ".debs"
        debs.mkdir()
        for name, version, sha256 in packages:
            deb = apt.download(name, version, sha256, debs)
            if proc.run(["dpkg-deb", "-x", deb, tmp], log=debs / "unpack.log").returncode:
                raise WslxError(f"{deb.name}: dpkg-deb -x failed ({what})")
        shutil.rmtree(debs)
        return {"packages": text}

    entry = cache.Entry(paths.cache_dir() / "userspace", f"{arch.name}-{key}", what)
    return entry.ensure(build, want=lambda meta: meta.get("packages") == text)


def busybox(arch: Arch) -> Path:
    """A static busybox for arch: the host's for its own arch, else Debian's busybox-static."""
    if arch == host():
        found = shutil.which("busybox")
        if not found:
            raise WslxError("busybox not found: install the Debian package busybox-static")
        return Path(found)
    return unpacked(arch, ("busybox-static",), f"busybox for {arch.name} guests") / "bin" / \
        "busybox"


def sysroot(arch: Arch) -> Path:
    """arch's -dev packages of modcheck's libraries, unpacked (a sysroot for the linker)."""
    return unpacked(arch, SYSROOT, f"modcheck's libraries for {arch.name}")


def pkg_config_env(arch: Arch, root: Path) -> dict[str, str]:
    """What makes pkg-config answer for root's libraries instead of the host's."""
    return {"PKG_CONFIG_LIBDIR": ":".join(str(root / d / "pkgconfig") for d in (
        f"usr/lib/{arch.triplet}", "usr/share")), "PKG_CONFIG_SYSROOT_DIR": str(root)}
