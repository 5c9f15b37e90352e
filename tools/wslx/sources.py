# SPDX-License-Identifier: GPL-2.0-only
"""Where a source lane's kernel tree comes from, and what identifies it.

A local tree (--source DIR) is built where it is, with kbuild's O= output
folders: nothing is copied, and nothing is written into it. Its identity is
its content, never its path: for a git work tree the tree id of HEAD plus
the state of every changed or untracked file; for a plain folder a
fingerprint of every path, size and mtime (as make and ccache judge). A
tarball (--source FILE, a pinned URL, Debian's linux-source-X.Y) is
unpacked once into a cache entry named by its sha256; a pinned git tag is
cloned once into a cache entry.

The in-tree build needs the module inside the tree: a cached tree gets it
directly; a user's folder is then copied (hard links) into the cache, once
per content, and the copy gets it.
"""
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from wslx import cache, fileio, identity, paths, proc, sourcefiles, ui
from wslx.errors import WslxError
from wslx.lanes import Lane

# Files the in-tree hook rewrites in a cached tree; its checks pass over them.
HOOKED = ("drivers/misc/Kconfig", "drivers/misc/Makefile")


@dataclass(frozen=True)
class Source:
    tree: Path        # the kernel source tree kbuild reads
    ident: str        # what the tree's content is (the key of a built kernel)
    desc: str         # what to tell the user
    user_tree: bool   # the user's own folder (never written into)


class DryRun(Exception):
    """WSLX_FETCH_DRY_RUN=1: what would be fetched, instead of fetching it."""


def check_tree(tree: Path, what: str) -> None:
    """A one-line error unless tree is a Linux source tree that was not configured in place."""
    need = ["Makefile", "Kconfig", "arch", "scripts/kconfig", "drivers/misc/Kconfig",
            "drivers/misc/Makefile"]
    if not all((tree / n).exists() for n in need):
        raise WslxError(f"{what}: not a Linux kernel source tree (no top-level Makefile, Kconfig, "
                        "arch, scripts/kconfig and drivers/misc)")
    if "\nPATCHLEVEL = " not in (tree / "Makefile").read_text(errors="replace"):
        raise WslxError(f"{what}: not a Linux kernel source tree (its Makefile sets no PATCHLEVEL)")
    # An in-place build leaves a .config, and kbuild then refuses every O= build.
    if (tree / ".config").exists() or (tree / "include/config/auto.conf").exists():
        raise WslxError(f"{what}: the tree was configured in place; run 'make mrproper' "
                        "there first")


def version(tree: Path) -> str:
    """6.6.114 from the tree's Makefile."""
    v: dict[str, str] = {}
    for line in (tree / "Makefile").read_text(errors="replace").splitlines()[:12]:
        key, sep, val = line.partition(" =")
        if sep and key in ("VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION"):
            v[key] = val.strip()
    extra = v.get("EXTRAVERSION", "")
    return f"{v.get('VERSION')}.{v.get('PATCHLEVEL')}.{v.get('SUBLEVEL')}{extra}"


def fingerprint(tree: Path) -> str:
    """The content identity of a user's tree (see the module's comment)."""
    h = hashlib.sha256()
    if (tree / ".git").exists():
        head = subprocess.run(["git", "-C", str(tree), "rev-parse", "HEAD^{tree}"],
                              capture_output=True, text=True)
        status = subprocess.run(["git", "-C", str(tree), "status", "--porcelain", "-z",
                                 "--untracked-files=all", "--ignored=no"],
                                capture_output=True)
        if head.returncode == 0 and status.returncode == 0:
            h.update(f"git {head.stdout.strip()}\n".encode())
            for entry in status.stdout.split(b"\0"):
                rel = entry[3:].decode(errors="surrogateescape")
                if not rel:
                    continue
                try:
                    st = os.lstat(tree / rel)
                    h.update(f"{entry[:2]!r} {rel} {st.st_size} {st.st_mtime_ns}\n".encode(
                        errors="surrogateescape"))
                except FileNotFoundError:
                    h.update(f"{entry[:2]!r} {rel} gone\n".encode(errors="surrogateescape"))
            return "git-" + h.hexdigest()[:24]
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames.sort()
        if ".git" in dirnames:
            dirnames.remove(".git")
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            st = os.lstat(full)
            h.update(f"{os.path.relpath(full, tree)} {st.st_size} {st.st_mtime_ns}\n".encode(
                errors="surrogateescape"))
    return "dir-" + h.hexdigest()[:24]


