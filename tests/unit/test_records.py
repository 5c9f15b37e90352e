# SPDX-License-Identifier: GPL-2.0-only
"""Run records and run folders: written whole, links only to finished runs."""
import json
import os

from helpers import ScratchTest
from wslx import paths, record, runs


def make(lane: str, run_id: str, verdict: str) -> record.Record:
    return record.Record(lane, run_id, "2026-11-30T00:00:00Z", "2026-11-30T00:00:05Z",
                         5.0, verdict, "6.1.0-1-amd64",
                         steps=[record.Step("prepare", "pass"),
                                record.Step("smoke", "fail", reason=["BUG: oops"])],
                         artifacts=[record.Artifact("m.ko", 3, "ab" * 32)])


class Records(ScratchTest):
    def test_round_trip(self) -> None:
        path = self.tmp / "r.json"
        record.write(path, make("l", "1", "FAIL"))
        back = record.load(path)
        self.assertEqual(back, make("l", "1", "FAIL"))
        failed = back.first_failure()
        assert failed is not None
        self.assertEqual(failed.reason, ["BUG: oops"])
        # No temporary file is left beside the record.
        self.assertEqual(sorted(os.listdir(self.tmp)), ["lanes", "r.json"])

    def test_truncated_foreign_and_missing(self) -> None:
        path = self.tmp / "r.json"
        record.write(path, make("l", "1", "PASS"))
        text = path.read_text()
        path.write_text(text[: len(text) // 2])
        with self.assertRaisesRegex(record.RecordError, "not a complete JSON record"):
            record.load(path)
        path.write_text(json.dumps({"schema": "other/2", "verdict": "PASS"}))
        with self.assertRaisesRegex(record.RecordError, "foreign record"):
            record.load(path)
        path.write_text(json.dumps({"schema": record.SCHEMA, "verdict": "GREEN"}))
        with self.assertRaisesRegex(record.RecordError, "unknown verdict"):
            record.load(path)
        with self.assertRaisesRegex(record.RecordError, "no record"):
            record.load(self.tmp / "none.json")

    def test_latest_names_only_finished_runs(self) -> None:
        first = runs.new(paths.lane_dir("l"))
        self.assertIsNone(runs.latest("l"))         # a run in progress is not "latest"
        runs.finish(first, make("l", first.name, "PASS"))
        self.assertEqual(runs.latest("l"), first)
        second = runs.new(paths.lane_dir("l"))
        self.assertEqual(runs.latest("l"), first)
        runs.finish(second, make("l", second.name, "INTERRUPTED"))
        self.assertEqual(runs.latest("l"), first)    # interrupted: not a result
        self.assertEqual(runs.latest("l", "last-attempt"), second)
        rec = runs.load_latest("l")
        assert rec is not None
        self.assertEqual(rec.verdict, "PASS")

    def test_old_runs_pruned_but_linked_kept(self) -> None:
        first = runs.new(paths.lane_dir("l"))
        runs.finish(first, make("l", first.name, "PASS"))
        for i in range(runs.KEEP + 3):
            run = paths.lane_dir("l") / "runs" / f"29990101T0000{i:02d}-1"
            run.mkdir()
            runs.finish(run, make("l", run.name, "INTERRUPTED"))
        left = os.listdir(paths.lane_dir("l") / "runs")
        self.assertEqual(len(left), runs.KEEP + 1)
        self.assertIn(first.name, left)              # still "latest"
