# SPDX-License-Identifier: GPL-2.0-only
"""Replaying the series onto one base, a verdict per patch.

Each patch is, on each base: dropped (its change is in the base already:
same patch-id as a base commit, or it reverse-applies), applied cleanly,
applied at an offset, merged (three-way: its context differed), resolved
by a recorded resolution (git rerere, its cache versioned in
patches/rerere/, autoupdate off so that a replayed resolution is never
mistaken for no conflict), or stopped at a conflict with no recorded
resolution: the work tree is left at that patch for the user to fix, and
one command records the fix (make stack-resolve BASE=...).

A three-way merge needs the blobs the patch was made against. git finds
them wherever the repository has them, and the work repository also holds
other bases and earlier imports: whether a merge is possible would then
depend on what the cache had seen. So it is tried only when every preimage
blob is in the base's own history, and the verdict depends on the series
and the base commit alone. Where it is not possible, patch(1) with fuzz is
tried (verdict fuzzed, flagged for review), and else the hunks that apply
are applied and the rest left as .rej files: the user's fix is then
recorded as a replacement of the patch for that base, in
patches/resolutions/<base>/, and replayed by later cycles while the
original patch stays the same.
"""
import difflib
import functools
import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from wslx import fileio, proc, ui
from wslx.errors import WslxError
from wslx.stack import series as series_mod
from wslx.stack.bases import Resolved
from wslx.stack.repo import Repo
from wslx.stack.repo import root as repo_root

MARKER = re.compile(r"^<<<<<<< ", re.M)
FUZZ = 3
# Where a stopped replay remembers which patch it stopped at (in the worktree's git dir).
STOPPED = "wslx-stopped"
REPLACEMENT = re.compile(r"^# wslx replacement of (\S+) on (\S+); original sha256 ([0-9a-f]{64})$",
                         re.M)


@dataclass
class Verdict:
    patch: str                  # topic/NNNN-name.patch
    subject: str
    status: str                 # applied offset merged resolved dropped excluded conflict not-run
    note: str = ""
    commit: str = ""
    files: list[str] = field(default_factory=list)
    resolutions: list[str] = field(default_factory=list)   # rerere ids used
    hunks: str = ""             # the resolved hunks (audit) or the conflict's hunks


@dataclass
class Replay:
    base: Resolved
    work: Path
    tip: str
    verdicts: list[Verdict]
    stopped: Optional[Verdict]


@functools.lru_cache(maxsize=None)
def files_of(patch: Path) -> tuple[str, ...]:
    """The paths patch touches (git apply --numstat, read once per patch)."""
    out = proc.capture(["git", "apply", "--numstat", "-z", patch], what=f"git apply {patch}")
    return tuple(rec.split("\t")[-1] for rec in out.split("\0") if rec.count("\t") >= 2)


def sync_rerere(repo: Repo, project: Path) -> None:
    """The repository's rerere cache gets the project's recorded resolutions; a
    resolution the project no longer has is forgotten (entries a stopped run
    is waiting on, with no postimage yet, stay)."""
    cache = repo.git_dir / "rr-cache"
    cache.mkdir(exist_ok=True)
    keep = {p.name for p in project.iterdir() if p.is_dir()} if project.is_dir() else set()
    for entry in cache.iterdir():
        if entry.is_dir() and (entry / "postimage").exists() and entry.name not in keep:
            shutil.rmtree(entry)
    for name in keep:
        shutil.rmtree(cache / name, ignore_errors=True)
        shutil.copytree(project / name, cache / name)


def _merge_rr(repo: Repo, work: Path) -> dict[str, str]:
    """path -> rerere id, for the conflicts git rerere saw in this work tree."""
    rel = Path(repo.git("rev-parse", "--git-path", "MERGE_RR", cwd=work).strip())
    path = rel if rel.is_absolute() else work / rel
    if not path.exists():
        return {}
    out = {}
    for rec in path.read_text(errors="replace").split("\0"):
        ident, _, name = rec.partition("\t")
        if name:
            out[name] = ident.split(".", 1)[0]
    return out


