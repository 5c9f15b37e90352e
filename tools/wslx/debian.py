# SPDX-License-Identifier: GPL-2.0-only
"""Lane kind "debian": a prebuilt Debian kernel, unpacked into the cache.

The newest image, headers and kbuild packages of the lane's line are
resolved with apt-cache at run time (no ABI is written anywhere), fetched
with apt-get download, checked against the archive index's sha256 and
unpacked with dpkg-deb -x: nothing is installed, and neither the host's
kernel nor its apt setup is touched.
"""
import os
import re
import shutil
import time
from pathlib import Path

from wslx import buildroot, cache, fileio, paths, proc, ui, vmlinux
from wslx.apt import Apt, Package
from wslx.arch import host
from wslx.errors import LaneSkipped, WslxError
from wslx.kernel import Kernel
from wslx.lanes import Lane

# Bumped when what a prepared entry holds changes, so old entries are rebuilt.
LAYOUT = "2"


def resolve(lane: Lane, apt: Apt) -> list[Package]:
    """The packages the lane's kernel is made of, image first."""
    image_meta, headers_meta = lane.get("image_meta"), lane.get("headers_meta")
    if not apt.show(image_meta):
        # Debian drops old kernel lines from its archive: not this project's fault.
        raise LaneSkipped(f"LANE={lane.name}: the archive no longer has {image_meta} "
                          "(the line left Debian's archive)")
    images = apt.depends(image_meta, r"linux-image-\S+")
    if not images:
        raise WslxError(f"LANE={lane.name}: {image_meta} depends on no linux-image package")
    image = images[0]
    release = image.removeprefix("linux-image-")
    headers = (apt.depends(headers_meta, r"linux-headers-\S+") or [""])[0]
    if headers != f"linux-headers-{release}":
        raise WslxError(f"LANE={lane.name}: {headers_meta} names {headers or 'nothing'}, not "
                        f"linux-headers-{release} (archive mid-update? retry after apt-get update)")
    # The -unsigned image is the same kernel without the Secure Boot signature.
    if apt.show(f"{image}-unsigned"):
        image = f"{image}-unsigned"
    # Newer Debian (sid) splits the image into linux-binary-*, -modules-*, -base-*.
    split = apt.depends(image, rf"linux-(?:binary|modules|base)-{re.escape(release)}\S*")
    common = apt.depends(headers, r"linux-headers-\S*-common\S*")[:1]
    kbuild = apt.depends(headers, r"linux-kbuild-\S+")[:1]
    if not common or not kbuild:
        raise WslxError(f"LANE={lane.name}: could not resolve the packages of {headers}")
    if lane.arch != host():
        # kbuild's tools (fixdep, modpost) run on this machine: the host arch's package
        # of the same version (its scripts are the same source).
        kbuild = [f"{kbuild[0]}:{host().debian}"]
    names = [image, *split, headers, *common, *kbuild]
    packages = apt.records(names, f"LANE={lane.name}")
    versions = {n: v for n, v, _ in packages}
    if versions[kbuild[0]] != versions[headers]:
        raise WslxError(f"LANE={lane.name}: the archive's {kbuild[0]} is {versions[kbuild[0]]}, "
                        f"not {versions[headers]} as {headers}")
    return packages


def release_of(packages: list[Package]) -> str:
    return packages[0][0].removeprefix("linux-image-").removesuffix("-unsigned")


def resolved(lane: Lane, apt: Apt) -> list[Package]:
    """resolve(), remembered until the lane file or apt's lists change."""
    def compute() -> list[Package]:
        ui.step(f"{lane.name}: resolving the newest packages with apt-cache")
        return resolve(lane, apt)
    return apt.remembered(f"{LAYOUT}\n{lane.path.read_text()}", compute)


def relocate(root: Path, release: str) -> None:
    """Make the unpacked header tree usable where it is.

    The arch Makefile names /usr/src/... by absolute path (the common tree
    it includes and, since Debian's 7.x, KBUILD_OUTPUT), and
    lib/modules/<release>/build is an absolute link: each becomes relative.
    """
    headers = root / "usr" / "src" / f"linux-headers-{release}"
    makefile = headers / "Makefile"
    text = makefile.read_text()
    text = re.sub(rf"/usr/src/linux-headers-{re.escape(release)}\b", "$(wslx_headers_dir)", text)
    text = text.replace("/usr/src/", "$(wslx_headers_dir)/../")
    text = "wslx_headers_dir := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))\n" + text
    makefile.write_text(text)
    for mods in (root / "lib" / "modules" / release, root / "usr" / "lib" / "modules" / release):
        link = mods / "build"
        if link.is_symlink():
            link.unlink()
            link.symlink_to(os.path.relpath(headers, mods))


