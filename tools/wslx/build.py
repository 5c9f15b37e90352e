# SPDX-License-Identifier: GPL-2.0-only
"""Building what a lane run needs: the module (through the DKMS-shipped
build script), modcheck, and the kselftest binaries for the guest."""
import os
import re
import shlex
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from wslx import buildroot, identity, locks, paths, proc, products, sourcefiles
from wslx.arch import Arch, host
from wslx.errors import WslxError
from wslx.kernel import Kernel

if TYPE_CHECKING:
    from wslx import diagnose

# A compiler or modpost error, make's own complaint, or (a build failed by the
# warnings policy) a compiler warning, in that order of use.
_WARNING = re.compile(r"(?:^|\s)warning: ")
_ERRORS = [re.compile(r"(?:^|\s)(?:fatal )?error: "), re.compile(r"^ERROR: "),
           re.compile(r"\*\*\* "), _WARNING]


# The module build and probe runner DKMS ships: shell, run here the same way.
SHIPPED = paths.ROOT / "packaging" / "dkms" / "shipped"


def first_error(text: str) -> str:
    """The first line of a build log that says what went wrong, or ""."""
    lines = text.splitlines()
    for pattern in _ERRORS:
        for line in lines:
            if pattern.search(line):
                return line.strip()
    return ""


def in_user_tree(line: str, mirror: Path) -> str:
    """Paths of the build's symlink mirror rewritten to the files they stand for."""
    def real(match: re.Match[str]) -> str:
        path = Path(match.group(0))
        return str(path.resolve()) if path.is_symlink() else match.group(0)
    return re.sub(re.escape(str(mirror)) + r"/[^\s:'\"]+", real, line)


def module_dir(kernel: Kernel, variant: str = "") -> Path:
    return paths.build_dir() / (kernel.release + (f"-{variant}" if variant else ""))


def module(kernel: Kernel, make_vars: list[str], log: Path, variant: str = "") -> Path:
    """Build the module for kernel (in its build root, if any); WslxError whose message is
    the first error."""
    ident = identity.load()
    out = module_dir(kernel, variant)
    env = dict(os.environ)
    env.pop("WSLX_VARIANT", None)
    if variant:
        env["WSLX_VARIANT"] = variant
    argv = [str(SHIPPED / "build_module.sh"), str(kernel.kdir), *make_vars]
    if kernel.buildroot:
        argv = buildroot.wrap(argv, kernel.buildroot, env=env)
    with locks.held(paths.build_dir() / f".{out.name}.lock", f"module build for {out.name}"):
        done = proc.run(argv, log=log, env=env, progress=f"building {ident.name}.ko")
    if done.returncode != 0:
        text = _read(out / "build.log") or _read(log)
        why = first_error(text) or first_error(_read(log)) or "see the log"
        why = in_user_tree(why.removeprefix("wslx: error: "), out)
        # The shipped script's own one-line error is already what to say.
        shipped = next((ln for ln in _read(log).splitlines()
                        if ln.startswith("wslx: error: ")), "")
        if "compiler warning" in shipped and why != shipped.removeprefix("wslx: error: "):
            # Only warnings: the way out belongs on the same line as the warning.
            why += " (warnings fail the build: module.mk WARNINGS := allow lets them through)"
        raise WslxError(why)
    return out / f"{ident.name}.ko"


def warnings(kernel: Kernel, variant: str = "") -> int:
    """How many compiler warnings the module's last build for kernel printed."""
    log = _read(module_dir(kernel, variant) / "build.log")
    return sum(1 for line in log.splitlines() if _WARNING.search(line))


def probes(kernel: Kernel, log: Path) -> str:
    """The compile probes for kernel (in its build root, if any) into the module's
    compat folder, where the module build finds them; one line on what they said.
    WslxError with the runner's own one-line reason when it fails."""
    out = module_dir(kernel) / "compat"
    argv = [str(SHIPPED / "run_probes.sh"), str(kernel.kdir), str(out)]
    if kernel.buildroot:
        argv = buildroot.wrap(argv, kernel.buildroot)
    with locks.held(paths.build_dir() / f".{module_dir(kernel).name}.lock",
                    f"module build for {module_dir(kernel).name}"):
        done = proc.run(argv, log=log, progress="compile probes")
    text = _read(log)
    if done.returncode != 0:
        why = next((ln for ln in text.splitlines() if ln.startswith("wslx: error: ")),
                   first_error(text) or f"see {log}")
        raise WslxError(why.removeprefix("wslx: error: "))
    rows = [ln.split("\t") for ln in _read(out / "probes.tsv").splitlines()[1:]]
    yes = sum(1 for r in rows if len(r) > 3 and r[3] == "yes")
    how = "cached" if "answers cached" in text else \
        next((ln.strip().removeprefix("probes: done ") for ln in text.splitlines()
              if "probes: done in" in ln), "")
    return f"{len(rows)} answers, {yes} yes" + (f", {how}" if how else "")


