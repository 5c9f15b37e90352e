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

from wslx import dkmsconf, identity, lanes, paths, proc, suggest, ui
from wslx.errors import WslxError

ASSIGN = re.compile(r"^\s*([A-Za-z0-9_.$()-]+)\s*(:=|\+=|\?=|=)\s*(.*)$")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
VERSION = re.compile(r"[0-9][A-Za-z0-9.+~-]*")


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
    files: list[str] = field(default_factory=list)       # what the objects need, relative
    left_out: list[str] = field(default_factory=list)    # other .c/.h files of the tree
    params: list[str] = field(default_factory=list)      # name=default of its parameters
    author: str = ""                                     # MODULE_AUTHOR("Name <mail>")


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


def _expand(text: str, values: dict[str, list[str]]) -> str:
    """The make references a module's Makefile uses to name its objects: $(VAR) of
    variables set before, and $(patsubst %,%.o,WORDS) (obj-m := $(patsubst
    %,%.o,$(DRIVER))). Anything else is left as written."""
    for _ in range(5):
        before = text
        text = re.sub(r"\$[({]([A-Za-z0-9_]+)[)}]",
                      lambda m: " ".join(values[m.group(1)]) if m.group(1) in values
                      else m.group(0), text)
        text = re.sub(r"\$\(patsubst %,%(\.\w+),([^()$]*)\)",
                      lambda m: " ".join(w + m.group(1) for w in m.group(2).split()), text)
        if text == before:
            break
    return text


def _kbuild_vars(path: Path) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in _logical_lines(path.read_text(errors="replace")):
        m = ASSIGN.match(line)
        if not m:
            continue
        key, op, value = m.group(1), m.group(2), _expand(m.group(3), values).split()
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


def _newest_kernel() -> str:
    """The newest kernel line among the lanes (x.y.0): what a dkms.conf is read for."""
    newest = max((tuple(int(n) for n in lanes.load(name).line.split("."))
                  for name in lanes.names()), default=(6, 1))
    return f"{newest[0]}.{newest[1]}.0"


def needed_files(src: Path, objects: list[str], cflags: list[str]) -> tuple[list[str], list[str]]:
    """The files of src the objects compile from (the .c files and, transitively, what
    they #include from the tree, through its own folders and -I flags), and the other
    .c/.h files, which the module's kbuild never reads (examples, user-space tools)."""
    dirs = [src / m.group(1) for f in cflags
            if (m := re.fullmatch(r"-I\$\(wslx-dir\)/src/?(.*)", f))]
    need: list[str] = []
    todo = list(objects)
    while todo:
        rel = todo.pop(0)
        if rel in need:
            continue
        need.append(rel)
        here = (src / rel).parent
        text = (src / rel).read_text(errors="replace")
        for quote, name in INCLUDE.findall(text):
            for d in ([here] if quote == '"' else []) + dirs:
                cand = (d / name).resolve()
                if cand.is_file() and src.resolve() in cand.parents:
                    todo.append(str(cand.relative_to(src.resolve())))
                    break
    others = sorted(str(f.relative_to(src)) for f in src.rglob("*.[ch]")
                    if str(f.relative_to(src)) not in need
                    and not {".git", "build"} & set(f.relative_to(src).parts))
    return need, others


