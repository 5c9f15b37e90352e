# SPDX-License-Identifier: GPL-2.0-only
"""The command line: python3 -m wslx COMMAND. The Makefile calls these.

Every error is one line "wslx: error: ...": exit status 1 for a failure, 2
for bad input (an option, variable or name); a skipped lane is
"wslx: skip: ..." and 77; an interrupted run ends with 130 after
its children are gone and its record says INTERRUPTED.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, NoReturn, Optional

# Only what every command needs is imported here; each command imports the rest
# itself, so that a short command (guest, lane-get) does not pay for them all.
from wslx import fileio, identity, kernel, lanes, paths, proc, ui
from wslx.arch import ARCHES, host
from wslx.errors import BadInput, Interrupted, LaneSkipped, WslxError, oserror_line

if TYPE_CHECKING:
    from wslx import sourcelane
    from wslx.diagnose import Finding
    from wslx.stack import cycle


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise BadInput(f"{self.prog}: {message} (see {self.prog} --help)")


# A guest or build that runs longer than a day is stuck: no timeout may exceed it.
MAX_TIMEOUT = 86400
# Each boot of a stack kernel costs seconds under TCG; more than this is a typo.
MAX_BOOTS = 20


def _timeout(value: str, what: str) -> float:
    """Seconds from what (an option --x, shown as "--x V", or a variable, "X=V")."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    shown = f"{what} {value}" if what.startswith("-") else f"{what}={value}"
    if not seconds > 0:
        raise BadInput(f"{shown}: not a positive number of seconds")
    if not seconds <= MAX_TIMEOUT:
        raise BadInput(f"{shown}: more than {MAX_TIMEOUT} seconds (a day); a guest that "
                       "needs longer is stuck")
    return seconds


def _kernel_from_env(args: argparse.Namespace) -> kernel.Kernel:
    """LANE wins, then KDIR, then the running kernel's headers (the Makefile's rules)."""
    from wslx import prepare
    lane = args.lane or os.environ.get("LANE", "")
    if lane:
        return prepare.prepare(lanes.load(lane))
    kdir = args.kdir or os.environ.get("KDIR", "")
    if not kdir:
        release = os.uname().release
        kdir = f"/lib/modules/{release}/build"
        if not Path(kdir).is_dir():
            package = f"linux-headers-{release}"
            known = proc.capture(["apt-cache", "show", "--no-all-versions", package],
                                 check=False).strip()
            advice = f"install {package}" if known else \
                f"Debian has no {package} package for this kernel"
            raise WslxError(f"no headers for the running kernel {release} ({kdir}): {advice}; "
                            "or use KDIR= or LANE=")
    path = Path(kdir)
    rel = kernel.release_of(path)
    return kernel.Kernel(rel, path.resolve(), Path("/nonexistent"), None)


def cmd_lanes(args: argparse.Namespace) -> int:
    for name in lanes.names():
        print(f"{name:<28} {lanes.load(name).description}")
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    from wslx import prepare, sources
    name = args.lane or os.environ.get("LANE") or identity.load().default_lane
    try:
        k = prepare.prepare(lanes.load(name))
    except sources.DryRun as dry:
        print(dry)
        return 0
    ui.step(f"{name}: kernel {k.release} ready (KDIR={k.kdir})")
    return 0


def _make_vars(args: argparse.Namespace) -> list[str]:
    """kbuild variables: those given as arguments, and W, V, C from make's command line."""
    given = [f"{v}={os.environ[v]}" for v in ("W", "V", "C") if os.environ.get(v)]
    return [*args.make_vars, *given]


def cmd_smoke(args: argparse.Namespace) -> int:
    from wslx import smoke, sourcelane
    timeout = _timeout(os.environ.get("SMOKE_TIMEOUT", "120"), "SMOKE_TIMEOUT")
    bad = identity.check_params(os.environ.get("PARAMS", ""))
    if bad:
        raise BadInput(f"PARAMS={os.environ['PARAMS']}: {bad}")
    name = args.lane or os.environ.get("LANE") or identity.load().default_lane
    lane = lanes.load(name)
    if lane.kind == "source" and not args.prepared:
        return source_lane(name, _recorded(name, _request_from_env), timeout=timeout)
    if lane.kind == "source" and sourcelane.remembered(lane) is None:
        raise WslxError(f"LANE={name}: its kernel is not built yet (run ci/build_source_lane.sh "
                        f"{name} --source DIR|TARBALL)")
    return smoke.run(smoke.Options(name, _make_vars(args), timeout, args.intree))


