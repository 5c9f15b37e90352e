# SPDX-License-Identifier: GPL-2.0-only
"""make matrix: the module on every lane it supports, in parallel.

Each lane is its own `wslx-cli smoke LANE` child (its own process group,
lock, run folder and record, exactly as a single make smoke), so a lane's
result is only ever read from the record of the run the matrix started.
Lanes run up to the machine's width at a time: one per core, fewer when
memory is short (a guest and its build take about 1 GiB); the lanes that
download and unpack overlap with those that build and boot, and the cache's
locks already keep two lanes from writing one kernel. A terminal gets one
live line per lane (step, elapsed, verdict); anything else gets a plain
line when a lane moves on. Then a lane x step table, and the cycle report
in build/report/. Ctrl-C ends every lane's children; each lane records
itself as interrupted.
"""
import fnmatch
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Optional

from wslx import identity, lanes, paths, proc, record, report, sourcelane, ui
from wslx.errors import BadInput, Interrupted

RESULT = re.compile(r"^(not ok|ok) (\d+) (.*?)(?: # (.*))?$")
DONE = re.compile(r"^==> (\S+): (PASS|FAIL|SKIP|INTERRUPTED) .*results: (\S+)$")
GIB = 1 << 30


@dataclass
class LaneJob:
    name: str
    log: Path
    child: Optional["subprocess.Popen[bytes]"] = None
    started: float = 0.0
    ended: float = 0.0
    step: str = "waiting"
    verdict: str = ""
    run: Optional[Path] = None
    lines: list[str] = field(default_factory=list)

    def elapsed(self) -> float:
        if not self.started:
            return 0.0
        return (self.ended or time.monotonic()) - self.started


def _line_of(name: str) -> tuple[int, int]:
    major, minor = lanes.load(name).line.split(".")
    return int(major), int(minor)


