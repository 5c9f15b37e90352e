# SPDX-License-Identifier: GPL-2.0-only
"""The command line: python3 -m wslx COMMAND. The Makefile calls these.

Every error is one line "wslx: error: ..." and exit status 1; a skipped
lane is "wslx: skip: ..." and 77; an interrupted run ends with 130 after
its children are gone and its record says INTERRUPTED.
"""
import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn, Optional

from wslx import build, guest, identity, kernel, lanes, paths, prepare, proc, smoke
from wslx import sourcefiles, status, ui
from wslx.arch import ARCHES
from wslx.errors import Interrupted, LaneSkipped, WslxError


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise WslxError(f"{self.prog}: {message} (see {self.prog} --help)")


def _timeout(value: str, what: str) -> float:
    """Seconds from what (an option --x, shown as "--x V", or a variable, "X=V")."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not seconds > 0:
        shown = f"{what} {value}" if what.startswith("-") else f"{what}={value}"
        raise WslxError(f"{shown}: not a positive number of seconds")
    return seconds


def _kernel_from_env(args: argparse.Namespace) -> kernel.Kernel:
    """LANE wins, then KDIR, then the running kernel's headers (the Makefile's rules)."""
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
    k = prepare.prepare(lanes.load(args.lane))
    ui.step(f"{args.lane}: kernel {k.release} ready (KDIR={k.kdir})")
    return 0


def _make_vars(args: argparse.Namespace) -> list[str]:
    """kbuild variables: those given as arguments, and W, V, C from make's command line."""
    given = [f"{v}={os.environ[v]}" for v in ("W", "V", "C") if os.environ.get(v)]
    return [*args.make_vars, *given]


def cmd_smoke(args: argparse.Namespace) -> int:
    timeout = _timeout(os.environ.get("SMOKE_TIMEOUT", "120"), "SMOKE_TIMEOUT")
    name = args.lane or os.environ.get("LANE") or identity.load().default_lane
    lane = lanes.load(name)
    if lane.kind == "source" and not args.prepared:
        return _source_lane(name)
    return smoke.run(smoke.Options(name, _make_vars(args), timeout, args.intree))


def _source_lane(name: str) -> int:
    """A source lane builds its kernel first (ci/build_source_lane.sh, which
    comes back to smoke with --prepared); its options come from make's variables."""
    argv: list[str] = [str(paths.ci_script("build_source_lane.sh")), name]
    if os.environ.get("SOURCE"):
        argv += ["--source", os.environ["SOURCE"]]
    if os.environ.get("SHA256"):
        argv += ["--sha256", os.environ["SHA256"]]
    argv += ["--full"] if os.environ.get("FULL") else []
    argv += ["--intree"] if os.environ.get("INTREE") else []
    for fragment in os.environ.get("FRAGMENT", "").split():
        argv += ["--fragment", fragment]
    return proc.run(argv).returncode


def cmd_source_lanes(args: argparse.Namespace) -> int:
    """Lanes L1 and L2, one after the other; the first failure does not stop the second."""
    codes = [_source_lane(lane) for _, lane in status.HEADLINE_LANES]
    return 0 if all(c == 0 for c in codes) else 1


def _module(k: kernel.Kernel, args: argparse.Namespace) -> Path:
    log = build.module_dir(k) / "wslx-build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    return build.module(k, _make_vars(args), log)


def cmd_build(args: argparse.Namespace) -> int:
    print(_module(_kernel_from_env(args), args))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    k = _kernel_from_env(args)
    ko = _module(k, args)
    return proc.run([build.modcheck(), "verify", "--kdir", k.kdir, ko]).returncode


def cmd_probe(args: argparse.Namespace) -> int:
    k = _kernel_from_env(args)
    out = build.module_dir(k) / "compat"
    env = dict(os.environ, WSLX_BUILDROOT=str(k.buildroot or ""))
    if proc.run([paths.ci_script("run_probes.sh"), k.kdir, out], env=env).returncode != 0:
        raise WslxError(f"the probe runner failed for {k.release}")
    rows = [line.split("\t") for line in (out / "probes.tsv").read_text().splitlines()]
    widths = [max(len(r[i]) for r in rows if len(r) > i) for i in range(max(map(len, rows)))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0


def cmd_sign(args: argparse.Namespace) -> int:
    k = _kernel_from_env(args)
    ko = _module(k, args)
    keys = [os.environ[v] for v in ("KEY", "CERT") if os.environ.get(v)]
    if len(keys) == 1:
        raise WslxError("give KEY= and CERT= together, or neither (make keys)")
    return proc.run([paths.ci_script("sign_module.sh"), k.kdir, ko, *keys]).returncode


def cmd_kdir(args: argparse.Namespace) -> int:
    k = _kernel_from_env(args)
    print(f"{k.kdir}\n{k.release}")
    return 0


def cmd_modcheck(args: argparse.Namespace) -> int:
    print(build.modcheck(args.sanitize))
    return 0


def cmd_source_files(args: argparse.Namespace) -> int:
    if args.tarball:
        print(sourcefiles.tarball(args.package))
    else:
        if not args.paths:
            raise WslxError("source-files: give PATHs inside the kernel tree, or --tarball")
        print(sourcefiles.files(args.package, args.paths))
    return 0


def cmd_guest(args: argparse.Namespace) -> int:
    """Boot a kernel with a plan: exit 0 plan passed, 1 plan failed, 2 timeout or died."""
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
    modcheck = build.modcheck()
    initrd = guest.prepare_initrd(modcheck, files, Path(args.plan).read_text(), out)
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
    log = paths.build_dir() / "kselftest" / "build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    for binary in build.kselftests(log):
        print(binary)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    status.status()
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    status.report(Path(args.file) if args.file else None)
    return 0


def parser() -> Parser:
    p = Parser(prog="wslx", description="build, check and load-test a module on many kernels")
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)
    sub.add_parser("lanes", help="list the lanes").set_defaults(func=cmd_lanes)
    s = sub.add_parser("prepare", help="fetch and unpack a lane's kernel")
    s.add_argument("lane")
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
                            ("sign", cmd_sign, "build and sign the module (KEY=, CERT=)"),
                            ("kdir", cmd_kdir, "print the kernel tree and release")):
        s = sub.add_parser(name, help=doc)
        s.add_argument("--lane", default="")
        s.add_argument("--kdir", default="")
        s.add_argument("make_vars", nargs="*", help="kbuild variables such as W=1")
        s.set_defaults(func=func)
    s = sub.add_parser("modcheck", help="build modcheck; prints its path")
    s.add_argument("--sanitize", action="store_true")
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
    s.add_argument("--arch", default="x86_64", choices=sorted(ARCHES))
    s.add_argument("--file", action="append", default=[])
    s.set_defaults(func=cmd_guest)
    sub.add_parser("status", help="one line per lane").set_defaults(func=cmd_status)
    sub.add_parser("kselftests", help="build the module's kselftests; prints their paths"
                   ).set_defaults(func=cmd_kselftests)
    sub.add_parser("source-lanes", help="lanes L1 and L2 from source").set_defaults(
        func=cmd_source_lanes)
    s = sub.add_parser("report", help="build/report.md from the run records")
    s.add_argument("file", nargs="?")
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
        return 1
    except LaneSkipped as skip:
        print(f"wslx: skip: {skip}", file=sys.stderr)
        return 77
    except Interrupted as sig:
        print(f"wslx: interrupted by {sig.signame}: children ended, run recorded as "
              "interrupted", file=sys.stderr)
        return 130
