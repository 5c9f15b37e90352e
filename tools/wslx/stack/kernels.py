# SPDX-License-Identifier: GPL-2.0-only
"""Building a base, and the base with the series, from the base's work tree.

One output folder per base serves both states, so that base -> base+series
is an incremental build (kbuild rebuilds what the series' files and
options reach; ccache serves what it has seen). The configuration is the
small one the source lanes use (tiny + ci/config/small.config + the base's
vermagic options + the QEMU fragment); the series kernel's adds
patches/series.config, the series' own options, which may change what
enters vermagic (the preemption model): the base kernel keeps the base's
configuration, whatever the series asks for. Each built kernel is kept as a cache entry
keyed by its commit and configuration: a rerun with nothing changed builds
nothing.
"""
import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from wslx import cache, kbuild, kconfig, paths, prepare, ui
from wslx.arch import ARCHES
from wslx.errors import WslxError
from wslx.stack.repo import Repo, root

ARCH = ARCHES["x86_64"]
CONFIG = paths.ROOT / "ci" / "config"
KEEP = ("vmlinux", "arch/x86/boot/bzImage", "Module.symvers", "System.map", ".config",
        "include/config/kernel.release")


@dataclass
class Built:
    folder: Path         # the cache entry: the kept files and build.log
    release: str
    objects: int         # objects this build compiled (0 when taken from the cache)
    cached: bool
    dropped: list[str]   # series.config options this kernel does not have
    vermagic: str = ""   # the options its modules' vermagic carries (SMP preempt ...)

    @property
    def vmlinux(self) -> Path:
        return self.folder / "vmlinux"


_FULL: dict[tuple[str, Path], Path] = {}


def _full_file(spec: str, src: Path) -> Path:
    """The config file of a file: spec, found once per cycle (a lane: spec prepares a lane)."""
    if (spec, src) not in _FULL:
        _FULL[(spec, src)] = kconfig.base_file(spec, src, prepare.lane_config)
    return _FULL[(spec, src)]


def _fragments(series_config: Optional[Path], tmp: Path, spec: str, src: Path) -> list[Path]:
    if spec.startswith("file:"):
        (tmp / "full").mkdir(parents=True, exist_ok=True)
        (tmp / "full" / ".config").write_bytes(_full_file(spec, src).read_bytes())
        kconfig.merge(src, tmp / "full", ARCH, [])
    else:
        kconfig.configure(src, tmp / "full", ARCH, spec, [], prepare.lane_config)
    (tmp / "abi.config").write_text(kconfig.abi_fragment(tmp / "full" / ".config"))
    frags = [CONFIG / "small.config", tmp / "abi.config", CONFIG / "qemu-smoke.config"]
    return [*frags, series_config] if series_config and series_config.is_file() else frags


def tests_fragment(repo: Repo, commit: str, targets: list[str]) -> str:
    """The options the chosen kselftest targets ask for (their own config files,
    tools/testing/selftests/<target>/config), as the tree at commit has them."""
    parts = []
    for target in targets:
        text = repo.git("show", f"{commit}:tools/testing/selftests/{target}/config", check=False)
        if text.strip():
            parts.append(f"# tools/testing/selftests/{target}/config\n{text.rstrip()}\n")
    return "".join(parts)


def config_key(spec: str, series_config: Optional[Path], src: Path, tests: str = "") -> str:
    h = hashlib.sha256(spec.encode() + tests.encode())
    for p in [*sorted(CONFIG.glob("*.config")), series_config, Path(__file__)]:
        if p and p.is_file():
            h.update(p.read_bytes())
    if spec.startswith("file:"):
        h.update(_full_file(spec, src).read_bytes())
    return h.hexdigest()[:12]