def chosen(spec: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The lanes to run and those left out with the reason. spec: names or globs
    (LANES=); empty: every Debian lane, and the source lanes whose kernel is built."""
    known = lanes.names()
    if spec.strip():
        picked: list[str] = []
        for word in re.split(r"[\s,]+", spec.strip()):
            hits = [n for n in known if fnmatch.fnmatchcase(n, word)]
            if not hits:
                raise BadInput(f"LANES={spec}: {word} names no lane (known: {' '.join(known)})")
            picked += [h for h in hits if h not in picked]
    else:
        picked = [n for n in known if lanes.load(n).kind == "debian"
                  or sourcelane.remembered(lanes.load(n)) is not None]
    ident = identity.load()
    low = tuple(int(x) for x in ident.kernel_min.split("."))
    high = tuple(int(x) for x in ident.kernel_max.split("."))
    run, left = [], []
    for name in picked:
        line = _line_of(name)
        if low <= line <= high:
            run.append(name)
        else:
            left.append((name, f"kernel line {lanes.load(name).line} is outside module.mk's "
                         f"{ident.kernel_min}..{ident.kernel_max}"))
    return run, left


def width() -> int:
    """How many lanes at once: one a core, and about 1 GiB of memory for each."""
    cores = len(os.sched_getaffinity(0))
    try:
        pages = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        pages = cores * GIB
    return max(1, min(cores, pages // GIB))


def _start(job: LaneJob, env: dict[str, str], ended: threading.Event) -> None:
    """Start the lane's child; ended is set the moment it exits, so that the next lane
    takes its core at once (a warm lane takes about 3 s: a second of polling would
    leave a core idle for a sixth of each lane)."""
    job.log.parent.mkdir(parents=True, exist_ok=True)
    out = open(job.log, "wb")
    child = subprocess.Popen(
        [sys.executable, str(paths.ROOT / "tools" / "wslx-cli"), "smoke", job.name],
        stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env,
        start_new_session=True, preexec_fn=proc.dies_with_parent(os.getpid()))
    out.close()
    job.child = child
    job.started = time.monotonic()
    job.step = "prepare"

    def watch() -> None:
        child.wait()
        ended.set()
    threading.Thread(target=watch, daemon=True).start()


def _follow(job: LaneJob) -> None:
    """What the lane's log says so far: its current step, its verdict, its run."""
    try:
        text = job.log.read_text(errors="replace")
    except OSError:
        return
    job.lines = text.splitlines()
    for line in job.lines:
        m = RESULT.match(line)
        if m:
            number = int(m.group(2))
            job.step = ("", "probe", "build", "verify", "smoke", "kselftest", "done")[
                min(number, 6)]
        d = DONE.match(line)
        if d and d.group(1) == job.name:
            job.verdict, job.run = d.group(2), Path(d.group(3))


class Screen:
    """One line per lane, redrawn in place on a terminal; plain lines elsewhere."""

    def __init__(self, jobs: list[LaneJob], out: IO[str]) -> None:
        self.jobs = jobs
        self.out = out
        self.live = out.isatty()
        self.drawn = 0
        self.said: dict[str, str] = {}

    def text(self, job: LaneJob) -> str:
        state = job.verdict or (job.step if job.started else "waiting")
        return f"{job.name:<22} {state:<12} {ui.duration(job.elapsed()):>6}"

    def draw(self) -> None:
        if self.live:
            if self.drawn:
                self.out.write(f"\x1b[{self.drawn}F")
            for job in self.jobs:
                self.out.write("\x1b[2K" + self.text(job) + "\n")
            self.drawn = len(self.jobs)
        else:
            for job in self.jobs:
                state = job.verdict or job.step
                if job.started and self.said.get(job.name) != state:
                    self.said[job.name] = state
                    self.out.write(f"    {self.text(job)}\n")
        self.out.flush()


def _end_all(jobs: list[LaneJob]) -> None:
    """SIGTERM to every running lane's group: each records itself as interrupted;
    whatever still runs after the grace period is killed."""
    running = [j for j in jobs if j.child and j.child.poll() is None]
    for j in running:
        assert j.child is not None
        try:
            os.killpg(j.child.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 15
    for j in running:
        assert j.child is not None
        try:
            j.child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(j.child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            j.child.wait()


def run(spec: str) -> int:
    """Exit 0 when every lane passed or was skipped, 1 otherwise."""
    names, left = chosen(spec)
    if not names:
        raise BadInput(f"LANES={spec}: no lane the module supports")
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    folder = paths.build_dir() / "matrix" / f"{stamp}-{os.getpid()}"
    jobs = [LaneJob(n, folder / f"{n}.log") for n in names]
    at_once = width()
    ui.step(f"matrix: {len(jobs)} lanes, {at_once} at a time; logs in {folder}")
    for name, why in left:
        ui.info(f"{name}: left out: {why}")
    env = dict(os.environ)
    env.pop("LANE", None)
    screen = Screen(jobs, sys.stderr)
    started = time.monotonic()
    ended = threading.Event()
    try:
        while True:
            ended.clear()      # before looking: an exit from here on wakes the wait below
            busy = [j for j in jobs if j.child and j.child.poll() is None]
            for j in jobs:
                if j.child and j.child.poll() is not None and not j.ended:
                    j.ended = time.monotonic()
                    _follow(j)
                    if not j.verdict:
                        j.verdict = "FAIL"   # ended without a verdict line: told below
            for j in jobs:
                if len(busy) >= at_once:
                    break
                if not j.child:
                    _start(j, env, ended)
                    busy.append(j)
            for j in busy:
                _follow(j)
            screen.draw()
            if all(j.ended for j in jobs):
                break
            # A lane's end wakes the loop at once; otherwise a redraw each second.
            ended.wait(1.0)
    except Interrupted:
        _end_all(jobs)
        for j in jobs:
            _follow(j)
        screen.draw()
        raise
    total = time.monotonic() - started
    return _summary(jobs, left, total)


def _summary(jobs: list[LaneJob], left: list[tuple[str, str]], total: float) -> int:
    cols = report.COLUMNS
    print(f"{'LANE':<22} {'RESULT':<7} " + " ".join(f"{c:<9}" for c in cols) + " TIME")
    bad = 0
    for j in jobs:
        rec = None
        if j.run and (j.run / "record.json").exists():
            try:
                rec = record.load(j.run / "record.json")
            except record.RecordError as err:
                j.verdict = f"DAMAGED ({err})"
        if rec is None:
            tail = [ln for ln in j.lines if ln.startswith("wslx: error:")][-1:]
            print(f"{j.name:<22} {'FAIL':<7} no record: "
                  f"{tail[0] if tail else 'see ' + str(j.log)}")
            bad += 1
            continue
        marks = [report.MARK.get(s.status, "-") if (s := rec.step(c)) else "-" for c in cols]
        print(f"{j.name:<22} {rec.verdict:<7} " + " ".join(f"{m:<9}" for m in marks)
              + f" {ui.duration(rec.seconds)}")
        if rec.verdict == "SKIP":
            why = next((s.note for s in rec.steps if s.status == "skip"), "")
            print(f"{'':<22}   skipped: {why}")
        elif rec.verdict != "PASS":
            bad += 1
            first = rec.first_failure()
            print(f"{'':<22}   {rec.verdict}" + (f" at {first.name}: {first.note}" if first
                                                 else f": see {j.log}"))
    for name, why in left:
        print(f"{name:<22} {'-':<7} left out: {why}")
    out = report.write(None)
    ui.step(f"matrix: {len(jobs) - bad} of {len(jobs)} lanes passed or were skipped in "
            f"{ui.duration(total)}; report: {out}")
    return 0 if bad == 0 else 1
