# SPDX-License-Identifier: GPL-2.0-only
"""make adopt FROM=DIR: an existing out-of-tree module brought into this tree.

Reads the module's Kbuild (or the kbuild half of its Makefile): its one
obj-m, the objects of <name>-y/-objs (subfolders included), and its
dkms.conf where there is one (name, version, BUILD_EXCLUSIVE_CONFIG); the
version and summary also from MODULE_VERSION()/MODULE_DESCRIPTION(). It
copies the sources into src/, writes module.mk and Kconfig, replaces the
example's tests with the module's own (kselftest-harness tests, a guest
shell check), then lists each LINUX_VERSION_CODE check in the code with
the catalogue probes that ask about the API that changed at that version:
the compat replacements to consider.
"""
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from wslx import identity, paths, probes, proc, ui
from wslx.errors import WslxError

ASSIGN = re.compile(r"^\s*([A-Za-z0-9_.$()-]+)\s*(:=|\+=|\?=|=)\s*(.*)$")
VERSION_CHECK = re.compile(
    r"LINUX_VERSION_CODE\s*(<=|>=|<|>|==|!=)\s*KERNEL_VERSION\s*\(\s*(\d+)\s*,\s*(\d+)")
SKIP_DIRS = {".git", ".github", "build", "debian", "tests", "selftests", "test"}
# Words too common in kernel code to tell two APIs apart.
COMMON = {"struct", "return", "static", "const", "void", "int", "unsigned", "long", "char",
          "if", "else", "NULL", "sizeof", "bool", "true", "false", "u8", "u16", "u32", "u64",
          "size_t", "GFP_KERNEL", "THIS_MODULE", "define", "endif", "include", "wslx_probe",
          "dev", "data", "name", "ret", "err", "file", "inode", "ops"}


@dataclass
class Module:
    source: Path
    name: str
    objects: list[str]            # relative .c paths
    version: str = ""
    summary: str = ""
    required_config: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cflags: list[str] = field(default_factory=list)


def _logical_lines(text: str) -> list[str]:
    """make's lines: continuations joined, comments dropped."""
    out, cur = [], ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0] if "#" in raw else raw
        if line.endswith("\\"):
            cur += line[:-1] + " "
            continue
        out.append(cur + line)
        cur = ""
    if cur:
        out.append(cur)
    return out


def _kbuild_vars(path: Path) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in _logical_lines(path.read_text(errors="replace")):
        m = ASSIGN.match(line)
        if not m:
            continue
        key, op, value = m.group(1), m.group(2), m.group(3).split()
        if op == "+=":
            values.setdefault(key, []).extend(value)
        elif op == "?=":
            values.setdefault(key, value)
        else:
            values[key] = value
    return values


def _kbuild_file(src: Path) -> tuple[Path, dict[str, list[str]]]:
    """The file that says obj-m, and its variables."""
    tried = []
    for name in ("Kbuild", "Makefile"):
        f = src / name
        if f.is_file():
            tried.append(name)
            v = _kbuild_vars(f)
            if any(k == "obj-m" or re.fullmatch(r"obj-\$\(CONFIG_\w+\)", k) for k in v):
                return f, v
    if not tried:
        raise WslxError(f"FROM={src}: no Kbuild or Makefile")
    raise WslxError(f"FROM={src}: {' and '.join(tried)} name no obj-m (or obj-$(CONFIG_...)): "
                    "not a kbuild module folder")


