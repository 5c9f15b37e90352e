# SPDX-License-Identifier: GPL-2.0-only
"""Cache entries that are complete or absent, and checked on every use.

An entry (an unpacked kernel, a source tarball) is built into a temporary
folder beside its final name and renamed into place only when whole, with
a manifest of every file's type, size, mtime and sha256 written last. A run
interrupted half-way leaves only the temporary folder, which the next
writer removes. Each use checks the manifest against the tree with one stat
per file: size, mtime and ctime. A file whose mtime or ctime changed is
hashed and compared; since any write to a file moves its ctime, which no
ordinary tool can set back, an edit that keeps the size and restores the
mtime (touch -r) is found too. A tree restored elsewhere (a CI cache) has new
ctimes: its files are hashed once and the manifest takes their ctimes. A
damaged entry
(a truncated or deleted file, a missing manifest) is named in one line and
built again. Writers and checkers hold the entry's lock.
"""
import json
import os
import shutil
import stat
from pathlib import Path
from typing import Callable, Optional

from wslx import fileio, locks, proc, ui

MANIFEST = ".wslx-manifest.json"
VERSION = 2
# Manifests of version 1 hold no ctimes: each of their files is hashed once.
READABLE = (1, 2)


def scan(tree: Path) -> dict[str, list[object]]:
    """Every file, link and folder below tree:
    path -> [type, size, mtime_ns, sha256|target, ctime_ns]."""
    entries: dict[str, list[object]] = {}
    for dirpath, dirnames, filenames in os.walk(tree):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, tree)
            if rel == MANIFEST:
                continue
            st = os.lstat(full)
            if stat.S_ISLNK(st.st_mode):
                entries[rel] = ["l", 0, 0, os.readlink(full), 0]
            elif stat.S_ISDIR(st.st_mode):
                entries[rel] = ["d", 0, 0, "", 0]
            elif not stat.S_ISREG(st.st_mode):
                entries[rel] = ["o", 0, 0, "", 0]   # a device node or fifo: never read
            else:
                entries[rel] = ["f", st.st_size, st.st_mtime_ns, fileio.sha256_file(Path(full)),
                                st.st_ctime_ns]
    return entries


def write_manifest(tree: Path, meta: dict[str, str], skip: tuple[str, ...] = ()) -> None:
    """The manifest; paths in skip are files the entry's user rewrites, never checked."""
    files = {k: v for k, v in scan(tree).items() if k not in skip}
    body = {"version": VERSION, "meta": meta, "files": files}
    fileio.write_atomic(tree / MANIFEST, json.dumps(body, separators=(",", ":")))


def read_meta(tree: Path) -> Optional[dict[str, str]]:
    try:
        body = json.loads((tree / MANIFEST).read_text())
        return dict(body["meta"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check(tree: Path) -> Optional[str]:
    """None when tree matches its manifest, else the first difference. Files whose
    content was proven by hashing (their ctime moved) get their new ctime written
    back, so that the proof is paid once."""
    try:
        body = json.loads((tree / MANIFEST).read_text())
        files = body["files"]
        if body.get("version") not in READABLE:
            return "manifest of another version"
    except FileNotFoundError:
        return "no manifest (an unfinished or foreign entry)"
    except (OSError, ValueError, KeyError, TypeError):
        return "unreadable manifest"
    proven = 0
    for rel, item in files.items():
        kind, size, mtime, extra = item[:4]
        ctime = item[4] if len(item) > 4 else None
        full = tree / rel
        try:
            st = os.lstat(full)
        except FileNotFoundError:
            return f"{rel}: missing"
        if kind == "l":
            if not stat.S_ISLNK(st.st_mode) or os.readlink(full) != extra:
                return f"{rel}: link changed"
        elif kind == "d":
            if not stat.S_ISDIR(st.st_mode):
                return f"{rel}: not a folder"
        elif kind == "o":
            continue
        else:
            if not stat.S_ISREG(st.st_mode):
                return f"{rel}: not a file"
            if st.st_size != size:
                return f"{rel}: {st.st_size} bytes, expected {size}"
            if st.st_mtime_ns != mtime or st.st_ctime_ns != ctime:
                if fileio.sha256_file(full) != extra:
                    return f"{rel}: content changed"
                files[rel] = [kind, size, st.st_mtime_ns, extra, st.st_ctime_ns]
                proven += 1
    if proven or body.get("version") != VERSION:
        body["version"] = VERSION
        try:
            fileio.write_atomic(tree / MANIFEST, json.dumps(body, separators=(",", ":")))
        except OSError:
            pass   # a read-only cache: the proof is paid again next time
    return None


class Entry:
    """One cache entry: root/name, its lock root/.name.lock."""

    def __init__(self, root: Path, name: str, what: str) -> None:
        self.root = root
        self.name = name
        self.what = what
        self.path = root / name
        self.lock = root / f".{name}.lock"

    def ensure(self, build: Callable[[Path], dict[str, str]],
               want: Optional[Callable[[dict[str, str]], bool]] = None,
               skip: tuple[str, ...] = ()) -> Path:
        """The entry's path, built by build(tmp) unless present, whole and wanted.

        build fills the folder it is given and returns metadata kept in the
        manifest; want(meta) may reject an entry that is whole but stale.
        """
        with locks.held(self.lock, self.what):
            self._drop_leftovers()
            if self.path.exists():
                problem = check(self.path)
                meta = read_meta(self.path)
                if problem is None and meta is not None and (want is None or want(meta)):
                    ui.info(f"{self.what}: cached in {self.path}")
                    return self.path
                if problem:
                    ui.info(f"{self.what}: cache entry {self.path} is damaged ({problem}): "
                            "fetching it again")
                shutil.rmtree(self.path)
            tmp = self.root / f".{self.name}.tmp.{os.getpid()}"
            try:
                tmp.mkdir(parents=True)
                meta = build(tmp)
                write_manifest(tmp, meta, skip)
                os.rename(tmp, self.path)
            finally:
                if tmp.exists():
                    shutil.rmtree(tmp, ignore_errors=True)
            return self.path

    def _drop_leftovers(self) -> None:
        """What interrupted writers left (the lock says none is running): first the
        children they could not end (a writer killed outright leaves a .pgid file
        naming its child's process group), then their temporary folders."""
        left = sorted(self.root.glob(f".{self.name}.tmp.*"))
        for old in left:
            if old.suffix == ".pgid":
                proc.end_left_group(old, str(self.root / f".{self.name}.tmp."))
        for old in left:
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
