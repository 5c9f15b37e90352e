# SPDX-License-Identifier: GPL-2.0-only
"""From a failed build's findings to a patch of the module's sources.

The catalogue carries each known migration as data: compat/fixes/NAME.cocci,
a Coccinelle semantic patch from the old use of an API to the spelling that
builds on every supported kernel (a compat/compat.h shim keyed on the
probe's answer, or the newer API when every supported kernel has it). Its
header says which probe it belongs to and which identifiers it fixes:

    // probe: HAVE_CLASS_CREATE_ONE_ARG
    // fixes: class_create
    // shim: wslx_class_create() in compat/compat.h
    // what: class_create(THIS_MODULE, name) ... become wslx_class_create(name)

A finding whose identifier a migration fixes gets it; spatch rewrites a
copy of the module's C files, and the difference is the proposal (a
unified diff against the user's tree, never applied here). A file that now
uses a shim and does not include compat.h gets the include. A finding that
no migration fixes, or whose line the migration left as it was, is said to
be left, with why.
"""
import difflib
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from wslx import paths
from wslx.diagnose import Finding
from wslx.errors import WslxError

FIXES = paths.ROOT / "compat" / "fixes"
HEADER = re.compile(r"^//\s*(probe|fixes|shim|what):\s*(.*)$", re.M)
INCLUDE = re.compile(r'^#include [<"].*[>"][ \t]*$', re.M)
SHIM_USE = re.compile(r"\b(wslx_\w+|WSLX_[A-Z_]+)\b")


@dataclass
class Migration:
    path: Path
    probe: str
    fixes: list[str]
    shim: str
    what: str

    @property
    def name(self) -> str:
        return self.path.stem


def migrations(folder: Path = FIXES) -> list[Migration]:
    """The catalogue's migrations; WslxError naming a file whose header is incomplete."""
    out = []
    for path in sorted(folder.glob("*.cocci")):
        fields: dict[str, list[str]] = {}
        for key, value in HEADER.findall(path.read_text()):
            fields.setdefault(key, []).append(value.strip())
        missing = [k for k in ("probe", "fixes", "shim", "what") if k not in fields]
        if missing:
            raise WslxError(f"{path}: no '// {missing[0]}:' line in its header")
        out.append(Migration(path, fields["probe"][0], " ".join(fields["fixes"]).split(),
                             fields["shim"][0], " ".join(fields["what"])))
    return out


def for_finding(f: Finding, known: list[Migration]) -> list[Migration]:
    """The migrations that fix f's identifier; when none names it, the one of its probe."""
    named = [m for m in known if f.ident in m.fixes]
    if named:
        return named
    probe = f.probes[0].macro if f.probes else ""
    return [m for m in known if probe and m.probe == probe]


@dataclass
class Proposal:
    diff: str                                    # unified, paths a/<file> b/<file>
    files: dict[str, str] = field(default_factory=dict)   # tree-relative path: new text
    used: list[Migration] = field(default_factory=list)
    fixed: list[tuple[Finding, Migration]] = field(default_factory=list)
    left: list[tuple[Finding, str]] = field(default_factory=list)   # finding, why


def _spatch(cocci: Path, folder: Path) -> None:
    if not shutil.which("spatch"):
        raise WslxError("spatch not found: install Coccinelle (ci/install_deps.sh fix, "
                        "or apt-get install coccinelle)")
    done = subprocess.run(["spatch", "--very-quiet", "--in-place", "--include-headers",
                           "--no-show-diff", "--sp-file", str(cocci), "--dir", str(folder)],
                          capture_output=True, text=True, errors="replace")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise WslxError(f"{cocci}: spatch failed (exit {done.returncode}): {last}")


def _with_include(text: str) -> str:
    """text with #include "compat.h" after its last include, when it uses a shim."""
    if not SHIM_USE.search(text) or re.search(r'^#include "compat\.h"', text, re.M):
        return text
    last = None
    for last in INCLUDE.finditer(text):
        pass
    at = last.end() if last else 0
    return text[:at] + '\n\n#include "compat.h"' + text[at:] if last else \
        '#include "compat.h"\n' + text


