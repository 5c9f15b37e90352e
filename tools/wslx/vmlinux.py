# SPDX-License-Identifier: GPL-2.0-only
"""The uncompressed ELF kernel inside a compressed x86 bzImage.

Booting that vmlinux through PVH skips the decompressor, which costs
seconds under TCG. The payload's offset is not recorded anywhere handy, so
each compressed stream that starts at a known magic is tried until one
decompresses to an ELF file.
"""
import lzma
import subprocess
import zlib
from pathlib import Path
from typing import Callable, Optional

from wslx.errors import WslxError

ELF = b"\x7fELF"


def _xz(data: bytes) -> bytes:
    return lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data)


def _gzip(data: bytes) -> bytes:
    return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data)


def _tool(*argv: str) -> Callable[[bytes], bytes]:
    # zstd and lz4 have no module in the standard library; the trailing
    # data after the stream makes them complain, which is expected.
    def run(data: bytes) -> bytes:
        return subprocess.run(list(argv), input=data, capture_output=True).stdout
    return run


DECODERS: list[tuple[bytes, Callable[[bytes], bytes]]] = [
    (b"\xfd7zXZ\x00", _xz),
    (b"\x28\xb5\x2f\xfd", _tool("zstd", "-dcq")),
    (b"\x1f\x8b\x08", _gzip),
    (b"\x02\x21\x4c\x18", _tool("lz4", "-dcq")),
]


def extract(image: Path) -> bytes:
    """The ELF kernel in image; WslxError naming the image when there is none."""
    try:
        data = image.read_bytes()
    except OSError as err:
        raise WslxError(f"{image}: cannot read kernel image ({err.strerror})") from None
    if data.startswith(ELF):
        return data
    for magic, decode in DECODERS:
        start = data.find(magic)
        while start >= 0:
            out: Optional[bytes]
            try:
                out = decode(data[start:])
            except (lzma.LZMAError, zlib.error, OSError):
                out = None
            if out and out.startswith(ELF):
                return out
            start = data.find(magic, start + 1)
    raise WslxError(f"{image}: no compressed ELF kernel found inside")
