# SPDX-License-Identifier: GPL-2.0-only
"""When a kernel breaks the module's build: which kernel API, and what the
catalogue knows about it.

A failed build's log becomes findings, each tied to the user's file and
line and to the kernel identifier involved: a function gone (implicit
declaration), a changed prototype or callback type (too few or many
arguments, incompatible pointer types), a struct member gone or made
read-only, an unknown type, a header's #error or a missing header, an
export the kernel lacks (modpost's "undefined!"), and warnings that fail
the build under the warning policy. Each is matched to the catalogue's
probes by the identifiers involved (the same evidence make adopt uses),
and shown beside the identifier's declaration in this kernel (its BTF for
functions and struct members, else its headers, for macros and inlines)
and, when asked, in a reference kernel the module built on, so the change
can be read: "class_create(): too many arguments; this kernel: struct
class *class_create(const char *name); debian-6.1 (last passed): #define
class_create(owner, name); catalogue: HAVE_CLASS_CREATE_ONE_ARG (6.4:
class_create() lost its owner argument)". An error that is no API change
(the module's own syntax error) is named as not diagnosed, never given a
wrong answer.
"""
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from wslx import btf as btf_mod
from wslx import paths, suggest, ui

Q = "[‘’'`\"]"     # gcc quotes names with ‘’ in a UTF-8 locale, '' in C
NAME = rf"{Q}?([A-Za-z_][A-Za-z0-9_]*){Q}?"
AT = r"^(?P<file>[^\s:]+):(?P<line>\d+):(?:\d+:)? "
# kind, pattern (naming the identifier), what the finding says about it.
PATTERNS: list[tuple[str, re.Pattern[str], str]] = [
    ("removed", re.compile(AT + rf"(?:error|warning): implicit declaration of function {NAME}"),
     "is not declared by this kernel (removed or renamed)"),
    ("removed", re.compile(AT + rf"error: {NAME} undeclared"),
     "is not declared by this kernel (removed or renamed)"),
    ("prototype", re.compile(AT + rf"error: too (few|many) arguments to function {NAME}"),
     "got too {0} arguments: its prototype changed"),
    ("prototype", re.compile(AT + rf"(?:error|warning): passing argument (\d+) of {NAME} from "
                             r"incompatible pointer type"),
     "expects another type for argument {0}"),
    ("prototype", re.compile(AT + r"(?:error|warning): initialization of .* from incompatible "
                             r"pointer type"),
     "is a callback whose type changed"),
    ("member", re.compile(AT + rf"error: {Q}?(?:struct|union) ([A-Za-z_]\w*){Q}? has no member "
                          rf"named {NAME}"),
     "is no member of struct {0} in this kernel"),
    ("member", re.compile(AT + rf"error: assignment of read-only member {NAME}"),
     "is read-only in this kernel"),
    ("type", re.compile(AT + rf"error: unknown type name {NAME}"), "is no type this kernel knows"),
    ("header", re.compile(AT + r"error: #error (.*)$"), "refuses to be included: {0}"),
    ("header", re.compile(AT + r"fatal error: (\S+): No such file or directory"),
     "is no header of this kernel"),
]
MODPOST = re.compile(r"^ERROR: modpost: \"([A-Za-z_]\w*)\" \[([^\]]+)\] undefined!")
WARNING_FAILED = re.compile(AT + r"warning: (.*) \[-W([\w=-]+)\]$")
INCLUDED = re.compile(r"^In file included from ([^\s:]+):(\d+)")


