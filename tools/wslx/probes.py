# SPDX-License-Identifier: GPL-2.0-only
"""The probe catalogue as data: each probes/*.c's header comment, and its answers
held against what the header expects.

The runner (packaging/dkms/shipped/run_probes.sh) answers the questions; this
reads what a probe says about itself, so that a probe whose answer on a kernel
line contradicts its own "expect:" line (a missing include, a typo, a changed
API) is named instead of silently picking a compat fallback.

Header lines, one per key, in the first comment:
    probe:  HAVE_SOMETHING        the macro it defines
    kind:   compile | symbol | canary-yes | canary-no
    symbol: NAME                  symbol probes only
    group:  subsystem             char/misc, block, net, fs, ...
    since:  upstream version and what changed
    expect: 5.10=no 6.1=yes ...   answers checked on those kernel lines; a flavour
                                  whose configuration answers otherwise gets its
                                  own item (6.1-rt=no matches 6.1.0-57-rt-amd64)
    why:    what a module does with the answer
"""
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from wslx import paths
from wslx.errors import WslxError

HEADER_LINE = re.compile(r"^ \* ([a-z]+): (.*)$")
KINDS = ("compile", "symbol", "canary-yes", "canary-no")
LINE = re.compile(r"^(\d+)\.(\d+)")


@dataclass
class Probe:
    name: str
    path: Path
    macro: str
    kind: str
    group: str
    since: str
    expect: dict[str, str] = field(default_factory=dict)   # "6.12" -> "yes"


def folder() -> Path:
    """probes/, or WSLX_PROBES_DIR as the runner reads it (tests use other folders)."""
    return Path(os.environ.get("WSLX_PROBES_DIR") or paths.ROOT / "probes")


def parse(path: Path) -> Probe:
    keys: dict[str, str] = {}
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith(" */"):
            break
        m = HEADER_LINE.match(line)
        if m and m.group(1) not in keys:
            keys[m.group(1)] = m.group(2).strip()
    if keys.get("kind") not in KINDS:
        raise WslxError(f"{path}: ' * kind:' must be one of {', '.join(KINDS)}")
    expect: dict[str, str] = {}
    for item in keys.get("expect", "").split():
        line, _, answer = item.partition("=")
        if not re.fullmatch(r"\d+\.\d+(-[a-z0-9]+)?", line) or answer not in ("yes", "no"):
            raise WslxError(f"{path}: ' * expect:' wants items like 6.12=yes (got '{item}')")
        expect[line] = answer
    return Probe(path.stem, path, keys.get("probe", ""), keys["kind"], keys.get("group", ""),
                 keys.get("since", ""), expect)


def catalogue(where: Path | None = None) -> list[Probe]:
    return [parse(p) for p in sorted((where or folder()).glob("*.c"))]


def kernel_line(release: str) -> str:
    """"6.12.117+deb12-amd64" -> "6.12"."""
    m = LINE.match(release)
    if not m:
        raise WslxError(f"kernel release '{release}' is not of the form MAJOR.MINOR...")
    return f"{m.group(1)}.{m.group(2)}"


def line_key(line: str) -> tuple[int, ...]:
    """A kernel line ("6.12") as a sort key: 5.10 before 6.1 before 6.12."""
    return tuple(int(x) for x in line.split(".") if x.isdigit())


def answers(tsv: Path) -> dict[str, str]:
    """probe name -> yes/no from the runner's probes.tsv."""
    rows = [line.split("\t") for line in tsv.read_text().splitlines()[1:]]
    return {r[0]: r[3] for r in rows if len(r) > 3}


def expected(p: Probe, release: str) -> tuple[str, str]:
    """(key, answer) of p's expect: item for release: its flavour's, else its line's."""
    line = kernel_line(release)
    words = release.split("-")[1:]
    for key, answer in p.expect.items():
        flavour = key.partition("-")[2]
        if key.startswith(line + "-") and flavour in words:
            return key, answer
    return line, p.expect.get(line, "")


def contradictions(catalog: list[Probe], got: dict[str, str],
                   release: str) -> list[tuple[Probe, str]]:
    """Each probe whose answer on release's kernel line is not what it expects, with
    one line saying so."""
    out = []
    for p in catalog:
        line, want = expected(p, release)
        if want and p.name in got and got[p.name] != want:
            out.append((p, f"probes/{p.name}.c answered '{got[p.name]}' on {release}; "
                        f"its header expects '{want}' on {line} (a missing include or a "
                        "changed API: see the probe log)"))
    return out


def first_error(log: Path, probe: Probe) -> str:
    """The first compiler error the probe log holds for probe ("" if none)."""
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return ""
    # By the file's name: cached answers keep the log of the run that made them,
    # which may have compiled the same probe from another folder.
    at = re.compile(rf"^(?:.*/)?({re.escape(probe.path.name)}:\d+:\d+: (?:fatal )?error: .*)$")
    for line in text.splitlines():
        m = at.match(line)
        if m:
            return m.group(1)
    return ""


def unchecked(catalog: list[Probe]) -> list[str]:
    """Names of compile and symbol probes that state no expect: line."""
    return [p.name for p in catalog if p.kind in ("compile", "symbol") and not p.expect]