def replacement_path(root: Path, base: str, patch: str) -> Path:
    """Where the recorded replacement of patch (topic/NNNN-x.patch) for base lives."""
    return root / "resolutions" / base / patch


def three_way_possible(repo: Repo, base_commit: str, patch: Path) -> bool:
    """Every blob the patch was made against (its index lines) is in the base's own
    history at that path: a three-way merge would use only what the base has."""
    text = patch.read_text(errors="replace")
    pairs = re.findall(r"^diff --git a/(\S+) b/\S+\n(?:.*\n)*?index ([0-9a-f]+)\.\.", text, re.M)
    if not pairs:
        return False
    for path, pre in pairs:
        if not pre.strip("0"):
            continue   # a new file: nothing to merge with
        known = repo.git("rev-list", "--objects", "--no-object-names", base_commit, "--", path,
                         check=False).split()
        if not any(sha.startswith(pre) for sha in known):
            return False
    return True


def replay(repo: Repo, base: Resolved, series: series_mod.Series,
           manifest: series_mod.Manifest) -> Replay:
    work = repo.worktree(base.base.name, base.commit)
    _clear_stopped(repo, work)
    sync_rerere(repo, series.root / "rerere")
    known = repo.patch_ids(base.history_since, base.commit) if base.history_since else {}
    verdicts: list[Verdict] = []
    for topic, reason in manifest.excluded.items():
        for p in series.patches[topic]:
            verdicts.append(Verdict(p.name, p.subject, "excluded", reason))
    stopped: Optional[Verdict] = None
    todo = series.ordered(manifest.topics)
    for number, p in enumerate(todo, start=1):
        v = Verdict(p.name, p.subject, "not-run", files=list(files_of(p.path)))
        verdicts.append(v)
        if stopped:
            v.note = f"after the conflict in {stopped.patch}"
            continue
        _one(repo, work, p, v, known, base, series.root)
        # Each verdict as it is made: a long series shows its progress.
        ui.info(f"[{number}/{len(todo)}] {v.status:9} {p.name}"
                + (f": {v.note}" if v.note and v.status not in ("applied",) else ""))
        if v.status == "conflict":
            stopped = v
    tip = repo.git("rev-parse", "HEAD", cwd=work).strip()
    order = {p.name: i for i, p in enumerate(series.ordered())}
    verdicts.sort(key=lambda v: order[v.patch])
    return Replay(base, work, tip, verdicts, stopped)


def _one(repo: Repo, work: Path, p: series_mod.Patch, v: Verdict, known: dict[str, str],
         base: Resolved, root: Path) -> None:
    pid = repo.patch_id(p.path)
    if pid in known:
        carrier = known[pid]
        title = repo.git("log", "-1", "--format=%h %s", carrier, cwd=work).strip()
        v.status, v.note, v.commit = "dropped", f"already in the base as {title}", carrier
        return
    if subprocess_output(["git", "apply", "--check", "-R", str(p.path)], work) is not None:
        v.status, v.note = "dropped", "its change is in the base already (it reverse-applies)"
        return
    check = subprocess_output(["git", "apply", "--check", "-v", str(p.path)], work)
    if check is not None:
        offsets = re.findall(r"^Hunk #\d+ succeeded at \d+ \(offset (-?\d+) lines?\)", check,
                             re.M)
        v.status = "offset" if offsets else "applied"
        v.note = f"{len(offsets)} hunk(s) at an offset" if offsets else "cleanly"
    else:
        v.status, v.note = "merged", "three-way merge (its context differs on this base)"
    log = repo_root() / f"am.{work.name}.log"
    log.unlink(missing_ok=True)
    merge = check is None and three_way_possible(repo, base.commit, p.path)
    if proc.run(["git", "am", *(["-3"] if merge else []), "--keep-cr", p.path], cwd=work,
                env=repo.env(), log=log).returncode == 0:
        v.commit = repo.git("rev-parse", "HEAD", cwd=work).strip()
        return
    if merge:
        _conflict(repo, work, p, v, log, base.base.name, root)
    else:
        _without_merge(repo, work, p, v, log, base.base.name, root)


