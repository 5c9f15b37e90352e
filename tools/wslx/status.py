# SPDX-License-Identifier: GPL-2.0-only
"""make status and make report: what the lanes' run records say, nothing else."""
import json
import time
from pathlib import Path
from typing import Optional

from wslx import fileio, identity, lanes, paths, runs, ui
from wslx.record import Record, RecordError

# The two lanes the project is for, by the role the report gives them.
HEADLINE_LANES = [("upstream", "upstream-6.6"), ("WSL", "wsl-6.6")]


def _record(lane: str, link: str = "latest") -> tuple[Optional[Record], str]:
    try:
        return runs.load_latest(lane, link), ""
    except RecordError as err:
        return None, f"damaged record: {err}"


def failed_attempt(lane: str, rec: Optional[Record]) -> str:
    """A failed attempt newer than the last result: "when: note", else ""."""
    attempt, _ = _record(lane, "last-attempt")
    if attempt and attempt.verdict == "INTERRUPTED" and (not rec or attempt.run_id != rec.run_id):
        return f"{attempt.ended}: interrupted"
    path = paths.lane_dir(lane) / "attempt.json"      # source lanes' kernel builds
    try:
        data = json.loads(path.read_text())
        at, verdict, note = str(data["at"]), str(data["verdict"]), str(data["note"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    if verdict == "FAIL" and (not rec or at > rec.ended):
        return f"{at}: {note}"
    return ""


def step_status(rec: Optional[Record], name: str) -> str:
    step = rec.step(name) if rec else None
    return {"pass": "ok", "fail": "FAIL", "skip": "skip"}.get(step.status, "-") if step else "-"


def verdict(lane: str) -> str:
    rec, problem = _record(lane)
    if problem:
        return "DAMAGED"
    attempt = failed_attempt(lane, rec)
    if attempt and not attempt.endswith("interrupted"):
        return "FAIL"
    return rec.verdict if rec else "not run"


def status() -> None:
    row = "{:<22} {:<34} {:<12} {:<6} {:<6} {:<6} {:<21} {}"
    print(row.format("LANE", "KERNEL", "STATE", "VERIFY", "SMOKE", "TESTS", "WHEN", "VERMAGIC"))
    for name in lanes.names():
        lane = lanes.load(name)
        rec, problem = _record(name)
        kernel = paths.lane_dir(name) / "kernel.json"
        state = ("built" if lane.kind == "source" else "fetched") if kernel.exists() else \
            ("not built" if lane.kind == "source" else "not fetched")
        if rec and rec.verdict == "SKIP":
            state = "skipped"
        print(row.format(name, rec.kernel if rec and rec.kernel else "-", state,
                         step_status(rec, "verify"), step_status(rec, "smoke"),
                         step_status(rec, "kselftest"),
                         rec.ended if rec else (problem or "never run"),
                         rec.vermagic if rec and rec.vermagic else "-"))
        failed = failed_attempt(name, rec)
        if failed:
            print(f"{'':<22}   a later attempt failed at {failed}")


def report(path: Optional[Path] = None) -> Path:
    ident = identity.load()
    path = path or paths.build_dir() / "report.md"
    out = [f"# {ident.name} {ident.version}: lane report", "",
           f"Written {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} from the run records "
           "of each lane (build/lanes/<lane>/latest/record.json).", ""]
    for label, lane in HEADLINE_LANES:
        if lane not in lanes.names():
            continue
        rec, _ = _record(lane)
        v = verdict(lane)
        if v == "PASS" and rec:
            note = f" {rec.kernel_note[0].upper()}{rec.kernel_note[1:]}." if rec.kernel_note else ""
            out.append(f"- **Works on the {label} lane** (`{lane}`, {rec.kernel}).{note}")
        elif v == "FAIL":
            out.append(f"- **Fails on the {label} lane** (`{lane}`): see below.")
        else:
            out.append(f"- Not tested on the {label} lane (`{lane}`: {v}).")
    out += ["", "| lane | result | kernel | vermagic | verify | smoke | kselftest | when |",
            "|---|---|---|---|---|---|---|---|"]
    for name in lanes.names():
        rec, _ = _record(name)
        out.append(f"| {name} | {verdict(name)} | {rec.kernel if rec else ''} | "
                   f"{rec.vermagic if rec else ''} | {step_status(rec, 'verify')} | "
                   f"{step_status(rec, 'smoke')} | {step_status(rec, 'kselftest')} | "
                   f"{rec.ended if rec else ''} |")
    for name in lanes.names():
        if verdict(name) not in ("FAIL", "DAMAGED"):
            continue
        rec, problem = _record(name)
        out += ["", f"## {name} failed", ""]
        if problem:
            out.append(f"- Its last record is {problem}")
        attempt = failed_attempt(name, rec)
        if attempt:
            out.append(f"- Last attempt, after the last run: {attempt}")
        first = rec.first_failure() if rec else None
        if first and rec:
            run = paths.lane_dir(name) / "runs" / rec.run_id
            out.append(f"- First failed step: `{first.name}`: {first.note}")
            for line in first.reason[:3]:
                out.append(f"  - `{line}`")
            out.append(f"- Run folder: `{run}`")
            for a in rec.artifacts:
                out.append(f"- Module: `{run / a.path}` ({a.size} bytes, sha256 {a.sha256})")
    fileio.write_atomic(path, "\n".join(out) + "\n")
    ui.step(f"report written to {path}")
    return path