def propose(found: list[Finding], sources: list[str], root: Path = paths.ROOT) -> Proposal:
    """The patch the catalogue's migrations make of sources (tree-relative C files)
    for found; nothing in root is changed."""
    known = migrations()
    chosen: list[Migration] = []
    per: dict[int, list[Migration]] = {}     # finding index: its migrations
    why_left: dict[int, str] = {}
    for i, f in enumerate(found):
        if f.kind == "warning":
            why_left[i] = f"a warning, not an API change: fix it, or {f.says.split('; ')[-1]}"
            continue
        ms = per[i] = for_finding(f, known)
        if not ms:
            why_left[i] = "no migration in compat/fixes/ for it" + \
                (f" (probe {f.probes[0].macro} has none)" if f.probes else "")
        chosen += [m for m in ms if m not in chosen]
    prop = Proposal("", used=chosen)
    with tempfile.TemporaryDirectory(prefix="wslx-fix.") as tmp:
        work = Path(tmp)
        for rel in sources:
            src = root / rel
            if not src.is_file():
                raise WslxError(f"{rel}: no such source file of the module")
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, work / rel)
        changed_by: dict[str, set[str]] = {}    # migration name: files it changed
        for m in chosen:
            before = {rel: (work / rel).read_bytes() for rel in sources}
            _spatch(m.path, work)
            changed_by[m.name] = {rel for rel in sources
                                  if (work / rel).read_bytes() != before[rel]}
        for rel in sources:
            old = (root / rel).read_text(errors="replace")
            new = (work / rel).read_text(errors="replace")
            if new != old:
                new = _with_include(new)
                prop.files[rel] = new
                prop.diff += "".join(difflib.unified_diff(
                    old.splitlines(keepends=True), new.splitlines(keepends=True),
                    f"a/{rel}", f"b/{rel}"))
    for i, f in enumerate(found):
        if i in why_left:
            prop.left.append((f, why_left[i]))
            continue
        path = f.where.rpartition(":")[0]
        ms = per[i]
        # The migration changed the finding's file: the rebuild (APPLY=1) says
        # whether that was enough; a migration that changed nothing there did not fix it.
        hit = [m for m in ms if path in changed_by.get(m.name, set())]
        if hit:
            prop.fixed.append((f, hit[0]))
        else:
            names = ", ".join(m.path.name for m in ms)
            prop.left.append((f, f"{names} does not match this use; the migration says: "
                                 f"{ms[0].what}"))
    return prop


def add_probe(prop: Proposal, f: Finding, probe_name: str, probe_text: str, new_source: str,
              what: str, root: Path = paths.ROOT) -> None:
    """Put a new probe (when the catalogue lacks it) and f's file, rewritten on its
    macro, into prop; f moves from left to fixed."""
    rel_probe = _new_probe_file(prop, probe_name, probe_text, root)
    rel = f.where.rpartition(":")[0]
    old = prop.files.get(rel) or (root / rel).read_text(errors="replace")
    if new_source != old:
        prop.files[rel] = new_source
        prop.diff = _without_file(prop.diff, rel) + "".join(difflib.unified_diff(
            (root / rel).read_text(errors="replace").splitlines(keepends=True),
            new_source.splitlines(keepends=True), f"a/{rel}", f"b/{rel}"))
    macro = re.search(r"^ \* probe: (\w+)", probe_text, re.M)
    mig = Migration(root / rel_probe, macro.group(1) if macro else probe_name, [f.ident],
                    "none (chosen on the probe's macro)", what)
    prop.left = [(g, why) for g, why in prop.left if g is not f]
    prop.fixed.append((f, mig))


def add_probe_only(prop: Proposal, f: Finding, probe_name: str, probe_text: str,
                   root: Path = paths.ROOT) -> None:
    """Put a new probe that names f's change into prop; the use itself is the user's to
    change (a changed prototype has no mechanical rewrite), so f stays left, saying so."""
    rel_probe = _new_probe_file(prop, probe_name, probe_text, root)
    macro = re.search(r"^ \* probe: (\w+)", probe_text, re.M)
    expect = re.search(r"^ \* expect: (.*)$", probe_text, re.M)
    prop.left = [(g, why if g is not f else
                  f"a new probe names the change: {macro.group(1) if macro else probe_name} "
                  f"({rel_probe}: {expect.group(1) if expect else ''}); key your call on it")
                 for g, why in prop.left]