@dataclass
class Finding:
    where: str                    # the user's file:line
    kind: str                     # removed prototype member type header export warning
    ident: str                    # the kernel identifier (or header) involved
    says: str                     # what changed, in words
    declaration: str = ""         # its declaration in this kernel, if any
    probes: list[suggest.Suggestion] = field(default_factory=list)
    owner: str = ""               # the struct whose member it is (a callback), if any
    # The same in a reference kernel: (which, its declaration or "").
    beside: Optional[tuple[str, str]] = None
    renamed: list[str] = field(default_factory=list)   # its new name, perhaps
    # A prototype or member type that differs between the two kernels' BTF: the failing
    # kernel's, as C spells the type without names ("void (*)(struct device *)").
    new_type: str = ""

    def line(self) -> str:
        call = f"{self.ident}()" if self.kind in ("removed", "prototype") and \
            re.fullmatch(r"\w+", self.ident) else self.ident
        text = f"{self.where}: {call} {self.says}"
        if self.declaration:
            text += f"; this kernel: {self.declaration}"
        if self.beside:
            text += f"; {self.beside[0]}: {self.beside[1] or 'not declared'}"
        if self.renamed:
            text += (f"; perhaps renamed: {' or '.join(n + '()' for n in self.renamed)} "
                     "(new, exported, the same prototype)")
        if self.probes:
            p = self.probes[0]
            m = re.fullmatch(r"(\d+\.\d+)\s*\((.*)\)", p.since)
            since = f"since {m.group(1)}: {m.group(2)}" if m else p.since or "no version recorded"
            text += f"; catalogue: {p.macro} ({since}), probes/{p.name}.c"
        elif self.kind != "warning":
            text += "; no catalogue probe is about it"
        return text


def _user(path: str, mirror: Optional[Path]) -> str:
    """A mirror path as the user's own file, relative to the tree when inside it."""
    p = Path(path)
    if mirror is not None and str(p).startswith(str(mirror)) and p.is_symlink():
        p = p.resolve()
    try:
        return str(p.relative_to(paths.ROOT))
    except ValueError:
        return str(p)


def _in(path: str, mirror: Optional[Path]) -> str:
    """A log's path as an absolute one: newer kbuild (6.13 on) names the module's
    files relative to the module's folder (src/a.c), older ones absolutely."""
    if mirror is None or path.startswith("/") or not (mirror / path).exists():
        return path
    return str(mirror / path)


def _initialised_struct(path: str, line: int) -> str:
    """For a ".member = value," line, the struct type being initialised, or ""."""
    try:
        text = (paths.ROOT / path).read_text(errors="replace").splitlines()
    except OSError:
        return ""
    if not 0 < line <= len(text) or not re.match(r"\s*\.\w+\s*=", text[line - 1]):
        return ""
    for i in range(line - 2, max(-1, line - 40), -1):
        m = re.search(r"\bstruct (\w+) \w+(?:\[\])? = \{", text[i])
        if m:
            return m.group(1)
    return ""


def _source_words(path: str, line: int) -> set[str]:
    try:
        text = (paths.ROOT / path).read_text(errors="replace").splitlines()
    except OSError:
        return set()
    return suggest.code_words("\n".join(text[max(0, line - 2):line + 1]))


def findings(log: str, mirror: Optional[Path] = None) -> list[Finding]:
    """The API findings of a build log (in order, each once)."""
    found: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    outer = ""
    for raw in log.splitlines():
        inc = INCLUDED.match(raw)
        if inc and (mirror is None or _in(inc.group(1), mirror).startswith(str(mirror))):
            outer = f"{_user(_in(inc.group(1), mirror), mirror)}:{inc.group(2)}"
        for kind, pattern, says in PATTERNS:
            m = pattern.match(raw)
            if not m:
                continue
            groups = [g for g in m.groups()[2:] if g is not None]
            file = _in(m.group("file"), mirror)
            where = f"{_user(file, mirror)}:{m.group('line')}"
            in_user = mirror is None or file.startswith(str(mirror))
            if kind == "header" and not in_user:
                where = outer or where
            elif not in_user:
                break   # in a kernel header, where a macro of the user's line expanded
            ident = groups[-1] if groups else ""
            if kind == "prototype" and not groups:
                # A callback: the member it is assigned to names it (.remove = x_remove).
                words = re.findall(r"\.(\w+)\s*=", _line_text(file,
                                                              int(m.group("line"))))
                ident = words[0] if words else "a callback"
            if kind == "header" and pattern.pattern.endswith("(.*)$"):
                ident = Path(m.group("file")).name
            f = Finding(where, kind, ident, says.format(*groups[:-1]) if kind != "header" or
                        "{0}" not in says else says.format(groups[0]))
            if (where, ident) not in seen:
                seen.add((where, ident))
                found.append(f)
            break
        else:
            mp = MODPOST.match(raw)
            if mp and ("", mp.group(1)) not in seen:
                seen.add(("", mp.group(1)))
                found.append(Finding(mp.group(2), "export", mp.group(1),
                                     "is not exported to modules by this kernel (unexported, or "
                                     "in a module its configuration does not build)"))
    return found


