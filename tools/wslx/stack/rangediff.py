# SPDX-License-Identifier: GPL-2.0-only
"""git range-diff, read per patch: = identical, ! changed (with its
interdiff), < only in the first range (dropped in the second), > only in
the second (new)."""
import re
from dataclasses import dataclass, field

from wslx.stack.repo import Repo

LINE = re.compile(r"^\s*(?:\d+|-):\s+(?:[0-9a-f]+|-+) ([=!<>])\s+(?:\d+|-):\s+(?:[0-9a-f]+|-+) "
                  r"(.*)$")
MEANING = {"=": "identical", "!": "changed", "<": "dropped", ">": "new"}


@dataclass
class Pair:
    mark: str
    subject: str
    interdiff: list[str] = field(default_factory=list)

    @property
    def meaning(self) -> str:
        return MEANING[self.mark]


def parse(text: str) -> list[Pair]:
    pairs: list[Pair] = []
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            pairs.append(Pair(m.group(1), m.group(2).strip()))
        elif pairs and line.startswith("    "):
            pairs[-1].interdiff.append(line[4:])
    return pairs


def run(repo: Repo, first: tuple[str, str], second: tuple[str, str]) -> str:
    """range-diff of first=(base, tip) against second=(base, tip)."""
    return repo.git("range-diff", "--no-color", f"{first[0]}..{first[1]}",
                    f"{second[0]}..{second[1]}")
