# SPDX-License-Identifier: GPL-2.0-only
"""The patch stack's performance deltas: the guest plan's timings read back
(the plan run by a real shell, a real test that sleeps), and when a delta is
beyond the spread of the boots."""
import subprocess

from helpers import ScratchTest
from wslx.stack import perf, selftests
from wslx.stack.perf import Row, Sample


class Timings(ScratchTest):
    def test_the_plan_times_user_space_and_each_test(self) -> None:
        """The plan's own lines, run by sh with /ks/ pointing here: a test that sleeps
        0.3 s is timed at 0.3 s or more, the start of user space is a time since boot."""
        self.write("ks/demo/nap", "#!/bin/sh\nsleep 0.3\n")
        (self.tmp / "ks/demo/nap").chmod(0o755)
        text = selftests.plan(["demo:nap"], []).replace("mkdir -p /tmp\n", "")
        text = text.replace("/ks/", f"{self.tmp}/ks/").replace("/tmp/out", f"{self.tmp}/out")
        out = subprocess.run(["sh", "-c", text.replace('$(uname -r) $(uname -v)', "x")],
                             capture_output=True, text=True, check=True).stdout
        got = perf.sample(out)
        self.assertGreater(got.boot, 0)
        self.assertEqual(list(got.tests), ["demo:nap"])
        self.assertGreaterEqual(got.tests["demo:nap"], 0.29)
        self.assertLess(got.tests["demo:nap"], 5)
        self.assertEqual([r.status for r in selftests.results(out, ["demo:nap"])], ["pass"])

    def test_only_first_attempts_and_tests_of_both_sides(self) -> None:
        base = Sample(1.0, {"a:x": 0.5})
        series = [perf.sample("# wslx-userspace 120\n# wslx-attempt a:x 1 rc=1 cs=70\n"
                              "# wslx-attempt a:x 2 rc=0 cs=900\n"
                              "# wslx-attempt a:new 1 rc=0 cs=10\n")]
        self.assertEqual(series[0], Sample(1.2, {"a:x": 0.7, "a:new": 0.1}))
        rows = perf.compare([base], series)
        self.assertEqual([(r.what, r.base, r.series) for r in rows],
                         [(perf.BOOT, [1.0], [1.2]), ("a:x", [0.5], [0.7])])
        self.assertEqual(perf.compare([Sample(-1.0, {})], [Sample(1.0, {})]), [])


class Judgement(ScratchTest):
    def test_beyond_the_spread(self) -> None:
        cases = {
            "slower beyond the spread": Row("t", [1.0, 1.1, 1.05], [1.4, 1.5, 1.45]),
            "faster beyond the spread": Row("t", [1.4, 1.5, 1.45], [1.0, 1.1, 1.05]),
            # The ranges overlap: noise, whatever the medians say.
            "within the spread": Row("t", [1.0, 1.3, 1.05], [1.25, 1.5, 1.45]),
            "not judged (one boot each)": Row("t", [1.0], [9.0]),
        }
        for want, row in cases.items():
            self.assertEqual(row.judgement(), want, row)
        # Apart, but by less than the noise floor (10% of the base, at least 0.05 s).
        self.assertEqual(Row("t", [1.0, 1.01], [1.05, 1.06]).judgement(), "within the spread")
        self.assertEqual(Row("t", [0.01, 0.02], [0.05, 0.06]).judgement(), "within the spread")
        self.assertEqual(perf.slower(list(cases.values())), [cases["slower beyond the spread"]])
        self.assertEqual(cases["slower beyond the spread"].cells(),
                         ("t", "1.05s (1.00-1.10)", "1.45s (1.40-1.50)", "+0.40s",
                          "slower beyond the spread"))
