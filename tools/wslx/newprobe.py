# SPDX-License-Identifier: GPL-2.0-only
"""When the catalogue does not know a change: a new probe, proven on two kernels.

Two kinds of change are handled this way. A header the failing kernel no
longer has, where a header of the same file name is there in another
folder (<asm/unaligned.h> became <linux/unaligned.h> in 6.12): the header
moved, and the new probe asks "does <linux/unaligned.h> exist?". A
function the failing kernel lacks whose new name the two kernels' BTF
gives (diagnose.beside: get_acl() became get_inode_acl(), the same
prototype): the new probe asks "is get_inode_acl exported?". Each is
written in the catalogue's format and answered by the probe runner itself
on the failing kernel and on a reference kernel (the newest lane the module
last passed on, else the oldest lane the module supports). Only when the
two answers differ is it proposed, with the include, or the name, chosen
on its macro; a probe that answers the same on both proves nothing and is
not proposed.
"""
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from wslx import build, buildroot, diagnose, identity, lanes, matrix, paths, probes, proc, runs
from wslx.errors import WslxError
from wslx.kernel import Kernel

# Folders a moved header is looked for in, in order: where modules include from.
PREFERRED = ("linux/", "asm-generic/", "asm/", "")


@dataclass
class Generated:
    name: str              # probes/<name>.c
    macro: str
    text: str
    answers: dict[str, str]    # kernel line: yes/no
    old: str               # the header the module includes
    new: str               # where it is now


def moved_to(header: str, kdir: Path) -> Optional[str]:
    """The header of kdir with header's file name in another folder, or None."""
    base = Path(header).name
    found: list[str] = []
    for d in diagnose.header_dirs(kdir):
        for p in d.rglob(base):
            rel = str(p.relative_to(d))
            if rel != header and not rel.startswith("uapi/") and rel not in found:
                found.append(rel)
    for pre in PREFERRED:
        for rel in found:
            if rel.startswith(pre):
                return rel
    return None


def probe_text(new: str, old: str, since: str, expect: str) -> tuple[str, str, str]:
    """The name, macro and file text of the probe "does <new> exist?"."""
    name = re.sub(r"\W", "_", new)
    macro = f"HAVE_{name.upper()}"
    text = (f"// SPDX-License-Identifier: GPL-2.0-only\n/*\n * probe: {macro}\n"
            f" * kind: compile\n * group: generated\n * since: {since}\n"
            f" * expect: {expect}\n * why: <{old}> moved to <{new}>; written by make fix\n"
            f" */\n#include <{new}>\n")
    return name, macro, text


def answer(text: str, name: str, kernel: Kernel) -> str:
    """The probe runner's answer for one probe file on kernel (yes or no)."""
    with tempfile.TemporaryDirectory(prefix="wslx-newprobe.") as tmp:
        folder = Path(tmp) / "probes"
        folder.mkdir()
        for canary in ("canary_compiles.c", "canary_fails.c"):
            shutil.copyfile(paths.ROOT / "probes" / canary, folder / canary)
        (folder / f"{name}.c").write_text(text)
        out = Path(tmp) / "out"
        argv = [str(build.SHIPPED / "run_probes.sh"), str(kernel.kdir), str(out)]
        env = {"WSLX_PROBES_DIR": str(folder)}
        if kernel.buildroot:
            argv = buildroot.wrap(argv, kernel.buildroot, env=env)
        done = proc.run(argv, log=Path(tmp) / "log", env=dict(os.environ, **env))
        if done.returncode != 0:
            raise WslxError(f"the new probe {name} cannot be answered on {kernel.release}: "
                            f"{proc.last_line(Path(tmp) / 'log')}")
        got = probes.answers(out / "probes.tsv")
        return got.get(name, "no")


def _proven(writer: Callable[[str], tuple[str, str, str]], change: str, f: diagnose.Finding,
            new: str, failing: Kernel, reference: Kernel) -> Optional[Generated]:
    """The probe writer(since) writes (the catalogue's own file when it has that probe
    already), answered on both kernels, its expect: line filled in; None when the two
    answers are the same (it would prove nothing)."""
    lo, hi = probes.kernel_line(reference.release), probes.kernel_line(failing.release)
    name, macro, _ = writer("")
    known = paths.ROOT / "probes" / f"{name}.c"
    if known.exists():
        text, macro = known.read_text(), probes.parse(known).macro
    else:
        between = f"after {lo}, by {hi}" if lo != hi else f"in {hi}'s line"
        _, _, text = writer(f"{between} ({change})")
    got = {hi: answer(text, name, failing), lo: answer(text, name, reference)}
    if got[hi] == got[lo]:
        return None
    expect = " ".join(f"{line}={got[line]}" for line in sorted(got, key=probes.line_key))
    text = re.sub(r"^ \* expect: *$", f" * expect: {expect}", text, flags=re.M)
    return Generated(name, macro, text, got, f.ident, new)


def generate(f: diagnose.Finding, failing: Kernel, reference: Kernel) -> Optional[Generated]:
    """A probe for f's moved header, answered on both kernels; None when the header
    did not move, or when the answers do not differ."""
    if f.kind != "header" or "/" not in f.ident or not f.ident.endswith(".h"):
        return None
    moved = moved_to(f.ident, failing.kdir)
    if moved is None:
        return None
    new: str = moved
    return _proven(lambda since: probe_text(new, f.ident, since, ""),
                   f"<{f.ident}> moved to <{new}>", f, new, failing, reference)