def _sha256_memo(path: Path) -> str:
    """A tarball's sha256, remembered by path, size and mtime (hashing 150 MB costs a second)."""
    st = path.stat()
    key = f"{path.resolve()} {st.st_size} {st.st_mtime_ns}"
    memo = paths.cache_dir() / "src" / "sha256-memo.json"
    try:
        known: dict[str, str] = json.loads(memo.read_text())
    except (OSError, ValueError):
        known = {}
    if key not in known:
        ui.info(f"checking {path.name} ({st.st_size >> 20} MiB)")
        known = {k: v for k, v in known.items() if not k.startswith(f"{path.resolve()} ")}
        known[key] = fileio.sha256_file(path)
        fileio.write_atomic(memo, json.dumps(known, indent=1))
    return known[key]


def from_tarball(path: Path, sha256: str = "") -> Source:
    """A kernel tarball, unpacked once per content into the cache."""
    if not path.is_file() or not os.access(path, os.R_OK):
        raise WslxError(f"--source {path}: no such file or folder")
    got = _sha256_memo(path)
    if sha256 and sha256.lower() != got:
        raise WslxError(f"{path}: sha256 {got} does not match the expected {sha256}")

    def unpack(tmp: Path) -> dict[str, str]:
        ui.step(f"unpacking {path.name} ({path.stat().st_size >> 20} MiB) into the cache")
        err = tmp.parent / f"{tmp.name}.err"
        done = proc.run(["tar", "-xf", path, "-C", tmp, "--strip-components=1",
                         "--no-same-owner"], log=err, progress=f"unpacking {path.name}")
        first = (err.read_text(errors="replace").splitlines() or [""])[0]
        err.unlink(missing_ok=True)
        if done.returncode != 0:
            raise WslxError(f"--source {path}: not a tarball tar can unpack ({first})")
        check_tree(tmp, f"--source {path}")
        return {"sha256": got}

    tree = cache.Entry(paths.cache_dir() / "src", f"tar-{got[:16]}",
                       f"source {path.name}").ensure(unpack, skip=HOOKED)
    return Source(tree, f"tar-{got}", f"{path.name} (linux {version(tree)}, sha256 {got[:16]}...)",
                  False)


def from_dir(path: Path, for_intree: bool) -> Source:
    tree = path.resolve()
    check_tree(tree, f"--source {path}")
    ident = fingerprint(tree)
    desc = f"{tree} (linux {version(tree)})"
    if not for_intree:
        return Source(tree, ident, desc, True)

    def copy(tmp: Path) -> dict[str, str]:
        ui.step(f"copying {tree} into the cache for the in-tree build (hard links)")
        tmp.rmdir()
        done = proc.run(["cp", "-al", tree, tmp], log=tmp.parent / f"{tmp.name}.log")
        (tmp.parent / f"{tmp.name}.log").unlink(missing_ok=True)
        if done.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.copytree(tree, tmp, symlinks=True)
        shutil.rmtree(tmp / ".git", ignore_errors=True)
        return {"from": str(tree), "ident": ident}
    copied = cache.Entry(paths.cache_dir() / "src", f"copy-{ident}", f"copy of {tree}").ensure(
        copy, skip=HOOKED)
    return Source(copied, ident, f"{desc}, copied for the in-tree build", False)


def from_path(path: Path, sha256: str, for_intree: bool) -> Source:
    if path.is_dir():
        if sha256:
            raise WslxError(f"--sha256 applies to a tarball, and --source {path} is a folder")
        return from_dir(path, for_intree)
    return from_tarball(path, sha256)


def fetch_url(url: str, sha256: str) -> Source:
    """A pinned tarball, downloaded (curl) once and checked."""
    name = url.rstrip("/").rsplit("/", 1)[-1]

    def download(tmp: Path) -> dict[str, str]:
        ui.step(f"downloading {url}")
        done = proc.run(["curl", "-fL", "--retry", "2", "--connect-timeout", "20", "-o",
                         tmp / name, url], log=tmp.parent / f"{tmp.name}.log",
                        progress=f"downloading {name}")
        (tmp.parent / f"{tmp.name}.log").unlink(missing_ok=True)
        if done.returncode != 0:
            raise WslxError(f"{url}: download failed (no network? pass --source DIR|TARBALL)")
        got = fileio.sha256_file(tmp / name)
        if got != sha256.lower():
            raise WslxError(f"{url}: sha256 {got} does not match the expected {sha256}")
        return {"url": url}
    folder = cache.Entry(paths.cache_dir() / "src" / "downloads", sha256.lower()[:16],
                         f"download of {name}").ensure(download)
    return from_tarball(folder / name, sha256)


