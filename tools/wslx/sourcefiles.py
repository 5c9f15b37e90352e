# SPDX-License-Identifier: GPL-2.0-only
"""Files that must come from a kernel tree at build time, never committed.

kselftest_harness.h, checkpatch.pl and, for the source lanes' stand-in,
the whole source tarball come from Debian's linux-source-X.Y package. Both
the unpacked package and the files extracted from its tarball are cache
entries: complete or absent, checked on use, locked while written.
"""
import hashlib
import re
from pathlib import Path

from wslx import cache, paths, proc, ui
from wslx.apt import Apt
from wslx.errors import WslxError
from wslx.arch import host
from wslx.lanes import Lane


def _host_apt() -> Apt:
    # The host's own apt lists: the linux-source package of Debian 12.
    return Apt(Lane("host", Path("/dev/null"), "debian", "host", host(), "0.0", {}))


def tarball(package: str) -> Path:
    """The source tarball inside package (downloaded and unpacked once)."""
    if not re.fullmatch(r"linux-source-\d+\.\d+", package):
        raise WslxError(f"{package}: not a linux-source-X.Y package name")
    apt = _host_apt()
    fields = apt.show(package)
    if not fields.get("Version") or not fields.get("SHA256"):
        raise WslxError(f"{package}: apt-cache knows no such package (run apt-get update)")
    version = fields["Version"]

    def build(tmp: Path) -> dict[str, str]:
        ui.step(f"{package}: downloading {package}={version} (about 150 MB)")
        deb = apt.download(package, version, fields["SHA256"], tmp)
        done = proc.run(["dpkg-deb", "-x", deb, tmp], log=tmp / "unpack.log",
                        progress=f"unpacking {deb.name}")
        if done.returncode != 0:
            raise WslxError(f"{deb.name}: dpkg-deb -x failed")
        deb.unlink()
        for log in tmp.glob("*.log"):
            log.unlink()
        return {"package": f"{package}={version}"}

    root = cache.Entry(paths.cache_dir() / "debian" / "source", f"{package}_{version}",
                       f"{package} {version}").ensure(build)
    found = sorted((root / "usr" / "src").glob("linux-source-*.tar.*"))
    if not found:
        raise WslxError(f"{package}: the package holds no source tarball ({root})")
    return found[0]


def files(package: str, wanted: list[str]) -> Path:
    """A folder holding wanted (paths inside the kernel tree), extracted from package."""
    for p in wanted:
        if p.startswith("/") or ".." in p.split("/"):
            raise WslxError(f"{p}: give a path inside the kernel tree")
    source = tarball(package)
    top = source.name.split(".tar.")[0]
    key = hashlib.sha256("\n".join(sorted(wanted)).encode()).hexdigest()[:12]

    def build(tmp: Path) -> dict[str, str]:
        ui.step(f"{package}: extracting {' '.join(wanted)}")
        done = proc.run(["tar", "-xf", source, "-C", tmp, "--strip-components=1",
                         *[f"{top}/{p}" for p in wanted]], log=tmp.parent / f"{tmp.name}.log")
        (tmp.parent / f"{tmp.name}.log").unlink(missing_ok=True)
        if done.returncode != 0:
            raise WslxError(f"{package}: could not extract {' '.join(wanted)} from {source}")
        return {"files": " ".join(sorted(wanted))}

    root = source.parents[2]
    return cache.Entry(root.parent, f"{root.name}-files-{key}",
                       f"files of {package}").ensure(build)
