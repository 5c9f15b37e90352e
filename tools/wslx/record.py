# SPDX-License-Identifier: GPL-2.0-only
"""Run records: one JSON file per run, written once, when the run ends.

Status, report and CI read these and nothing else. A record that is
truncated, foreign (another schema) or malformed is reported as such by
load(); it is never taken for a pass.
"""
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

from wslx import fileio

SCHEMA = "wslx-run/1"
VERDICTS = ("PASS", "FAIL", "SKIP", "INTERRUPTED")
STEP_STATUSES = ("pass", "fail", "skip", "not run")


class RecordError(Exception):
    """A record that cannot be trusted: the message says why."""


@dataclass
class Step:
    name: str
    status: str                  # pass, fail, skip, not run
    note: str = ""
    seconds: float = 0.0
    reason: list[str] = field(default_factory=list)  # why it failed: excerpt lines
    log: str = ""                # a log in the run folder, relative to it


@dataclass
class Artifact:
    path: str                    # relative to the run folder
    size: int
    sha256: str


@dataclass
class Record:
    lane: str
    run_id: str
    started: str                 # ISO 8601, UTC
    ended: str
    seconds: float
    verdict: str                 # PASS, FAIL, SKIP, INTERRUPTED
    kernel: str = ""             # release the run was for
    kernel_note: str = ""        # where that kernel came from, when not the pin
    vermagic: str = ""
    steps: list[Step] = field(default_factory=list)
    artifacts: list[Artifact] = field(default_factory=list)
    schema: str = SCHEMA

    def step(self, name: str) -> Optional[Step]:
        for s in self.steps:
            if s.name == name or s.name.startswith(name + " "):
                return s
        return None

    def first_failure(self) -> Optional[Step]:
        return next((s for s in self.steps if s.status == "fail"), None)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1) + "\n"


def write(path: Path, record: Record) -> None:
    if record.verdict not in VERDICTS:
        raise ValueError(f"verdict {record.verdict}")
    fileio.write_atomic(path, record.to_json())


def _need(data: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(data.get(key), kind):
        raise RecordError(f"field '{key}' missing or of the wrong type")
    return data[key]


def load(path: Path) -> Record:
    """The record in path; RecordError says what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecordError("no record") from None
    except (ValueError, UnicodeDecodeError) as err:
        raise RecordError(f"not a complete JSON record ({err})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise RecordError(f"foreign record (schema {found!r}, expected {SCHEMA})")
    if _need(data, "verdict", str) not in VERDICTS:
        raise RecordError(f"unknown verdict {data['verdict']!r}")
    steps = []
    for s in _need(data, "steps", list):
        if not isinstance(s, dict) or s.get("status") not in STEP_STATUSES:
            raise RecordError(f"malformed step {s!r}")
        steps.append(Step(str(s.get("name", "")), s["status"], str(s.get("note", "")),
                          float(s.get("seconds", 0)), [str(x) for x in s.get("reason", [])],
                          str(s.get("log", ""))))
    artifacts = [Artifact(str(a["path"]), int(a["size"]), str(a["sha256"]))
                 for a in _need(data, "artifacts", list)]
    return Record(_need(data, "lane", str), _need(data, "run_id", str),
                  _need(data, "started", str), _need(data, "ended", str),
                  float(_need(data, "seconds", (int, float))), data["verdict"],
                  str(data.get("kernel", "")), str(data.get("kernel_note", "")),
                  str(data.get("vermagic", "")), steps, artifacts)
