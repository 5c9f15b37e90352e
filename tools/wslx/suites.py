# SPDX-License-Identifier: GPL-2.0-only
"""Longer guest suites on a lane: the fault-point matrix and the burn-in.

Each is one boot of the lane's kernel, with a plan made here from a table
(the guest has busybox, not Python) and results read back by name, each a
run of its own under build/lanes/<lane>/faults-<variant>/ or burnin/, with
its record and KTAP, like a smoke run.
"""
import configparser
import re
import shlex
import time
from dataclasses import dataclass
from pathlib import Path

from wslx import build, guest, guestmods, ktap, paths, prepare
from wslx.errors import LaneSkipped, WslxError
from wslx.kernel import Kernel
from wslx.smoke import LaneRun, Options, guarded

GUEST_TESTS = paths.ROOT / "tests" / "guest"


@dataclass(frozen=True)
class InitPoint:
    """A fault point on the init path and the error a failed load must report."""
    name: str
    error: str


@dataclass(frozen=True)
class Cases:
    """The module's fault cases (tests/faults.ini)."""
    device: str
    init_points: list[InitPoint]
    clean: list[tuple[str, str, str]]            # tag, parameters, command while loaded
    refused: list[tuple[str, str, str, str]]     # tag, parameters, kernel log line, what


CASES = paths.ROOT / "tests" / "faults.ini"


def cases(path: Path = CASES) -> Cases:
    """The module's fault cases, checked: a missing file or key is one line naming it."""
    if not path.is_file():
        raise WslxError(f"{path}: no fault cases: this module declares none for make faults")
    ini = configparser.ConfigParser(interpolation=None)
    try:
        ini.read(path)
        init, clean, refused = [], [], []
        for section in ini.sections():
            kind, _, tag = section.partition(" ")
            sec = ini[section]
            if kind == "init" and tag:
                init.append(InitPoint(tag, sec["error"]))
            elif kind == "clean" and tag:
                clean.append((tag, sec["params"], sec.get("run", "")))
            elif kind == "refused" and tag:
                refused.append((tag, sec["params"], sec["log"], sec["what"]))
            elif section != "module":
                raise WslxError(f"{path}: [{section}]: not module, init, clean or refused NAME")
        return Cases(ini["module"]["device"], init, clean, refused)
    except KeyError as err:
        raise WslxError(f"{path}: missing key or section {err}") from None
    except configparser.Error as err:
        raise WslxError(f"{path}: {err.message}") from None


def _smoke(tag: str, preload: tuple[str, ...], params: str = "", run: str = "") -> str:
    """One tagged modcheck smoke in the guest: its lines prefixed with [tag]."""
    argv = ["modcheck", "smoke", "--ktap"]
    argv += ["--preload", ",".join(preload)] if preload else []
    argv += ["--params", params] if params else []
    argv += ["--run", run] if run else []
    return f"{shlex.join([*argv, '/wslx/m.ko'])} | sed {shlex.quote(f's/^/[{tag}] /')}"


def fault_plan(c: Cases, preload: tuple[str, ...] = ()) -> str:
    lines = []
    for p in c.init_points:
        lines.append(_smoke(p.name, preload, f"fault={p.name}=fail"))
        left = shlex.quote(f"[{p.name}] device node left behind")
        lines.append(f"[ -e {shlex.quote(c.device)} ] && echo {left}")
        lines.append(_smoke(f"{p.name}-after", preload))
    lines += [_smoke(tag, preload, params, run) for tag, params, run in c.clean]
    lines += [_smoke(tag, preload, params) for tag, params, _, _ in c.refused]
    return "\n".join(lines) + "\ntrue\n"


def fault_steps(c: Cases) -> list[str]:
    names = []
    for p in c.init_points:
        names += [f'{p.name}=fail: load fails with "{p.error}" and leaves nothing behind',
                  f"a clean load after {p.name}=fail passes"]
    names += [f"{tag}=fail: the errors reach the caller and the module unloads"
              for tag, _, _ in c.clean]
    names += [f"{what} is refused at load, by name" for _, _, _, what in c.refused]
    return names


def _case(channel: str, tag: str) -> ktap.Document:
    prefix = f"[{tag}] "
    return ktap.parse("\n".join(ln[len(prefix):] for ln in channel.splitlines()
                                if ln.startswith(prefix)))


def faults(lane: str, variant: str, timeout: float = 180) -> int:
    if variant not in ("fault", "fault-leak"):
        raise WslxError(f"{variant}: not a fault build variant (fault, fault-leak)")
    if not CASES.is_file():
        # Nothing to run is not a failure of the module: a skip, with the reason.
        raise LaneSkipped(f"LANE={lane}: no fault cases: this module declares none "
                          f"({CASES.relative_to(paths.ROOT)}; see the README's fault injection)")
    c = cases()
    opts = Options(lane, timeout=timeout)
    folder = paths.lane_dir(lane) / f"faults-{variant}"
    return guarded(lane, lambda: LaneRun(opts, fault_steps(c), folder),
                   lambda r: _faults(r, variant, c))


