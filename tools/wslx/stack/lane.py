# SPDX-License-Identifier: GPL-2.0-only
"""One base through a cycle: replay the series, build the base and the base
with the series, boot each in QEMU with the chosen kselftests and the
patches' probes, and compare the two: the series is judged against its
own base, never against another line. With BOOTS=N each kernel boots N
times in all (the later boots alternate base and series) for the
performance deltas."""
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from wslx import guest, ui
from wslx.errors import WslxError
from wslx.stack import apply, kernels, perf, selftests, tables
from wslx.stack import series as series_mod
from wslx.stack.bases import Resolved
from wslx.stack.kernels import Built
from wslx.stack.repo import Repo, root

TIMEOUT = 900
BOOTS = 3


@dataclass
class Boot:
    state: str
    release: str = ""
    uname: str = ""
    ok: bool = False
    why: str = ""
    tests: list[selftests.Result] = field(default_factory=list)
    probes: list[tuple[str, bool, str]] = field(default_factory=list)  # patch, ok, detail
    samples: list[perf.Sample] = field(default_factory=list)    # one per boot
    initrd: Optional[Path] = None    # kept for the timing boots, removed after them
    planned: list[str] = field(default_factory=list)            # the tests of its plan


@dataclass
class Options:
    nightly: bool = False
    each_commit: bool = False
    timeout: float = TIMEOUT
    boots: int = BOOTS         # boots of each kernel, for the performance deltas


@dataclass
class Outcome:
    base: Resolved
    replay: apply.Replay
    touched: list[str] = field(default_factory=list)
    selection: Optional[selftests.Selection] = None
    kernels: dict[str, Built] = field(default_factory=dict)
    boots: dict[str, Boot] = field(default_factory=dict)
    each_commit: list[tuple[str, str]] = field(default_factory=list)   # patch, ok|error
    failures: list[str] = field(default_factory=list)
    abi: list[str] = field(default_factory=list)
    vermagic: str = ""       # "base's -> series'" options when the series changes them
    timings: list[perf.Row] = field(default_factory=list)
    seconds: float = 0.0


