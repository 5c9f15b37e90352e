# SPDX-License-Identifier: GPL-2.0-only
"""The two path tables in patches/: which kselftests a touched path calls for
(kselftest.map: GLOB TARGET smoke|nightly, where TARGET is a kselftest
target or one test of it, target:test) and which paths need a human when
a patch touching them changes (protected.map: GLOB CLASS).

Globs are the kernel tree's paths: * stays within one folder, ** crosses
folders. The first matching line of protected.map decides a path's class.
"""
import re
from dataclasses import dataclass
from pathlib import Path

from wslx.errors import WslxError

SUBSETS = ("smoke", "nightly")
WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./:-]*$")


def glob_regex(glob: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif glob.startswith("**", i):
            out += ".*"
            i += 2
        elif glob[i] == "*":
            out += "[^/]*"
            i += 1
        elif glob[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(glob[i])
            i += 1
    return re.compile(out + r"\Z")


@dataclass(frozen=True)
class Rule:
    glob: str
    regex: re.Pattern[str]
    value: str
    subset: str = ""

    def matches(self, path: str) -> bool:
        return bool(self.regex.match(path))


def _rules(path: Path, columns: int) -> list[Rule]:
    if not path.is_file():
        raise WslxError(f"{path}: no such file")
    rules = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if len(words) != columns or not all(WORD.match(w.replace("*", "x").replace("?", "x"))
                                            for w in words):
            want = "GLOB TARGET smoke|nightly" if columns == 3 else "GLOB CLASS"
            raise WslxError(f"{path}:{number}: not '{want}': {line}")
        if columns == 3 and words[2] not in SUBSETS:
            raise WslxError(f"{path}:{number}: subset '{words[2]}' is not smoke or nightly")
        rules.append(Rule(words[0], glob_regex(words[0]), words[1],
                          words[2] if columns == 3 else ""))
    return rules


def kselftests(path: Path) -> list[Rule]:
    return _rules(path, 3)


def protected(path: Path) -> list[Rule]:
    return _rules(path, 2)


def targets_for(rules: list[Rule], touched: list[str], nightly: bool) -> dict[str, list[str]]:
    """target -> the touched paths that call for it (smoke lines; nightly ones too if asked)."""
    chosen: dict[str, list[str]] = {}
    for rule in rules:
        if rule.subset == "nightly" and not nightly:
            continue
        for path in touched:
            if rule.matches(path):
                chosen.setdefault(rule.value, [])
                if path not in chosen[rule.value]:
                    chosen[rule.value].append(path)
    return chosen


def classes_of(rules: list[Rule], touched: list[str]) -> dict[str, list[str]]:
    """class -> the touched paths in it (a path's first matching line decides)."""
    found: dict[str, list[str]] = {}
    for path in touched:
        for rule in rules:
            if rule.matches(path):
                found.setdefault(rule.value, []).append(path)
                break
    return found
