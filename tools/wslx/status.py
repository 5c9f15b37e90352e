# SPDX-License-Identifier: GPL-2.0-only
"""make status: what the lanes' run records say, a line per lane, nothing else."""
from wslx import lanes, paths
from wslx.report import MARK, view


def status() -> None:
    row = "{:<22} {:<34} {:<12} {:<6} {:<6} {:<6} {:<21} {}"
    print(row.format("LANE", "KERNEL", "STATE", "VERIFY", "SMOKE", "TESTS", "WHEN", "VERMAGIC"))
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
        print(row.format(name, rec.kernel if rec and rec.kernel else "-", state, *marks,
                         rec.ended if rec else (v.problem and f"damaged record: {v.problem}"
                                                or "never run"),
                         rec.vermagic if rec and rec.vermagic else "-"))
        if v.later_failure:
            print(f"{'':<22}   a later attempt failed at {v.later_failure}")
