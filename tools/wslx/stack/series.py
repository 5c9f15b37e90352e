# SPDX-License-Identifier: GPL-2.0-only
"""The series as data: patches/<kind>/<name>/<topic>/NNNN-*.patch.

The scope is <kind>/<name> (arch/x86_64, subsystem/fs, driver/hv): what the
patch is about, for the people who review it and for the escalation table.
patches/series orders the topics; a patch outside a scope folder is refused.
A patch may have a probe beside it (NNNN-*.probe) that proves, in the booted
guest, that it is live in that kernel.
"""
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from wslx.errors import WslxError

SCOPE_KINDS = ("arch", "subsystem", "driver")
# Folders of patches/ that hold no patches.
DATA = ("bases", "manifests", "rerere", "resolutions")
PATCH_NAME = re.compile(r"^(\d{4})-[A-Za-z0-9._+-]+\.patch$")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
PROBE_KINDS = {"file": 2, "dmesg": 1, "kallsyms": 1}


@dataclass(frozen=True)
class Probe:
    kind: str            # file PATH REGEX | dmesg REGEX | kallsyms SYMBOL
    args: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.kind} {' '.join(self.args)}"


@dataclass(frozen=True)
class Patch:
    path: Path
    topic: str           # <kind>/<name>/<topic>
    number: int
    subject: str
    probe: Optional[Probe]

    @property
    def scope(self) -> str:
        return self.topic.rsplit("/", 1)[0]

    @property
    def name(self) -> str:
        return f"{self.topic}/{self.path.name}"


@dataclass
class Series:
    root: Path
    topics: list[str]                  # in the order of patches/series
    patches: dict[str, list[Patch]]    # topic -> its patches, by number

    def ordered(self, topics: Optional[list[str]] = None) -> list[Patch]:
        return [p for t in (self.topics if topics is None else topics) for p in self.patches[t]]


