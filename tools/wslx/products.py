# SPDX-License-Identifier: GPL-2.0-only
"""Build products trusted by content, like cache entries.

A product (modcheck, the guest's static modcheck, a kselftest binary, the
guest's base archive) is reused only when the step that made it succeeded
and recorded so: a stamp beside it, written after the product is whole,
holds the product's size and sha256. A product cut short, edited or left
by a step that failed has no stamp that matches, so it is made again
instead of being booted. Hashing a product of a few MB costs milliseconds.
"""
import json
import os
from pathlib import Path
from typing import Optional

from wslx import fileio


def _stamp(product: Path) -> Path:
    return product.with_name(f".{product.name}.wslx-made")


def record(product: Path) -> None:
    """product was made by a step that succeeded: remember its content."""
    fileio.write_atomic(_stamp(product), json.dumps(
        {"size": product.stat().st_size, "sha256": fileio.sha256_file(product)}))


def damage(product: Path) -> Optional[str]:
    """None when product is whole as its step made it, else what is wrong."""
    try:
        want = json.loads(_stamp(product).read_text())
        size = product.stat().st_size
    except FileNotFoundError:
        return "missing" if not product.exists() else "no record of the step that made it"
    except (OSError, ValueError):
        return "unreadable record"
    if not isinstance(want, dict) or size != want.get("size"):
        return f"{size} bytes, its step made {want.get('size') if isinstance(want, dict) else '?'}"
    if fileio.sha256_file(product) != want.get("sha256"):
        return "content changed since its step made it"
    return None


def usable(product: Path, inputs: list[Path]) -> bool:
    """product is whole and newer than every input (make's rule, plus content)."""
    if damage(product) is not None:
        return False
    try:
        built = product.stat().st_mtime_ns
        return all(p.stat().st_mtime_ns <= built for p in inputs)
    except FileNotFoundError:
        return False


def forget(product: Path) -> None:
    """Before a step remakes product: its old record no longer holds."""
    try:
        os.unlink(_stamp(product))
    except FileNotFoundError:
        pass
