# SPDX-License-Identifier: GPL-2.0-only
"""make stack: one cycle of the series on both bases, its deliverables in
build/stack/<cycle>/ (the manual's list: the series as applied on each base,
the conflict report, the range-diffs, kernels, console logs, KTAP, and
summary.md), and make stack-status / stack-resolve.

A cycle writes only into its own folder; "latest" is moved to it once its
record is written, so status never reads a cycle still running.
"""
import hashlib
import json
import shlex
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from wslx import fileio, locks, paths, ui
from wslx.errors import BadInput, WslxError
from wslx.stack import apply, bases, lane, moved, rangediff, summary, tables, verdict
from wslx.stack import series as series_mod
from wslx.stack.repo import Repo, root


KEEP = 8   # cycles kept besides the latest


@dataclass
class Options:
    patches: Path = paths.ROOT / "patches"
    standin: bool = False
    only: list[str] = field(default_factory=list)          # base names; all when empty
    sources: dict[str, Path] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)
    accept: set[str] = field(default_factory=set)
    lane_opts: lane.Options = field(default_factory=lane.Options)


def folder() -> Path:
    return paths.build_dir() / "stack"


def revision(s: series_mod.Series) -> str:
    """The series tree's content: patches, recorded resolutions and replacements,
    manifests, series.config, the maps and the bases (all that decides a verdict)."""
    h = hashlib.sha256()
    for p in sorted(f for f in s.root.rglob("*") if f.is_file()):
        h.update(str(p.relative_to(s.root)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:12]


@dataclass
class Loaded:
    """The series' data, every file read and checked once, before any work."""
    series: series_mod.Series
    bases: list[bases.Base]                       # those this cycle runs
    manifests: dict[str, series_mod.Manifest]
    kselftests: list[tables.Rule]
    protected: list[tables.Rule]


def _load(opts: Options) -> Loaded:
    s = series_mod.load(opts.patches)
    all_bases = bases.load_all(opts.patches)
    known = {b.name for b in all_bases}
    for name in [*opts.only, *opts.sources, *opts.sha256]:
        if name not in known:
            raise WslxError(f"base {name}: no such base (known: {' '.join(sorted(known))})")
    manifests = {name: series_mod.manifest(s, name) for name in sorted(known)}
    protected = tables.protected(opts.patches / "protected.map")
    classes = {r.value for r in protected} | set(verdict.BUILT_IN)
    for cls in sorted(opts.accept):
        if cls not in classes:
            raise WslxError(f"ACCEPT={cls}: not an escalation class (known: "
                            f"{' '.join(sorted(classes))})")
    return Loaded(s, [b for b in all_bases if not opts.only or b.name in opts.only], manifests,
                  tables.kselftests(opts.patches / "kselftest.map"), protected)


def run(opts: Options) -> int:
    try:
        data = _load(opts)
    except WslxError as err:
        # The series tree, a base name or an option is wrong: bad input (exit 2), told
        # apart from a base that fails (1) or needs a human (3).
        raise BadInput(str(err)) from None
    with locks.held(folder() / ".lock", "the patch stack of this checkout"), \
            locks.held(root() / ".lock", "the patch stack's work repository"):
        return _cycle(opts, data)


def _cycle(opts: Options, data: Loaded) -> int:
    started = time.time()
    s = data.series
    repo = Repo()
    resolved = [bases.resolve(b, repo, opts.standin, opts.sources.get(b.name),
                              opts.sha256.get(b.name, "")) for b in data.bases]
    out = _new_cycle()
    rev = revision(s)
    ui.step(f"stack cycle {out.name}: series {rev} ({len(s.ordered())} patches) on "
            f"{', '.join(b.base.name for b in resolved)}")
    outcomes = [lane.run(repo, b, s, data.manifests[b.base.name], data.kselftests,
                         opts.lane_opts, out) for b in resolved]
    between: list[rangediff.Pair] = []
    ready = [o for o in outcomes if not o.replay.stopped]
    if len(ready) == 2:
        text = rangediff.run(repo, (ready[0].base.commit, ready[0].replay.tip),
                             (ready[1].base.commit, ready[1].replay.tip))
        (out / "range-diff-bases.txt").write_text(text)
        between = rangediff.parse(text)
    accepted: dict[str, list[rangediff.Pair]] = {}
    for o in ready:
        name = o.base.base.name
        old = (repo.ref(f"refs/wslx/accepted/{name}/base"),
               repo.ref(f"refs/wslx/accepted/{name}/tip"))
        if old[0] and old[1]:
            text = rangediff.run(repo, (old[0], old[1]), (o.base.commit, o.replay.tip))
            (out / f"range-diff-{name}-accepted.txt").write_text(text)
            accepted[name] = rangediff.parse(text)
        else:
            accepted[name] = []
    moves = {o.base.base.name: m for o in outcomes
             if (m := moved.compare(o.base.base.name, o.base.commit, o.replay.verdicts))}
    subjects = {p.subject: list(apply.files_of(p.path)) for p in s.ordered()}
    escalated = verdict.escalations(outcomes, data.protected, between, subjects, opts.accept)
    verdicts = [verdict.of_base(o, escalated) for o in outcomes]
    for o in ready:
        _deliver(repo, o, out)
    fixes = {o.base.base.name: resolve_command(opts, o.base.base.name) for o in outcomes
             if o.replay.stopped}
    (out / "conflicts.md").write_text(summary.conflicts(outcomes, fixes))
    (out / "summary.md").write_text(summary.markdown(outcomes, verdicts, escalated, between,
                                                     accepted, rev, fixes, moves))
    for o, v in zip(outcomes, verdicts):
        if v == "works":
            name = o.base.base.name
            repo.git("update-ref", f"refs/wslx/accepted/{name}/base", o.base.commit)
            repo.git("update-ref", f"refs/wslx/accepted/{name}/tip", o.replay.tip)
            moved.remember(name, o.base.describe, o.base.commit, out.name, o.replay.verdicts)
    rec = _record(out, rev, outcomes, verdicts, escalated, started, moves)
    fileio.write_atomic(out / "record.json", json.dumps(rec, indent=1) + "\n")
    fileio.symlink_atomic(out.name, folder() / "latest")
    _print(outcomes, verdicts, escalated, out, fixes)
    return verdict.exit_status(verdicts)


def resolve_command(opts: Options, base: str) -> str:
    """The command that records the user's fix of base's stopped conflict, with the
    options of this run that it needs: the series it belongs to (PATCHES=)."""
    words = ["make", "stack-resolve", f"BASE={base}"]
    if opts.patches.resolve() != (paths.ROOT / "patches").resolve():
        words.append(f"PATCHES={opts.patches}")
    return shlex.join(words)


def _new_cycle() -> Path:
    """build/stack/<cycle>/, a folder of this cycle's own; old cycles beyond KEEP go."""
    top = folder()
    top.mkdir(parents=True, exist_ok=True)
    # A folder without a record is a cycle that never finished (interrupted): the
    # lock says none is running, and nothing ever read it.
    for dead in (p for p in top.iterdir() if p.is_dir() and not p.is_symlink()
                 and not (p / "record.json").exists()):
        shutil.rmtree(dead, ignore_errors=True)
    done = sorted((p for p in top.iterdir() if (p / "record.json").exists()), reverse=True)
    keep = {os.readlink(top / "latest")} if (top / "latest").is_symlink() else set()
    for old in done[KEEP:]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    out = top / f"{stamp}-{os.getpid()}"
    out.mkdir()
    return out


def _deliver(repo: Repo, o: lane.Outcome, out: Path) -> None:
    dest = out / o.base.base.name / "patches"
    dest.mkdir(parents=True, exist_ok=True)
    if o.replay.tip != o.base.commit:
        repo.git("format-patch", "-q", "--zero-commit", f"--base={o.base.commit}", "-o", dest,
                 f"{o.base.commit}..{o.replay.tip}")


def _record(out: Path, rev: str, outcomes: list[lane.Outcome], verdicts: list[str],
            escalated: list[verdict.Escalation], started: float,
            moves: dict[str, moved.Move]) -> dict[str, Any]:
    return {
        "cycle": out.name, "revision": rev, "seconds": round(time.time() - started, 1),
        "headline": summary.headline(outcomes, verdicts),
        "bases": [{
            "name": o.base.base.name, "lane": o.base.base.get("lane"), "verdict": v,
            "base": o.base.describe, "standin": o.base.standin, "commit": o.base.commit,
            "tip": o.replay.tip, "failures": o.failures,
            "patches": [{"patch": x.patch, "status": x.status, "note": x.note,
                         "resolutions": x.resolutions} for x in o.replay.verdicts],
            "kernels": {k: {"release": b.release, "objects": b.objects, "cached": b.cached}
                        for k, b in o.kernels.items()},
            "tests": {k: [{"test": r.name, "status": r.status} for r in b.tests]
                      for k, b in o.boots.items()},
            "performance": [{"measure": r.what, "base": r.base, "series": r.series,
                             "judgement": r.judgement()} for r in o.timings],
            "moved_from": {"base": m.old, "commit": m.old_commit, "cycle": m.cycle,
                           "changed": [{"patch": p, "before": a, "now": n, "note": note}
                                       for p, a, n, note in m.changed],
                           "resolutions_gone": m.resolutions_gone}
            if (m := moves.get(o.base.base.name)) else None,
            "seconds": round(o.seconds, 1)} for o, v in zip(outcomes, verdicts)],
        "escalations": [{"class": e.cls, "why": e.why, "files": e.files, "accepted": e.accepted,
                         "base": e.base} for e in escalated],
    }


def _print(outcomes: list[lane.Outcome], verdicts: list[str],
           escalated: list[verdict.Escalation], out: Path, fixes: dict[str, str]) -> None:
    for e in escalated:
        ui.info(("accepted: " if e.accepted else "needs human review: ") + e.line())
    for o in outcomes:
        s = o.replay.stopped
        if s:
            ui.info(f"{o.base.base.name} stopped at {s.patch}: {s.note}")
            ui.quote(s.hunks.rstrip().splitlines()[:60])
            ui.info(f"fix the files in {o.replay.work}, then record the fix with: "
                    f"{fixes[o.base.base.name]}")
        for f in o.failures:
            ui.info(f"{o.base.base.name}: {f}")
    ui.step(f"{summary.headline(outcomes, verdicts)}; summary: {out / 'summary.md'}")


def status(patches: Path) -> list[str]:
    """One line per base: base, series revision, last verdict, pending reviews."""
    s = series_mod.load(patches)
    records = []
    top = folder()
    for cycle in sorted((p for p in top.iterdir() if (p / "record.json").exists()),
                        reverse=True) if top.is_dir() else []:
        try:
            records.append(json.loads((cycle / "record.json").read_text()))
        except ValueError:
            raise WslxError(f"{cycle / 'record.json'}: damaged record") from None
    rev = revision(s)
    lines = []
    for b in bases.load_all(patches):
        # The newest cycle that ran this base.
        rec: Optional[dict[str, Any]] = next(
            (r for r in records if any(x["name"] == b.name for x in r["bases"])), None)
        entry = next((x for x in rec["bases"] if x["name"] == b.name), None) if rec else None
        pending = [e for e in rec["escalations"] if not e["accepted"]
                   and e.get("base", "") in ("", b.name)] if rec else []
        work = root() / "work" / b.name
        stopped = work.is_dir() and Repo().in_am(work)
        if entry and rec:
            stale = "" if rec["revision"] == rev else f" (series now {rev})"
            lines.append(f"{b.name} ({b.get('lane')}): {entry['verdict']} on {entry['base']}; "
                         f"series {rec['revision']}{stale}; cycle {rec['cycle']}; "
                         f"{len(pending)} pending human review(s)"
                         + ("; stopped at a conflict, waiting for make stack-resolve"
                            if stopped else ""))
        else:
            lines.append(f"{b.name} ({b.get('lane')}): no cycle yet; series {rev}")
    return lines


def resolve(patches: Path, base: str) -> list[str]:
    known = [b.name for b in bases.load_all(patches)]
    if base not in known:
        raise WslxError(f"BASE={base}: no such base (known: {' '.join(known)})")
    with locks.held(root() / ".lock", "the patch stack's work repository"):
        return apply.record(Repo(), base, patches)


def parse_pairs(values: list[str], what: str) -> dict[str, str]:
    """NAME=VALUE arguments (BASE_SOURCE=, BASE_SHA256=)."""
    out = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep or not name or not value:
            raise WslxError(f"{what}={v}: not NAME=VALUE (a base's name, then its value)")
        out[name] = value
    return out