def _recorded(lane_name: str, make: Callable[[], sourcelane.Request]) -> sourcelane.Request:
    """make()'s request; a bad one (a mistyped SOURCE=, a path that is not there) is
    the lane's failed attempt too, so that status and report show it beside, never
    instead of, the lane's last completed run."""
    from wslx import sourcelane
    started = time.time()
    try:
        return make()
    except WslxError as err:
        lane = lanes.load(lane_name)
        if lane.kind == "source":
            sourcelane.attempt(lane, "FAIL", started, f"request: {err}")
        raise


def _request_from_env() -> sourcelane.Request:
    """A source lane's request from make's variables SOURCE, SHA256, FULL, FRAGMENT, INTREE."""
    env = os.environ
    return _checked_request(env.get("SOURCE", ""), env.get("SHA256", ""), bool(env.get("FULL")),
                            env.get("FRAGMENT", "").split(), bool(env.get("INTREE")))


def _checked_request(source: str, sha256: str, full: bool, fragments: list[str],
                     intree: bool) -> sourcelane.Request:
    from wslx import sourcelane
    if source and not os.path.exists(source):
        raise WslxError(f"--source {source}: no such file or folder")
    if sha256 and not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
        raise WslxError(f"--sha256 {sha256}: not a sha256 (64 hex digits)")
    if sha256 and not source:
        raise WslxError("--sha256 needs --source TARBALL")
    for f in fragments:
        if not os.path.isfile(f) or not os.access(f, os.R_OK):
            raise WslxError(f"--fragment {f}: cannot read")
    return sourcelane.Request(os.path.abspath(source) if source else "", sha256, full,
                              [os.path.abspath(f) for f in fragments], intree)


def source_lane(name: str, request: sourcelane.Request, smoke_too: bool = True,
                timeout: float = 120.0) -> int:
    """A source lane end to end: its kernel (recorded as the lane's last attempt), then
    the smoke run, then the in-tree one when asked. A failed kernel leaves the lane's
    last results, kernel and remembered request as they were."""
    from wslx import prepare, smoke, sourcelane
    lane = lanes.load(name)
    if lane.kind != "source":
        raise WslxError(f"LANE={name}: not a source lane (kind={lane.kind})")
    last = sourcelane.remembered(lane)
    if not request.source and last:
        # No --source: the tree of the lane's last good build, with today's options.
        request.source, request.sha256 = last.source, last.sha256
    started = time.time()
    ui.step(f"{name}: preparing the kernel")
    try:
        prepare.prepare(lane, request)
    except WslxError as err:
        why = str(err)
        sourcelane.attempt(lane, "FAIL", started, f"kernel: {why}")
        raise
    sourcelane.attempt(lane, "OK", started, "kernel ready")
    if not smoke_too:
        return 0
    code = smoke.run(smoke.Options(name, [], timeout))
    if request.intree:
        code = smoke.run(smoke.Options(name, [], timeout, intree=True)) or code
    return code


def cmd_source_lane(args: argparse.Namespace) -> int:
    timeout = _timeout(os.environ.get("SMOKE_TIMEOUT", "120"), "SMOKE_TIMEOUT")
    request = _recorded(args.lane, lambda: _checked_request(
        args.source, args.sha256, args.full, args.fragment, args.intree))
    return source_lane(args.lane, request, not args.no_smoke, timeout)


def cmd_source_lanes(args: argparse.Namespace) -> int:
    """Lanes L1 and L2, one after the other; the first failure does not stop the second."""
    from wslx import report
    codes = []
    for _, _, lane in report.HEADLINE_LANES:
        try:
            codes.append(source_lane(lane, _recorded(lane, _request_from_env)))
        except WslxError as err:
            print(f"wslx: error: {err}", file=sys.stderr)
            codes.append(1)
    return 0 if all(c == 0 for c in codes) else 1


def _module(k: kernel.Kernel, args: argparse.Namespace) -> Path:
    from wslx import build
    log = build.module_dir(k) / "wslx-build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    return build.module(k, _make_vars(args), log)


def cmd_build(args: argparse.Namespace) -> int:
    """The module built for the kernel (WSLX_VARIANT=fault|fault-leak: a test variant)."""
    from wslx import build
    k = _kernel_from_env(args)
    variant = os.environ.get("WSLX_VARIANT", "")
    if variant not in ("", "fault", "fault-leak"):
        raise WslxError(f"WSLX_VARIANT={variant}: not a build variant (fault, fault-leak)")
    log = build.module_dir(k, variant) / "wslx-build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    print(build.module(k, _make_vars(args), log, variant))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from wslx import build
    k = _kernel_from_env(args)
    ko = _module(k, args)
    return proc.run([build.modcheck(), "verify", "--kdir", k.kdir, ko]).returncode


