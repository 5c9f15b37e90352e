# SPDX-License-Identifier: GPL-2.0-only
"""The DKMS source tree and the .deb and .rpm that ship it, filled from module.mk.

The DKMS tree (what /usr/src/<name>-<version>/ holds once installed) is the
module, its probes and compat layer, packaging/dkms/shipped/ whole (the
build DKMS runs), dkms.mk, and dkms.conf generated from module.mk.
"""
import email.utils
import re
import shutil
import time
from pathlib import Path

from wslx import fileio, identity, paths, proc, ui
from wslx.errors import WslxError

PACKAGING = paths.ROOT / "packaging"
TREE = ["Kbuild", "Kconfig", "module.mk", "src", "compat", "probes"]


def _exclusive_config(options: tuple[str, ...]) -> str:
    """dkms.conf's line for module.mk's REQUIRED_CONFIG (a comment when there is none)."""
    if not options:
        return "# (module.mk has no REQUIRED_CONFIG)"
    return f'BUILD_EXCLUSIVE_CONFIG="{" ".join(options)}"'


def fill(template: Path, **extra: str) -> str:
    """template with @KEY@ filled from module.mk and extra; every key must be filled."""
    ident = identity.load()
    values = {"MODULE_NAME": ident.name, "MODULE_VERSION": ident.version,
              "MODULE_SUMMARY": ident.summary, "MODULE_MAINTAINER": ident.maintainer,
              "KERNEL_MIN": ident.kernel_min, "KERNEL_MAX": ident.kernel_max,
              "DEB_NAME": ident.name.replace("_", "-"),
              "BUILD_EXCLUSIVE_CONFIG": _exclusive_config(ident.required_config), **extra}
    text = template.read_text().rstrip("\n")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    left = re.search(r"@[A-Z_]+@", text)
    if left:
        raise WslxError(f"{template}: a @KEY@ is left unfilled: {left.group(0)}")
    return text


def _at_least(n: int) -> str:
    """A regex alternation of the numbers n..99."""
    t, u = divmod(n, 10)
    if n < 10:
        return f"[{n}-9]|[1-9][0-9]"
    return f"{t}[{u}-9]|[{t + 1}-9][0-9]" if t < 9 else f"9[{u}-9]"


def _at_most(n: int) -> str:
    """A regex alternation of the numbers 0..n."""
    t, u = divmod(n, 10)
    if n < 10:
        return f"[0-{n}]"
    return f"[0-9]|1[0-{u}]" if t == 1 else f"[0-9]|[1-{t - 1}][0-9]|{t}[0-{u}]"


def kernel_range_regex(low: str, high: str) -> str:
    """An extended regex of the releases low..high (major.minor, inclusive), for DKMS's
    BUILD_EXCLUSIVE_KERNEL where DKMS has no MIN/MAX of its own."""
    (a, b), (c, d) = (map(int, low.split(".")), map(int, high.split(".")))
    if a == c:
        alts = [f"{a}\\.({'|'.join(str(m) for m in range(b, d + 1))})"]
    else:
        alts = [f"{a}\\.({_at_least(b)})", *[f"{m}\\.[0-9]+" for m in range(a + 1, c)],
                f"{c}\\.({_at_most(d)})"]
    return f"^({'|'.join(alts)})([^0-9]|$)"


def _skip(folder: str, names: list[str]) -> set[str]:
    """Generated headers and objects of a developer's build never ship."""
    return {n for n in names if n == "build" or n.endswith((".o", ".ko")) or
            (n.startswith(".") and n.endswith(".cmd"))}


def dkms_tree(dest: Path) -> Path:
    """Write the DKMS source tree to dest/<name>-<version>/; its path."""
    ident = identity.load()
    tree = dest / f"{ident.name}-{ident.version}"
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    for part in TREE:
        src = paths.ROOT / part
        if src.is_dir():
            shutil.copytree(src, tree / part, symlinks=True, ignore=_skip)
        else:
            shutil.copy2(src, tree / part)
    shutil.copytree(PACKAGING / "dkms" / "shipped", tree / "packaging" / "dkms" / "shipped",
                    ignore=_skip)
    shutil.copy2(PACKAGING / "dkms" / "dkms.mk", tree / "dkms.mk")
    fileio.write_atomic(tree / "dkms.conf", fill(
        PACKAGING / "dkms" / "dkms.conf.in", KERNEL_MAX_FULL=f"{ident.kernel_max}.999",
        KERNEL_REGEX=kernel_range_regex(ident.kernel_min, ident.kernel_max)) + "\n")
    return tree


