# SPDX-License-Identifier: GPL-2.0-only
"""The main job for one lane: prepare, build, verify, smoke, kselftest.

Everything a run writes goes into its own run folder (runs.py); the lane is
locked for the run's whole length, so two runs of one lane never share a
guest. Each step's result is printed as it happens, as KTAP, with the
reason of a failure (the first compiler error, the oops, the timeout and
where the guest was) on the terminal and in the record.
"""
import difflib
import os
import re
import shlex
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from wslx import build, fileio, guest, guestmods, identity, intree, kconfig, ktap, lanes, locks
from wslx import errors, paths, prepare, proc, record, runs, ui
from wslx.errors import Interrupted, LaneSkipped, WslxError
from wslx.kernel import Kernel

STEPS = ["prepare", "probe", "build", "verify", "smoke", "kselftest"]


@dataclass
class Options:
    lane: str
    make_vars: list[str] = field(default_factory=list)   # W=1 and the like
    timeout: float = 120.0
    intree: bool = False


class LaneRun:
    """The state of one run: its folder, its KTAP so far, its record.

    planned: the names of the steps, in order; the KTAP plan is their number.
    results: the folder whose runs/ the run goes into (the lane's by default).
    """

    def __init__(self, opts: Options, planned: list[str] = STEPS,
                 results: Optional[Path] = None) -> None:
        self.opts = opts
        self.lane = lanes.load(opts.lane)
        self.ident = identity.load()
        self.planned = planned
        self.results = results or paths.lane_dir(opts.lane) / ("intree" if opts.intree else "")
        self.dir = runs.new(self.results)
        self.started = time.time()
        self.steps: list[record.Step] = []
        self.ktap: list[str] = ["KTAP version 1", f"1..{len(planned)}"]
        self.kernel: Optional[Kernel] = None
        self.artifacts: list[record.Artifact] = []
        self.vermagic = ""

    def result(self, name: str, status: str, note: str = "", nested: str = "",
               reason: Optional[list[str]] = None, log: str = "", seconds: float = 0) -> None:
        number = len(self.steps) + 1
        if nested:
            self.ktap.append(ktap.indent(nested).rstrip("\n"))
        line = ktap.result_line(number, name, status, note)
        self.ktap.append(line)
        print(line, file=sys.stderr, flush=True)
        if reason:
            ui.quote(reason)
        self.steps.append(record.Step(name, status, note, round(seconds, 1), reason or [], log))

    def finish(self, verdict: str = "") -> str:
        done = len(self.steps)
        why = "the lane is skipped" if verdict == "SKIP" else "an earlier step failed"
        for name in self.planned[done:]:
            if verdict == "INTERRUPTED":
                self.steps.append(record.Step(name, "not run", "interrupted"))
            else:
                self.result(name, "skip", why)
        if not verdict:
            verdict = "FAIL" if any(s.status == "fail" for s in self.steps) else "PASS"
        fileio.write_atomic(self.dir / "results.ktap", "\n".join(self.ktap) + "\n")
        ended = time.time()
        k = self.kernel
        rec = record.Record(self.lane.name, self.dir.name, _iso(self.started), _iso(ended),
                            round(ended - self.started, 1), verdict, k.release if k else "",
                            k.note if k else "", self.vermagic, self.steps, self.artifacts)
        runs.finish(self.dir, rec)
        ui.step(f"{self.lane.name}: {verdict} ({k.release if k else 'no kernel'}) in "
                f"{ui.duration(ended - self.started)}; results: {self.dir}")
        return verdict


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def _vermagic(ko: Path) -> str:
    match = re.search(rb"vermagic=([^\0]*)", ko.read_bytes())
    return match.group(1).decode(errors="replace").strip() if match else ""


def run(opts: Options) -> int:
    """Run the lane; exit status 0 PASS, 77 SKIP, 1 FAIL, 130 interrupted."""
    return guarded(opts.lane, lambda: LaneRun(opts), _steps)


