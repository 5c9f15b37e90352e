# SPDX-License-Identifier: GPL-2.0-only
"""Moving a base: the series on a newer base commit against the last run
accepted on that base (one whose verdict was "works").

Each accepted run leaves its verdicts in the cache (accepted/<base>.json,
written atomically beside the refs refs/wslx/accepted/<base>/*). When a
later cycle runs the same base at another commit (a newer point release, a
newer tarball, another BASE_SOURCE=), the summary says which patches
changed verdict (now in the base: dropped, naming the base commit that
carries it; now a conflict; now needing fuzz), which recorded resolutions
are no longer used or no longer match, and the range-diff against the
accepted run says how each patch changed.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from wslx import fileio
from wslx.stack.apply import Verdict
from wslx.stack.repo import root


def _file(base: str) -> Path:
    return root() / "accepted" / f"{base}.json"


def remember(base: str, describe: str, commit: str, cycle: str,
             verdicts: list[Verdict]) -> None:
    """What the accepted run of base was: its base and its verdicts."""
    _file(base).parent.mkdir(parents=True, exist_ok=True)
    data = {"describe": describe, "commit": commit, "cycle": cycle,
            "patches": [{"patch": v.patch, "status": v.status, "note": v.note,
                         "resolutions": v.resolutions} for v in verdicts]}
    fileio.write_atomic(_file(base), json.dumps(data, indent=1) + "\n")


@dataclass
class Move:
    old: str                   # the accepted run's base, as described then
    old_commit: str
    cycle: str
    changed: list[tuple[str, str, str, str]] = field(default_factory=list)  # patch old new note
    unchanged: int = 0
    resolutions_gone: list[str] = field(default_factory=list)   # used then, not now

    def lines(self) -> list[str]:
        out = [f"- {p}: {a} -> {b}" + (f" ({n})" if n else "") for p, a, b, n in self.changed]
        if not self.changed:
            out.append(f"- every patch has the verdict it had ({self.unchanged} patches)")
        elif self.unchanged == 1:
            out.append("- 1 other patch has the verdict it had")
        elif self.unchanged:
            out.append(f"- {self.unchanged} other patches have the verdict they had")
        out += [f"- recorded resolution {r[:12]} is no longer used" for r in self.resolutions_gone]
        return out


def compare(base: str, commit: str, verdicts: list[Verdict]) -> Optional[Move]:
    """The move from the accepted run of base, or None when base is where it was (or
    has no accepted run, or the record of it is unreadable: it is a memo, not a verdict)."""
    try:
        data: dict[str, Any] = json.loads(_file(base).read_text())
    except (OSError, ValueError):
        return None
    if data.get("commit") == commit:
        return None
    move = Move(data["describe"], data["commit"], data["cycle"])
    before = {p["patch"]: p for p in data["patches"]}
    used_now = {r for v in verdicts for r in v.resolutions}
    for v in verdicts:
        if v.status == "not-run":      # after a stop: no verdict to compare
            continue
        old = before.get(v.patch)
        if old is None:
            move.changed.append((v.patch, "not in the series", v.status, v.note))
        elif old["status"] != v.status:
            move.changed.append((v.patch, old["status"], v.status, v.note))
        else:
            move.unchanged += 1
    move.resolutions_gone = sorted({r for p in data["patches"] for r in p["resolutions"]}
                                   - used_now)
    return move
