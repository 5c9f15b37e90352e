# SPDX-License-Identifier: GPL-2.0-only
"""A kernel build's own declarations, read from the BTF in its vmlinux.

BTF records every function and struct of the build as compiled: a prototype
spread over several header lines, or chosen by #ifdef, is one line here,
exactly as that kernel has it. A macro or a static inline is not in BTF
(class_create() on 6.1 is a macro): the caller falls back to the headers.

The .BTF section is read here rather than printed by dwarves' pfunct, which
spells a const pointer (char *const p, as the fortified string functions
declare theirs) as a pointer to const. The format is the kernel's
Documentation/bpf/btf.rst: a header, the types, then the strings. Every
answer is "" when the vmlinux, its BTF or the name is not there: a
declaration is an aid to reading, never a verdict.
"""
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from wslx.kernel import Kernel

NAME = re.compile(r"\w+")
# Kinds (include/uapi/linux/btf.h).
INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, \
    FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, ENUM64 = range(1, 20)
QUALIFIER = {VOLATILE: "volatile", CONST: "const", RESTRICT: "restrict"}
# gcc's names of the integer types as the kernel writes them (the same types).
INT_NAMES = {"long unsigned int": "unsigned long", "long int": "long",
             "short unsigned int": "unsigned short", "short int": "short",
             "long long unsigned int": "unsigned long long", "long long int": "long long"}
# Bytes that follow a type's 12, per kind: (fixed, per vlen entry).
EXTRA = {INT: (4, 0), ARRAY: (12, 0), STRUCT: (0, 12), UNION: (0, 12), ENUM: (0, 8),
         FUNC_PROTO: (0, 8), VAR: (4, 0), DATASEC: (0, 12), DECL_TAG: (4, 0), ENUM64: (0, 12)}


@dataclass
class Type:
    kind: int
    name: str
    ref: int                         # the type it refers to (size for INT, STRUCT...)
    kflag: bool
    items: list[tuple[str, int]]     # members or parameters: (name, type)
    nelems: int = 0                  # an array's length


def vmlinux_of(k: Kernel) -> Optional[Path]:
    """The kernel's vmlinux ELF (a Debian lane keeps it beside the image, a source
    lane in its build tree), or None."""
    for p in (k.image.parent / f"vmlinux-{k.release}", k.kdir / "vmlinux", k.image):
        try:
            with open(p, "rb") as f:
                if f.read(4) == b"\x7fELF":
                    return p
        except OSError:
            continue
    return None