def fetch_git(url: str, tag: str) -> Source:
    """A shallow clone of one tag, kept in the cache."""
    key = hashlib.sha256(f"{url}#{tag}".encode()).hexdigest()[:16]

    def clone(tmp: Path) -> dict[str, str]:
        ui.step(f"cloning {url} at {tag} (shallow)")
        tmp.rmdir()
        done = proc.run(["git", "-c", "advice.detachedHead=false", "clone", "-q", "--depth", "1",
                         "--branch", tag, url, tmp], log=tmp.parent / f"{tmp.name}.log",
                        progress=f"cloning {tag}")
        (tmp.parent / f"{tmp.name}.log").unlink(missing_ok=True)
        if done.returncode != 0:
            raise WslxError(f"{url}: git clone of {tag} failed (no network? pass "
                            "--source DIR|TARBALL)")
        check_tree(tmp, f"{url} at {tag}")
        return {"url": url, "tag": tag}
    tree = cache.Entry(paths.cache_dir() / "src", f"git-{key}", f"{url} {tag}").ensure(
        clone, skip=HOOKED)
    commit = proc.capture(["git", "-C", tree, "rev-parse", "HEAD"]).strip()
    return Source(tree, f"git-{commit}", f"{url} {tag} (linux {version(tree)})", False)


def pinned(lane: Lane, for_intree: bool) -> Source:
    """The lane's own pinned source; DryRun with what it would fetch under WSLX_FETCH_DRY_RUN=1."""
    dry = os.environ.get("WSLX_FETCH_DRY_RUN") == "1"
    get = lane.get
    if get("source_debian"):
        if dry:
            raise DryRun(f"fetch debian {get('source_debian')}")
        return from_tarball(sourcefiles.tarball(get("source_debian")))
    if get("source_path"):
        if dry:
            raise DryRun(f"local {get('source_path')}")
        return from_path(Path(get("source_path")), "", for_intree)
    if get("source_url"):
        if not get("source_sha256"):
            raise WslxError(f"{lane.path}: source_url needs source_sha256")
        if dry:
            raise DryRun(f"fetch tarball {get('source_url')} sha256 {get('source_sha256')}")
        return fetch_url(get("source_url"), get("source_sha256"))
    if get("source_git"):
        if not get("source_tag"):
            raise WslxError(f"{lane.path}: source_git needs source_tag")
        if dry:
            raise DryRun(f"fetch git {get('source_git')} tag {get('source_tag')}")
        return fetch_git(get("source_git"), get("source_tag"))
    raise WslxError(f"{lane.path}: no source_git, source_url, source_debian or source_path, so "
                    "give --source DIR|TARBALL")


def add_module(tree: Path) -> None:
    """The module as an in-tree driver: drivers/misc/<name>/, sourced from drivers/misc/Kconfig
    and listed in drivers/misc/Makefile. Off unless a configuration enables it.

    Files are rewritten whole (a new file renamed over the old), never edited
    in place, so a tree of hard links never changes the files it links to;
    a file whose content is unchanged keeps its mtime, so kbuild rebuilds
    nothing for it.
    """
    ident = identity.load()
    folder = tree / "drivers" / "misc" / ident.name
    wanted: dict[Path, bytes] = {}
    for part in ("Kbuild", "Kconfig", "module.mk", "src", "compat"):
        src = paths.ROOT / part
        files = [src] if src.is_file() else sorted(p for p in src.rglob("*") if p.is_file())
        for f in files:
            wanted[folder / f.relative_to(paths.ROOT)] = f.read_bytes()
    for old in (p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []:
        if old not in wanted and "build" not in old.relative_to(folder).parts:
            old.unlink()
    for dest, data in wanted.items():
        if not dest.exists() or dest.read_bytes() != data:
            dest.parent.mkdir(parents=True, exist_ok=True)
            fileio.write_atomic(dest, data)
    _hook(tree / "drivers/misc/Kconfig", f'drivers/misc/{ident.name}/Kconfig',
          lambda text: text[:text.rstrip().rfind("\n") + 1] +
          f'source "drivers/misc/{ident.name}/Kconfig"\n' + text[text.rstrip().rfind("\n") + 1:])
    _hook(tree / "drivers/misc/Makefile", f"CONFIG_{ident.kconfig})",
          lambda text: text.rstrip("\n") + f"\nobj-$(CONFIG_{ident.kconfig})\t+= {ident.name}/\n")


def _hook(path: Path, marker: str, add: Callable[[str], str]) -> None:
    text = path.read_text()
    if marker not in text:
        fileio.write_atomic(path, add(text))


def resolve(lane: Lane, given: Optional[Path], sha256: str, for_intree: bool) -> Source:
    src = from_path(given, sha256, for_intree) if given is not None else pinned(lane, for_intree)
    if not (src.tree / "arch" / lane.arch.kbuild).is_dir():
        raise WslxError(f"{src.desc}: the tree has no arch/{lane.arch.kbuild}, which "
                        f"LANE={lane.name} (arch={lane.arch.name}) builds")
    return src
