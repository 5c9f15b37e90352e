# SPDX-License-Identifier: GPL-2.0-only
"""Which catalogue probes a LINUX_VERSION_CODE check is about.

The evidence is what the checked code uses: the functions, members, types
and macros inside the #if block (both branches), against what each probe is
about: the identifiers its snippet uses, its symbol: line (a symbol probe
has no snippet), and the names its since:/why: lines give (sysfs_emit()).
An identifier that many probes share (timer_list) says less than one only
this probe has (timer_delete_sync), so each shared identifier weighs by how
rare it is in the catalogue; a probe whose since: is the check's version
gains on top. Only a shared identifier makes a suggestion: a version alone
is no evidence, and "no match" is said only when no probe shares one.
"""
import math
import re
from dataclasses import dataclass
from pathlib import Path

from wslx import probes

IDENT = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]{2,}\b")
CALLED = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]{2,})\(\)")
VERSION_CHECK = re.compile(
    r"LINUX_VERSION_CODE\s*(<=|>=|<|>|==|!=)\s*KERNEL_VERSION\s*\(\s*(\d+)\s*,\s*(\d+)")
# C's own words and the kernel's everyday ones: they tell no API apart.
COMMON = {
    "struct", "return", "static", "const", "void", "int", "unsigned", "long", "char", "short",
    "signed", "if", "else", "for", "while", "NULL", "sizeof", "bool", "true", "false", "u8",
    "u16", "u32", "u64", "s32", "s64", "size_t", "ssize_t", "loff_t", "GFP_KERNEL",
    "THIS_MODULE", "define", "endif", "ifdef", "ifndef", "elif", "include", "inline",
    "LINUX_VERSION_CODE", "KERNEL_VERSION", "extern", "typedef", "enum", "union", "goto",
    "break", "continue", "switch", "case", "default", "__user", "__init", "__exit", "dev",
    "data", "name", "ret", "err", "file", "inode", "ops", "buf", "len", "count", "flags",
    "device", "module", "linux", "pdev", "priv", "res", "val", "value", "size", "type",
}


@dataclass
class Suggestion:
    macro: str
    score: float
    shared: list[str]       # the identifiers both use, the rarest first
    same_version: bool
    since: str = ""         # the probe's since: line (version and what changed)
    name: str = ""          # the probe file's stem


@dataclass
class VersionCheck:
    where: str              # file:line
    text: str               # the check as written
    line: str               # "6.4"
    suggestions: list[Suggestion]


def code_words(text: str) -> set[str]:
    """The identifiers of C text, its comments left out (their prose is no evidence)."""
    text = re.sub(r"/\*.*?\*/|//[^\n]*", " ", text, flags=re.S)
    return {w for w in IDENT.findall(text) if w not in COMMON}


def probe_identifiers(p: probes.Probe) -> set[str]:
    """What probe p is about: its snippet's identifiers, its symbol, named calls."""
    text = p.path.read_text(errors="replace")
    header, _, body = text.partition("*/")
    words = {w for w in code_words(body) if not w.startswith("wslx_probe")}
    words |= set(CALLED.findall(header))
    symbol = re.search(r"^ \* symbol: (\S+)", header, re.M)
    if symbol:
        words.add(symbol.group(1))
    return {w for w in words if w not in COMMON}


def _block(lines: list[str], start: int) -> list[str]:
    """The lines of the #if at start up to its #endif (nested ones included)."""
    depth = 0
    for i in range(start, len(lines)):
        directive = re.match(r"\s*#\s*(if|ifdef|ifndef|endif)\b", lines[i])
        if directive:
            depth += -1 if directive.group(1) == "endif" else 1
            if depth == 0:
                return lines[start:i + 1]
    return lines[start:start + 25]


def _since_line(p: probes.Probe) -> str:
    m = re.match(r"(?:removed in )?(\d+\.\d+)", p.since)
    return m.group(1) if m else ""


class Catalogue:
    def __init__(self, where: Path | None = None) -> None:
        self.probes = [(p, probe_identifiers(p)) for p in probes.catalogue(where)
                       if p.kind in ("compile", "symbol")]
        users: dict[str, int] = {}
        for _, words in self.probes:
            for w in words:
                users[w] = users.get(w, 0) + 1
        n = len(self.probes) or 1
        self.weight = {w: math.log(1 + n / c) for w, c in users.items()}

    def rank(self, used: set[str], line: str, limit: int = 3) -> list[Suggestion]:
        found = []
        for p, words in self.probes:
            shared = sorted(words & used, key=lambda w: (-self.weight[w], w))
            if not shared:
                continue
            same = _since_line(p) == line
            score = sum(self.weight[w] for w in shared) + (1.0 if same else 0.0)
            s = Suggestion(p.macro, round(score, 2), shared, same, p.since, p.name)
            found.append((score, -len(words), s))
        # The most evidence first; between equals, the probe about fewer things (the
        # more specific question); the catalogue's order last, so the list is stable.
        found.sort(key=lambda f: (-f[0], f[1]))
        return [s for _, _, s in found[:limit]]


def version_checks(root: Path, files: list[Path], where: Path | None = None) -> list[VersionCheck]:
    """Each LINUX_VERSION_CODE check in files with the probes its code is about."""
    cat = Catalogue(where)
    found = []
    for f in files:
        lines = f.read_text(errors="replace").splitlines()
        for i, text in enumerate(lines):
            m = VERSION_CHECK.search(text)
            if not m:
                continue
            line = f"{m.group(2)}.{m.group(3)}"
            used = code_words("\n".join(_block(lines, i)))
            found.append(VersionCheck(f"{f.relative_to(root)}:{i + 1}", text.strip(), line,
                                      cat.rank(used, line)))
    return found


def describe(s: Suggestion) -> str:
    """HAVE_X (sysfs_emit; since 5.10 like the check)."""
    why = ", ".join(s.shared[:3])
    return f"{s.macro} ({why}{'; since ' + 'the same version' if s.same_version else ''})"