def section(elf: Path, wanted: str) -> bytes:
    """A section of a 64-bit little-endian ELF file, or b"" (no such section)."""
    with open(elf, "rb") as f:
        head = f.read(64)
        if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
            return b""
        shoff, = struct.unpack_from("<Q", head, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", head, 0x3A)
        f.seek(shoff)
        table = f.read(shentsize * shnum)

        def header(i: int) -> tuple[int, int, int]:
            name, = struct.unpack_from("<I", table, i * shentsize)
            offset, size = struct.unpack_from("<QQ", table, i * shentsize + 0x18)
            return name, offset, size

        _, stroff, strsize = header(shstrndx)
        f.seek(stroff)
        names = f.read(strsize)
        for i in range(shnum):
            name, offset, size = header(i)
            if names[name:names.index(b"\0", name)].decode() == wanted:
                f.seek(offset)
                return f.read(size)
    return b""


def parse(data: bytes) -> list[Type]:
    """The types of a .BTF section; index 0 is void."""
    if len(data) < 24 or struct.unpack_from("<H", data)[0] != 0xEB9F:
        return []
    hdr_len, type_off, type_len, str_off, _ = struct.unpack_from("<IIIII", data, 4)
    strings = data[hdr_len + str_off:]

    def text(off: int) -> str:
        return strings[off:strings.index(b"\0", off)].decode(errors="replace")

    types = [Type(0, "void", 0, False, [])]
    pos, end = hdr_len + type_off, hdr_len + type_off + type_len
    while pos < end:
        name_off, info, ref = struct.unpack_from("<III", data, pos)
        kind, vlen = (info >> 24) & 0x1F, info & 0xFFFF
        pos += 12
        t = Type(kind, text(name_off), ref, bool(info >> 31), [])
        fixed, each = EXTRA.get(kind, (0, 0))
        if kind == ARRAY:
            t.ref, _, t.nelems = struct.unpack_from("<III", data, pos)
        elif kind in (STRUCT, UNION, FUNC_PROTO):
            for i in range(vlen):
                name, typ = struct.unpack_from("<II", data, pos + i * each)
                t.items.append((text(name), typ))
        pos += fixed + each * vlen
        types.append(t)
    return types


def declare(types: list[Type], tid: int, inner: str = "", names: bool = True) -> str:
    """C's spelling of a declarator of type tid around inner (a name, or ""); without
    names, a function's parameters are their types alone (its shape)."""
    t = types[tid]
    if t.kind == PTR:
        target = types[t.ref].kind
        return declare(types, t.ref, f"(*{inner})" if target in (FUNC_PROTO, ARRAY)
                       else f"*{inner}", names)
    if t.kind in QUALIFIER:
        if types[t.ref].kind == PTR:          # the pointer itself is qualified
            return declare(types, t.ref, f"{QUALIFIER[t.kind]} {inner}".rstrip(), names)
        return f"{QUALIFIER[t.kind]} {declare(types, t.ref, inner, names)}"
    if t.kind == ARRAY:
        return declare(types, t.ref, f"{inner}[{t.nelems}]", names)
    if t.kind == FUNC_PROTO:
        params = ", ".join("..." if typ == 0 and not name else
                           declare(types, typ, name if names else "", names)
                           for name, typ in t.items) or "void"
        return declare(types, t.ref, f"{inner}({params})", names)
    if t.kind == TYPE_TAG:
        return declare(types, t.ref, inner, names)
    word = {STRUCT: "struct ", UNION: "union ", ENUM: "enum ", ENUM64: "enum "}.get(t.kind, "")
    if t.kind == FWD:
        word = "union " if t.kflag else "struct "
    base = f"{word}{INT_NAMES.get(t.name, t.name) or '(anonymous)'}"
    return f"{base} {inner}" if inner else base


class Btf:
    """The BTF of one vmlinux (or object), read once."""

    def __init__(self, elf: Optional[Path]) -> None:
        try:
            self.types = parse(section(elf, ".BTF")) if elf else []
        except (OSError, struct.error, ValueError, IndexError):
            self.types = []          # unreadable or damaged: no answer, as without BTF
        self.missing = "" if self.types else \
            f"no BTF in {elf}" if elf else "no vmlinux with BTF beside the kernel"
        # (kind, name) -> the first type of that name: every lookup below is one.
        self.index: dict[tuple[int, str], int] = {}
        for i, t in enumerate(self.types):
            self.index.setdefault((t.kind, t.name), i)

    def _named(self, kind: int, name: str) -> Optional[int]:
        return self.index.get((kind, name))

    def prototype(self, name: str) -> str:
        """name's prototype in this build ("size_t strlcpy(char *const p, ...)")."""
        tid = self._named(FUNC, name) if NAME.fullmatch(name) else None
        return declare(self.types, self.types[tid].ref, name) if tid is not None else ""

    def shape(self, name: str) -> str:
        """name's prototype without its name and its parameters' names."""
        tid = self._named(FUNC, name) if NAME.fullmatch(name) else None
        return declare(self.types, self.types[tid].ref, "", False) if tid is not None else ""

    def pointer_type(self, name: str) -> str:
        """The type of a pointer to function name, as C spells it without names
        ("long unsigned int (*)(u8, u8, u8, u8)"): what a probe compares &name with."""
        tid = self._named(FUNC, name) if NAME.fullmatch(name) else None
        return declare(self.types, self.types[tid].ref, "(*)", False) if tid is not None else ""

    def member_type(self, struct_name: str, name: str) -> str:
        """A struct member's type as C spells it without names ("void (*)(struct
        platform_device *)"), found in anonymous unions and structs too."""
        tid = self._named(STRUCT, struct_name) if NAME.fullmatch(struct_name) else None
        found = self._find(tid, name, False) if tid is not None else ""
        return found

    def renamed(self, old: str, before: "Btf", exported: Optional[set[str]] = None) -> list[str]:
        """Functions of this build that may be old's new name. old is gone from this
        build; each candidate is new in it (not in before's), exported when the exports
        are known (a module can call nothing else), has the prototype old had in
        before's, parameter for parameter, and shares all but one of old's words
        (freeze_bdev -> bdev_freeze, devlink_param_value_changed ->
        devl_param_value_changed). The most words shared first; a hint, never a fix."""
        shape = before.shape(old)
        if not shape or self._named(FUNC, old) is not None:
            return []
        words = set(old.strip("_").split("_")) - {""}
        found = []
        for t in self.types:
            if t.kind != FUNC or (FUNC, t.name) in before.index:
                continue
            if exported is not None and t.name not in exported:
                continue
            shared = len(words & set(t.name.strip("_").split("_")))
            if shared >= max(1, len(words) - 1) and \
                    declare(self.types, t.ref, "", False) == shape:
                found.append((-shared, abs(len(t.name) - len(old)), t.name))
        found.sort()
        return [n for score, _, n in found if score == found[0][0]][:3]

    def member(self, struct_name: str, name: str) -> str:
        """A struct member's declaration ("struct platform_driver: void (*remove)(struct
        platform_device *)"), found in the struct's anonymous unions and structs too."""
        tid = self._named(STRUCT, struct_name) if NAME.fullmatch(struct_name) else None
        found = self._find(tid, name) if tid is not None else ""
        return f"struct {struct_name}: {found}" if found else ""

    def _find(self, tid: int, name: str, named: bool = True) -> str:
        for member, typ in self.types[tid].items:
            if member == name:
                return declare(self.types, typ, name if named else "", named)
            if not member and self.types[typ].kind in (STRUCT, UNION):
                inside = self._find(typ, name, named)
                if inside:
                    return inside
        return ""


_READ: dict[Optional[Path], Btf] = {}


def read(elf: Optional[Path]) -> Btf:
    """elf's BTF, parsed once per process (make fix reads the failing kernel's twice)."""
    if elf not in _READ:
        _READ[elf] = Btf(elf)
    return _READ[elf]