def cmd_probe(args: argparse.Namespace) -> int:
    from wslx import build, probes
    k = _kernel_from_env(args)
    out = build.module_dir(k) / "compat"
    log = build.module_dir(k) / "probe-run.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    ui.info(build.probes(k, log))
    rows = [line.split("\t") for line in (out / "probes.tsv").read_text().splitlines()]
    widths = [max(len(r[i]) for r in rows if len(r) > i) for i in range(max(map(len, rows)))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    # A probe that contradicts its own "expect:" line is named, never trusted silently.
    catalog = probes.catalogue()
    got = probes.answers(out / "probes.tsv")
    wrong = probes.contradictions(catalog, got, k.release)
    check = args.check or os.environ.get("CHECK", "") not in ("", "0")
    for probe, line in wrong:
        print(f"wslx: {'error' if check else 'warning'}: {line}", file=sys.stderr)
        why = probes.first_error(out / "probes.log", probe)
        if why:
            print(f"    its first error: {why}", file=sys.stderr)
    if wrong:
        print(f"    probe log: {out / 'probes.log'}", file=sys.stderr)
    loose = probes.unchecked(catalog)
    if loose:
        ui.info(f"note: {len(loose)} probes state no expect: line, so nothing checks their "
                f"answers: {' '.join(loose[:5])}{' ...' if len(loose) > 5 else ''}")
    return 1 if wrong and check else 0


if TYPE_CHECKING:
    from wslx import propose


def cmd_fix(args: argparse.Namespace) -> int:
    """Build for the lane (or KDIR); when it fails, the kernel API changes behind it,
    each with its declaration in this kernel and the catalogue's probe; the catalogue's
    migrations as a patch (APPLY=1: applied and verified on the lanes)."""
    from wslx import build, diagnose, fixverify, propose
    apply = os.environ.get("APPLY", "") == "1"
    lane = args.lane or os.environ.get("LANE", "")
    fixverify.check_options(apply, lane)
    if os.environ.get("CHECK", "") == "1":
        return _fix_check()
    k = _kernel_from_env(args)
    try:
        _module(k, args)
    except WslxError as err:
        ui.step(f"{k.release}: the build fails: {err}")
        found, first = build.findings(k)
        # The kernel the failing one is compared with, prepared once for both uses.
        ref = _reference(lane) if lane and any(
            f.kind in (*diagnose.DECLARED, "header") for f in found) else None
        if ref:
            _beside_reference(found, k, *ref)
        for line in diagnose.summary(found, first):
            print(line)
        if not found:
            return 1
        out = paths.build_dir() / "fix" / (lane or k.release)
        out.mkdir(parents=True, exist_ok=True)
        prop = propose.propose(found, propose.module_files(identity.load().sources))
        if ref:
            _new_probes(prop, k, lane, *ref)
        patch = out / "fix.patch"
        if prop.diff:
            fileio.write_atomic(patch, prop.diff)
        else:
            patch.unlink(missing_ok=True)
        for line in propose.summary(prop, patch):
            print(line)
        if apply and prop.files:
            return fixverify.run(prop, lane, out, os.environ.get("KEEP", "") == "1",
                                 os.environ.get("LANES", ""))
        return 1
    ui.step(f"{k.release}: the module builds; nothing to fix")
    return 0


def _fix_check() -> int:
    """Every use in the module of an API its lanes disagree on, before any build."""
    from wslx import matrix, probes, propose
    picked, _ = matrix.chosen(os.environ.get("LANES", ""))
    kernel_lines = sorted({lanes.load(n).line for n in picked}, key=probes.line_key)
    found = propose.uses(propose.module_files(identity.load().sources), kernel_lines)
    for u in found:
        print(f"{u.where}: {' '.join(u.migration.fixes)}: {u.migration.probe} differs across "
              f"the lanes ({u.answers}); {u.migration.path.relative_to(paths.ROOT)}: "
              f"{u.migration.what}")
    ui.step(f"{len(found)} use{'' if len(found) == 1 else 's'} of an API that differs across "
            f"kernel lines {' '.join(kernel_lines)}" + ("" if found else ": nothing to fix"))
    return 1 if found else 0


def _reference(lane: str) -> Optional[tuple[str, kernel.Kernel]]:
    """The reference lane of a failing lane (the newest lane of another kernel line the
    module last passed on, else the oldest it supports) and its kernel, prepared."""
    from wslx import newprobe, prepare
    ref = newprobe.reference_lane(lane)
    if ref is None:
        ui.info("no lane of another kernel line to compare with")
        return None
    return ref, prepare.prepare(lanes.load(ref))


def _beside_reference(found: list["Finding"], failing: kernel.Kernel, ref: str,
                      reference: kernel.Kernel) -> None:
    """Each finding's identifier as the reference lane declares it, and a function the
    failing kernel lacks looked for under a new name."""
    from wslx import btf, diagnose, runs
    which = f"{ref} ({'last passed' if runs.passed(ref) else 'oldest supported'})"
    diagnose.beside(found, reference.kdir, btf.vmlinux_of(reference), which,
                    (failing.kdir, btf.vmlinux_of(failing)))


def _new_probes(prop: "propose.Proposal", failing: kernel.Kernel, lane: str, ref: str,
                reference: kernel.Kernel) -> None:
    """Changes the catalogue lacks (a moved header, a renamed function, a changed
    prototype or callback type): a new probe, answered on the failing kernel and a
    reference lane's, proposed only when the answers differ; the first two with the
    source change, the last for the user to key their change on."""
    from wslx import newprobe, propose
    moved = [f for f, _ in prop.left if f.kind == "header"]
    renamed = [f for f, _ in prop.left if f.kind == "removed" and len(f.renamed) == 1]
    typed = [f for f, _ in prop.left if f.kind == "prototype" and f.new_type and not f.probes]
    if not moved and not renamed and not typed:
        return
    kinds = [(f, newprobe.generate, newprobe.include_switch,
              "#include <{old}> becomes #ifdef {macro}: <{new}>, else <{old}>") for f in moved]
    kinds += [(f, newprobe.generate_renamed, newprobe.rename_switch,
               "{old}() stands for {new}() where {macro} says the kernel has it")
              for f in renamed]

    def answered(gen: "newprobe.Generated") -> None:
        ui.info(f"new probe {gen.macro}: {failing.release}={gen.answers[newprobe.line_of(failing)]}"
                f", {reference.release} ({ref})={gen.answers[newprobe.line_of(reference)]}")

    for f, generate, switch, what in kinds:
        gen = generate(f, failing, reference)
        if gen is None:
            continue
        answered(gen)
        rel = f.where.rpartition(":")[0]
        text = prop.files.get(rel) or (paths.ROOT / rel).read_text(errors="replace")
        propose.add_probe(prop, f, gen.name, gen.text, switch(text, gen),
                          what.format(old=gen.old, new=gen.new, macro=gen.macro)
                          + f" (a new probe, answered on {ref} and {lane})")
    for f in typed:
        rel = f.where.rpartition(":")[0]
        text = prop.files.get(rel) or (paths.ROOT / rel).read_text(errors="replace")
        typed_gen = newprobe.generate_type(f, failing, reference, text)
        if typed_gen is not None:
            answered(typed_gen)
            propose.add_probe_only(prop, f, typed_gen.name, typed_gen.text)


def cmd_sign(args: argparse.Namespace) -> int:
    from wslx import signing
    k = _kernel_from_env(args)
    ko = _module(k, args)
    keys = [Path(os.environ[v]) for v in ("KEY", "CERT") if os.environ.get(v)]
    if len(keys) == 1:
        raise WslxError("give KEY= and CERT= together, or neither (make keys)")
    signing.sign(k.kdir, ko, *keys)
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from wslx import signing
    print(signing.keys(args.new))
    return 0


def cmd_checkpatch(args: argparse.Namespace) -> int:
    from wslx import checkpatch
    checkpatch.run(os.environ.get("CHECKPATCH_SOURCE") or "linux-source-6.12")
    return 0


def cmd_package(args: argparse.Namespace) -> int:
    """dkms-tree, deb or rpm into DEST (default build/pkg/<kind>/)."""
    from wslx import packages
    folder = "dkms" if args.kind == "dkms-tree" else args.kind
    dest = Path(args.dest) if args.dest else paths.build_dir() / "pkg" / folder
    make = {"dkms-tree": packages.dkms_tree, "deb": packages.deb, "rpm": packages.rpm}
    print(make[args.kind](dest.resolve()))
    return 0


def cmd_modcheck(args: argparse.Namespace) -> int:
    from wslx import build, guestmodcheck
    print(guestmodcheck.modcheck(ARCHES[args.arch]) if args.guest else
          build.modcheck(args.sanitize))
    return 0


def cmd_source_files(args: argparse.Namespace) -> int:
    from wslx import sourcefiles
    if args.tarball:
        print(sourcefiles.tarball(args.package))
    else:
        if not args.paths:
            raise WslxError("source-files: give PATHs inside the kernel tree, or --tarball")
        print(sourcefiles.files(args.package, args.paths))
    return 0


def cmd_guest(args: argparse.Namespace) -> int:
    """Boot a kernel with a plan: exit 0 plan passed, 1 plan failed, 2 timeout or died."""
    from wslx import guest
    for option in ("kernel", "plan", "out"):
        if not getattr(args, option):
            raise WslxError(f"wslx guest: --{option} is required (see wslx guest --help)")
    timeout = _timeout(args.timeout, "--timeout")
    files = []
    for spec in args.file:
        src, _, dest = spec.partition(":")
        if not os.access(src, os.R_OK):
            raise WslxError(f"--file {src}: cannot read")
        files.append((Path(src), dest or Path(src).name))
    if not os.access(args.kernel, os.R_OK):
        raise WslxError(f"--kernel {args.kernel}: cannot read kernel image")
    if not os.access(args.plan, os.R_OK):
        raise WslxError(f"--plan {args.plan}: cannot read")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.deps:
        # Each .ko's in-kernel dependencies from that modules folder, staged in the
        # guest's /lib/modules/<release> (those the kernel lacks are left out).
        from wslx import guestmods
        mods = Path(args.deps)
        if not (mods / "modules.dep").is_file():
            raise WslxError(f"--deps {mods}: no modules.dep there")
        names = [n for src, _ in files if src.name.endswith(".ko")
                 for n in guestmods.needed(src)]
        rels = guestmods.closure(mods, list(dict.fromkeys(names)), mods.name, missing_ok=True)
        files += guestmods.stage(mods, mods.name, rels, out / "guest-modules")
    initrd = guest.prepare_initrd(ARCHES[args.arch], files, Path(args.plan).read_text(), out)
    outcome = guest.boot(ARCHES[args.arch], Path(args.kernel), initrd, out, timeout)
    (out / "results.ktap").write_text(outcome.channel)
    if outcome.state != "done":
        ui.info("kernel console, last lines:")
        ui.quote(outcome.excerpt)
        print(f"wslx: error: {outcome.why()} (console: {outcome.console})", file=sys.stderr)
        return 2
    ui.info(f"guest finished in {ui.duration(outcome.seconds)}")
    return 0 if outcome.rc == 0 else 1


def cmd_kselftests(args: argparse.Namespace) -> int:
    from wslx import build
    log = paths.build_dir() / "kselftest" / "build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    for binary in build.kselftests(log):
        print(binary)
    return 0


def cmd_lane_get(args: argparse.Namespace) -> int:
    """A key of a lane file ("" when unset), as the harness reads it."""
    lane = lanes.load(args.lane)
    keys = {"kind", "description", "line", *lane.values}
    if args.key == "arch":
        print(lane.arch.name)
    elif args.key in keys:
        print(lane.values.get(args.key, ""))
    else:
        print("")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """The benchmarks in tests/bench/ (shell, as tests are), the lane as an argument."""
    from wslx import report
    lane = os.environ.get("LANE") or identity.load().default_lane
    bench = paths.ROOT / "tests" / "bench"
    codes = [proc.run([bench / "smoke_bench.sh", lane]).returncode,
             proc.run([bench / "probe_bench.sh"]).returncode,
             proc.run([bench / "arch_bench.sh"]).returncode,
             proc.run([bench / "matrix_bench.sh"]).returncode,
             proc.run([bench / "fix_table.sh"]).returncode]
    # Only where a source lane was built (make test does it): it takes no input.
    if (paths.lane_dir(report.HEADLINE_LANES[0][2]) / "source.json").exists():
        codes.append(proc.run([bench / "source_rerun_bench.sh"]).returncode)
    # Only where make stack has fetched the stand-in source package.
    if (paths.cache_dir() / "stack" / "debian-src").is_dir():
        codes.append(proc.run([bench / "stack_bench.sh"]).returncode)
    return max(codes)


def cmd_faults(args: argparse.Namespace) -> int:
    from wslx import suites
    lane = os.environ.get("LANE") or identity.load().default_lane
    return suites.faults(lane, "fault-leak" if os.environ.get("LEAK") else "fault")


def cmd_burnin(args: argparse.Namespace) -> int:
    from wslx import suites
    lane = os.environ.get("LANE") or identity.load().default_lane
    return suites.burnin(lane, os.environ.get("N") or "200")


def cmd_fuzz(args: argparse.Namespace) -> int:
    from wslx import fuzz
    fuzz.run(args.seconds or os.environ.get("FUZZ_SECONDS") or "600")
    return 0


def cmd_wsl_bundle(args: argparse.Namespace) -> int:
    from wslx import bundle
    print(bundle.make(args.lane or os.environ.get("LANE") or "wsl-6.6"))
    return 0


def cmd_in_lane(args: argparse.Namespace) -> int:
    """CMD in the lane's build root when it has one, else here (for tests and benchmarks)."""
    from wslx import buildroot, prepare
    argv = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not argv:
        raise WslxError("in-lane: give the command to run after --")
    k = prepare.prepare(lanes.load(args.lane))
    if k.buildroot:
        argv = buildroot.wrap(argv, k.buildroot)
    return proc.run(argv).returncode


def cmd_lane_key(args: argparse.Namespace) -> int:
    """A CI cache key for the lane's kernel: the lane file and what it resolves to now
    (a Debian lane's package versions, a source lane's pin)."""
    import hashlib
    lane = lanes.load(args.lane)
    h = hashlib.sha256(lane.path.read_bytes())
    if lane.kind == "debian":
        from wslx import debian
        from wslx.apt import Apt
        h.update(debian.packages_text(debian.resolved(lane, Apt(lane))).encode())
    else:
        for key in ("source_git", "source_tag", "source_url", "source_sha256"):
            h.update(f"{key}={lane.get(key)}\n".encode())
    print(f"wslx-kernel-{lane.name}-{h.hexdigest()[:16]}")
    return 0


def cmd_ci_config(args: argparse.Namespace) -> int:
    from wslx import ciconfig
    if args.check:
        ciconfig.check()
        ui.step("the generated CI files are current")
    else:
        for path in ciconfig.write():
            print(path)
    return 0


def cmd_ci_tools(args: argparse.Namespace) -> int:
    from wslx import citools
    print(citools.bin_dir())
    return 0


def cmd_adopt(args: argparse.Namespace) -> int:
    from wslx import adopt
    source = args.source or os.environ.get("FROM", "")
    if not source:
        raise WslxError("adopt: give the module's folder: make adopt FROM=<path>")
    adopt.adopt(Path(source))
    return 0


def cmd_matrix(args: argparse.Namespace) -> int:
    """Every lane the module supports (LANES=: names or globs), in parallel."""
    from wslx import matrix
    return matrix.run(" ".join(args.lanes) or os.environ.get("LANES", ""))


def cmd_fresh_root(args: argparse.Namespace) -> int:
    """COMMAND in a fresh Debian 12 root with a copy of the checkout (make test-fresh)."""
    from wslx import freshroot
    argv = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not argv:
        raise BadInput("fresh-root: give the command to run after --")
    return freshroot.run(argv, _timeout(args.timeout, "--timeout"))


def cmd_status(args: argparse.Namespace) -> int:
    from wslx import status
    status.status()
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from wslx import report
    report.write(Path(args.folder) if args.folder else None)
    return 0


def _patches(args: argparse.Namespace) -> Path:
    """--patches, else PATCHES=, else the checkout's patches/."""
    return Path(args.patches or os.environ.get("PATCHES") or paths.ROOT / "patches").absolute()


def _stack_options(args: argparse.Namespace) -> cycle.Options:
    from wslx.stack import cycle, lane
    env = os.environ.get
    split = re.compile(r"\s+(?=[A-Za-z0-9._-]+=)")
    given = env("BASE_SOURCE", "").strip()
    sources = cycle.parse_pairs([*args.source, *(split.split(given) if given else [])],
                                "BASE_SOURCE")
    sha = cycle.parse_pairs([*args.sha256, *env("BASE_SHA256", "").split()], "BASE_SHA256")
    only = [*args.base, *env("BASE", "").split()]
    accept = {*args.accept, *(a for a in re.split(r"[,\s]+", env("ACCEPT", "")) if a)}
    flag = {"1", "yes", "true"}
    opts = cycle.Options(
        patches=_patches(args),
        standin=args.standin or env("STANDIN", "") in flag, only=only,
        sources={k: Path(v) for k, v in sources.items()}, sha256=sha, accept=accept,
        lane_opts=lane.Options(
            nightly=args.nightly or env("NIGHTLY", "") in flag,
            each_commit=args.each_commit or env("EACH_COMMIT", "") in flag,
            timeout=_timeout(env("STACK_TIMEOUT", str(lane.TIMEOUT)), "STACK_TIMEOUT"),
            boots=_boots(args.boots or env("BOOTS", "") or str(lane.BOOTS))))
    return opts


def _boots(value: str) -> int:
    """BOOTS=: how often each kernel of a stack cycle boots (1 to MAX_BOOTS)."""
    if not value.isdigit() or not 1 <= int(value) <= MAX_BOOTS:
        raise BadInput(f"BOOTS={value}: not a number of boots from 1 to {MAX_BOOTS}")
    return int(value)


def cmd_stack(args: argparse.Namespace) -> int:
    from wslx.stack import cycle
    return cycle.run(_stack_options(args))


def cmd_stack_status(args: argparse.Namespace) -> int:
    from wslx.stack import cycle
    for line in cycle.status(_patches(args)):
        print(line)
    return 0


def cmd_stack_resolve(args: argparse.Namespace) -> int:
    from wslx.stack import cycle
    patches = _patches(args)
    base = args.base or os.environ.get("BASE", "")
    if not base:
        raise WslxError("stack-resolve: name the base: make stack-resolve BASE=<name>")
    for where in cycle.resolve(patches, base):
        ui.step(f"recorded the resolution in {patches / where}; commit it, then run make "
                "stack again")
    return 0


def parser() -> Parser:
    p = Parser(prog="wslx", description="build, check and load-test a module on many kernels")
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)
    sub.add_parser("lanes", help="list the lanes").set_defaults(func=cmd_lanes)
    s = sub.add_parser("prepare", help="fetch and unpack a lane's kernel (LANE=)")
    s.add_argument("lane", nargs="?", default="")
    s.set_defaults(func=cmd_prepare)
    s = sub.add_parser("smoke", help="prepare, build, verify and smoke-test a lane in QEMU")
    s.add_argument("lane", nargs="?", default="")
    s.add_argument("--intree", action="store_true", help="source lanes: build in the tree")
    s.add_argument("--prepared", action="store_true",
                   help="source lanes: the kernel is built already")
    s.add_argument("make_vars", nargs="*", help="kbuild variables such as W=1")
    s.set_defaults(func=cmd_smoke)
    for name, func, doc in (("build", cmd_build, "build the module; prints the .ko"),
                            ("verify", cmd_verify, "build the module and check it loads"),
                            ("probe", cmd_probe, "run the compile probes; print the answers"),
                            ("fix", cmd_fix, "build; when it fails, name the kernel API changes "
                             "behind it with the catalogue's probes"),
                            ("sign", cmd_sign, "build and sign the module (KEY=, CERT=)")):
        s = sub.add_parser(name, help=doc)
        s.add_argument("--lane", default="")
        s.add_argument("--kdir", default="")
        s.add_argument("make_vars", nargs="*", help="kbuild variables such as W=1")
        s.set_defaults(func=func, check=False)
        if name == "probe":
            s.add_argument("--check", action="store_true",
                           help="exit 1 when an answer contradicts its probe's expect: line")
    s = sub.add_parser("stack", help="the patch series on both bases: replay, build, boot, "
                       "test, summary in build/stack/")
    s.add_argument("--standin", action="store_true",
                   help="Debian's source package stands in for the bases")
    s.add_argument("--base", action="append", default=[], help="only this base (repeat)")
    s.add_argument("--source", action="append", default=[], help="NAME=DIR|TARBALL")
    s.add_argument("--sha256", action="append", default=[], help="NAME=HEX of a tarball")
    s.add_argument("--accept", action="append", default=[], help="accept an escalation class")
    s.add_argument("--nightly", action="store_true", help="the nightly kselftest subset too")
    s.add_argument("--each-commit", action="store_true", help="build every patch on its own")
    s.add_argument("--boots", default="", help="boots of each kernel for the performance "
                   "deltas (default 3)")
    s.add_argument("--patches", default="", help="the series' folder (default patches/)")
    s.set_defaults(func=cmd_stack)
    s = sub.add_parser("stack-status", help="one line per base: verdict, series, reviews")
    s.add_argument("--patches", default="")
    s.set_defaults(func=cmd_stack_status)
    s = sub.add_parser("stack-resolve", help="record the fix of a stopped conflict")
    s.add_argument("--base", default="")
    s.add_argument("--patches", default="")
    s.set_defaults(func=cmd_stack_resolve)
    s = sub.add_parser("modcheck", help="build modcheck; prints its path")
    s.add_argument("--sanitize", action="store_true")
    s.add_argument("--guest", action="store_true", help="the guest's static modcheck")
    s.add_argument("--arch", default=host().name, choices=sorted(ARCHES),
                   help="the guest's arch (with --guest)")
    s.set_defaults(func=cmd_modcheck)
    s = sub.add_parser("source-files", help="files of Debian's linux-source-X.Y, cached")
    s.add_argument("--tarball", action="store_true")
    s.add_argument("package")
    s.add_argument("paths", nargs="*")
    s.set_defaults(func=cmd_source_files)
    s = sub.add_parser("guest", help="boot a kernel in QEMU with a plan")
    s.add_argument("--kernel", default="")
    s.add_argument("--plan", default="")
    s.add_argument("--out", default="")
    s.add_argument("--timeout", default="120")
    s.add_argument("--arch", default=host().name, choices=sorted(ARCHES))
    s.add_argument("--file", action="append", default=[])
    s.add_argument("--deps", default="", help="stage the .ko files' dependencies from this "
                   "lib/modules/<release> folder")
    s.set_defaults(func=cmd_guest)
    sub.add_parser("status", help="one line per lane").set_defaults(func=cmd_status)
    s = sub.add_parser("fuzz", help="libFuzzer over modcheck's parsers (FUZZ_SECONDS=)")
    s.add_argument("seconds", nargs="?", default="")
    s.set_defaults(func=cmd_fuzz)
    s = sub.add_parser("wsl-bundle", help="the bundle for real WSL from a source lane")
    s.add_argument("lane", nargs="?", default="")
    s.set_defaults(func=cmd_wsl_bundle)
    sub.add_parser("faults", help="the fault-point matrix in QEMU (LANE=, LEAK=1)").set_defaults(
        func=cmd_faults)
    sub.add_parser("burnin", help="N load/unload cycles in QEMU (LANE=, N=)").set_defaults(
        func=cmd_burnin)
    s = sub.add_parser("keys", help="the throwaway test signing key (made once); prints its folder")
    s.add_argument("--new", action="store_true", help="make a new one")
    s.set_defaults(func=cmd_keys)
    sub.add_parser("checkpatch", help="checkpatch.pl --strict on the kernel-side C").set_defaults(
        func=cmd_checkpatch)
    for kind in ("dkms-tree", "deb", "rpm"):
        s = sub.add_parser(kind, help=f"write the {kind} into DEST (default build/pkg/)")
        s.add_argument("dest", nargs="?", default="")
        s.set_defaults(func=cmd_package, kind=kind)
    s = sub.add_parser("in-lane", help="run a command in the lane's build root, if it has one")
    s.add_argument("lane")
    s.add_argument("command", nargs=argparse.REMAINDER)
    s.set_defaults(func=cmd_in_lane)
    s = sub.add_parser("matrix", help="every lane the module supports, in parallel, then a "
                       "lane x step table and the report (LANES=)")
    s.add_argument("lanes", nargs="*", help="lane names or globs (default: every Debian lane "
                   "and the source lanes built here)")
    s.set_defaults(func=cmd_matrix)
    s = sub.add_parser("fresh-root", help="a command in a fresh Debian 12 root holding a copy "
                       "of this checkout (make test-fresh)")
    s.add_argument("--timeout", default="3600")
    s.add_argument("command", nargs=argparse.REMAINDER)
    s.set_defaults(func=cmd_fresh_root)
    s = sub.add_parser("lane-get", help="a key of a lane file (\"\" when unset)")
    s.add_argument("lane")
    s.add_argument("key")
    s.set_defaults(func=cmd_lane_get)
    sub.add_parser("bench", help="the benchmarks in tests/bench/ (LANE=)").set_defaults(
        func=cmd_bench)
    sub.add_parser("kselftests", help="build the module's kselftests; prints their paths"
                   ).set_defaults(func=cmd_kselftests)
    sub.add_parser("source-lanes", help="lanes L1 and L2 from source").set_defaults(
        func=cmd_source_lanes)
    s = sub.add_parser("source-lane", help="a source lane: build its kernel, then smoke-test")
    s.add_argument("lane")
    s.add_argument("--source", default="", help="a local tree or tarball instead of the pin")
    s.add_argument("--sha256", default="", help="the tarball's expected sha256")
    s.add_argument("--full", action="store_true", help="the lane's full configuration")
    s.add_argument("--fragment", action="append", default=[], help="a config fragment, last")
    s.add_argument("--intree", action="store_true", help="also build the module in the tree")
    s.add_argument("--no-smoke", action="store_true", help="stop after building the kernel")
    s.set_defaults(func=cmd_source_lane)
    s = sub.add_parser("lane-key", help="a CI cache key for the lane's kernel")
    s.add_argument("lane")
    s.set_defaults(func=cmd_lane_key)
    s = sub.add_parser("ci-config", help="write .github/workflows/wslx.yml and .gitlab-ci.yml")
    s.add_argument("--check", action="store_true", help="fail if they are not current")
    s.set_defaults(func=cmd_ci_config)
    sub.add_parser("ci-tools", help="install the pinned npm CI tools; prints their bin folder"
                   ).set_defaults(func=cmd_ci_tools)
    s = sub.add_parser("adopt", help="bring an existing out-of-tree module into this tree")
    s.add_argument("source", nargs="?", default="", help="the module's folder (or FROM=)")
    s.set_defaults(func=cmd_adopt)
    s = sub.add_parser("report", help="build/report/ (index.html, report.md, report.json) "
                       "from the run records")
    s.add_argument("folder", nargs="?", help="where to write it (default build/report/)")
    s.set_defaults(func=cmd_report)
    return p


def main(argv: list[str], prog: Optional[str] = None) -> int:
    proc.install_signal_handlers()
    try:
        args = parser().parse_args(argv)
        code: int = args.func(args)
        return code
    except WslxError as err:
        print(f"wslx: error: {err}", file=sys.stderr)
        return 2 if isinstance(err, BadInput) else 1
    except LaneSkipped as skip:
        print(f"wslx: skip: {skip}", file=sys.stderr)
        return 77
    except BrokenPipeError:
        # The reader went away (make status | head): nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as err:
        # A folder that cannot be written (a read-only cache or build/), a full
        # disk: the file and the system's words, not a traceback.
        print(f"wslx: error: {oserror_line(err)}", file=sys.stderr)
        return 1
    except Interrupted as sig:
        print(f"wslx: interrupted by {sig.signame}: children ended, run recorded as "
              "interrupted", file=sys.stderr)
        return 130