def _conflict(repo: Repo, work: Path, p: series_mod.Patch, v: Verdict, log: Path,
              base: str, root: Path) -> None:
    unmerged = [f for f in repo.git("diff", "--name-only", "--diff-filter=U",
                                    cwd=work).splitlines() if f]
    if not unmerged:
        # git could not merge after all: the same way out as without a merge.
        repo.git("am", "--abort", cwd=work, check=False)
        proc.run(["git", "am", "--keep-cr", p.path], cwd=work, env=repo.env(), log=log)
        _without_merge(repo, work, p, v, log, base, root)
        return
    ids = _merge_rr(repo, work)
    cache = repo.git_dir / "rr-cache"
    open_files = [f for f in unmerged if MARKER.search((work / f).read_text(errors="replace"))]
    if not open_files:
        # git rerere resolved every file, and forgot them in MERGE_RR as it did:
        # find each resolution's id from the conflict itself, and keep for the
        # audit what it changed in the conflicted file.
        audit: list[str] = []
        for name in unmerged:
            conflicted = _conflicted(repo, work, name)
            ident = rerere_id(conflicted)
            if (cache / ident / "postimage").exists():
                ids[name] = ident
            audit += difflib.unified_diff(
                conflicted.decode(errors="replace").splitlines(keepends=True),
                (work / name).read_text(errors="replace").splitlines(keepends=True),
                f"a/{name} (conflict)", f"b/{name} (recorded resolution {ident[:12]})")
        v.resolutions = sorted({ids[f] for f in unmerged if f in ids})
        v.hunks = "".join(audit)
        # -f: a tarball's .gitignore files may match folders of the tree itself.
        repo.git("add", "-f", "--", *unmerged, cwd=work)
        if proc.run(["git", "am", "--continue"], cwd=work, env=repo.env(),
                    log=log).returncode != 0:
            raise WslxError(f"{p.path}: git am --continue failed after the recorded resolution "
                            f"(log: {log})")
        v.status = "resolved"
        v.note = "recorded resolution " + ", ".join(
            f"{i[:12]} ({', '.join(f for f in unmerged if ids.get(f) == i)})"
            for i in v.resolutions)
        v.commit = repo.git("rev-parse", "HEAD", cwd=work).strip()
        return
    stale = [f"{f} ({ids[f]})" for f in open_files
             if f in ids and (cache / ids[f] / "postimage").exists()]
    v.status = "conflict"
    v.note = (f"recorded resolution for {', '.join(stale)} no longer matches its hunk"
              if stale else f"conflict in {', '.join(open_files)}, no recorded resolution")
    v.files = unmerged
    v.hunks = repo.git("diff", "--", *open_files, cwd=work, check=False)