def rename_probe_text(new: str, old: str, since: str, expect: str) -> tuple[str, str, str]:
    """The name, macro and file text of the probe "is new exported?"."""
    name = f"sym_{new}"
    macro = f"HAVE_{new.upper()}"
    text = (f"// SPDX-License-Identifier: GPL-2.0-only\n/*\n * probe: {macro}\n"
            f" * kind: symbol\n * symbol: {new}\n * group: generated\n * since: {since}\n"
            f" * expect: {expect}\n * why: {old}() was renamed {new}(), its prototype "
            "unchanged; written by make fix\n */\n")
    return name, macro, text


def generate_renamed(f: diagnose.Finding, failing: Kernel,
                     reference: Kernel) -> Optional[Generated]:
    """A probe for the one new name of f's function, answered on both kernels; None
    without exactly one candidate, or when the answers do not differ."""
    if f.kind != "removed" or len(f.renamed) != 1:
        return None
    new = f.renamed[0]
    return _proven(lambda since: rename_probe_text(new, f.ident, since, ""),
                   f"{f.ident}() renamed {new}()", f, new, failing, reference)


def type_probe_text(f: diagnose.Finding, includes: list[str], since: str,
                    expect: str) -> tuple[str, str, str]:
    """The name, macro and file text of the probe "has f's function (or callback member)
    the failing kernel's type?", with the user's file's kernel includes."""
    if f.owner:
        name, what = f"{f.owner}_{f.ident}_type", f"((struct {f.owner} *)0)->{f.ident}"
        said = f"struct {f.owner}'s {f.ident}"
    else:
        name, what, said = f"{f.ident}_type", f"&{f.ident}", f"{f.ident}()"
    macro = f"HAVE_{name.upper()}"
    text = (f"// SPDX-License-Identifier: GPL-2.0-only\n/*\n * probe: {macro}\n"
            f" * kind: compile\n * group: generated\n * since: {since}\n"
            f" * expect: {expect}\n * why: {said} has the type {f.new_type}; written by "
            "make fix\n */\n" + "".join(f"{inc}\n" for inc in includes) +
            f"\n_Static_assert(__builtin_types_compatible_p(__typeof__({what}),\n"
            f"\t\t\t\t\t    {f.new_type}),\n\t       \"{said} has its new type\");\n")
    return name, macro, text


def kernel_includes(source: str) -> list[str]:
    """The file's #include <...> lines: the kernel headers a probe about it needs."""
    return re.findall(r"^#include <[^>]+>", source, re.M)


def generate_type(f: diagnose.Finding, failing: Kernel, reference: Kernel,
                  source: str) -> Optional[Generated]:
    """A probe for the type f's function or callback has on the failing kernel (its
    BTF), answered on both kernels; None when the catalogue has a probe about it, the
    type did not change, or the answers do not differ."""
    if f.kind != "prototype" or not f.new_type or f.probes:
        return None
    includes = kernel_includes(source)
    said = f"struct {f.owner}'s {f.ident}" if f.owner else f"{f.ident}()"
    return _proven(lambda since: type_probe_text(f, includes, since, ""),
                   f"{said} became {f.new_type}", f, f.new_type, failing, reference)


def rename_switch(source: str, gen: Generated) -> str:
    """source with the old name standing for the new one where the probe's macro says
    the kernel has it, defined after the file's last #include (the prototype is the
    same, so every call stays as the user wrote it)."""
    macro = identity.load().probe_prefix + gen.macro
    block = (f"\n/* {gen.old}() is {gen.new}() where the kernel has it "
             f"(probes/{gen.name}.c). */\n#ifdef {macro}\n#define {gen.old} {gen.new}\n"
             "#endif\n")
    includes = list(re.finditer(r"^#include [<\"].*$", source, re.M))
    at = includes[-1].end() + 1 if includes else 0
    return source[:at] + block + source[at:]


def line_of(k: Kernel) -> str:
    return probes.kernel_line(k.release)


def include_switch(source: str, gen: Generated) -> str:
    """source with its #include <old> chosen on the probe's macro (module.mk's prefix)."""
    macro = identity.load().probe_prefix + gen.macro
    block = (f"#ifdef {macro}\n#include <{gen.new}>\n#else\n#include <{gen.old}>\n#endif")
    return re.sub(rf"^#include <{re.escape(gen.old)}>[ \t]*$", lambda _: block, source,
                  flags=re.M)


def reference_lane(failing: str) -> Optional[str]:
    """The kernel a new probe is answered on besides the failing one: the newest lane
    of another kernel line the module last passed on, else the oldest it supports."""
    picked, _ = matrix.chosen("")
    line = lanes.load(failing).line
    others = [n for n in picked if lanes.load(n).line != line
              and lanes.load(n).arch.name == lanes.load(failing).arch.name]
    by_line = sorted(others, key=lambda n: probes.line_key(lanes.load(n).line))
    good = [n for n in by_line if runs.passed(n)]
    if good:
        return good[-1]
    return by_line[0] if by_line else None
