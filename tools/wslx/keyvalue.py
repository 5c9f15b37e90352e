# SPDX-License-Identifier: GPL-2.0-only
"""Reading the project's small "key SEP value" files against a schema.

Lanes (ci/lanes/*.lane, "key=value") and the module's identity (module.mk,
"KEY := value") are data that users edit by hand. Each is read here, so
that a misspelled or repeated key is an error naming the file, the line and
the key, with the nearest known key as a hint, instead of being ignored.
"""
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from wslx.errors import WslxError


@dataclass(frozen=True)
class Key:
    """One key a file may hold: whether it must be there, and its check.

    check returns None when the value is good, else what is wrong with it.
    """

    name: str
    required: bool = False
    check: Optional[Callable[[str], Optional[str]]] = None
    doc: str = ""


def parse(path: Path, sep: str, schema: dict[str, Key]) -> dict[str, tuple[int, str]]:
    """The file's keys, each with its line number and value, validated.

    Blank lines and lines starting with # are comments. Errors name
    "path:line: key".
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise WslxError(f"{path}: cannot read ({err.strerror})") from None
    except UnicodeDecodeError:
        raise WslxError(f"{path}: not UTF-8 text") from None
    found: dict[str, tuple[int, str]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, got_sep, value = line.partition(sep)
        key = key.strip()
        if not got_sep or not key:
            raise WslxError(f"{path}:{number}: not a 'key{sep}value' line: {line}")
        if key not in schema:
            hint = difflib.get_close_matches(key, list(schema), n=1)
            did = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise WslxError(f"{path}:{number}: unknown key '{key}'{did}")
        if key in found:
            raise WslxError(f"{path}:{number}: key '{key}' repeats line {found[key][0]}")
        value = value.strip()
        spec = schema[key]
        problem = spec.check(value) if spec.check else None
        if problem:
            raise WslxError(f"{path}:{number}: {key}={value}: {problem}")
        found[key] = (number, value)
    for spec in schema.values():
        if spec.required and spec.name not in found:
            raise WslxError(f"{path}: required key '{spec.name}' is missing")
    return found


def one_of(*choices: str) -> Callable[[str], Optional[str]]:
    """A check that the value is one of choices."""
    def check(value: str) -> Optional[str]:
        return None if value in choices else f"not one of {', '.join(choices)}"
    return check


def nonempty(value: str) -> Optional[str]:
    return None if value else "empty value"