def _conflicted(repo: Repo, work: Path, name: str) -> bytes:
    """The file name with its conflict markers, rebuilt from the index's three stages."""
    tmp = repo_root() / f".merge.{work.name}"
    tmp.mkdir(exist_ok=True)
    try:
        for stage in ("1", "2", "3"):
            data = subprocess.run(["git", "show", f":{stage}:{name}"], cwd=work,
                                  capture_output=True).stdout
            (tmp / stage).write_bytes(data)
        return subprocess.run(["git", "merge-file", "-p", "-L", "base", "-L", "ancestor", "-L",
                               "patch", tmp / "2", tmp / "1", tmp / "3"],
                              cwd=work, capture_output=True).stdout
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def rerere_id(conflicted: bytes) -> str:
    """git rerere's id of a conflicted file: SHA-1 over each conflict's two sides,
    the smaller first, each followed by a NUL (the common ancestor's part, in
    diff3 style, is left out)."""
    h = hashlib.sha1()
    lines = conflicted.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        if not lines[i].startswith(b"<<<<<<<"):
            i += 1
            continue
        one, two, side = b"", b"", 1
        i += 1
        while i < len(lines) and not lines[i].startswith(b">>>>>>>"):
            line = lines[i]
            if line.startswith(b"|||||||"):
                side = 0
            elif line.startswith(b"======="):
                side = 2
            elif side == 1:
                one += line
            elif side == 2:
                two += line
            i += 1
        if one > two:
            one, two = two, one
        h.update(one + b"\0" + two + b"\0")
        i += 1
    return h.hexdigest()


def subprocess_output(argv: list[str], cwd: Path) -> Optional[str]:
    """argv's stdout and stderr when it succeeds, else None."""
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, errors="replace")
    return done.stdout + done.stderr if done.returncode == 0 else None


def record(repo: Repo, base: str, patches: Path) -> list[str]:
    """After the user fixed a stopped base's conflict in its work tree: the fix as a
    recorded resolution in patches/rerere/ (a conflict git merged three ways), or as
    a replacement of the patch for that base in patches/resolutions/<base>/ (one it
    could not); what was recorded, each as a path inside patches."""
    project = patches / "rerere"
    work = repo_root() / "work" / base
    if not work.is_dir() or not repo.in_am(work):
        raise WslxError(f"BASE={base}: not stopped at a conflict (nothing to record)")
    ids = _merge_rr(repo, work)
    stopped = _git_path(repo, work, STOPPED)
    if not ids and stopped.is_file():
        return [_record_replacement(repo, work, base, patches, stopped)]
    if not ids:
        raise WslxError(f"BASE={base}: git rerere saw no conflict in {work}")
    for name in ids:
        if MARKER.search((work / name).read_text(errors="replace")):
            raise WslxError(f"{work / name}: still has conflict markers; fix it first")
    repo.git("rerere", cwd=work)
    cache = repo.git_dir / "rr-cache"
    done = []
    project.mkdir(parents=True, exist_ok=True)
    for ident in sorted(set(ids.values())):
        entry = cache / ident
        if not (entry / "postimage").exists():
            raise WslxError(f"BASE={base}: git rerere recorded no resolution for {ident}")
        shutil.rmtree(project / ident, ignore_errors=True)
        (project / ident).mkdir()
        for name in ("preimage", "postimage"):
            shutil.copyfile(entry / name, project / ident / name)
        done.append(f"rerere/{ident}")
    return done