def build_entry(lane: Lane, apt: Apt, packages: list[Package], tmp: Path) -> dict[str, str]:
    """Fill tmp with the kernel's packages, unpacked and made usable."""
    release = release_of(packages)
    started = time.monotonic()
    # Named like the entry's temporary folder, so that the next writer of the entry
    # removes it if this one is killed half-way (cache.Entry's leftovers).
    debs = tmp.with_name(f"{tmp.name}.debs")
    shutil.rmtree(debs, ignore_errors=True)
    debs.mkdir(parents=True)
    try:
        ui.step(f"{lane.name}: downloading {len(packages)} packages")
        for name, version, sha256 in packages:
            deb = apt.download(name, version, sha256, debs)
            ui.info(f"unpacking {deb.name} ({deb.stat().st_size >> 20} MiB)")
            done = proc.run(["dpkg-deb", "-x", deb, tmp], log=debs / "unpack.log",
                            group_file=tmp.with_name(f"{tmp.name}.pgid"))
            if done.returncode != 0:
                # Its own words, before the log goes; on a full disk the log may be
                # empty too, so the free space is asked for as well.
                said = proc.last_line(debs / "unpack.log") or fileio.full(tmp)
                raise WslxError(f"{deb.name}: dpkg-deb -x failed{': ' + said if said else ''} "
                                f"(LANE={lane.name})")
    finally:
        shutil.rmtree(debs, ignore_errors=True)
    relocate(tmp, release)
    if not (tmp / "lib").exists():
        (tmp / "lib").symlink_to("usr/lib")   # sid keeps modules in /usr/lib
    modules = tmp / "lib" / "modules" / release
    if (modules / "kernel").is_dir():
        ui.info("indexing the kernel's modules (depmod)")
        proc.capture(["depmod", "-b", tmp, release], what=f"depmod of {modules}")
    # /boot/vmlinuz-<release> until Debian 13; sid keeps it with the modules.
    vmlinuz = tmp / "boot" / f"vmlinuz-{release}"
    if not vmlinuz.exists():
        vmlinuz = modules / "vmlinuz"
    (tmp / "boot").mkdir(exist_ok=True)
    if lane.arch.boot_image == "vmlinux":
        ui.info("extracting vmlinux for a direct (PVH) boot")
        (tmp / "boot" / f"vmlinux-{release}").write_bytes(vmlinux.extract(vmlinuz))
    ui.info(f"prepared {release} in {ui.duration(time.monotonic() - started)}")
    return {"packages": packages_text(packages), "layout": LAYOUT}


def packages_text(packages: list[Package]) -> str:
    return "".join(f"{n}={v}\n" for n, v, _ in packages)


def prepare(lane: Lane) -> Kernel:
    apt = Apt(lane)
    packages = resolved(lane, apt)
    release = release_of(packages)
    if not (release.startswith(lane.line + ".") or release.startswith(lane.line + "-")):
        raise LaneSkipped(f"LANE={lane.name}: the archive now offers {release}, "
                          f"not the {lane.line} line")
    ui.info(" ".join(f"{n}={v}" for n, v, _ in packages))
    text = packages_text(packages)
    entry = cache.Entry(paths.cache_dir() / "debian", release, f"kernel {release}")
    root = entry.ensure(lambda tmp: build_entry(lane, apt, packages, tmp),
                        want=lambda meta: meta.get("packages") == text
                        and meta.get("layout") == LAYOUT)
    modules = root / "lib" / "modules" / release
    image = root / "boot" / (f"vmlinux-{release}" if lane.arch.boot_image == "vmlinux"
                             else f"vmlinuz-{release}")
    root_of_build = None
    kdir = root / "usr" / "src" / f"linux-headers-{release}"
    if lane.get("buildroot_suite"):
        root_of_build = buildroot.ensure(lane, kdir)
    return Kernel(release, kdir, image, modules if modules.is_dir() else None, root_of_build,
                  packages=text)
