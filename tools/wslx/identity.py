# SPDX-License-Identifier: GPL-2.0-only
"""The module's identity and policy: module.mk, the file a user edits.

Kbuild and the DKMS-shipped shell read the same file with make and sed;
here it is read strictly, so that a misspelled key is an error.
"""
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from wslx import keyvalue, paths
from wslx.keyvalue import Key


def _line(value: str) -> Optional[str]:
    return None if re.fullmatch(r"\d+\.\d+", value) else "not a kernel line MAJOR.MINOR"


def _c_name(value: str) -> Optional[str]:
    return None if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value) else "not a C identifier"


def _warnings(value: str) -> Optional[str]:
    return None if value in ("error", "allow") else "must be error or allow"


def check_params(value: str) -> Optional[str]:
    """What is wrong with module parameters 'a=1 b=x' (module.mk or PARAMS=), or None."""
    bad = [w for w in value.split() if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*=\S*", w)]
    return f"not name=value: {bad[0]}" if bad else None


def _configs(value: str) -> Optional[str]:
    bad = [w for w in value.split() if not re.fullmatch(r"CONFIG_[A-Za-z0-9_]+", w)]
    return f"not a CONFIG_ option: {bad[0]}" if bad else None


def _modules(value: str) -> Optional[str]:
    bad = [w for w in value.split() if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", w)]
    return f"not a module name: {bad[0]}" if bad else None


def _prefix(value: str) -> Optional[str]:
    return None if re.fullmatch(r"[A-Z][A-Z0-9_]*_", value) else \
        "upper case, digits and _, ending in _"


SCHEMA = {k.name: k for k in [
    Key("MODULE_NAME", True, _c_name, "name of the .ko, without .ko"),
    Key("MODULE_KCONFIG", True, _c_name, "its Kconfig symbol, without CONFIG_"),
    Key("MODULE_VERSION", True, keyvalue.nonempty, "version, also MODULE_VERSION()"),
    Key("MODULE_SUMMARY", True, keyvalue.nonempty, "one-line summary for packages"),
    Key("MODULE_MAINTAINER", True, keyvalue.nonempty, "packages' maintainer"),
    Key("MODULE_SOURCES", True, keyvalue.nonempty, "the .c files linked into the .ko"),
    Key("KERNEL_MIN", True, _line, "oldest supported kernel line"),
    Key("KERNEL_MAX", True, _line, "newest supported kernel line"),
    Key("DEFAULT_LANE", True, keyvalue.nonempty, "lane of a bare make smoke"),
    Key("WARNINGS", False, _warnings, "compiler warnings: error (default) or allow"),
    Key("MODULE_PARAMS", False, check_params, "parameters for the smoke load: name=value ..."),
    Key("REQUIRED_CONFIG", False, _configs, "kernel options the module needs (=y or =m)"),
    Key("PROBE_PREFIX", False, _prefix, "put before every generated HAVE_* macro"),
    Key("MODULE_PRELOAD", False, _modules, "in-kernel modules to load first, by name"),
    Key("MODULE_CFLAGS", False, keyvalue.nonempty, "the module's own compiler flags (Kbuild)"),
]}


@dataclass(frozen=True)
class Identity:
    path: Path
    name: str
    kconfig: str
    version: str
    summary: str
    maintainer: str
    sources: tuple[str, ...]
    kernel_min: str
    kernel_max: str
    default_lane: str
    warnings: str = "error"
    params: str = ""
    required_config: tuple[str, ...] = ()
    preload: tuple[str, ...] = ()
    probe_prefix: str = ""


def load(path: Optional[Path] = None) -> Identity:
    path = path or paths.ROOT / "module.mk"
    v = {k: val for k, (_, val) in keyvalue.parse(path, ":=", SCHEMA).items()}
    return Identity(path, v["MODULE_NAME"], v["MODULE_KCONFIG"], v["MODULE_VERSION"],
                    v["MODULE_SUMMARY"], v["MODULE_MAINTAINER"],
                    tuple(v["MODULE_SOURCES"].split()), v["KERNEL_MIN"], v["KERNEL_MAX"],
                    v["DEFAULT_LANE"], v.get("WARNINGS") or "error", v.get("MODULE_PARAMS", ""),
                    tuple(v.get("REQUIRED_CONFIG", "").split()),
                    tuple(v.get("MODULE_PRELOAD", "").split()), v.get("PROBE_PREFIX", ""))