def _line_text(path: str, line: int) -> str:
    try:
        return Path(path).read_text(errors="replace").splitlines()[line - 1]
    except (OSError, IndexError):
        return ""


def warnings_that_failed(log: str, mirror: Optional[Path] = None) -> list[Finding]:
    """The compiler warnings of a build the warnings policy failed."""
    out = []
    for raw in log.splitlines():
        m = WARNING_FAILED.match(raw)
        if m and (mirror is None or _in(m.group("file"), mirror).startswith(str(mirror))):
            out.append(Finding(f"{_user(_in(m.group('file'), mirror), mirror)}:{m.group('line')}",
                               "warning",
                               f"-W{m.group(4)}", f"failed the build ({m.group(3)}; module.mk "
                               "WARNINGS := allow lets warnings through)"))
    return out


def header_dirs(kdir: Path) -> list[Path]:
    """Where a kernel's headers are: the tree's include/ and arch's, and for a Debian
    header package the common tree beside it."""
    dirs = [kdir / "include", *kdir.glob("arch/*/include")]
    for common in kdir.parent.glob("linux-headers-*-common"):
        dirs += [common / "include", *common.glob("arch/*/include")]
    return [d for d in dirs if d.is_dir()]


def declaration(kdir: Path, ident: str) -> str:
    """The first line of the headers that declares ident (a function, a struct), or ""."""
    dirs = header_dirs(kdir)
    if not dirs or not re.fullmatch(r"\w+", ident):
        return ""
    word_end = "([^A-Za-z0-9_]|$)"
    # A declaration starts in the first column (its type, its attributes); a call
    # inside a macro or an inline is indented, or follows an = or a ;.
    pattern = (rf"^([A-Za-z_][^;=]*[ *])?{ident} *\(|^struct {ident} \{{|"
               rf"^#define {ident}{word_end}")
    done = subprocess.run(["grep", "-rEh", "-m", "20", "--include=*.h", pattern, *map(str, dirs)],
                          capture_output=True, text=True, errors="replace")
    lines = [ln.strip() for ln in done.stdout.splitlines()
             if ln.strip() and not ln.strip().startswith(("*", "/*", "//"))]
    # A macro's continuation backslash and a body's brace are not the declaration.
    return re.sub(r"[\s\\{;]+$", "", lines[0]) if lines else ""


def member_declaration(kdir: Path, struct: str, member: str) -> str:
    """The declaration of a struct's member in a kernel's headers ("struct
    platform_driver: void (*remove)(struct platform_device *)"), or ""."""
    dirs = header_dirs(kdir)
    if not dirs or not re.fullmatch(r"\w+", struct + member):
        return ""
    done = subprocess.run(["grep", "-rh", "-A80", "--include=*.h", f"^struct {struct} {{",
                           *map(str, dirs)], capture_output=True, text=True, errors="replace")
    for ln in done.stdout.splitlines()[1:]:
        if ln.startswith("};"):
            break
        if re.search(rf"\(\s*\*\s*{member}\s*\)|\b{member}\s*;", ln):
            return f"struct {struct}: {ln.strip().rstrip(';')}"
    return ""


DECLARED = ("removed", "prototype", "member", "type", "export")


def declared(f: Finding, kdir: Path, types: "btf_mod.Btf") -> str:
    """f's identifier as one kernel declares it: a callback as a member of its struct,
    a function by the build's BTF, else (a macro, an inline, a type) by its headers."""
    if f.kind not in DECLARED:
        return ""
    if f.owner and f.kind == "prototype":
        found = types.member(f.owner, f.ident) or member_declaration(kdir, f.owner, f.ident)
        if found:
            return found
    return types.prototype(f.ident) or declaration(kdir, f.ident)