def _params(text: str) -> list[str]:
    """name=default of each module_param() readable in sysfs whose default is a plain
    literal (a number, true/false, a word): values the module takes by construction."""
    found: list[str] = []
    for m in re.finditer(r"\bmodule_param(?:_named)?\s*\(\s*(\w+)\s*,\s*(?:(\w+)\s*,\s*)?"
                         r"(\w+)\s*,\s*([^)]+)\)", text):
        name, var, kind, perm = m.group(1), m.group(2) or m.group(1), m.group(3), m.group(4)
        if perm.strip() in ("0", "0000") or kind not in (
                "int", "uint", "long", "ulong", "short", "ushort", "byte", "bool", "invbool",
                "charp", "hexint", "ullong"):
            continue
        init = re.search(rf"\b{re.escape(var)}\s*(?:\[[^]]*\])?\s*=\s*([^;,]+);", text)
        value = init.group(1).strip() if init else ""
        if kind == "charp":
            value = value[1:-1] if re.fullmatch(r'"[A-Za-z0-9_.:-]+"', value) else ""
        elif not re.fullmatch(r"-?(0x[0-9a-fA-F]+|\d+)[uUlL]*|true|false", value):
            value = ""
        value = re.sub(r"[uUlL]+$", "", value) if kind != "charp" else value
        if value and not any(p.startswith(name + "=") for p in found):
            found.append(f"{name}={value}")
    return found


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
    dk = dkmsconf.read(src / "dkms.conf", _newest_kernel()) if (src / "dkms.conf").is_file() \
        else dkmsconf.DkmsConf()
    notes += dk.notes
    if dk.built_module and dk.built_module != name:
        notes.append(f"dkms.conf: BUILT_MODULE_NAME[0]={dk.built_module} differs from "
                     f"obj-m's {name}; {name} is used")
    files, left_out = needed_files(src, sources, cflags)
    text = "\n".join((src / s).read_text(errors="replace") for s in files)
    dk_version = dk.version if VERSION.fullmatch(dk.version) else ""
    if dk.version and not dk_version:
        notes.append(f"dkms.conf: PACKAGE_VERSION {dk.version!r} is a placeholder, not a version")
    version = dk_version or _macro(text, "MODULE_VERSION") or "0.1.0"
    summary = _macro(text, "MODULE_DESCRIPTION") or f"the {name} module"
    author = _macro(text, "MODULE_AUTHOR")
    return Module(src, name, sources, version, summary, dk.required_config, notes, cflags,
                  files, left_out, _params(text), author)


def _macro(text: str, macro: str) -> str:
    m = re.search(rf'\b{macro}\s*\(\s*"([^"]*)"\s*\)', text)
    return m.group(1) if m else ""


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
    # Only what the module's objects compile from: a tree's examples and user-space
    # tools would otherwise land in the DKMS tree and the packages.
    for rel in mod.files:
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / rel, tmp / rel)
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
    if mod.params:
        # Each parameter at its own default: the smoke load exercises their parsing
        # and reads each back from sysfs.
        text = _set_key(text, "MODULE_PARAMS", " ".join(mod.params))
    maintainer = _maintainer(mod.author)
    if maintainer:
        text = _set_key(text, "MODULE_MAINTAINER", maintainer)
    (root / "module.mk").write_text(text)
    identity.load(root / "module.mk")     # what was written must read back
    (root / "Kconfig").write_text(KCONFIG.format(sym=sym, summary=mod.summary))
    ui.info(f"src/: {len(list(new_src.rglob('*.[ch]')))} files; module.mk: {mod.name} "
            f"{mod.version} from {' '.join(mod.objects)}")
    ui.info("tests: " + (", ".join(tests) if tests else
                         "none (the lanes will say: no interface tests)"))
    for note in mod.notes:
        ui.info(f"note: {note}")
    if mod.left_out:
        shown = " ".join(mod.left_out[:8]) + (" ..." if len(mod.left_out) > 8 else "")
        ui.info(f"left out ({len(mod.left_out)} files no object compiles from): {shown}")
    if mod.params:
        ui.info(f"MODULE_PARAMS := {' '.join(mod.params)} (each parameter at its default)")
    if not maintainer:
        ui.info("note: no MODULE_AUTHOR(\"Name <mail>\") in the sources: set "
                "MODULE_MAINTAINER in module.mk before you package")
    checks = suggest.version_checks(root, sorted(new_src.rglob("*.[ch]")))
    if checks:
        ui.step(f"{len(checks)} version checks to replace with probes (compat/compat.h):")
    for c in checks:
        hint = "probes: " + ", ".join(suggest.describe(s) for s in c.suggestions) \
            if c.suggestions else "no catalogue probe is about the names this check guards: " \
            "write one in probes/"
        print(f"{c.where}: {c.text}\n    {hint}")
    if checks:
        print("    then: #include \"compat.h\" in each file that uses a probe's macro (the "
              "answers are also force-included, see README), and drop the version check")
    return mod


def _maintainer(author: str) -> str:
    """MODULE_AUTHOR's "Name <mail>" as the packages' maintainer, "" without a mail."""
    m = re.fullmatch(r"\s*([^<>]*?)\s*<([^<>@\s]+@[^<>\s]+)>.*", author)
    return f"{m.group(1) or m.group(2)} <{m.group(2)}>" if m else ""
