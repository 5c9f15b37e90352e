# SPDX-License-Identifier: GPL-2.0-only
"""Kernel configuration for source lanes.

A .config is made from a base (the tiny configuration, a defconfig target
or a config file) plus fragments; every fragment line must survive
Kconfig's dependency resolution (Kconfig silently drops an option whose
dependencies are off, so the lane says which); the vermagic a
configuration gives is worked out before anything is built; and what
olddefconfig changed in a config file written for another kernel version
(WSL's config on a stand-in tree) is listed.
"""
import re
from pathlib import Path
from typing import Callable, Optional

from wslx import paths, proc, ui
from wslx.arch import Arch
from wslx.errors import WslxError

# The options that decide a module's vermagic and how the kernel treats
# modules; a small lane copies them from its full configuration.
ABI_OPTIONS = ["64BIT", "LOCALVERSION", "LOCALVERSION_AUTO", "SMP", "PREEMPT_NONE",
               "PREEMPT_VOLUNTARY", "PREEMPT", "PREEMPT_RT", "PREEMPT_DYNAMIC", "MODULES",
               "MODULE_UNLOAD", "MODULE_FORCE_UNLOAD", "MODVERSIONS", "MODULE_FORCE_LOAD",
               "MODULE_SIG", "MODULE_SIG_FORCE", "RANDSTRUCT_NONE"]
_SET = re.compile(r"^CONFIG_([A-Za-z0-9_]+)=(.*)$")
_UNSET = re.compile(r"^# CONFIG_([A-Za-z0-9_]+) is not set")


def _option(line: str) -> str:
    """The option a .config line sets or unsets, or ""."""
    m = _SET.match(line) or _UNSET.match(line)
    return m.group(1) if m else ""


def make(src: Path, out: Path, arch: Arch, *args: str) -> None:
    """A quiet kbuild call with its output in out/kconfig.log."""
    out.mkdir(parents=True, exist_ok=True)
    log = out / "kconfig.log"
    done = proc.run(["make", "-s", "-C", src, f"O={out}", *arch.kbuild_args(), *args],
                    log=log)
    if done.returncode != 0:
        ui.quote(log.read_text(errors="replace").splitlines()[-5:])
        raise WslxError(f"make {' '.join(args)} in {out} failed (log: {log})")


def parse(text: str) -> dict[str, str]:
    """Option -> value of a .config or fragment ("n" for "is not set")."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        m = _SET.match(line)
        if m:
            values[m.group(1)] = m.group(2)
        elif _UNSET.match(line):
            values[_option(line)] = "n"
    return values


def value(config: Path, option: str) -> str:
    return parse(config.read_text(errors="replace")).get(option, "n")


# A "lane:NAME" part names another lane's prepared configuration; preparing a lane
# is above this module, so the caller passes how (prepare.lane_config).
LaneConfig = Optional[Callable[[str], Path]]


def base_file(spec: str, src: Path, lane_config: LaneConfig = None) -> Path:
    """The config file a "file:" base names: the first of tree:/repo:/lane: paths that exists."""
    for part in spec.removeprefix("file:").split(","):
        kind, _, rel = part.partition(":")
        if kind == "tree" and (src / rel).is_file():
            return src / rel
        if kind == "repo" and (paths.ROOT / rel).is_file():
            return paths.ROOT / rel
        if kind == "path" and Path(rel).is_file():
            # A file wslx fetched itself (a stand-in's Debian image configuration).
            return Path(rel)
        if kind == "lane":
            if lane_config is None:
                raise WslxError(f"config spec {spec}: lane:{rel} cannot be prepared here")
            try:
                return lane_config(rel)
            except WslxError as err:
                raise WslxError(f"config spec {spec}: preparing lane {rel} failed ({err})") \
                    from None
        if kind not in ("tree", "repo", "lane", "path"):
            raise WslxError(f"config spec {spec}: each path starts with tree:, repo: or lane:")
    raise WslxError(f"config spec {spec}: none of its files exists")


def configure(src: Path, out: Path, arch: Arch, spec: str, fragments: list[Path],
              lane_config: LaneConfig = None) -> None:
    """out/.config from the base spec and the fragments (later ones win).

    A tiny base is allnoconfig with the kernel's tiny fragments and ours
    given to Kconfig together, so options our fragments reveal start off,
    as in tinyconfig. Other bases get the fragments merged, then olddefconfig.
    """
    out.mkdir(parents=True, exist_ok=True)
    (out / "kconfig.log").write_text("")
    if spec == "tiny":
        parts = [src / "kernel/configs/tiny-base.config", src / "kernel/configs/tiny.config",
                 src / f"arch/{arch.kbuild}/configs/tiny.config", *fragments]
        (out / "allconfig").write_text("".join(p.read_text() for p in parts if p.is_file()))
        make(src, out, arch, f"KCONFIG_ALLCONFIG={out / 'allconfig'}", "allnoconfig")
        return
    if spec.startswith("defconfig:"):
        make(src, out, arch, spec.removeprefix("defconfig:"))
    elif spec.startswith("file:"):
        (out / ".config").write_bytes(base_file(spec, src, lane_config).read_bytes())
    else:
        raise WslxError(f"config={spec}: not tiny, defconfig:<target> or file:<paths>")
    merge(src, out, arch, fragments)


def merge(src: Path, out: Path, arch: Arch, fragments: list[Path]) -> None:
    """Fragment lines replace the same option's line in out/.config; then olddefconfig."""
    config = out / ".config"
    for frag in fragments:
        lines = [ln for ln in frag.read_text().splitlines() if _option(ln)]
        names = {_option(ln) for ln in lines}
        kept = [ln for ln in config.read_text().splitlines() if _option(ln) not in names]
        config.write_text("\n".join(kept + lines) + "\n")
    make(src, out, arch, "olddefconfig")