def build(repo: Repo, base: str, state: str, work: Path, commit: str, spec: str,
          series_config: Path, targets: tuple[str, ...] = ()) -> Built:
    """The kernel of work at commit (checked out here), built or taken from the cache,
    with the options of series_config and of the kselftest targets' config files."""
    tests = tests_fragment(repo, commit, list(targets))
    # The series' options are the series kernel's (and each patch's), never the base's.
    own = series_config if state != "base" and series_config.is_file() else None
    key = config_key(spec, own, work, tests)
    out = root() / "out" / base
    info: dict[str, str] = {}

    def make(tmp: Path) -> dict[str, str]:
        head = repo.git("rev-parse", "HEAD", cwd=work).strip()
        if head != commit:
            repo.git("checkout", "-q", "--detach", "-f", commit, cwd=work)
        ui.step(f"{base}: configuring the {state} kernel ({commit[:12]})")
        cfg = tmp / "configure"
        frags = _fragments(own, cfg, spec, work)
        wanted = [f for f in frags if f != own]
        if own:
            # What the series sets wins over the base's vermagic options: a series may
            # change the preemption model. The difference is reported, not refused.
            kept = cfg / "abi-kept.config"
            kept.write_text(kconfig.without((cfg / "abi.config").read_text(),
                                            set(kconfig.parse(own.read_text()))))
            wanted = [kept if f == cfg / "abi.config" else f for f in wanted]
        if tests:
            (cfg / "tests.config").write_text(tests)
            frags.append(cfg / "tests.config")
        kconfig.configure(work, cfg / "final", ARCH, "tiny", frags)
        # The series' and the tests' options may not exist on every base: they
        # are named in the results when missing, never an error here.
        try:
            kconfig.check_fragments(cfg / "final" / ".config", wanted)
        except WslxError as err:
            # The folder goes with the failed attempt: name what it held instead.
            raise WslxError(f"{base}'s {state} kernel configuration: "
                            + str(err).replace(f"{cfg}/", "")) from None
        out.mkdir(parents=True, exist_ok=True)
        new = (cfg / "final" / ".config").read_bytes()
        if not (out / ".config").exists() or (out / ".config").read_bytes() != new:
            (out / ".config").write_bytes(new)
        log = tmp / "build.log"
        ui.step(f"{base}: building the {state} kernel in {out} (log: {log})")
        # The kernels with the series say so in their release (6.1.176-series+):
        # a base whose configuration adds no version suffix of its own would
        # otherwise give both the same name.
        suffix = [] if state == "base" else [f"LOCALVERSION=-{state}"]
        kbuild.run(base, f"the {state} kernel build", log, work, out, ARCH, *suffix, "all")
        for rel in KEEP:
            if (out / rel).exists():
                shutil.copyfile(out / rel, tmp / Path(rel).name)
        shutil.rmtree(cfg, ignore_errors=True)
        objects = sum(1 for ln in log.read_text(errors="replace").splitlines()
                      if re.match(r"^  (CC|AS)( \[M\])? ", ln))
        info["objects"] = str(objects)
        return {"commit": commit, "config": key, "objects": str(objects)}

    entry = cache.Entry(root() / "kernels" / base, f"{state}-{commit[:12]}-{key}",
                        f"{base}'s {state} kernel").ensure(make)
    release = (entry / "kernel.release").read_text().strip()
    values = kconfig.parse((entry / ".config").read_text(errors="replace"))
    dropped = []
    if own and state == "series":
        for line in own.read_text().splitlines():
            m = re.match(r"^CONFIG_([A-Za-z0-9_]+)=(.*)$", line.strip())
            if m and values.get(m.group(1)) != m.group(2):
                dropped.append(f"CONFIG_{m.group(1)}")
    objects = int(info.get("objects", "0"))
    return Built(entry, release, objects, not info, dropped, kconfig.vermagic_options(values))


def exports(symvers: Path) -> dict[str, str]:
    """symbol -> its export line's fields after the CRC (namespace, type), from Module.symvers."""
    out: dict[str, str] = {}
    if symvers.exists():
        for line in symvers.read_text(errors="replace").splitlines():
            fields = line.split("\t")
            if len(fields) >= 4:
                out[fields[1]] = f"{fields[3]} {fields[4] if len(fields) > 4 else ''}".strip()
    return out


def abi_changes(base: Built, series: Built) -> list[str]:
    """Exports the series adds, removes or changes the kind of."""
    a, b = exports(base.folder / "Module.symvers"), exports(series.folder / "Module.symvers")
    changes = [f"removed export {s}" for s in sorted(set(a) - set(b))]
    changes += [f"added export {s}" for s in sorted(set(b) - set(a))]
    changes += [f"changed export {s}: {a[s]} -> {b[s]}" for s in sorted(set(a) & set(b))
                if a[s] != b[s]]
    return changes