def _faults(r: LaneRun, variant: str, c: Cases) -> str:
    k, ko = _kernel_and_module(r, variant)
    files = [(ko, "wslx/m.ko")]
    files += [(f, f"wslx/{f.name}") for f in sorted(GUEST_TESTS.glob("*")) if f.is_file()]
    files += guestmods.for_guest(ko, k, r.dir / "guest-modules", r.ident.preload)
    outcome = _boot(r, k, files, fault_plan(c, r.ident.preload), r.opts.timeout)
    ch = outcome.channel
    for p in c.init_points:
        doc = _case(ch, p.name)
        insert, gone = doc.find("insert"), doc.find("gone")
        clean = (insert is not None and insert.status == "fail" and insert.note == p.error
                 and gone is not None and gone.status == "pass"
                 and all((d := doc.find(n)) is not None and d.status == "pass"
                         for n in ("taint", "kernel log"))
                 and f"[{p.name}] device node left behind" not in ch)
        r.result(r.planned[len(r.steps)], "pass" if clean else "fail",
                 "" if clean else f"see {outcome.console.parent / 'channel.log'}")
        after = _case(ch, f"{p.name}-after")
        first = after.first_failure()
        ok = after.passed() or (after.results != [] and first is None)
        r.result(r.planned[len(r.steps)], "pass" if ok else "fail",
                 "" if ok else (f"not ok {first.number} {first.name} # {first.note}"
                                if first else "no result"))
    for tag, _, _ in c.clean:
        doc = _case(ch, tag)
        ok = doc.results != [] and doc.first_failure() is None
        r.result(r.planned[len(r.steps)], "pass" if ok else "fail",
                 "" if ok else f"see {outcome.console.parent / 'channel.log'}")
    for tag, _, log_line, _ in c.refused:
        doc = _case(ch, tag)
        insert = doc.find("insert")
        ok = insert is not None and insert.status == "fail" and \
            insert.note == "Invalid argument" and f"[{tag}] # kmsg: {log_line}" in ch
        r.result(r.planned[len(r.steps)], "pass" if ok else "fail",
                 "" if ok else f"see {outcome.console.parent / 'channel.log'}")
    return r.finish()


def _kernel_and_module(r: LaneRun, variant: str = "") -> tuple[Kernel, Path]:
    k = prepare.prepare(r.lane)
    r.kernel = k
    ko = build.module(k, [], r.dir / "build.log", variant)
    kept = r.dir / "m.ko"
    kept.write_bytes(ko.read_bytes())
    return k, kept


def _boot(r: LaneRun, k: Kernel, files: list[tuple[Path, str]], plan: str,
          timeout: float, marker: str = "") -> guest.Outcome:
    slowdown = int(r.lane.get("guest_slowdown", "1"))
    initrd = guest.prepare_initrd(r.lane.arch, files, plan, r.dir)
    try:
        outcome = guest.boot(r.lane.arch, k.image, initrd, r.dir, timeout * slowdown,
                             marker=marker)
    finally:
        initrd.unlink(missing_ok=True)
    if outcome.state != "done":
        raise WslxError(f"LANE={r.lane.name}: {outcome.why()} (console: {outcome.console})")
    return outcome


BURNIN = GUEST_TESTS.parent.parent / "ci" / "guest" / "burnin.sh"


def burnin(lane: str, cycles: str) -> int:
    if not re.fullmatch(r"[1-9][0-9]*", cycles):
        raise WslxError(f"N={cycles}: not a positive number of cycles")
    n = int(cycles)
    opts = Options(lane, timeout=120 + 5 * n)
    folder = paths.lane_dir(lane) / "burnin"
    return guarded(lane, lambda: LaneRun(opts, ["burn-in", "kmemleak"], folder),
                   lambda r: _burnin(r, n))


def _burnin(r: LaneRun, n: int) -> str:
    k, ko = _kernel_and_module(r)
    bins = build.kselftests(r.dir / "kselftest-build.log", r.lane.arch)
    files = [(ko, "wslx/m.ko"), (BURNIN, "wslx/burnin.sh")]
    files += [(b, f"wslx/kselftest/{b.name}") for b in bins]
    files += guestmods.for_guest(ko, k, r.dir / "guest-modules", r.ident.preload)
    if r.ident.preload:
        (r.dir / "preload").write_text(",".join(r.ident.preload))
        files.append((r.dir / "preload", "wslx/preload"))
    plan = shlex.join(["/wslx/burnin.sh", str(n), *[f"/wslx/kselftest/{b.name}" for b in bins]])
    started = time.monotonic()
    outcome = _boot(r, k, files, plan + "\n", r.opts.timeout, marker="# progress ")
    total = next((ln for ln in outcome.channel.splitlines() if ln.startswith("# burn-in:")), "")
    m = re.match(r"# burn-in: (\d+) cycles, (\d+) failed, kmemleak: (\S+)$", total)
    if m and m.group(1) == str(n) and m.group(2) == "0":
        tests = "with the interface tests" if bins else \
            "without interface tests (none in tests/kselftest/)"
        r.result("burn-in", "pass", f"{n} load/unload cycles {tests}",
                 seconds=time.monotonic() - started)
    else:
        r.result("burn-in", "fail", f"{total or 'no total'} (see {r.dir / 'channel.log'})",
                 seconds=time.monotonic() - started)
    leaks = m.group(3) if m else ""
    if leaks == "none":
        r.result("kmemleak", "skip", "no leak check: the kernel has no kmemleak "
                 "(the upstream-6.6-debug lane has it)")
    elif leaks == "0":
        r.result("kmemleak", "pass", "no unreferenced objects after the loop")
    else:
        r.result("kmemleak", "fail", f"{leaks or 'no count of'} unreferenced objects")
    return r.finish()