def _record_replacement(repo: Repo, work: Path, base: str, patches: Path,
                        stopped: Path) -> str:
    """The user's fix of a patch that applied only in part: the work tree's change
    against the commit before it, as the patch's replacement for base."""
    name, sha = stopped.read_text().split()[:2]
    left = sorted(str(r.relative_to(work)) for r in work.rglob("*.rej"))
    if left:
        raise WslxError(f"{work / left[0]}: rejected hunks still here; apply them by hand, "
                        "delete the .rej files, then record")
    repo.git("add", "-A", "-f", cwd=work)
    diff = repo.git("diff", "--cached", "--full-index", "HEAD", cwd=work)
    if not diff.strip():
        raise WslxError(f"BASE={base}: the work tree {work} has no change to record")
    dest = replacement_path(patches, base, name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fileio.write_atomic(dest, f"# wslx replacement of {name} on {base}; original sha256 {sha}\n"
                        + diff)
    return str(dest.relative_to(patches))


def _mark_stopped(repo: Repo, work: Path, p: series_mod.Patch) -> None:
    (_git_path(repo, work, STOPPED)).write_text(
        f"{p.name}\n{fileio.sha256_file(p.path)}\n")


def _clear_stopped(repo: Repo, work: Path) -> None:
    _git_path(repo, work, STOPPED).unlink(missing_ok=True)


def _git_path(repo: Repo, work: Path, name: str) -> Path:
    rel = Path(repo.git("rev-parse", "--git-path", name, cwd=work).strip())
    return rel if rel.is_absolute() else work / rel


def _without_merge(repo: Repo, work: Path, p: series_mod.Patch, v: Verdict, log: Path,
                   base: str, root: Path) -> None:
    """git am stopped at p and cannot merge three ways: a recorded replacement for this
    base, else patch(1) with fuzz, else the hunks that apply, the rest as .rej."""
    saved = replacement_path(root, base, p.name) if base else None
    if saved and saved.is_file():
        m = REPLACEMENT.search(saved.read_text(errors="replace"))
        if not m or m.group(3) != fileio.sha256_file(p.path):
            v.status = "conflict"
            v.note = (f"the recorded replacement {saved} was made for another version of the "
                      "patch: fix the tree again and record it with make stack-resolve")
            _reject(repo, work, p, v)
            return
        if subprocess_output(["git", "apply", "--index", str(saved)], work) is not None:
            _continue(repo, work, p, log)
            v.status, v.note = "resolved", f"recorded replacement for {base} ({saved.name})"
            v.hunks = "".join(difflib.unified_diff(
                p.path.read_text(errors="replace").splitlines(keepends=True),
                saved.read_text(errors="replace").splitlines(keepends=True),
                f"{p.name} (as written)", f"{p.name} (replacement for {base})"))
            v.commit = repo.git("rev-parse", "HEAD", cwd=work).strip()
            return
        v.status = "conflict"
        v.note = f"the recorded replacement {saved} no longer applies to this base"
        _reject(repo, work, p, v)
        return
    fuzz = ["patch", "-p1", f"-F{FUZZ}", "--no-backup-if-mismatch", "-r", "-", "-i", str(p.path)]
    if subprocess_output([*fuzz, "--dry-run"], work) is not None:
        said = subprocess_output(fuzz, work) or ""
        repo.git("add", "-A", "-f", "--", *v.files, cwd=work)
        _continue(repo, work, p, log)
        fuzzed = [ln.strip() for ln in said.splitlines() if "fuzz" in ln]
        v.status = "fuzzed"
        v.note = ("no three-way merge (its preimage is not in this base's history); patch(1) "
                  "applied it with fuzz: " + "; ".join(fuzzed or ["offsets only"]))
        v.hunks = repo.git("show", "--format=", "HEAD", cwd=work)
        v.commit = repo.git("rev-parse", "HEAD", cwd=work).strip()
        return
    v.status = "conflict"
    v.note = ("does not apply, no three-way merge (its preimage is not in this base's "
              "history) and no fit with fuzz: what applies is applied, the rest is in .rej "
              "files")
    _reject(repo, work, p, v)


def _continue(repo: Repo, work: Path, p: series_mod.Patch, log: Path) -> None:
    if proc.run(["git", "am", "--continue"], cwd=work, env=repo.env(),
                log=log).returncode != 0:
        raise WslxError(f"{p.path}: git am --continue failed (log: {log})")


def _reject(repo: Repo, work: Path, p: series_mod.Patch, v: Verdict) -> None:
    """The hunks that apply applied, the others in .rej files beside their files; the
    verdict shows the rejected hunks, and the replay is marked as stopped at p."""
    subprocess_output(["git", "apply", "--reject", "--whitespace=nowarn", str(p.path)], work)
    rejects = sorted(str(r.relative_to(work)) for r in work.rglob("*.rej"))
    v.files = [r[:-4] for r in rejects] or v.files
    v.hunks = "".join(f"# {r}\n{(work / r).read_text(errors='replace')}" for r in rejects)
    _mark_stopped(repo, work, p)