def subject_of(path: Path) -> str:
    """The patch's Subject: header without its [PATCH ...] tag."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if "\n--- " not in text and not text.startswith("--- "):
        raise WslxError(f"{path}: not a patch (no diff in it)")
    match = re.search(r"^Subject:\s*(.*(?:\n[ \t].*)*)", text, re.M)
    if not match:
        raise WslxError(f"{path}: no Subject: line (write it with git format-patch)")
    subject = re.sub(r"\s+", " ", match.group(1)).strip()
    return re.sub(r"^\[[^]]*\]\s*", "", subject)


def read_probe(path: Path) -> Probe:
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8", errors="replace").splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    if len(lines) != 1:
        raise WslxError(f"{path}: a probe is one line: file PATH REGEX, dmesg REGEX or "
                        "kallsyms SYMBOL")
    kind, _, rest = lines[0].partition(" ")
    if kind not in PROBE_KINDS:
        raise WslxError(f"{path}: probe kind '{kind}' is not file, dmesg or kallsyms")
    args = tuple(rest.strip().split(" ", 1)) if PROBE_KINDS[kind] == 2 else (rest.strip(),)
    if len(args) != PROBE_KINDS[kind] or not all(args):
        raise WslxError(f"{path}: '{kind}' needs {PROBE_KINDS[kind]} argument(s)")
    try:
        re.compile(args[-1])
    except re.error as err:
        raise WslxError(f"{path}: bad regular expression {args[-1]!r}: {err}") from None
    return Probe(kind, args)


def _order(root: Path) -> list[str]:
    path = root / "series"
    if not path.is_file():
        raise WslxError(f"{path}: no such file (it lists the topics in order, one per line)")
    topics: list[str] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split("/")
        if len(parts) != 3 or parts[0] not in SCOPE_KINDS or not all(NAME.match(p) for p in parts):
            raise WslxError(f"{path}:{number}: '{line}' is not <arch|subsystem|driver>/<name>/"
                            "<topic>")
        if line in topics:
            raise WslxError(f"{path}:{number}: topic {line} is listed twice")
        topics.append(line)
    return topics


def load(root: Path) -> Series:
    """The series in root, every patch scope-tagged and every topic in patches/series."""
    if not root.is_dir():
        raise WslxError(f"{root}: no such patches folder")
    found: dict[str, list[Patch]] = {}
    for path in sorted(root.rglob("*.patch")):
        rel = path.relative_to(root)
        if rel.parts[0] in DATA:
            continue
        parts = rel.parts
        named = all(NAME.match(p) for p in parts[1:3])
        if len(parts) != 4 or parts[0] not in SCOPE_KINDS or not named:
            raise WslxError(f"{path}: no scope tag: a patch lives in patches/<arch|subsystem|"
                            "driver>/<name>/<topic>/NNNN-*.patch")
        match = PATCH_NAME.match(parts[3])
        if not match:
            raise WslxError(f"{path}: a patch's name is NNNN-<words>.patch")
        topic = "/".join(parts[:3])
        probe_path = path.with_suffix(".probe")
        probe = read_probe(probe_path) if probe_path.exists() else None
        text = path.read_text(errors="replace")
        if not (re.search(r"^\+\+\+ ", text, re.M) and re.search(r"^@@ -\d", text, re.M)):
            # Found here, not minutes into a replay.
            raise WslxError(f"{path}: not a patch: no '+++' file line and '@@' hunk in it")
        found.setdefault(topic, []).append(
            Patch(path, topic, int(match.group(1)), subject_of(path), probe))
    for probe_path in root.rglob("*.probe"):
        if not probe_path.with_suffix(".patch").exists():
            raise WslxError(f"{probe_path}: no patch of that name beside it")
    order = _order(root)
    for topic in order:
        if topic not in found:
            raise WslxError(f"{root / 'series'}: topic {topic} has no patches "
                            f"(no {root / topic}/NNNN-*.patch)")
    for topic in found:
        if topic not in order:
            raise WslxError(f"{root / topic}: topic not listed in {root / 'series'}")
    for topic, patches in found.items():
        numbers = [p.number for p in patches]
        if len(set(numbers)) != len(numbers):
            raise WslxError(f"{root / topic}: two patches share a number")
    return Series(root, order, {t: sorted(found[t], key=lambda p: p.number) for t in order})


@dataclass
class Manifest:
    path: Path
    topics: list[str]               # applied, in series order
    excluded: dict[str, str]        # topic -> the reason written beside it


def manifest(series: Series, base: str) -> Manifest:
    """patches/manifests/<base>.manifest: each topic of the series, applied ("topic")
    or excluded ("!topic reason")."""
    path = series.root / "manifests" / f"{base}.manifest"
    if not path.is_file():
        raise WslxError(f"{path}: no such manifest (base {base}: one line per topic, "
                        "'!topic reason' to exclude one)")
    applied: set[str] = set()
    excluded: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        skip = line.startswith("!")
        topic, _, reason = line.lstrip("!").strip().partition(" ")
        if topic not in series.patches:
            raise WslxError(f"{path}:{number}: topic {topic} does not exist in the series")
        if topic in applied or topic in excluded:
            raise WslxError(f"{path}:{number}: topic {topic} is named twice")
        if skip:
            if not reason.strip():
                raise WslxError(f"{path}:{number}: excluded topic {topic} needs its reason "
                                "beside it")
            excluded[topic] = reason.strip()
        else:
            if reason.strip():
                raise WslxError(f"{path}:{number}: '{line}': a reason goes only with '!topic'")
            applied.add(topic)
    for topic in series.topics:
        if topic not in applied and topic not in excluded:
            raise WslxError(f"{path}: does not say whether topic {topic} applies "
                            f"(add '{topic}' or '!{topic} <reason>')")
    return Manifest(path, [t for t in series.topics if t in applied], excluded)