def _link(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.unlink(missing_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def run(repo: Repo, base: Resolved, series: series_mod.Series, manifest: series_mod.Manifest,
        rules: list[tables.Rule], opts: Options, out: Path) -> Outcome:
    started = time.monotonic()
    name = base.base.name
    ui.step(f"{name}: replaying the series onto {base.describe}")
    replay = apply.replay(repo, base, series, manifest)
    o = Outcome(base, replay)
    for v in replay.verdicts:
        if v.status in ("excluded", "not-run"):
            ui.info(f"{v.status:9} {v.patch}" + (f": {v.note}" if v.note else ""))
    if replay.stopped:
        o.failures.append(f"{replay.stopped.patch}: {replay.stopped.note}")
        o.seconds = time.monotonic() - started
        return o
    repo.git("update-ref", f"refs/heads/wslx/{name}", replay.tip)
    o.touched = [f for f in repo.git("diff", "--name-only", base.commit, replay.tip).splitlines()
                 if f]
    o.selection = selftests.select(rules, o.touched, opts.nightly)
    probes = [(p.name, p.probe) for p in series.ordered(manifest.topics)
              if p.probe and any(v.patch == p.name and v.status not in ("dropped",)
                                 for v in replay.verdicts)]
    config = series.root / "series.config"
    for state, commit in (("base", base.commit), ("series", replay.tip)):
        try:
            built = kernels.build(repo, name, state, replay.work, commit, base.config, config,
                                  tuple(o.selection.collections()))
        except WslxError as err:
            o.failures.append(f"the {state} kernel does not build: {err}")
            break
        o.kernels[state] = built
        ui.info(f"{state} kernel {built.release}: " + (
            "from the cache" if built.cached else f"{built.objects} objects compiled"))
        o.boots[state] = _boot(repo, name, state, replay.work, commit, built, o.selection,
                               [p for _, p in probes] if state == "series" else [],
                               [n for n, _ in probes], opts, out / name / state)
    try:
        if opts.boots > 1 and all(b.ok for b in o.boots.values()) and len(o.boots) == 2:
            o.failures += _timing_boots(name, o, opts, out / name)
    finally:
        for b in o.boots.values():
            if b.initrd:
                b.initrd.unlink(missing_ok=True)
    if len(o.boots) == 2:
        o.timings = perf.compare(o.boots["base"].samples, o.boots["series"].samples)
    if opts.each_commit and "series" in o.kernels:
        o.each_commit = _each_commit(repo, base, replay, config)
    repo.git("checkout", "-q", "--detach", "-f", replay.tip, cwd=replay.work)
    if len(o.kernels) == 2:
        o.abi = kernels.abi_changes(o.kernels["base"], o.kernels["series"])
        before, after = o.kernels["base"].vermagic, o.kernels["series"].vermagic
        if before != after:
            o.vermagic = f"{before} -> {after}"
    o.failures += judge(o)
    o.seconds = time.monotonic() - started
    return o


def _boot(repo: Repo, name: str, state: str, work: Path, commit: str, built: Built,
          chosen: selftests.Selection, probes: list[series_mod.Probe], probe_names: list[str],
          opts: Options, out: Path) -> Boot:
    b = Boot(state, built.release)
    out.mkdir(parents=True, exist_ok=True)
    for f in ("vmlinux", "bzImage", "Module.symvers", ".config", "build.log"):
        if (built.folder / f).exists():
            _link(built.folder / f, out / ("config" if f == ".config" else f))
    if repo.git("rev-parse", "HEAD", cwd=work).strip() != commit:
        repo.git("checkout", "-q", "--detach", "-f", commit, cwd=work)
    dest = root() / "out" / name / "kselftest-install"
    try:
        absent = selftests.build(work, root() / "out" / name, chosen.collections(), dest,
                                 out / "kselftest-build.log")
    except WslxError as err:
        b.why = str(err)
        return b
    tests = selftests.to_run(dest, chosen)
    plan = selftests.plan(tests, probes)
    files = [(p, f"ks/{p.relative_to(dest)}") for p in sorted(dest.rglob("*")) if p.is_file()]
    initrd = guest.prepare_initrd(kernels.ARCH, files, plan, out)
    try:
        outcome = guest.boot(kernels.ARCH, built.vmlinux, initrd, out, opts.timeout,
                             memory_mb=512, qemu_extra=perf.CLOCK)
    finally:
        if opts.boots > 1:
            b.initrd = initrd
        else:
            initrd.unlink(missing_ok=True)
    b.planned = tests
    b.samples.append(perf.sample(outcome.channel))
    m = selftests.UNAME.search(outcome.channel)
    b.uname = m.group(1).strip() if m else ""
    if outcome.state != "done":
        b.why = outcome.why()
        if outcome.excerpt:
            ui.quote(outcome.excerpt)
    elif not b.uname.startswith(built.release):
        b.why = f"the guest runs {b.uname or 'an unknown kernel'}, not {built.release}"
    else:
        b.ok = True
    b.tests = selftests.results(outcome.channel, tests) + [
        selftests.Result(t, "absent") for t in selftests.not_installed(chosen, tests, absent)] + [
        selftests.Result(f"{t}:*", "absent") for t in absent]
    b.probes = [(n, ok, detail) for n, (ok, detail) in
                zip(probe_names, selftests.probe_results(outcome.channel, len(probes)))]
    (out / "results.ktap").write_text(selftests.ktap_of(b.tests))
    counts = {s: sum(1 for r in b.tests if r.status == s) for s in
              ("pass", "fail", "flaky", "skip", "absent")}
    ui.info(f"{state}: booted {b.uname or '-'}; tests " +
            ", ".join(f"{n} {s}" for s, n in counts.items() if n) +
            (f"; probes {sum(ok for _, ok, _ in b.probes)}/{len(b.probes)} live"
             if b.probes else ""))
    return b


def _timing_boots(name: str, o: Outcome, opts: Options, out: Path) -> list[str]:
    """Boots 2..N of each kernel, base and series in turn, each with its own plan again:
    their timings join the first boot's; a test whose result differs from the first
    boot's is flaky; a boot that does not finish is a failure."""
    failures = []
    for i in range(2, opts.boots + 1):
        for state in ("base", "series"):
            b = o.boots[state]
            assert b.initrd
            where = out / state / f"boot-{i}"
            where.mkdir(parents=True, exist_ok=True)
            ui.info(f"{state}: timing boot {i} of {opts.boots}")
            outcome = guest.boot(kernels.ARCH, o.kernels[state].vmlinux, b.initrd, where,
                                 opts.timeout, memory_mb=512, qemu_extra=perf.CLOCK)
            if outcome.state != "done":
                failures.append(f"the {state} kernel's boot {i}: {outcome.why()}")
                return failures
            b.samples.append(perf.sample(outcome.channel))
            for first, again in zip(b.tests, selftests.results(outcome.channel, b.planned)):
                results = ("pass", "fail", "flaky")
                if first.status in results and again.status in results \
                        and again.status != first.status:
                    first.status = "flaky"
                    first.attempts += again.attempts
    return failures


def _each_commit(repo: Repo, base: Resolved, replay: apply.Replay,
                 config: Path) -> list[tuple[str, str]]:
    """Every patch built on its own (bisectability): patch -> ok or the error."""
    out = []
    for v in replay.verdicts:
        if not v.commit or v.status in ("dropped", "excluded"):
            continue
        try:
            kernels.build(repo, base.base.name, "each", replay.work, v.commit, base.config,
                          config)
            out.append((v.patch, "ok"))
        except WslxError as err:
            out.append((v.patch, str(err)))
    return out


def comparison(o: Outcome) -> list[tuple[str, str, str, str]]:
    """(test, on the base, with the series, what changed) for every test of either boot."""
    before = {r.name: r.status for r in o.boots["base"].tests} if "base" in o.boots else {}
    after = {r.name: r.status for r in o.boots["series"].tests} if "series" in o.boots else {}
    # A target the tree lacks is one "target:*" line; its tests on the other side
    # are absent there.
    gone = {n[:-2] for n, s in {**before, **after}.items() if n.endswith(":*")}
    names = [n for n in [*after, *(n for n in before if n not in after)]
             if not (n.endswith(":*") and any(t.startswith(n[:-1]) and not t.endswith(":*")
                                              for t in {**before, **after}))]
    rows = []
    for name in names:
        coll = name.split(":", 1)[0]
        missing = "absent" if coll in gone else "not run"
        a, b = before.get(name, missing), after.get(name, missing)
        if a == "pass" and b in ("fail", "absent"):
            kind = "regression"
        elif b == "flaky":
            kind = "flaky"
        elif a in ("absent",) and b == "pass":
            kind = "new, passes"
        elif b == "fail" and a == "fail":
            kind = "fails on the base too"
        elif b == "fail":
            kind = "fails"
        elif a == "fail" and b == "pass":
            kind = "fixed"
        else:
            kind = "same"
        rows.append((name, a, b, kind))
    return rows


def judge(o: Outcome) -> list[str]:
    """What makes this base fail, each one line."""
    out = []
    for state in ("base", "series"):
        b = o.boots.get(state)
        if b and not b.ok:
            out.append(f"the {state} kernel: {b.why}")
    if "series" in o.boots and o.boots["series"].ok:
        for name, _, after, kind in comparison(o):
            if kind in ("regression", "fails"):
                out.append(f"{name}: {kind} ({after} with the series)")
        ran = {r.name.split(":", 1)[0] for r in o.boots["series"].tests if r.status != "absent"}
        for target in selftests.own_targets(o.touched):
            if target not in ran:
                out.append(f"the series' own kselftest {target} did not run")
        for patch, ok, detail in o.boots["series"].probes:
            if not ok:
                out.append(f"{patch}: its probe says it is not live ({detail})")
    for patch, result in o.each_commit:
        if result != "ok":
            out.append(f"{patch}: does not build on its own: {result}")
    return out