def check_fragments(config: Path, fragments: list[Path]) -> None:
    """Every option a fragment sets has that value in config; CONFIG_MODULES first."""
    got = parse(config.read_text(errors="replace"))
    if got.get("MODULES", "n") != "y":
        culprit: Path = config
        for frag in fragments:
            if parse(frag.read_text()).get("MODULES") == "n":
                culprit = frag
        raise WslxError(f"{culprit}: CONFIG_MODULES is not set: this kernel cannot build or "
                        "load external modules")
    # A later fragment overrides an earlier one: check the last word on each.
    wants: dict[str, tuple[str, Path]] = {}
    for frag in fragments:
        for option, want in parse(frag.read_text()).items():
            wants[option] = (want, frag)
    for option, (want, frag) in sorted(wants.items()):
        have = got.get(option, "n")
        if have != want:
            raise WslxError(f"{frag}: CONFIG_{option}={want} did not survive Kconfig on this "
                            f"kernel (got {have}: a dependency is off or the option does not "
                            "exist)")


def vermagic(src: Path, out: Path, arch: Arch) -> str:
    """The vermagic modules of the configured kernel in out carry (include/linux/vermagic.h)."""
    # kernelrelease reads include/config/auto.conf, which the first Kconfig run
    # wrote: a fragment merged since (CONFIG_LOCALVERSION) is not in it until synced.
    make(src, out, arch, "syncconfig")
    release = proc.capture(["make", "-s", "-C", src, f"O={out}", *arch.kbuild_args(),
                            "kernelrelease"], what=f"make kernelrelease in {out}")
    c = parse((out / ".config").read_text())
    return " ".join([release.strip().splitlines()[-1], vermagic_options(c)]) + " "


def vermagic_options(c: dict[str, str]) -> str:
    """The words a configuration adds to vermagic after the release (vermagic.h)."""
    words = []
    if c.get("SMP") == "y":
        words.append("SMP")
    if c.get("PREEMPT_RT") == "y":
        words.append("preempt_rt")
    elif c.get("PREEMPT_BUILD") == "y" or c.get("PREEMPT") == "y":
        words.append("preempt")
    words += [w for opt, w in (("MODULE_UNLOAD", "mod_unload"), ("MODVERSIONS", "modversions"),
                               ("RANDSTRUCT", "RANDSTRUCT")) if c.get(opt) == "y"]
    return " ".join(words)


def without(fragment: str, options: set[str]) -> str:
    """fragment's lines less those that set one of options (names without CONFIG_)."""
    keep = []
    for line in fragment.splitlines():
        m = re.match(r"^(?:# )?CONFIG_([A-Za-z0-9_]+)(?:=| is not set)", line)
        if not (m and m.group(1) in options):
            keep.append(line)
    return "\n".join(keep) + "\n"


def abi_fragment(config: Path) -> str:
    """The ABI options' lines of a .config, as a fragment."""
    c = parse(config.read_text())
    return "".join(f"# CONFIG_{o} is not set\n" if c.get(o, "n") == "n" else f"CONFIG_{o}={c[o]}\n"
                   for o in ABI_OPTIONS)


def diff(old: Path, new: Path) -> list[str]:
    """What olddefconfig did: "dropped X=v", "added X=v", "changed X a -> b", sorted."""
    a, b = parse(old.read_text(errors="replace")), parse(new.read_text(errors="replace"))
    out = [f"dropped {n}={v}" for n, v in a.items() if n not in b and v != "n"]
    out += [f"changed {n} {v} -> {b[n]}" for n, v in a.items() if n in b and b[n] != v]
    out += [f"added {n}={v}" for n, v in b.items() if n not in a and v != "n"]
    return sorted(out)
