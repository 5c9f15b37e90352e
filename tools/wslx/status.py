# SPDX-License-Identifier: GPL-2.0-only
"""make status: what the lanes' run records say, a line per lane, nothing else.

The RESULT column is the verdict of the lane's last completed run, as the
report gives it (PASS, FAIL, SKIP, DAMAGED, or "-" never run); a failed run
is followed by its first failure and a skipped one by the reason, so that a
failed build never reads like a row of skips.
"""
from wslx import lanes, paths
from wslx.report import MARK, view

ROW = "{:<22} {:<7} {:<34} {:<12} {:<6} {:<6} {:<6} {:<21} {}"


def lines() -> list[str]:
    out = [ROW.format("LANE", "RESULT", "KERNEL", "STATE", "VERIFY", "SMOKE", "TESTS", "WHEN",
                      "VERMAGIC")]
    for name in lanes.names():
        lane = lanes.load(name)
        v = view(name, paths.build_dir())
        rec = v.record
        kernel = paths.lane_dir(name) / "kernel.json"
        state = ("built" if lane.kind == "source" else "fetched") if kernel.exists() else \
            ("not built" if lane.kind == "source" else "not fetched")
        if rec and rec.verdict == "SKIP":
            state = "skipped"
        marks = [MARK.get(v.cells[c]["status"], "-") if c in v.cells else "-"
                 for c in ("verify", "smoke", "kselftest")]
        result = v.verdict if v.verdict != "not run" else "-"
        out.append(ROW.format(name, result, rec.kernel if rec and rec.kernel else "-", state,
                              *marks, rec.ended if rec else
                              (v.problem and f"damaged record: {v.problem}" or "never run"),
                              rec.vermagic if rec and rec.vermagic else "-"))
        first = rec.first_failure() if rec else None
        if rec and rec.verdict == "FAIL":
            why = f"{first.name}: {first.note}" if first else "no step failed: see the run"
            out.append(f"{'':<22}   failed at {why}")
        elif rec and rec.verdict == "SKIP":
            skipped = next((s for s in rec.steps if s.status == "skip"), None)
            out.append(f"{'':<22}   skipped: {skipped.note if skipped else 'no reason recorded'}")
        if v.later_failure:
            out.append(f"{'':<22}   a later attempt failed at {v.later_failure}")
    return out


def status() -> None:
    for line in lines():
        print(line)