def up_to_date(target: Path, extra: tuple[Path, ...] = ()) -> bool:
    """target is whole as its build made it (products.py) and newer than modcheck's
    sources, its Makefile, module.mk (its version) and extra: make would do nothing,
    and asking it costs more than a guest's boot can spare (its Makefile runs
    pkg-config)."""
    src = paths.ROOT / "tools" / "modcheck"
    inputs = [*src.glob("*.[ch]"), src / "Makefile", paths.ROOT / "module.mk", *extra]
    return products.usable(target, inputs)


def modcheck(sanitize: bool = False) -> Path:
    """tools/modcheck built into build/tools/ (make keeps it current)."""
    out = paths.build_dir() / "tools" / ("sanitize" if sanitize else "")
    if up_to_date(out / "modcheck"):
        return out / "modcheck"
    log = paths.build_dir() / "tools" / "modcheck-build.log"
    log.unlink(missing_ok=True)
    with locks.held(paths.build_dir() / ".modcheck.lock", "the modcheck build"):
        # Another lane of a make matrix may have built it while this one waited.
        if up_to_date(out / "modcheck"):
            return out / "modcheck"
        products.forget(out / "modcheck")
        # A product without its record is remade from scratch, not patched by make.
        (out / "modcheck").unlink(missing_ok=True)
        done = proc.run(["make", "-s", "-C", paths.ROOT / "tools" / "modcheck", f"O={out}",
                         *(["SANITIZE=1"] if sanitize else [])], log=log)
        if done.returncode != 0:
            raise WslxError(f"building modcheck failed: "
                            f"{first_error(_read(log)) or _read(log)[-200:]} (log: {log})")
        products.record(out / "modcheck")
    return out / "modcheck"


KSELFTEST_SOURCE = "linux-source-6.12"
HARNESS = ["tools/testing/selftests/kselftest_harness.h", "tools/testing/selftests/kselftest.h"]


def kselftest_sources() -> list[Path]:
    return sorted((paths.ROOT / "tests" / "kselftest").glob("*.c"))


def kselftests(log: Path, arch: Arch = host()) -> list[Path]:
    """The module's kselftest-harness tests as static binaries for an arch guest
    (cross-compiled for another arch than the host's).

    Rebuilt when the test or any header of the module changed; a test that
    does not compile is an error naming its first compiler error.
    """
    sources = kselftest_sources()
    if not sources:
        return []
    tree = sourcefiles.files(os.environ.get("KSELFTEST_SOURCE", KSELFTEST_SOURCE), HARNESS)
    out = paths.build_dir() / "kselftest" / ("" if arch == host() else arch.name)
    out.mkdir(parents=True, exist_ok=True)
    if not shutil.which(arch.gcc()):
        raise WslxError(f"{arch.gcc()} not found: the {arch.name} guest's tests are "
                        f"cross-compiled with it (Debian package gcc-{arch.triplet})")
    headers = list((paths.ROOT / "src").rglob("*.h"))
    with locks.held(out / ".lock", f"the kselftest build for {arch.name}"):
        # One build at a time: the lanes of a make matrix share the binaries.
        return [_kselftest(src, headers, tree, out, arch, log) for src in sources]


def _kselftest(src: Path, headers: list[Path], tree: Path, out: Path, arch: Arch,
               log: Path) -> Path:
    """One test's static binary, remade when it or a header of the module changed."""
    binary = out / src.stem
    if products.usable(binary, [src, *headers]):
        return binary
    products.forget(binary)
    # -Wall, as the kernel builds its selftests: the harness header is
    # not -Wextra-clean.
    argv = [arch.gcc(), "-std=gnu11", "-O2", "-Wall", "-Werror", "-static", "-pthread",
            f"-I{tree / 'tools/testing/selftests'}", f"-I{paths.ROOT / 'src/uapi'}",
            "-o", str(binary), str(src)]
    with open(log, "a") as f:
        f.write("$ " + shlex.join(argv) + "\n")
    done = proc.run(argv, log=log)
    if done.returncode != 0:
        binary.unlink(missing_ok=True)
        raise WslxError(f"{src.name} does not compile: "
                        f"{first_error(_read(log)) or 'see ' + str(log)}")
    products.record(binary)
    return binary


def _read(path: Optional[Path]) -> str:
    try:
        return path.read_text(errors="replace") if path else ""
    except OSError:
        return ""


def findings(kernel: Kernel, variant: str = "") -> tuple[list["diagnose.Finding"], str]:
    """The findings of the module's last failed build for kernel (diagnose.py), and
    its first error in the user's tree."""
    from wslx import btf, diagnose
    out = module_dir(kernel, variant)
    log = _read(out / "build.log")
    return (diagnose.diagnose(log, kernel.kdir, out, btf.vmlinux_of(kernel)),
            in_user_tree(first_error(log), out))


def diagnosis(kernel: Kernel, variant: str = "") -> list[str]:
    """What the module's last failed build for kernel says about the kernel's API: one
    line per finding, or why there is none."""
    from wslx import diagnose
    return diagnose.summary(*findings(kernel, variant))