def deb(out: Path) -> Path:
    """The DKMS .deb (dpkg-buildpackage with dh-dkms), checked with lintian."""
    ident = identity.load()
    name = ident.name.replace("_", "-")
    if not Path("/usr/share/perl5/Debian/Debhelper/Sequence/dkms.pm").exists():
        raise WslxError("dh-dkms is not installed (run: make deps)")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    src = dkms_tree(out)
    top = sorted(p.name for p in src.iterdir())
    debian = src / "debian"
    (debian / "source").mkdir(parents=True)
    here = PACKAGING / "deb"
    (debian / "control").write_text(fill(here / "control.in") + "\n")
    (debian / "changelog").write_text(
        fill(here / "changelog.in", DATE=email.utils.formatdate(localtime=True)) + "\n")
    (debian / "copyright").write_text(fill(here / "copyright.in",
                                           YEAR=time.strftime("%Y")) + "\n")
    shutil.copy2(here / "rules", debian / "rules")
    shutil.copy2(here / "source" / "format", debian / "source" / "format")
    # The DKMS tree goes to /usr/src/<name>-<version>/ whole, and its
    # dkms.conf is the one dh_dkms installs (debian/<package>.dkms names it).
    (debian / f"{name}-dkms.install").write_text(
        "".join(f"{f} usr/src/{ident.name}-{ident.version}/\n" for f in top))
    (debian / f"{name}-dkms.dkms").write_text("dkms.conf\n")
    ui.step(f"building {name}-dkms {ident.version} (dpkg-buildpackage)")
    log = out / "build.log"
    if proc.run(["dpkg-buildpackage", "-us", "-uc", "-b"], cwd=src, log=log,
                progress="dpkg-buildpackage").returncode != 0:
        ui.quote(log.read_text(errors="replace").splitlines()[-5:])
        raise WslxError(f"dpkg-buildpackage failed (log: {log})")
    package = out / f"{name}-dkms_{ident.version}_all.deb"
    if not package.exists():
        raise WslxError(f"dpkg-buildpackage made no {package}")
    if shutil.which("lintian"):
        lint = out / "lintian.log"
        if proc.run(["lintian", "--allow-root", "--fail-on", "error,warning", package],
                    log=lint).returncode != 0:
            ui.quote(lint.read_text(errors="replace").splitlines())
            raise WslxError(f"lintian has findings on {package} (log: {lint})")
        ui.info(f"lintian: {len(lint.read_text().splitlines())} findings")
    return package


def rpm(out: Path) -> Path:
    """The DKMS .rpm (rpmbuild)."""
    ident = identity.load()
    shutil.rmtree(out, ignore_errors=True)
    for sub in ("SOURCES", "SPECS", "tree"):
        (out / sub).mkdir(parents=True)
    dkms_tree(out / "tree")
    proc.capture(["tar", "-C", out / "tree", "--owner=0", "--group=0", "-czf",
                  out / "SOURCES" / f"{ident.name}-{ident.version}.tar.gz",
                  f"{ident.name}-{ident.version}"], what="tar of the DKMS tree")
    spec = out / "SPECS" / f"{ident.name.replace('_', '-')}-dkms.spec"
    spec.write_text(fill(PACKAGING / "rpm" / "dkms.spec.in") + "\n")
    ui.step(f"building {spec.stem} {ident.version} (rpmbuild)")
    log = out / "build.log"
    if proc.run(["rpmbuild", "-bb", "--define", f"_topdir {out}", "--define",
                 "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm", spec],
                log=log, progress="rpmbuild").returncode != 0:
        ui.quote(log.read_text(errors="replace").splitlines()[-5:])
        raise WslxError(f"rpmbuild failed (log: {log})")
    found = sorted((out / "RPMS").rglob("*.rpm")) if (out / "RPMS").exists() else []
    if not found:
        raise WslxError(f"rpmbuild made no package (log: {log})")
    return found[0]
