# SPDX-License-Identifier: GPL-2.0-only
"""A module's own dkms.conf, read the way DKMS reads it: sourced by bash.

Many dkms.conf files are scripts: they read the kernel's .config and set
BUILD_EXCLUSIVE_KERNEL, BUILD_EXCLUSIVE_CONFIG or the version depending on
it. A text match sees none of that, so the file is sourced here as DKMS
sources it (kernelver, kernel_source_dir and arch set, in a scratch folder,
with a time limit), once with a .config holding every CONFIG_ option the
file names, then once without each of them: an option whose absence makes
DKMS refuse the kernel (BUILD_EXCLUSIVE_CONFIG lacks it, or the
BUILD_EXCLUSIVE_KERNEL it sets no longer matches) is one the module needs.
The path reaches bash as an argument, never as shell text.
"""
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from wslx import proc
from wslx.errors import WslxError

# Sourced the way DKMS does; then whether DKMS would build for this kernel,
# with its own tests (bash's =~ for BUILD_EXCLUSIVE_KERNEL, =y or =m for
# each BUILD_EXCLUSIVE_CONFIG item, !CONFIG_X for one that must be off).
_EVAL = r'''
kernelver=$1 kernel_source_dir=$2 arch=$3 dkms_tree=$2 source_tree=$2
# In the module's folder, as DKMS is when it reads a tree's dkms.conf: a
# script that reads its own VERSION file finds it.
cd "$(dirname "$4")" || exit 9
. "$4" >/dev/null 2>&1 </dev/null
ok=yes
if [[ -n ${BUILD_EXCLUSIVE_KERNEL-} && ! $kernelver =~ $BUILD_EXCLUSIVE_KERNEL ]]; then ok=no; fi
if [[ -n ${BUILD_EXCLUSIVE_ARCH-} && ! $arch =~ $BUILD_EXCLUSIVE_ARCH ]]; then ok=no; fi
for c in ${BUILD_EXCLUSIVE_CONFIG-}; do
    if [[ $c == !* ]]; then
        grep -q "^${c#!}=[ym]$" "$2/.config" && ok=no
    else
        grep -q "^$c=[ym]$" "$2/.config" || ok=no
    fi
done
printf '%s\n' "$ok" "${PACKAGE_NAME-}" "${PACKAGE_VERSION-}" "${BUILT_MODULE_NAME[0]-}" \
    "${BUILD_EXCLUSIVE_CONFIG-}"
'''
TIMEOUT = 10.0


@dataclass
class DkmsConf:
    name: str = ""
    version: str = ""
    built_module: str = ""
    required_config: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _source(conf: Path, kernelver: str, options: set[str], scratch: Path) -> list[str]:
    (scratch / ".config").write_text("".join(f"{o}=y\n" for o in sorted(options)))
    out = proc.capture(["bash", "-c", _EVAL, "wslx-dkms-conf", kernelver, str(scratch),
                        "x86_64", str(conf)], cwd=scratch, check=False,
                       env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"}).splitlines()
    if len(out) < 5 or out[0] not in ("yes", "no"):
        raise WslxError(f"{conf}: bash could not source it as DKMS does")
    return out


def read(conf: Path, kernelver: str) -> DkmsConf:
    """What DKMS would make of conf for a kernel kernelver (e.g. 7.2.0) whose .config
    has the options it names."""
    text = conf.read_text(errors="replace")
    named = set(re.findall(r"\bCONFIG_[A-Za-z0-9_]+", text))
    with tempfile.TemporaryDirectory(prefix="wslx-dkms-conf.") as tmp:
        scratch = Path(tmp)
        ok, name, version, built, exclusive = _source(conf, kernelver, named, scratch)[:5]
        found = DkmsConf(name, version, built)
        if ok != "yes":
            found.notes.append(f"dkms.conf: DKMS would not build for a {kernelver} kernel even "
                               "with every option it names: BUILD_EXCLUSIVE_* not carried over")
            return found
        for option in sorted(named):
            if _source(conf, kernelver, named - {option}, scratch)[0] == "no":
                found.required_config.append(option)
        listed = [w for w in exclusive.split() if re.fullmatch(r"CONFIG_\w+", w)]
        extra = sorted(set(found.required_config) - set(listed))
        if extra:
            found.notes.append(f"dkms.conf: DKMS refuses a {kernelver} kernel without "
                               f"{' '.join(extra)} (its script says so, not "
                               "BUILD_EXCLUSIVE_CONFIG): REQUIRED_CONFIG has it")
    return found