def _dkms(src: Path) -> dict[str, str]:
    f = src / "dkms.conf"
    if not f.is_file():
        return {}
    out = {}
    for line in f.read_text(errors="replace").splitlines():
        m = re.match(r'^\s*([A-Z_]+(?:\[\d+\])?)\s*=\s*"?([^"]*)"?\s*$', line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def read(src: Path) -> Module:
    """What the module in src is, from its own files; WslxError naming what is missing."""
    if not src.is_dir():
        raise WslxError(f"FROM={src}: no such folder")
    kfile, v = _kbuild_file(src)
    mods = [o for k, objs in v.items() if k == "obj-m" or k.startswith("obj-$(CONFIG_")
            for o in objs]
    if len(mods) != 1:
        raise WslxError(f"{kfile}: several modules ({' '.join(mods)}): wslx carries one module "
                        "per tree; adopt each into a tree of its own")
    name = Path(mods[0]).stem
    objs = v.get(f"{name}-y", []) + v.get(f"{name}-objs", [])
    conditional = [k for k in v if re.fullmatch(rf"{re.escape(name)}-\$\(CONFIG_\w+\)", k)]
    notes = []
    for k in conditional:
        objs += v[k]
        notes.append(f"{kfile.name}: {k} objects are built always here: {' '.join(v[k])}")
    if not objs:
        objs = [f"{name}.o"]
    sources = []
    for o in objs:
        c = Path(o).with_suffix(".c")
        if not (src / c).is_file():
            raise WslxError(f"{kfile}: {name} is built from {o}, but {src / c} does not exist")
        sources.append(str(c))
    # The module's own compiler flags, its folder's names ($(src), $(M), ...) made
    # this tree's src/.
    cflags = []
    for flags in ("ccflags-y", "EXTRA_CFLAGS", "subdir-ccflags-y"):
        for word in v.get(flags, []):
            word = word.replace("$(srctree)/$(src)", "$(src)")
            cflags.append(re.sub(r"\$[({](src|obj|M|PWD|CURDIR)[)}]", "$(wslx-dir)/src", word))
    dk = _dkms(src)
    if dk.get("BUILT_MODULE_NAME[0]", name) != name:
        notes.append(f"dkms.conf: BUILT_MODULE_NAME[0]={dk['BUILT_MODULE_NAME[0]']} differs from "
                     f"obj-m's {name}; {name} is used")
    text = "\n".join((src / s).read_text(errors="replace") for s in sources)
    version = dk.get("PACKAGE_VERSION") or _macro(text, "MODULE_VERSION") or "0.1.0"
    summary = _macro(text, "MODULE_DESCRIPTION") or f"the {name} module"
    required = [w for w in dk.get("BUILD_EXCLUSIVE_CONFIG", "").split()
                if re.fullmatch(r"CONFIG_\w+", w)]
    return Module(src, name, sources, version, summary, required, notes, cflags)


def _macro(text: str, macro: str) -> str:
    m = re.search(rf'\b{macro}\s*\(\s*"([^"]*)"\s*\)', text)
    return m.group(1) if m else ""


@dataclass
class VersionCheck:
    where: str         # file:line
    text: str          # the check as written
    line: str          # "6.4"
    suggestions: list[str]


def version_checks(root: Path, files: list[Path]) -> list[VersionCheck]:
    """Each LINUX_VERSION_CODE check in files, with the catalogue probes that match it:
    the probe's API changed in that version, ranked by the identifiers it shares with
    the code around the check."""
    catalog = [(p, _words(p.path.read_text(errors="replace").split("*/", 1)[-1]))
               for p in probes.catalogue(probes.folder())]
    found = []
    for f in files:
        lines = f.read_text(errors="replace").splitlines()
        for i, text in enumerate(lines):
            m = VERSION_CHECK.search(text)
            if not m:
                continue
            line = f"{m.group(2)}.{m.group(3)}"
            near = _words("\n".join(lines[i:i + 25]))
            scored = []
            for p, words in catalog:
                since = re.match(r"(?:removed in )?(\d+\.\d+)", p.since)
                if not since or since.group(1) != line:
                    continue
                shared = sorted(words & near)
                if shared:
                    scored.append((len(shared), p.macro, shared))
            scored.sort(key=lambda s: (-s[0], s[1]))
            found.append(VersionCheck(f"{f.relative_to(root)}:{i + 1}", text.strip(), line,
                                      [f"{macro} ({', '.join(shared[:3])})"
                                       for _, macro, shared in scored[:3]]))
    return found


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\b[A-Za-z_][A-Za-z0-9_]{3,}\b", text) if w not in COMMON}


KCONFIG = """# SPDX-License-Identifier: GPL-2.0-only
#
# Options of the module (written by make adopt). Out of tree the front-door
# Makefile sets CONFIG_{sym}=m; in tree, source this file from a Kconfig.

config {sym}
\ttristate "{summary}"
\thelp
\t  {summary}.

config WSLX_FAULT_INJECTION
\tbool "wslx fault injection points (test builds)"
\tdepends on {sym}

config WSLX_TEST_LEAK
\tbool "wslx's deliberately leaky test build"
\tdepends on WSLX_FAULT_INJECTION
"""


def _set_key(text: str, key: str, value: str) -> str:
    """module.mk with key set to value (replaced in place, or appended)."""
    line = f"{key} := {value}"
    pattern = re.compile(rf"^#?{key}\s*:=.*$", re.M)
    if pattern.search(text):
        return pattern.sub(lambda _: line, text, count=1)
    return text.rstrip("\n") + f"\n{line}\n"


def _refuse_unsaved_work(root: Path) -> None:
    """adopt replaces src/, module.mk, Kconfig and the tests: never over uncommitted work."""
    if not (root / ".git").exists():
        return
    changed = proc.capture(["git", "-C", root, "status", "--porcelain", "--", "src",
                            "module.mk", "Kconfig", "tests/kselftest", "tests/guest",
                            "tests/faults.ini"], check=False)
    if changed.strip():
        first = changed.splitlines()[0][3:]
        raise WslxError(f"{root}: uncommitted changes in what adopt replaces ({first} ...): "
                        "commit or stash them first")


def adopt(src: Path, root: Path = paths.ROOT) -> Module:
    """Bring the module in src into root (src/, module.mk, Kconfig, tests); returns it."""
    src, here = src.resolve(), root.resolve()
    if src == here or src == here / "src" or here / "src" in src.parents:
        raise WslxError(f"FROM={src}: that is this tree or its src/; give your module's folder")
    mod = read(src)
    _refuse_unsaved_work(root)
    ui.step(f"adopting {mod.name} {mod.version} from {src}")
    new_src = root / "src"
    tmp = root / ".src.adopting"
    shutil.rmtree(tmp, ignore_errors=True)
    for f in sorted(src.rglob("*")):
        rel = f.relative_to(src)
        if f.is_file() and f.suffix in (".c", ".h") and not (set(rel.parts[:-1]) & SKIP_DIRS):
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, tmp / rel)
    shutil.rmtree(new_src, ignore_errors=True)
    tmp.rename(new_src)
    # The example's tests make way for the module's own.
    for old in ("tests/kselftest", "tests/guest"):
        shutil.rmtree(root / old, ignore_errors=True)
        (root / old).mkdir(parents=True)
    (root / "tests" / "faults.ini").unlink(missing_ok=True)
    tests = []
    for d in ("tests", "selftests", "test"):
        for t in sorted((src / d).glob("*.c")) if (src / d).is_dir() else []:
            if "kselftest_harness.h" in t.read_text(errors="replace"):
                shutil.copy2(t, root / "tests" / "kselftest" / t.name)
                tests.append(t.name)
        check = src / d / "smoke.sh"
        if check.is_file():
            shutil.copy2(check, root / "tests" / "guest" / "smoke.sh")
            tests.append("smoke.sh")
    sym = re.sub(r"\W", "_", mod.name).upper()
    text = (root / "module.mk").read_text()
    for key, value in (("MODULE_NAME", mod.name), ("MODULE_KCONFIG", sym),
                       ("MODULE_VERSION", mod.version), ("MODULE_SUMMARY", mod.summary),
                       ("MODULE_SOURCES", " ".join(f"src/{s}" for s in mod.objects))):
        text = _set_key(text, key, value)
    # The policy keys are the module's: the previous module's go.
    for key in ("WARNINGS", "MODULE_PARAMS", "REQUIRED_CONFIG", "PROBE_PREFIX",
                "MODULE_PRELOAD", "MODULE_CFLAGS"):
        text = re.sub(rf"^({key}\s*:=)", r"#\1", text, flags=re.M)
    if mod.required_config:
        text = _set_key(text, "REQUIRED_CONFIG", " ".join(mod.required_config))
    if mod.cflags:
        text = _set_key(text, "MODULE_CFLAGS", " ".join(mod.cflags))
    (root / "module.mk").write_text(text)
    identity.load(root / "module.mk")     # what was written must read back
    (root / "Kconfig").write_text(KCONFIG.format(sym=sym, summary=mod.summary))
    ui.info(f"src/: {len(list(new_src.rglob('*.[ch]')))} files; module.mk: {mod.name} "
            f"{mod.version} from {' '.join(mod.objects)}")
    ui.info("tests: " + (", ".join(tests) if tests else
                         "none (the lanes will say: no interface tests)"))
    for note in mod.notes:
        ui.info(f"note: {note}")
    checks = version_checks(root, sorted(new_src.rglob("*.[ch]")))
    if checks:
        ui.step(f"{len(checks)} version checks to replace with probes (compat/compat.h):")
    for c in checks:
        hint = f"probes: {', '.join(c.suggestions)}" if c.suggestions else \
            f"no catalogue probe changed in {c.line} with these names: write one in probes/"
        print(f"{c.where}: {c.text}\n    {hint}")
    return mod