def _new_probe_file(prop: Proposal, probe_name: str, probe_text: str, root: Path) -> str:
    """probes/<name>.c into prop, unless the catalogue has it; its tree-relative path."""
    rel_probe = f"probes/{probe_name}.c"
    if not (root / rel_probe).exists() and rel_probe not in prop.files:
        prop.files[rel_probe] = probe_text
        prop.diff += "".join(difflib.unified_diff(
            [], probe_text.splitlines(keepends=True), "/dev/null", f"b/{rel_probe}"))
    return rel_probe


def _without_file(diff: str, rel: str) -> str:
    """diff without the part for rel (to be replaced by a newer one)."""
    parts = re.split(r"(?m)^(?=--- )", diff)
    return "".join(p for p in parts if not p.startswith(f"--- a/{rel}\n"))


def _rel(path: Path) -> str:
    return str(path.relative_to(paths.ROOT)) if path.is_relative_to(paths.ROOT) else \
        f"probes/{path.name}"


def summary(prop: Proposal, patch: Path) -> list[str]:
    """The terminal's lines for a proposal."""
    lines = []
    for f, m in prop.fixed:
        lines.append(f"fix: {f.where}: {f.ident}: {m.what} ({m.probe}; {_rel(m.path)}; "
                     f"shim: {m.shim})")
    for f, why in prop.left:
        lines.append(f"left: {f.where}: {f.ident}: {why}")
    if prop.files and not prop.fixed:
        lines.append(f"proposal: {patch} (new probes only: {' '.join(sorted(prop.files))}); "
                     "git apply adds them to the catalogue; the uses left above are yours to "
                     "change, keyed on their macros")
    elif prop.files:
        lines.append(f"proposal: {patch} ({len(prop.files)} file"
                     f"{'s' if len(prop.files) > 1 else ''}: {' '.join(sorted(prop.files))}); "
                     "make fix APPLY=1 applies it and verifies it on the lanes")
    else:
        lines.append("no proposal: the catalogue's migrations change nothing here")
    return lines


def module_files(sources: tuple[str, ...], root: Path = paths.ROOT) -> list[str]:
    """The module's C files a proposal may change: its sources and the .c and .h
    files beside them (compat/ is the framework's, never the module's)."""
    out: list[str] = []
    for folder in sorted({(root / s).parent for s in sources}):
        rel = folder.relative_to(root) if folder.is_relative_to(root) else None
        if rel is None or rel.parts[:1] == ("compat",):
            continue
        for path in sorted(folder.glob("*.[ch]")):
            name = str(path.relative_to(root))
            if name not in out:
                out.append(name)
    return out


@dataclass
class Use:
    where: str            # file:line in the user's tree
    migration: Migration
    answers: str          # the probe's expected answers on the lanes' kernel lines


def uses(sources: list[str], kernel_lines: list[str], root: Path = paths.ROOT) -> list[Use]:
    """make fix CHECK=1: every use in sources of an API whose probe answers differently
    across kernel_lines (the probe's expect: line), found by the migration that would
    rewrite it; no build needed."""
    from wslx import probes
    by_macro = {p.macro: p for p in probes.catalogue()}
    out: list[Use] = []
    for m in migrations():
        p = by_macro.get(m.probe)
        got = {line: p.expect[line] for line in kernel_lines if p and line in p.expect}
        if len(set(got.values())) < 2:
            continue
        with tempfile.TemporaryDirectory(prefix="wslx-check.") as tmp:
            work = Path(tmp)
            for rel in sources:
                (work / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(root / rel, work / rel)
            _spatch(m.path, work)
            for rel in sources:
                old = (root / rel).read_text(errors="replace").splitlines()
                new = (work / rel).read_text(errors="replace").splitlines()
                sm = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
                for op, a0, _a1, _b0, _b1 in sm.get_opcodes():
                    if op in ("replace", "delete"):
                        answers = " ".join(f"{k}={v}" for k, v in got.items())
                        out.append(Use(f"{rel}:{a0 + 1}", m, answers))
    return sorted(out, key=lambda u: (u.where.rpartition(":")[0],
                                      int(u.where.rpartition(":")[2])))