def exports(kdir: Path) -> Optional[set[str]]:
    """The symbols a kernel exports to modules (its Module.symvers), or None."""
    try:
        text = (kdir / "Module.symvers").read_text(errors="replace")
    except OSError:
        return None
    return {parts[1] for parts in (ln.split("\t") for ln in text.splitlines()) if len(parts) > 1}


def _read_btf(vmlinux: Optional[Path], kdir: Path) -> "btf_mod.Btf":
    types = btf_mod.read(vmlinux)
    if types.missing:
        ui.info(f"{kdir}: {types.missing}: declarations from its headers only")
    return types


def beside(found: list[Finding], kdir: Path, vmlinux: Optional[Path], which: str,
           failing: Optional[tuple[Path, Optional[Path]]] = None) -> None:
    """Each finding's identifier as a reference kernel (which: "debian-6.1 (last passed)")
    declares it, so the change reads from one kernel to the other; a function gone from
    the failing kernel (its kdir and vmlinux) is looked for under a new name there."""
    if not any(f.kind in DECLARED for f in found):
        return
    types = _read_btf(vmlinux, kdir)
    now = btf_mod.read(failing[1]) if failing and any(
        f.kind in ("removed", "prototype") for f in found) else None
    for f in found:
        if f.kind in DECLARED:
            f.beside = (which, declared(f, kdir, types))
        if now is not None and failing and f.kind == "removed":
            f.renamed = now.renamed(f.ident, types, exports(failing[0]))
        if now is not None and f.kind == "prototype":
            if f.owner:
                after, before = now.member_type(f.owner, f.ident), \
                    types.member_type(f.owner, f.ident)
            else:
                after, before = now.pointer_type(f.ident), types.pointer_type(f.ident)
            f.new_type = after if after and after != before else ""


def diagnose(log: str, kdir: Path, mirror: Optional[Path] = None,
             vmlinux: Optional[Path] = None) -> list[Finding]:
    """Findings with this kernel's declarations and the catalogue's probes."""
    out = findings(log, mirror)
    cat = suggest.Catalogue()
    types = _read_btf(vmlinux, kdir) if any(f.kind in DECLARED for f in out) else None
    for f in out:
        path, _, line = f.where.rpartition(":")
        words = {f.ident} | (_source_words(path, int(line)) if line.isdigit() else set())
        owner = _initialised_struct(path, int(line)) if line.isdigit() else ""
        f.owner = owner
        if types is not None:
            f.declaration = declared(f, kdir, types)
        # The identifier itself must be what the probe is about: a shared everyday
        # word on the same line is no evidence. A callback (.remove) is about the
        # struct it is a member of (platform_driver, not spi_driver).
        f.probes = [s for s in cat.rank(words | ({owner} if owner else set()), "")
                    if (f.ident in s.shared or f.kind == "header")
                    and (not owner or owner in s.shared)][:1]
    errors = [ln for ln in log.splitlines() if re.search(r"(?:^|\s)(?:fatal )?error: ", ln)
              and "warnings being treated as errors" not in ln]
    if not out and not errors:
        # No error at all: the warnings policy failed the build.
        out = warnings_that_failed(log, mirror)
    return out


def summary(found: list[Finding], first_error: str) -> list[str]:
    """The lines a terminal shows: one per finding, or why there are none."""
    if not found:
        return [f"not diagnosed: no kernel API change wslx can read in the log (the first "
                f"error is: {first_error or 'none'})"]
    if all(f.kind == "warning" for f in found):
        return [f.line() for f in found]
    known = sum(1 for f in found if f.probes)
    return [f.line() for f in found] + [
        f"{len(found)} finding{'s' if len(found) > 1 else ''}, {known} known to the catalogue "
        "(use its probe's macro through compat/compat.h; see the README's probes section)"]
