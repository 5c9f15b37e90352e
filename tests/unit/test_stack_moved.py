# SPDX-License-Identifier: GPL-2.0-only
"""Moving a base: the verdicts of the last accepted run against this cycle's
on a newer base commit (changed verdicts named with their notes, recorded
resolutions no longer used), and nothing when the base did not move."""
from helpers import ScratchTest
from wslx.stack import moved
from wslx.stack.apply import Verdict


class Move(ScratchTest):
    def test_verdicts_and_resolutions_against_the_accepted_run(self) -> None:
        before = [Verdict("t/0001-a.patch", "a", "applied"),
                  Verdict("t/0002-b.patch", "b", "resolved", resolutions=["f00d" * 10]),
                  Verdict("t/0003-c.patch", "c", "applied")]
        moved.remember("down", "Debian's linux 6.1.170-3", "1" * 40, "cycle-1", before)
        self.assertIsNone(moved.compare("down", "1" * 40, before))
        self.assertIsNone(moved.compare("other", "2" * 40, before))
        now = [Verdict("t/0001-a.patch", "a", "dropped", "already in the base as 0714d46bb408 a"),
               Verdict("t/0002-b.patch", "b", "applied"),
               Verdict("t/0003-c.patch", "c", "applied"),
               Verdict("t/0004-d.patch", "d", "not-run")]
        m = moved.compare("down", "2" * 40, now)
        assert m is not None
        self.assertEqual((m.old, m.old_commit, m.cycle), ("Debian's linux 6.1.170-3", "1" * 40,
                                                          "cycle-1"))
        self.assertEqual(m.lines(), [
            "- t/0001-a.patch: applied -> dropped (already in the base as 0714d46bb408 a)",
            "- t/0002-b.patch: resolved -> applied",
            "- 1 other patch has the verdict it had",
            "- recorded resolution f00df00df00d is no longer used"])
        same = moved.compare("down", "2" * 40, before)
        assert same is not None
        self.assertEqual(same.lines(), ["- every patch has the verdict it had (3 patches)"])

    def test_an_unreadable_memo_is_no_move(self) -> None:
        self.write("cache/stack/accepted/down.json", "{not json")
        self.assertIsNone(moved.compare("down", "2" * 40, []))