def guarded(lane_name: str, start: Callable[[], LaneRun], body: Callable[[LaneRun], str]) -> int:
    """body on a new run, under the lane's lock; the run is recorded however it ends."""
    lane = lanes.load(lane_name)
    with locks.held(paths.lane_dir(lane.name) / ".lock", f"lane {lane.name}"):
        r = start()
        try:
            verdict = body(r)
        except Interrupted:
            r.finish("INTERRUPTED")
            raise
        except (WslxError, OSError) as err:
            # A step failed in a way the step itself did not record (an OSError: a
            # folder it cannot write, a full disk); the run's record says so.
            r.result(r.planned[len(r.steps)] if len(r.steps) < len(r.planned) else "run",
                     "fail", str(err) if isinstance(err, WslxError) else errors.oserror_line(err))
            r.finish()
            raise
    return {"PASS": 0, "SKIP": 77}.get(verdict, 1)


def lacking(k: Kernel, options: tuple[str, ...]) -> list[str]:
    """The options of module.mk's REQUIRED_CONFIG that kernel k has neither =y nor =m."""
    if not options:
        return []
    values = kconfig.parse((k.kdir / ".config").read_text(errors="replace"))
    return [o for o in options if values.get(o.removeprefix("CONFIG_")) not in ("y", "m")]


_MENTIONED = re.compile(r"^(?:# )?(CONFIG_\w+)(?:=| is not set)", re.M)


def unknown_options(k: Kernel, missing: list[str]) -> str:
    """A hint for options of REQUIRED_CONFIG that no kernel configuration here mentions
    at all (neither set nor "is not set"): most likely misspelled. "" when none is."""
    configs = [k.kdir / ".config",
               *paths.cache_dir().glob("debian/*/usr/src/linux-headers-*/.config")]
    known: set[str] = set()
    read = 0
    for config in dict.fromkeys(configs):
        try:
            known.update(_MENTIONED.findall(config.read_text(errors="replace")))
            read += 1
        except OSError:
            continue
    hints = []
    for option in missing:
        if option in known:
            continue
        close = difflib.get_close_matches(option, sorted(known), 1, 0.85)
        hints.append(f"no kernel configuration here mentions {option} ({read} read)"
                     + (f": did you mean {close[0]}?" if close else ": is it spelled right?"))
    return "; ".join(hints)


def _steps(r: LaneRun) -> str:
    name = r.ident.name
    t = time.monotonic()
    try:
        k = prepare.prepare(r.lane)
    except LaneSkipped as skip:
        r.result(f"prepare {r.lane.name}", "skip", str(skip))
        return r.finish("SKIP")
    except WslxError as err:
        r.result(f"prepare {r.lane.name}", "fail", str(err), seconds=time.monotonic() - t)
        return r.finish()
    r.kernel = k
    missing = lacking(k, r.ident.required_config)
    if missing:
        hint = unknown_options(k, missing)
        r.result(f"prepare {r.lane.name}", "skip",
                 f"kernel {k.release} lacks {', '.join(missing)} (module.mk REQUIRED_CONFIG)"
                 + (f"; {hint}" if hint else ""), seconds=time.monotonic() - t)
        return r.finish("SKIP")
    r.result(f"prepare {r.lane.name}", "pass", k.release + (f"; {k.note}" if k.note else ""),
             seconds=time.monotonic() - t)

    # The compile probes, a step of their own (the build then finds their answers
    # cached): what they answered, how long they took, the compiler's log beside.
    t = time.monotonic()
    try:
        note = build.probes(k, r.dir / "probe.log")
    except WslxError as err:
        r.result("probe", "fail", str(err), log="probe.log", seconds=time.monotonic() - t)
        return r.finish()
    finally:
        compiler_log = build.module_dir(k) / "compat" / "probes.log"
        if compiler_log.exists():
            shutil.copyfile(compiler_log, r.dir / "probes.log")
    r.result("probe", "pass", note, log="probes.log", seconds=time.monotonic() - t)

    t = time.monotonic()
    try:
        modcheck = build.modcheck()
        if r.opts.intree:
            ko, k = intree.build_module(r.lane, k)
            r.kernel = k
        else:
            ko = build.module(k, r.opts.make_vars, r.dir / "build.log")
    except WslxError as err:
        # What changed in the kernel's API, under the failed step (make fix says it too).
        found = [] if r.opts.intree else build.diagnosis(k)
        r.result(f"build {name}.ko" + (" in tree" if r.opts.intree else ""), "fail", str(err),
                 reason=found if found and not found[0].startswith("not diagnosed") else None,
                 log="build.log", seconds=time.monotonic() - t)
        return r.finish()
    kept = r.dir / ko.name
    kept.write_bytes(ko.read_bytes())
    r.artifacts.append(record.Artifact(ko.name, kept.stat().st_size, fileio.sha256_file(kept)))
    r.vermagic = _vermagic(kept)
    n = 0 if r.opts.intree else build.warnings(k)
    allowed = f"{n} compiler warning{'s' if n > 1 else ''} allowed by module.mk " \
        "(WARNINGS := allow)" if n else ""
    r.result(f"build {name}.ko" + (" in tree" if r.opts.intree else ""), "pass", allowed,
             seconds=time.monotonic() - t)

    t = time.monotonic()
    verify = r.dir / "verify.ktap"
    with open(verify, "wb") as out:
        moddir = ["--moddir", str(k.modules)] if k.modules and \
            (k.modules / "modules.dep").exists() else []
        done = proc.run([modcheck, "verify", "--ktap", "--kdir", k.kdir, *moddir, kept],
                        stdout=out)
    doc = ktap.parse(verify.read_text(errors="replace"))
    first = doc.first_failure()
    if done.returncode != 0 or not doc.passed():
        note = f"not ok {first.number} {first.name}" if first else \
            f"modcheck exited with status {done.returncode}"
        r.result("verify", "fail", note, verify.read_text(), [first.note] if first and
                 first.note else None, "verify.ktap", time.monotonic() - t)
        return r.finish()
    r.result("verify", "pass", nested=verify.read_text(), seconds=time.monotonic() - t)
    return _guest(r, k, kept)


