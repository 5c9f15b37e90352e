# SPDX-License-Identifier: GPL-2.0-only
"""The cycle report's reading of a lane: the last completed run and the last
attempt kept apart; a damaged record named, never a pass."""
import json
import shutil

from helpers import ScratchTest
from wslx import paths, record, report, runs

LANE = """kind=source
description=a source lane for the report's tests
arch=x86_64
line=6.6
source_tag=v6.6.114
full_config=defconfig:x86_64_defconfig
"""


class LaneViews(ScratchTest):
    def setUp(self) -> None:
        super().setUp()
        (self.tmp / "lanes" / "src.lane").write_text(LANE)

    def run_record(self, verdict: str, ended: str) -> None:
        run = runs.new(paths.lane_dir("src"))
        runs.finish(run, record.Record("src", run.name, ended, ended, 3.0, verdict, "6.6.114",
                                       "", "6.6.114 SMP", [record.Step("prepare src", "pass")]))

    def attempt(self, verdict: str, at: str, note: str) -> None:
        paths.lane_dir("src").mkdir(parents=True, exist_ok=True)
        (paths.lane_dir("src") / "attempt.json").write_text(json.dumps(
            {"at": at, "verdict": verdict, "seconds": 1.0, "note": note}))

    def test_a_failed_attempt_after_the_run_is_kept_beside_its_pass(self) -> None:
        self.run_record("PASS", "2026-11-30T05:27:37Z")
        # In the very second the run ended: still after it.
        self.attempt("FAIL", "2026-11-30T05:27:37Z", "request: --source /x: no such file")
        v = report.view("src", self.tmp)
        self.assertEqual(v.verdict, "PASS")
        self.assertEqual(v.later_failure,
                         "2026-11-30T05:27:37Z: request: --source /x: no such file")

    def test_the_runs_own_kernel_attempt_is_no_later_failure(self) -> None:
        self.attempt("OK", "2026-11-30T05:27:30Z", "kernel ready")
        self.run_record("PASS", "2026-11-30T05:27:37Z")
        v = report.view("src", self.tmp)
        self.assertEqual((v.verdict, v.later_failure), ("PASS", ""))
        data = report.collect(self.tmp)
        lane = next(ln for ln in data["lanes"] if ln["lane"] == "src")
        self.assertEqual(lane["kernel_seconds"], 1.0)

    def test_a_damaged_record_is_never_a_pass(self) -> None:
        self.run_record("PASS", "2026-11-30T05:27:37Z")
        latest = runs.latest("src")
        assert latest is not None
        (latest / "record.json").write_text('{"schema": "someone-else/1"}')
        v = report.view("src", self.tmp)
        self.assertEqual(v.verdict, "DAMAGED")
        self.assertTrue(v.problem)
        shutil.rmtree(latest)
        self.assertEqual(report.view("src", self.tmp).verdict, "not run")
