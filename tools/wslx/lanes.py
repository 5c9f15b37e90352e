# SPDX-License-Identifier: GPL-2.0-only
"""Lanes: which kernel a run is for, as data in ci/lanes/<name>.lane.

A lane file holds "key=value" lines, checked against the schema below when
the lane is read: a misspelled key, a key of another kind of lane, or a
missing required key is an error naming the file, line and key.
"""
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from wslx import keyvalue, paths
from wslx.arch import ARCHES, Arch
from wslx.errors import BadInput
from wslx.keyvalue import Key


def _line(value: str) -> Optional[str]:
    return None if re.fullmatch(r"\d+\.\d+", value) else "not a kernel line MAJOR.MINOR"


def _arch(value: str) -> Optional[str]:
    return None if value in ARCHES else f"not in the arch table (known: {', '.join(ARCHES)})"


def _positive(value: str) -> Optional[str]:
    return None if value.isdigit() and int(value) > 0 else "not a positive whole number"


def _sha256(value: str) -> Optional[str]:
    return None if re.fullmatch(r"[0-9a-fA-F]{64}", value) else "not a sha256 (64 hex digits)"


COMMON = [
    Key("kind", True, keyvalue.one_of("debian", "source"), "where the kernel comes from"),
    Key("description", True, keyvalue.nonempty, "one line for make lanes"),
    Key("arch", True, _arch, "architecture, a name in the arch table"),
    Key("line", True, _line, "the kernel line MAJOR.MINOR the lane stands for"),
]
KINDS: dict[str, list[Key]] = {
    "debian": [
        Key("image_meta", True, keyvalue.nonempty, "metapackage naming the newest image"),
        Key("headers_meta", True, keyvalue.nonempty, "metapackage naming its headers"),
        Key("apt_sources", doc="private apt sources, lines separated by |"),
        Key("buildroot_suite", doc="build the module in a debootstrapped root of this suite"),
        Key("buildroot_mirror", doc="mirror for that build root"),
    ],
    "source": [
        Key("source_git", doc="git URL of the pinned tree"),
        Key("source_tag", doc="its pinned tag"),
        Key("source_url", doc="tarball URL"),
        Key("source_sha256", check=_sha256, doc="the tarball's sha256"),
        Key("source_debian", doc="Debian linux-source-X.Y package"),
        Key("source_path", doc="a local tree or tarball"),
        Key("full_config", True, keyvalue.nonempty, "the full configuration"),
        Key("fragments", doc="config fragments, space-separated"),
        Key("boot_image", check=keyvalue.one_of("vmlinux", "bzImage"), doc="image QEMU boots"),
        Key("guest_slowdown", check=_positive, doc="guest timeout multiplier"),
        Key("trusted_keys", doc="signing keys built into the kernel"),
    ],
}


@dataclass(frozen=True)
class Lane:
    name: str
    path: Path
    kind: str
    description: str
    arch: Arch
    line: str
    values: dict[str, str]

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key, default)


def names() -> list[str]:
    return sorted(p.stem for p in lanes_dir().glob("*.lane"))


def lanes_dir() -> Path:
    return paths.lanes_dir()


def check_name(name: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9._-]+", name) or name.startswith("."):
        raise BadInput(f"LANE={name}: not a lane name")


def load(name: str) -> Lane:
    """The lane called name, validated; one-line errors for anything wrong."""
    check_name(name)
    path = lanes_dir() / f"{name}.lane"
    if not path.is_file():
        raise BadInput(f"LANE={name}: no such lane (known: {' '.join(names())})")
    # The kind decides which keys are allowed: read it first, leniently.
    kind = ""
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if raw.strip().startswith("kind="):
            kind = raw.strip()[len("kind="):].strip()
    schema = {k.name: k for k in COMMON + KINDS.get(kind, [])}
    values = {k: v for k, (_, v) in keyvalue.parse(path, "=", schema).items()}
    return Lane(name, path, values["kind"], values["description"], ARCHES[values["arch"]],
                values["line"], values)