def _guest(r: LaneRun, k: Kernel, ko: Path) -> str:
    """smoke and kselftest: one boot, the tests run while the module is loaded."""
    name = r.ident.name
    t = time.monotonic()
    files: list[tuple[Path, str]] = [(ko, f"wslx/{name}.ko")]
    tests = ["#!/bin/sh", "rc=0"]
    smoke_sh = paths.ROOT / "tests" / "guest" / "smoke.sh"
    if smoke_sh.exists():
        files.append((smoke_sh, "wslx/smoke.sh"))
        tests.append("/wslx/smoke.sh || rc=1")
    try:
        files += guestmods.for_guest(ko, k, r.dir / "guest-modules", r.ident.preload)
    except WslxError as err:
        r.result("smoke in QEMU", "fail", str(err), seconds=time.monotonic() - t)
        return r.finish()
    # Tests that do not compile fail their own step; the module is still loaded
    # and checked without them.
    try:
        bins = build.kselftests(r.dir / "kselftest-build.log", r.lane.arch)
        broken = ""
    except WslxError as err:
        bins, broken = [], str(err)
    for b in bins:
        files.append((b, f"wslx/kselftest/{b.name}"))
        # Each test's TAP goes out tagged as soon as it ends, while the module is
        # loaded: an unload that hangs afterwards cannot take its results along.
        tests.append(f"/wslx/kselftest/{b.name} >/tmp/kselftest-{b.name}.tap 2>&1 || rc=1")
        tests.append(shlex.join(["sed", f"s/^/{_tag(b.name)}/",
                                 f"/tmp/kselftest-{b.name}.tap"]))
    tests.append("exit $rc")
    (r.dir / "guest_tests.sh").write_text("\n".join(tests) + "\n")
    files.append((r.dir / "guest_tests.sh", "wslx/guest_tests.sh"))
    # The parameters travel as a file, never as shell text in the plan.
    params = os.environ.get("PARAMS") or r.ident.params
    with_params = ""
    if params:
        (r.dir / "params").write_text(params)
        files.append((r.dir / "params", "wslx/params"))
        with_params = '--params "$(cat /wslx/params)" '
    if r.ident.preload:
        with_params += shlex.join(["--preload", ",".join(r.ident.preload)]) + " "
    plan = "\n".join([
        f"echo '{guest.SECTION}smoke'",
        f"modcheck smoke --ktap {with_params}--run /wslx/guest_tests.sh /wslx/{name}.ko",
        "rc=$?",
        "exit $rc", ""])
    slowdown = int(r.lane.get("guest_slowdown", "1"))
    try:
        initrd = guest.prepare_initrd(r.lane.arch, files, plan, r.dir)
        outcome = guest.boot(r.lane.arch, k.image, initrd, r.dir, r.opts.timeout * slowdown)
    except WslxError as err:
        r.result("smoke in QEMU", "fail", str(err), seconds=time.monotonic() - t)
        return r.finish()
    finally:
        (r.dir / "initramfs.cpio").unlink(missing_ok=True)
    smoke, sections = demux(outcome.sections().get("smoke", ""), [b.name for b in bins])
    fileio.write_atomic(r.dir / "smoke.ktap", smoke)
    doc = ktap.parse(smoke)
    first = doc.first_failure()
    if outcome.state != "done":
        reason = [outcome.why(), f"console: {outcome.console}", *outcome.excerpt]
        r.result("smoke in QEMU", "fail", outcome.why(), smoke, reason, "console.log",
                 time.monotonic() - t)
    elif outcome.rc != 0 or not doc.passed():
        note = f"not ok {first.number} {first.name}" if first else \
            ("incomplete smoke KTAP" if not doc.complete() else outcome.why())
        # What the guest said that is no result (a "Bus error" from a crashed
        # program) is the cause more often than not.
        said = [ln for ln in smoke.splitlines()[-20:]
                if ln.strip() and not re.match(r"\s*(not )?ok \d|\s*#|\s*KTAP|\s*1\.\.", ln)]
        reason = ([first.note] if first and first.note else []) + said[-3:] + \
            ([f"console: {outcome.console}", *outcome.excerpt] if outcome.excerpt else [])
        r.result("smoke in QEMU", "fail", note, smoke, reason, "console.log",
                 time.monotonic() - t)
    else:
        r.result("smoke in QEMU", "pass", _leak_note(k), nested=smoke,
                 seconds=time.monotonic() - t)
    if broken:
        r.result("kselftest", "fail", broken, log="kselftest-build.log")
        return r.finish()
    if not bins:
        r.result("kselftest", "skip", "no interface tests in tests/kselftest/")
        return r.finish()
    total = ktap.Counts()
    missing = []
    nested = ""
    for b in bins:
        text = sections.get(b.name)
        if text is None:
            missing.append(b.name)
            continue
        nested += text
        d = ktap.parse(text)
        c = d.counts()
        total.passed += c.passed
        total.failed += c.failed + (0 if d.complete() else 1)
        total.skipped += c.skipped
    fileio.write_atomic(r.dir / "kselftest.tap", nested)
    note = f"{total.passed} passed" + (f", {total.failed} failed" if total.failed else "")
    if missing and len(missing) == len(bins) and r.steps[-1].status == "fail":
        r.result("kselftest", "fail", "did not run: the smoke step failed before the tests")
    elif missing:
        r.result("kselftest", "fail", f"no output from {' '.join(missing)}; {note}", nested,
                 log="kselftest.tap")
    elif total.failed or not total.passed:
        r.result("kselftest", "fail", note, nested, log="kselftest.tap")
    else:
        r.result("kselftest", "pass", note, nested)
    return r.finish()


def _leak_note(k: Kernel) -> str:
    """What the smoke step could not check on this kernel: said, never implied."""
    try:
        config = kconfig.parse((k.kdir / ".config").read_text(errors="replace"))
    except OSError:
        return ""
    return "" if config.get("DEBUG_KMEMLEAK") == "y" else \
        "no leak check: the kernel has no kmemleak"


def _tag(test: str) -> str:
    return f"[kselftest {test}] "


def demux(text: str, tests: list[str]) -> tuple[str, dict[str, str]]:
    """The smoke section split into modcheck's own KTAP and each kselftest's TAP (its
    lines carry the test's tag); a test that printed nothing is absent."""
    own: list[str] = []
    found: dict[str, str] = {}
    tags = {_tag(t): t for t in tests}
    for line in text.splitlines(keepends=True):
        tag = next((g for g in tags if line.startswith(g)), None)
        if tag is None:
            own.append(line)
        else:
            found[tags[tag]] = found.get(tags[tag], "") + line[len(tag):]
    return "".join(own), found
