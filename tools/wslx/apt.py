# SPDX-License-Identifier: GPL-2.0-only
"""Asking Debian's archive: apt-cache and apt-get download, never dpkg -i.

A lane with apt_sources= gets a private apt configuration in the cache (its
own sources, lists, archives and an empty dpkg status), so that other
suites (bullseye, sid) are reachable without touching the host's apt setup.
Its lists are refreshed once a day.
"""
import hashlib
import json
import os
import re
import time
from pathlib import Path
from typing import Callable

from wslx import fileio, locks, paths, proc, ui
from wslx.arch import host
from wslx.errors import WslxError
from wslx.lanes import Lane

LISTS_MAX_AGE = 24 * 3600
Package = tuple[str, str, str]   # name, version, sha256


class Apt:
    def __init__(self, lane: Lane) -> None:
        self.lane = lane
        self.opts: list[str] = []
        self.lists = Path("/var/lib/apt/lists")
        sources = lane.get("apt_sources")
        if sources:
            self._private(sources)
        elif not self._has_lists() and os.geteuid() == 0:
            ui.step(f"{lane.name}: this machine has no apt package lists: running apt-get update")
            self._update([], "apt-get update")

    def _private(self, sources: str) -> None:
        root = paths.cache_dir() / "apt" / self.lane.name
        with locks.held(root.parent / f".{self.lane.name}.lock", f"apt lists of {self.lane.name}"):
            for sub in ("lists/partial", "cache/archives/partial", "sources.list.d",
                        "preferences.d"):
                (root / sub).mkdir(parents=True, exist_ok=True)
            text = "".join(f"{s.strip()}\n" for s in sources.split("|"))
            listfile = root / "sources.list"
            if not listfile.exists() or listfile.read_text() != text:
                for old in (root / "lists").glob("*"):
                    if old.is_file():
                        old.unlink()
                fileio.write_atomic(listfile, text)
            if not (root / "status").exists():
                (root / "status").write_text("")
            self.opts = [
                "-o", f"Dir::Etc::SourceList={listfile}",
                "-o", f"Dir::Etc::SourceParts={root / 'sources.list.d'}",
                "-o", f"Dir::Etc::Preferences={root / 'preferences'}",
                "-o", f"Dir::Etc::PreferencesParts={root / 'preferences.d'}",
                "-o", f"Dir::State::Lists={root / 'lists'}",
                "-o", f"Dir::State::Status={root / 'status'}",
                "-o", f"Dir::Cache={root / 'cache'}",
                "-o", f"APT::Architecture={self.lane.arch.debian}",
                "-o", "Acquire::Languages=none", "-o", "APT::Sandbox::User=root"]
            if self.lane.arch != host():
                # The host's own arch too: a foreign kernel's kbuild tools must run here.
                self.opts += ["-o", f"APT::Architectures::={self.lane.arch.debian}",
                              "-o", f"APT::Architectures::={host().debian}"]
            self.lists = root / "lists"
            fresh = [p for p in [*self.lists.glob("*Packages*"), *self.lists.glob("*Sources*")]
                     if time.time() - p.stat().st_mtime < LISTS_MAX_AGE]
            if not fresh:
                ui.step(f"{self.lane.name}: updating the lane's private apt lists ({root})")
                self._update(self.opts, "apt-get update of the lane's private sources")

    def _has_lists(self) -> bool:
        return any(self.lists.glob("*Packages*"))

    def _update(self, opts: list[str], what: str) -> None:
        log = paths.cache_dir() / "apt" / f"{self.lane.name}.update.log"
        done = proc.run(["apt-get", *opts, "update", "-q"], log=log, progress=what)
        if done.returncode != 0:
            raise WslxError(f"LANE={self.lane.name}: {what} failed (log: {log})")

    def lists_stamp(self) -> str:
        """Changes whenever apt's package lists do."""
        h = hashlib.sha256()
        for p in sorted(self.lists.glob("*Packages*")):
            st = p.stat()
            h.update(f"{p.name} {st.st_mtime_ns} {st.st_size}\n".encode())
        return h.hexdigest()

    def remembered(self, key: str, compute: Callable[[], list[Package]]) -> list[Package]:
        """compute(), remembered until key (what decided it) or apt's lists change:
        apt-cache is slow, and a prepare or a guest's boot would pay for it each time."""
        # One memo per lane and key: the lists' stamp changing replaces it.
        which = f"{self.lane.name}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"
        stamp = hashlib.sha256(self.lists_stamp().encode()).hexdigest()[:16]
        memo = paths.cache_dir() / "apt" / "resolved" / f"{which}-{stamp}.json"
        try:
            return [(str(n), str(v), str(s)) for n, v, s in json.loads(memo.read_text())]
        except (OSError, ValueError, TypeError):
            pass
        found = compute()
        for old in memo.parent.glob(f"{which}-*.json") if memo.parent.is_dir() else []:
            old.unlink(missing_ok=True)
        fileio.write_atomic(memo, json.dumps(found))
        return found

    def records(self, names: list[str], what: str) -> list[Package]:
        """(name, version, sha256) of each name's newest record; a name apt-cache has no
        version or sha256 for is an error beginning with what."""
        found = []
        for name in names:
            fields = self.show(name)
            if not fields.get("Version") or not fields.get("SHA256"):
                raise WslxError(f"{what}: apt-cache has no {self.lane.arch.debian} version or "
                                f"sha256 for {name}")
            found.append((name, fields["Version"], fields["SHA256"]))
        return found

    def show(self, spec: str) -> dict[str, str]:
        """The fields of a package's newest (or pinned, name=version) record; {} if unknown."""
        out = proc.capture(["apt-cache", *self.opts, "show", "--no-all-versions", spec],
                           check=False)
        fields: dict[str, str] = {}
        for line in out.splitlines():
            if not line.strip():
                break
            key, sep, value = line.partition(": ")
            if sep and not key.startswith(" "):
                fields[key] = value.strip()
        return fields

    def depends(self, pkg: str, pattern: str) -> list[str]:
        """pkg's Depends/PreDepends whose names match pattern (a regex), in order."""
        out = proc.capture(["apt-cache", *self.opts, "depends", "--no-recommends",
                            "--no-suggests", pkg], check=False)
        found = []
        for line in out.splitlines():
            match = re.match(r"^\s*\|?(?:Pre)?Depends: (\S+)$", line)
            if match and re.fullmatch(pattern, match.group(1)):
                found.append(match.group(1))
        return found

    def binaries(self, source: str, version: str) -> list[str]:
        """The binary packages source=version builds (its Sources record's Binary:)."""
        out = proc.capture(["apt-cache", *self.opts, "showsrc", "--only-source", source],
                           check=False)
        for record in re.sub(r"\n[ \t]+", " ", out).split("\n\n"):   # folded fields unfolded
            fields = dict(ln.split(": ", 1) for ln in record.splitlines() if ": " in ln)
            if fields.get("Version") == version:
                return [n.strip() for n in fields.get("Binary", "").split(",") if n.strip()]
        return []

    def source_files(self, name: str, version: str, into: Path) -> Path:
        """Source package name=version's files (.dsc, .orig, .debian) downloaded into into/,
        each checked by apt against the signed Sources index; the .dsc."""
        log = into / "source.log"
        done = proc.run(["apt-get", *self.opts, "source", "--download-only", "-q",
                         f"{name}={version}"], cwd=into, log=log,
                        progress=f"downloading the source of {name} {version}")
        dsc = sorted(into.glob(f"{name}_*.dsc"))
        if done.returncode != 0 or len(dsc) != 1:
            tail = log.read_text(errors="replace").strip().splitlines()[-1:]
            raise WslxError(f"apt-get source {name}={version} failed"
                            f"{': ' + tail[0] if tail else ''} (log: {log})")
        return dsc[0]

    def source(self, name: str, version: str, into: Path) -> Path:
        """Source package name=version unpacked in into/ (apt checks every file against the
        signed Sources index); the unpacked folder."""
        dsc = self.source_files(name, version, into)
        log = into / "source.log"
        tree = into / "src"
        # The files were checked by apt already; no keyring is needed for the .dsc.
        if proc.run(["dpkg-source", "-x", "--no-check", dsc, tree], cwd=into,
                    log=log).returncode != 0:
            raise WslxError(f"dpkg-source -x {dsc.name} failed (log: {log})")
        return tree

    def download(self, name: str, version: str, sha256: str, into: Path) -> Path:
        """name=version downloaded into into/, checked against the index's sha256."""
        log = into / "download.log"
        done = proc.run(["apt-get", *self.opts, "download", "-q", "-o", "APT::Sandbox::User=root",
                         f"{name}={version}"], cwd=into, log=log, progress=f"downloading {name}")
        if done.returncode != 0:
            tail = log.read_text(errors="replace").strip().splitlines()[-1:]
            raise WslxError(f"LANE={self.lane.name}: apt-get download {name}={version} failed"
                            f"{': ' + tail[0] if tail else ''}")
        # name:arch (a package of another arch than the configuration's) is saved as name_...
        debs = list(into.glob(f"{name.partition(':')[0]}_{version.replace(':', '%3a')}_*.deb"))
        if len(debs) != 1:
            raise WslxError(f"LANE={self.lane.name}: apt-get download left no {name} package")
        got = fileio.sha256_file(debs[0])
        if got != sha256:
            raise WslxError(f"{debs[0].name}: sha256 {got} does not match the archive index's "
                            f"{sha256} (LANE={self.lane.name})")
        return debs[0]
